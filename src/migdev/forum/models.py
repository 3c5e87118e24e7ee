"""The Global Forum on Migration and Development (A/63/265, ¶11–20).

What the Forum's process is made of: the chairs-in-office (from which the
troika is derived, never typed in), the Steering Group, the meetings of the
Friends of the Forum, the annual meetings with their roundtables, civil-society
days and delegations, the good practices States share, the support unit's staff
and money, and the High-level Dialogues the Forum grew out of (¶1, ¶4–10).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.core.dated import DatedMembership
from migdev.core.fields import LocalizedTextField, currency_code
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country, Organization, framework_tags_field


def geneva() -> dict[str, str]:
    """Where the Friends of the Forum mostly meet (¶18)."""
    return dict(
        LocalizedText.six(
            ar="جنيف", zh="日内瓦", en="Geneva", fr="Genève", ru="Женева", es="Ginebra"
        )
    )


class Meeting(models.Model):
    """An annual meeting of the Global Forum (¶12, ¶15, ¶16)."""

    edition = models.PositiveSmallIntegerField(_("edition"), unique=True)
    host = models.ForeignKey(
        Country,
        verbose_name=_("host State"),
        on_delete=models.PROTECT,
        related_name="forum_meetings",
    )
    city = LocalizedTextField(_("city"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    theme = LocalizedTextField(_("theme"), blank=True)
    themes = LocalizedTextField(
        _("themes discussed"),
        blank=True,
        help_text=_("One theme per line."),
    )
    modalities_paper = models.CharField(
        _("operating-modalities paper"), max_length=300, blank=True
    )
    report_title = LocalizedTextField(_("meeting report"), blank=True)
    report_symbol = models.CharField(
        _("document symbol of the transmission"), max_length=60, blank=True
    )
    report_transmitted_on = models.DateField(
        _("report transmitted to the President of the General Assembly on"),
        null=True,
        blank=True,
    )
    states_reported = models.PositiveSmallIntegerField(
        _("States attending, as reported"),
        null=True,
        blank=True,
        help_text=_(
            "The figure the Forum's report gives, when the list of delegations "
            "is not held here in full."
        ),
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content whose details are not in the source report."),
    )
    #: The confirmations of accreditation to this meeting (``migdev.outreach``).
    request = models.OneToOneField(
        "outreach.Request",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_meeting",
    )

    class Meta:
        ordering = ["edition"]
        verbose_name = _("Forum meeting")
        verbose_name_plural = _("Forum meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="forum_meeting_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.city} {self.start.year}"

    def get_absolute_url(self) -> str:
        return reverse("forum:meeting", kwargs={"edition": self.edition})


class Chairmanship(models.Model):
    """A chair-in-office: a State from ``start`` up to (not including) ``end``,
    with the meeting it hosts (¶16)."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="forum_chairmanships",
    )
    start = models.DateField(_("from"))
    end = models.DateField(
        _("until (exclusive)"),
        help_text=_("The first day on which the next chair is in office."),
    )
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting hosted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chairmanship",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="forum_chairmanship_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.start.isoformat()}–{self.end.isoformat()}"

    def is_valid_on(self, day) -> bool:
        return self.start <= day < self.end


class SteeringMembership(DatedMembership):
    """A State's seat on the Steering Group (¶17). The troika's members are
    members ex officio and need no row here."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="forum_steering_memberships",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(DatedMembership.Meta):
        ordering = ["country__m49", "start"]
        verbose_name = _("Steering Group membership")
        verbose_name_plural = _("Steering Group memberships")

    def __str__(self) -> str:
        return f"{self.country} ∈ Steering Group"


class FriendsMeeting(models.Model):
    """A meeting of the Friends of the Forum (¶18)."""

    date = models.DateField(_("date"))
    place = LocalizedTextField(_("place"), default=geneva)
    agenda = LocalizedTextField(_("agenda"), blank=True)
    minutes = LocalizedTextField(_("minutes"), blank=True)
    states = models.ManyToManyField(
        Country,
        verbose_name=_("States attending"),
        related_name="forum_friends_meetings",
        blank=True,
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organizations attending (observers)"),
        related_name="forum_friends_meetings",
        blank=True,
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("meeting of the Friends of the Forum")
        verbose_name_plural = _("meetings of the Friends of the Forum")

    def __str__(self) -> str:
        return f"Friends of the Forum {self.date.isoformat()}"


class Roundtable(models.Model):
    """A roundtable of an annual meeting (fn 3 mentions roundtable 3.3)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="roundtables"
    )
    number = models.CharField(_("number"), max_length=10)
    title = LocalizedTextField(_("title"))
    co_chairs = models.ManyToManyField(
        Country,
        verbose_name=_("co-chairing governments"),
        related_name="forum_roundtables_chaired",
        blank=True,
    )
    background_paper = models.CharField(
        _("background paper"), max_length=300, blank=True
    )
    rapporteur = models.CharField(_("rapporteur"), max_length=200, blank=True)
    states = models.ManyToManyField(
        Country,
        verbose_name=_("participating States"),
        related_name="forum_roundtables",
        blank=True,
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organizations"),
        related_name="forum_roundtables",
        blank=True,
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("roundtable")
        verbose_name_plural = _("roundtables")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="forum_roundtable_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CivilSocietyDay(models.Model):
    """The civil-society meeting before an annual meeting, whose report goes to
    the Forum (¶12, ¶15)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="civil_society_day"
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="forum_civil_society_days",
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    report_title = LocalizedTextField(_("report"), blank=True)
    report_date = models.DateField(_("report dated"), null=True, blank=True)

    class Meta:
        verbose_name = _("civil-society day")
        verbose_name_plural = _("civil-society days")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="forum_civilsocietyday_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organizer} {self.start.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Delegation(models.Model):
    """A State's or an organization's delegation to an annual meeting: registered
    by its focal point (or recorded by the support unit), then accredited or
    rejected by the support unit. Attendance counts accredited delegations."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting accreditation")
        ACCREDITED = "accredited", _("accredited")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="delegations"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_delegations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_delegations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    #: The note verbale of a State's Permanent Mission, or an organization's
    #: nomination letter (a PDF, checked by ``core.uploads``), stored under a
    #: random name outside the web root and read only through the permission
    #: check of ``forum.views.delegation_letter``.
    letter = models.FileField(
        _("note verbale or nomination letter"),
        upload_to="forum/letters/%Y/",
        blank=True,
    )
    letter_name = models.CharField(
        _("name of the letter's file"), max_length=200, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "country__m49", "organization__code"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, organization__isnull=True)
                | Q(country__isnull=True, organization__isnull=False),
                name="forum_delegation_one_party",
            ),
            models.UniqueConstraint(
                fields=["meeting", "country"],
                condition=Q(country__isnull=False),
                name="forum_delegation_one_per_state",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(organization__isnull=False),
                name="forum_delegation_one_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country or self.organization} → {self.meeting}"


class Delegate(models.Model):
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="delegates"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("title or function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    #: The delegate's place in the outbox: the confirmation of accreditation
    #: and the personal link to the badge (``migdev.outreach``).
    recipient = models.OneToOneField(
        "outreach.Recipient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_delegate",
    )

    class Meta:
        ordering = ["delegation", "id"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme good practices are filed under (the Forum's roundtable themes)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = LocalizedTextField(_("name"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return str(self.name) or self.code


class Practice(models.Model):
    """A good practice a State shares (¶13: "identify good practices"), in any
    official language; the support unit reviews and publishes it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        PUBLISHED = "published", _("published")
        RETURNED = "returned", _("returned to the State")

    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="forum_practices",
    )
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="practices"
    )
    #: Global Compact objectives and SDG targets (``registry.FrameworkTarget``).
    tags = framework_tags_field()
    period = models.CharField(_("period"), max_length=100, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    results = models.TextField(_("results"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One per line."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title


class StaffMember(DatedMembership):
    """Staff of the support unit: from the host government, or seconded by
    another government (¶19)."""

    class Source(models.TextChoices):
        HOST = "host", _("host government")
        SECONDED = "seconded", _("seconded by another government")

    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    source = models.CharField(_("provided by"), max_length=10, choices=Source.choices)
    government = models.ForeignKey(
        Country,
        verbose_name=_("government"),
        on_delete=models.PROTECT,
        related_name="forum_staff",
    )

    class Meta(DatedMembership.Meta):
        ordering = ["start", "name"]
        verbose_name = _("support unit staff member")
        verbose_name_plural = _("support unit staff")

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """A government's contribution to the Forum's activities in a year (¶19)."""

    class Kind(models.TextChoices):
        CASH = "cash", _("cash")
        IN_KIND = "in_kind", _("in kind")

    government = models.ForeignKey(
        Country,
        verbose_name=_("government"),
        on_delete=models.PROTECT,
        related_name="forum_contributions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    description = models.CharField(_("description"), max_length=300, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["year", "government__m49"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="forum_contribution_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.year} {self.amount} {self.currency}"


class Expenditure(models.Model):
    """What the support unit spent, by meeting where there is one (¶19)."""

    year = models.PositiveSmallIntegerField(_("year"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    description = models.CharField(_("description"), max_length=300)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="forum_expenditure_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.amount} {self.currency} {self.description}"


class Dialogue(models.Model):
    """A High-level Dialogue on International Migration and Development (2006,
    2013) or its successor, the International Migration Review Forum (¶1, ¶4–10)."""

    class Kind(models.TextChoices):
        HLD = "hld", _("High-level Dialogue on International Migration and Development")
        IMRF = "imrf", _("International Migration Review Forum")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    place = LocalizedTextField(_("place"))
    member_states = models.PositiveSmallIntegerField(
        _("Member States taking part, as reported"),
        null=True,
        blank=True,
        help_text=_(
            "The figure the source gives, shown where the list of participants "
            "is not recorded; where it is, the count comes from the list."
        ),
    )
    participants = models.ManyToManyField(
        Country,
        verbose_name=_("participating States"),
        related_name="forum_dialogues",
        blank=True,
    )
    participants_illustrative = models.BooleanField(
        _("list of participants illustrative"),
        default=False,
        help_text=_(
            "The States listed stand in for a list the source does not give "
            "(it gives their number only)."
        ),
    )
    outcome = LocalizedTextField(_("outcome"), blank=True)
    key_messages = LocalizedTextField(
        _("key messages"), blank=True, help_text=_("One per line.")
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("One per line.")
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("High-level Dialogue")
        verbose_name_plural = _("High-level Dialogues")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="forum_dialogue_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start.year}"

    def get_absolute_url(self) -> str:
        return reverse("forum:dialogue", kwargs={"slug": self.slug})

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.start.year}"


class DialogueRoundTable(models.Model):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="round_tables"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = LocalizedTextField(_("title"))

    class Meta:
        ordering = ["dialogue", "number"]
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MigrationProfile(DatedMembership):
    """How a State sees its place in migration — origin, transit, destination
    — as the Steering Group's balance reads it (¶17: "reflecting different
    migration perspectives"). Recorded by the support unit (from the State's
    own statement); where none is recorded, the balance reads the latest
    published migrant-stock release (``forum.selectors.migration_profiles``)."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="forum_migration_profiles",
    )
    origin = models.BooleanField(_("origin"), default=False)
    transit = models.BooleanField(_("transit"), default=False)
    destination = models.BooleanField(_("destination"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta(DatedMembership.Meta):
        ordering = ["country__m49", "start"]
        verbose_name = _("migration profile")
        verbose_name_plural = _("migration profiles")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.CheckConstraint(
                condition=Q(origin=True) | Q(transit=True) | Q(destination=True),
                name="forum_migrationprofile_some",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.perspectives()}"

    def perspectives(self) -> list[str]:
        return [p for p in ("origin", "transit", "destination") if getattr(self, p)]


class Broadcast(models.Model):
    """A message of the support unit to the national focal points (all, or
    the chosen States'), sent through the platform's outbox: one message per
    focal point, in its language, logged per recipient (¶14)."""

    subject = LocalizedTextField(_("subject"))
    text = LocalizedTextField(_("message"))
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("States (none: all focal points)"),
        related_name="forum_broadcasts",
        blank=True,
    )
    request = models.OneToOneField(
        "outreach.Request",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_broadcast",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    #: The one-time key of the form that sent it: the same form sent again
    #: (a double click, the back button, a retry) finds this message and
    #: sends nothing more.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message to the focal points")
        verbose_name_plural = _("messages to the focal points")

    def __str__(self) -> str:
        return str(self.subject)
