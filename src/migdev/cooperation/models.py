"""Cooperation mechanisms (A/63/265, chapter V, ¶45–68): formal
intergovernmental bodies, regional consultative processes (RCPs) and
interregional forums; States' membership; the development-focus assessment
(¶57–63); instruments broken into commitments and their implementation
(¶64–66); funds and the money that flows through them (¶47–50, ¶75).

Validation that a person can get wrong lives in ``clean()`` so that the
services and the admin refuse the same input with the same message."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.core.dated import DatedMembership
from migdev.core.fields import LocalizedTextField, currency_code
from migdev.core.i18n import LocalizedText, un_date
from migdev.registry.models import (
    Country,
    Grouping,
    Organization,
    framework_tags_field,
)


def _text(value: dict) -> str:
    """The text in the active language of a six-language value (a fresh
    instance holds a plain dict until it is read back)."""
    return LocalizedText(value or {}).get_text()


class Theme(models.Model):
    """An item of the checklist of themes (remittances, diaspora…) that the
    development-focus assessment reads, and that mechanisms, instruments,
    commitments, funds and activities are filed under."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = LocalizedTextField(_("name"))
    development = models.BooleanField(
        _("development dimension"),
        default=False,
        help_text=_(
            "Whether addressing this theme counts as addressing migration and development (¶57–63)."
        ),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return str(self.name) or self.code


class Mechanism(models.Model):
    class Kind(models.TextChoices):
        FORMAL = "formal", _("Formal intergovernmental body")
        RCP = "rcp", _("Regional consultative process")
        INTERREGIONAL = "interregional", _("Interregional forum")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("registry entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanism",
    )
    name = LocalizedTextField(_("name"))
    acronym = LocalizedTextField(_("acronym"), blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    founded_year_only = models.BooleanField(_("founding year only"), default=False)
    region = models.ForeignKey(
        Grouping,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supporting_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("supporting organizations"),
        blank=True,
        related_name="supported_mechanisms",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="mechanisms"
    )
    tags = framework_tags_field()
    references = models.CharField(
        _("paragraphs of A/63/265"), max_length=60, blank=True
    )
    membership_illustrative = models.BooleanField(
        _("membership illustrative"),
        default=False,
        help_text=_("The membership recorded is partly guessed and must be checked."),
    )
    description = LocalizedTextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("cooperation mechanism")
        verbose_name_plural = _("cooperation mechanisms")

    def __str__(self) -> str:
        return _text(self.acronym) or _text(self.name) or self.code

    def get_absolute_url(self) -> str:
        return reverse("cooperation:mechanism", kwargs={"code": self.code})


class Participation(DatedMembership):
    """A State's membership of a mechanism, or a State's or an organization's
    observer status in it, from ``start`` until ``end`` (exclusive)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanism_participations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanism_participations",
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(DatedMembership.Meta):
        ordering = ["mechanism", "role", "country__m49", "organization__code"]
        verbose_name = _("membership or observer status")
        verbose_name_plural = _("memberships and observer status")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(role="member", country__isnull=False, organization__isnull=True)
                    | Q(
                        role="observer",
                        country__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(
                        role="observer",
                        country__isnull=True,
                        organization__isnull=False,
                    )
                ),
                name="cooperation_participation_party_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country or self.organization} — {self.mechanism}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = [
                _(
                    "The membership ends (%(end)s) before or on the day it starts (%(start)s): give an end after the start."
                )
                % {"end": un_date(self.end), "start": un_date(self.start)}
            ]
        if self.role == self.Role.MEMBER and not self.country_id:
            errors["country"] = [_("Members are States: choose the State.")]
        if self.country_id and self.organization_id:
            errors["organization"] = [_("Choose a State or an organization, not both.")]
        if not self.country_id and not self.organization_id:
            errors["country"] = [_("Choose the State or the organization.")]
        if errors:
            raise ValidationError(errors)


# --- Development-focus assessment (¶57–63) ----------------------------------


class Assessment(models.Model):
    """How far a mechanism addressed migration and development in a period,
    classified as ¶57–63 does, from a checklist of themes."""

    class Group(models.IntegerChoices):
        FOCUS = 1, _("Addresses migration and development as a focus")
        AD_HOC = 2, _("Addresses migration and development ad hoc")
        GOVERNANCE = (
            3,
            _("Addresses migration governance without the development dimension"),
        )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")

    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, related_name="assessments"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    group = models.PositiveSmallIntegerField(_("group"), choices=Group.choices)
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_(
            "Required when the group differs from the one the checklist gives."
        ),
    )
    evidence = models.TextField(_("evidence (meetings, documents)"), blank=True)
    instruments = models.ManyToManyField(
        "Instrument", verbose_name=_("instruments"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mechanism", "period_start", "created_at"]
        verbose_name = _("development-focus assessment")
        verbose_name_plural = _("development-focus assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cooperation_assessment_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.period_start.year}–{self.period_end.year}"

    @property
    def period_label(self) -> str:
        a, b = self.period_start.year, self.period_end.year
        return str(a) if a == b else f"{a}–{b}"


class AssessmentItem(models.Model):
    class Level(models.IntegerChoices):
        NOT_ADDRESSED = 0, _("Not addressed")
        AD_HOC = 1, _("Addressed ad hoc")
        FOCUS = 2, _("A regular focus (agenda, working group, action plan)")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="items"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        ordering = ["theme__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "theme"], name="cooperation_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.level}"


# --- Instruments and commitments (¶46–56, ¶64–66) ---------------------------


class Instrument(models.Model):
    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        ACTION_PLAN = "action_plan", _("Action plan")
        COMMON_POSITION = "common_position", _("Common position or approach")
        FRAMEWORK = "framework", _("Policy framework")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.PROTECT, related_name="instruments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = LocalizedTextField(_("title"))
    adopted = models.DateField(_("adopted"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    tags = framework_tags_field()
    references = models.CharField(
        _("paragraphs of A/63/265"), max_length=60, blank=True
    )

    class Meta:
        ordering = ["adopted", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return _text(self.title) or self.code

    def get_absolute_url(self) -> str:
        return reverse("cooperation:instrument", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.status == self.Status.WITHDRAWN and not self.withdrawn_on:
            raise ValidationError(
                {"withdrawn_on": _("Give the day the instrument was withdrawn.")}
            )


class Commitment(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.CharField(_("number"), max_length=20)
    text = LocalizedTextField(_("text"))
    responsible = models.CharField(_("responsible parties"), max_length=300, blank=True)
    responsible_countries = models.ManyToManyField(
        Country, verbose_name=_("responsible States"), blank=True, related_name="+"
    )
    responsible_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("responsible organizations"),
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    tags = framework_tags_field()

    class Meta:
        ordering = ["instrument", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="cooperation_commitment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.number}"


class CommitmentUpdate(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates"
    )
    day = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("link to evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "day", "id"]
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")

    def __str__(self) -> str:
        return f"{self.commitment} {self.day}: {self.status}"

    def clean(self) -> None:
        if not self.commitment_id:
            return  # the form names the missing commitment
        instrument = self.commitment.instrument
        if instrument.status == Instrument.Status.WITHDRAWN:
            raise ValidationError(
                _(
                    "%(instrument)s was withdrawn on %(day)s: its commitments take no more updates."
                )
                % {"instrument": instrument, "day": un_date(instrument.withdrawn_on)}
            )
        if self.day and self.day < instrument.adopted:
            raise ValidationError(
                {
                    "day": _(
                        "The update is dated before the instrument was adopted (%(day)s)."
                    )
                    % {"day": un_date(instrument.adopted)}
                }
            )


# --- Funds (¶47–50, ¶75) ----------------------------------------------------


class Fund(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = LocalizedTextField(_("name"))
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("mechanism"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funds",
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[currency_code]
    )
    announced = models.DateField(_("announced"), null=True, blank=True)
    donor_countries = models.ManyToManyField(
        Country, verbose_name=_("donor States"), blank=True, related_name="+"
    )
    donor_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("donor organizations"),
        blank=True,
        related_name="funds_given",
    )
    managers = models.ManyToManyField(
        Organization,
        verbose_name=_("managed by"),
        blank=True,
        related_name="funds_managed",
    )
    region = models.ForeignKey(
        Grouping,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    tags = framework_tags_field()
    references = models.CharField(
        _("paragraphs of A/63/265"), max_length=60, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("fund or programme")
        verbose_name_plural = _("funds and programmes")

    def __str__(self) -> str:
        return _text(self.name) or self.code

    def clean(self) -> None:
        if self.amount is not None and not self.currency:
            raise ValidationError(
                {"currency": _("An amount needs its currency (EUR, USD…).")}
            )
        if self.currency and self.amount is None:
            raise ValidationError(
                {
                    "amount": _("Give the amount in %(currency)s.")
                    % {"currency": self.currency}
                }
            )


class Project(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="projects")
    title = LocalizedTextField(_("title"))
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+"
    )
    implementer = models.ForeignKey(
        Organization,
        verbose_name=_("implemented by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    tags = framework_tags_field()

    class Meta:
        ordering = ["fund", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return _text(self.title)


class Flow(models.Model):
    """Money committed to or disbursed from a fund, in the fund's currency."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        DISBURSEMENT = "disbursement", _("Disbursement")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="flows")
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flows",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    day = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["fund", "day", "id"]
        verbose_name = _("commitment or disbursement")
        verbose_name_plural = _("commitments and disbursements")

    def __str__(self) -> str:
        return f"{self.fund.code} {self.kind} {self.day}: {self.amount}"

    def clean(self) -> None:
        if not self.fund_id:
            return  # the form names the missing fund
        fund = self.fund
        if self.project_id and self.project.fund_id != fund.pk:
            raise ValidationError(
                {"project": _("The project belongs to another fund.")}
            )
        if fund.amount is None or not fund.currency:
            raise ValidationError(
                _("%(fund)s has no amount and currency yet: record them first.")
                % {"fund": fund}
            )
        others = (
            Flow.objects.filter(fund=fund, kind=self.kind)
            .exclude(pk=self.pk)
            .aggregate(s=Sum("amount"))["s"]
        ) or Decimal("0")
        if self.amount is not None and others + self.amount > fund.amount:
            raise ValidationError(
                {
                    "amount": _(
                        "%(kind)s of %(amount)s %(currency)s would bring the total to %(total)s %(currency)s, above the fund's %(limit)s %(currency)s."
                    )
                    % {
                        "kind": self.get_kind_display(),
                        "amount": f"{self.amount:,.2f}",
                        "total": f"{others + self.amount:,.2f}",
                        "limit": f"{fund.amount:,.2f}",
                        "currency": fund.currency,
                    }
                }
            )


class ExchangeRate(models.Model):
    """US dollars per unit of a currency for a year (the secretariat keeps
    the table; annual averages, e.g. the UN operational rates' mean)."""

    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    year = models.PositiveSmallIntegerField(_("year"))
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "year"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "year"], name="cooperation_rate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.year}: {self.usd_per_unit}"
