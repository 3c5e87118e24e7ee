"""Activities of the United Nations system on international migration and
development (A/63/265, chapter IV, ¶25–44): the secretariat opens a
reporting cycle, each entity's reporting officer contributes activities,
the secretariat reviews and publishes them, and chapter IV is drawn from
the published ones, by category of entity."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.cooperation.models import Theme
from migdev.core.fields import LocalizedTextField
from migdev.core.i18n import LocalizedText
from migdev.outreach.models import Recipient, Request
from migdev.registry.models import Organization, framework_tags_field


class CycleManager(models.Manager["Cycle"]):
    def get_queryset(self) -> models.QuerySet[Cycle]:
        # A cycle's dates are its request's: read them in the same query.
        return super().get_queryset().select_related("request")


class Cycle(models.Model):
    """A reporting cycle. Its opening day and deadline live on its outreach
    request only (one home: the request's reminders count from that
    deadline) and are read and set through the cycle (``cycle.deadline``);
    the services save the request with the cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = LocalizedTextField(_("title"))
    period_start = models.DateField(_("activities from"))
    period_end = models.DateField(_("activities to"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    letter = LocalizedTextField(_("covering letter"), blank=True, textarea=True)
    #: The platform's request with a deadline (docs/outreach.md): its
    #: dates, one recipient per entity, its dated link, the mail, the
    #: reminders.
    request = models.OneToOneField(
        Request,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleManager()

    #: The ``owner`` prefix of the cycles' outreach requests.
    OWNER = "unsystem.cycle"

    class Meta:
        ordering = ["-request__opens_on", "-id"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="unsystem_cycle_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return LocalizedText(self.title or {}).get_text() or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("unsystem:cycle", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The period ends before it starts.")}
            )

    # The dates are the request's (one home): read and set through the
    # cycle; the services save the request.
    @property
    def opens_on(self) -> dt.date:
        """The first day the entities' links work (the request's)."""
        return self.request.opens_on

    @opens_on.setter
    def opens_on(self, value: dt.date) -> None:
        self.request.opens_on = value

    @property
    def deadline(self) -> dt.date:
        """The day contributions are due (the request's); reminders count
        from it."""
        return self.request.deadline

    @deadline.setter
    def deadline(self, value: dt.date) -> None:
        self.request.deadline = value


class Contribution(models.Model):
    """What one entity reports in a cycle; its reporting officer fills it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUBMITTED = "submitted", _("Submitted")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="contributions"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="un_contributions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    #: The entity as a recipient of the cycle's request: its access link,
    #: the invitation and reminders to its reporting officer.
    outreach = models.OneToOneField(
        Recipient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="un_contribution",
    )

    class Meta:
        ordering = ["cycle", "organization__code"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization"], name="unsystem_contribution_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.cycle}"


class Activity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to the entity")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the text"), max_length=7, choices=settings.LANGUAGES
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    funding = models.CharField(_("funding"), max_length=300, blank=True)
    links = models.TextField(_("links to documents (one a line)"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="+"
    )
    tags = framework_tags_field()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("note of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contribution", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The activity ends before it starts.")}
            )


#: Chapter IV's sections, by the registry's kinds of organization (¶25–44).
CATEGORIES: list[tuple[str, object, tuple[str, ...]]] = [
    (
        "secretariat",
        _("United Nations Secretariat"),
        ("secretariat_department", "office"),
    ),
    ("regional_commissions", _("Regional commissions"), ("regional_commission",)),
    ("funds_programmes", _("Funds and programmes"), ("fund_programme",)),
    (
        "research",
        _("Research and training institutes"),
        ("research_training_institute",),
    ),
    ("specialized_agencies", _("Specialized agencies"), ("specialized_agency",)),
    ("other", _("Other organizations"), ("related_organization",)),
    ("gmg", _("Global Migration Group"), ("inter_agency_group",)),
]


#: The kinds of organization a reporting cycle may ask: every category of
#: chapter IV but the inter-agency group itself.
REPORTING_KINDS = tuple(
    kind for key, _label, kinds in CATEGORIES if key != "gmg" for kind in kinds
)


def category_of(organization: Organization) -> str:
    for key, _label, kinds in CATEGORIES:
        if organization.kind in kinds:
            return key
    return "other"


# --- The Global Migration Group and the Coordination Meeting (¶26, ¶44) ------------


class GroupChair(models.Model):
    """A term as chair of an inter-agency group (the GMG's chair rotates
    among its members, every six months), from ``start`` to ``end``
    (exclusive). Membership itself is the registry's dated
    ``OrganizationMembership``."""

    group = models.ForeignKey(
        Organization,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="chair_terms",
    )
    chair = models.ForeignKey(
        Organization,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until (exclusive)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["group", "start"]
        verbose_name = _("chair of a group")
        verbose_name_plural = _("chairs of a group")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "start"], name="unsystem_groupchair_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="unsystem_groupchair_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chair} ({self.start:%Y-%m} – {self.end:%Y-%m})"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError(
                {"end": _("The term ends before (or on the day) it starts.")}
            )


class JointProduct(models.Model):
    """What an inter-agency group produced together (¶44: substantive input
    to the Forum's roundtables, a joint report on international migration
    and human rights)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Joint report")
        INPUT = "input", _("Substantive input")
        HANDBOOK = "handbook", _("Handbook")
        STATEMENT = "statement", _("Joint statement")

    group = models.ForeignKey(
        Organization,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="joint_products",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = LocalizedTextField(_("title"))
    published = models.DateField(_("published"))
    year_only = models.BooleanField(_("only the year is known"), default=False)
    contributors = models.ManyToManyField(
        Organization, verbose_name=_("contributors"), blank=True, related_name="+"
    )
    url = models.URLField(_("link"), blank=True)
    references = models.CharField(_("A/63/265"), max_length=100, blank=True)
    tags = framework_tags_field()

    class Meta:
        ordering = ["group", "published", "id"]
        verbose_name = _("joint product")
        verbose_name_plural = _("joint products")

    def __str__(self) -> str:
        return LocalizedText(self.title or {}).get_text() or f"#{self.pk}"


class CoordinationMeeting(models.Model):
    """The Coordination Meeting on International Migration that the
    Population Division convenes every year under General Assembly
    resolution 58/208, for the entities of the United Nations system to
    exchange information on their activities (¶26)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=100, default="New York")
    convener = models.ForeignKey(
        Organization,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mandate = models.CharField(_("mandate"), max_length=200, blank=True)
    objectives = LocalizedTextField(_("objectives"), blank=True, textarea=True)
    participants = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="coordination_meetings",
    )
    participants_illustrative = models.BooleanField(
        _("participants illustrative"),
        default=False,
        help_text=_("The list of participants is a guess to be checked."),
    )
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("Coordination Meeting on International Migration")
        verbose_name_plural = _("Coordination Meetings on International Migration")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="unsystem_coordinationmeeting_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.start:%Y})"

    def get_absolute_url(self) -> str:
        return reverse("unsystem:meeting", kwargs={"number": self.number})

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The meeting ends before it starts.")})
