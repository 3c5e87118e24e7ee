"""Who is who: countries and areas, groupings, organizations, people and roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.core.dated import DatedMembership
from migdev.core.fields import LocalizedTextField


class Grouping(models.Model):
    """A named group of countries: an M49 region, a development group, UN membership…"""

    class Kind(models.TextChoices):
        WORLD = "world", _("World")
        REGION = "region", _("Region (M49)")
        SUBREGION = "subregion", _("Sub-region (M49)")
        INTERMEDIATE_REGION = "intermediate_region", _("Intermediate region (M49)")
        DEVELOPMENT_GROUP = "development_group", _("Development group")
        INCOME_GROUP = "income_group", _("Income group")
        MEMBERSHIP = "membership", _("United Nations membership")
        OTHER = "other", _("Other grouping")

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = LocalizedTextField(_("name"))
    sort_order = models.PositiveIntegerField(default=0)
    complete_from = models.DateField(
        _("history complete from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day for which the registry holds the grouping's full "
            "membership; empty when it holds it for every date."
        ),
    )

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")

    def __str__(self) -> str:
        return str(self.name) or self.code

    def get_absolute_url(self) -> str:
        return reverse("registry:grouping", kwargs={"code": self.code})


class Country(models.Model):
    """A country or area of UN M49: a Member State, an observer State, or an area
    that statistics use (a territory, a special administrative region…)."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member State")
        OBSERVER = "observer", _("Non-member observer State")
        AREA = "area", _("Area (not a State)")

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    iso3 = models.CharField(
        _("ISO 3166 alpha-3"), max_length=3, unique=True, null=True, blank=True
    )
    iso2 = models.CharField(
        _("ISO 3166 alpha-2"), max_length=2, unique=True, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    un_admission = models.DateField(
        _("admitted to the United Nations"), null=True, blank=True
    )
    administered_by = models.ForeignKey(
        "self",
        verbose_name=_("administered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas",
    )
    name = LocalizedTextField(_("name"))
    #: The day it became a country or area of its own (data/since.csv);
    #: empty: throughout the registry's history.
    exists_from = models.DateField(_("country or area since"), null=True, blank=True)
    #: The official UN language the United Nations writes to the State in when
    #: no contact prefers another (data/correspondence_languages.csv); empty:
    #: English.
    correspondence_language = models.CharField(
        _("language of correspondence"), max_length=7, blank=True
    )
    groupings = models.ManyToManyField(
        Grouping, through="GroupMembership", related_name="countries", blank=True
    )

    class Meta:
        ordering = ["m49"]
        verbose_name = _("country or area")
        verbose_name_plural = _("countries and areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="member", un_admission__isnull=False)
                | (~Q(status="member") & Q(un_admission__isnull=True)),
                name="registry_country_admission_iff_member",
            )
        ]

    def __str__(self) -> str:
        return str(self.name) or self.m49

    def get_absolute_url(self) -> str:
        return reverse("registry:country", kwargs={"code": self.key})

    @property
    def is_state(self) -> bool:
        return self.status in (self.Status.MEMBER, self.Status.OBSERVER)

    @property
    def key(self) -> str:
        """The code that names this country in URLs: ISO alpha-3, else M49."""
        return self.iso3 or self.m49


class CountryName(DatedMembership):
    """A UN short name a country or area bore before its current one (the
    current name is ``Country.name``), with the days it was in use."""

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="former_names"
    )
    name = LocalizedTextField(_("name"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(DatedMembership.Meta):
        ordering = ["country", "start"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end__isnull=False),
                name="registry_countryname_has_end",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class GroupMembership(DatedMembership):
    grouping = models.ForeignKey(
        Grouping, on_delete=models.CASCADE, related_name="memberships"
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="memberships"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(DatedMembership.Meta):
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.UniqueConstraint(
                fields=["grouping", "country", "start"],
                name="registry_groupmembership_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} ∈ {self.grouping}"


class Organization(models.Model):
    """A UN system entity, an intergovernmental body, a regional consultative process…"""

    class Kind(models.TextChoices):
        SECRETARIAT_DEPARTMENT = "secretariat_department", _("Secretariat department")
        OFFICE = "office", _("Office")
        REGIONAL_COMMISSION = "regional_commission", _("Regional commission")
        FUND_PROGRAMME = "fund_programme", _("Fund or programme")
        SPECIALIZED_AGENCY = "specialized_agency", _("Specialized agency")
        RESEARCH_TRAINING_INSTITUTE = (
            "research_training_institute",
            _("Research and training institute"),
        )
        RELATED_ORGANIZATION = "related_organization", _("Related organization")
        REGIONAL_INTERGOVERNMENTAL_BODY = (
            "regional_intergovernmental_body",
            _("Regional intergovernmental body"),
        )
        REGIONAL_CONSULTATIVE_PROCESS = (
            "regional_consultative_process",
            _("Regional consultative process"),
        )
        INTER_AGENCY_GROUP = "inter_agency_group", _("Inter-agency group")
        INTERGOVERNMENTAL_PROCESS = (
            "intergovernmental_process",
            _("Intergovernmental process"),
        )
        CIVIL_SOCIETY = "civil_society", _("Civil society organization")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    acronym = LocalizedTextField(_("acronym"), blank=True)
    name = LocalizedTextField(_("name"))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.acronym.get_text() or self.name.get_text() or self.code

    def get_absolute_url(self) -> str:
        return reverse("registry:organization", kwargs={"code": self.code})


class OrganizationMembership(DatedMembership):
    """An organization's membership of a group of organizations (e.g. the GMG)."""

    group = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="member_links"
    )
    member = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="group_links"
    )

    class Meta(DatedMembership.Meta):
        verbose_name = _("organization membership")
        verbose_name_plural = _("organization memberships")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.UniqueConstraint(
                fields=["group", "member", "start"],
                name="registry_orgmembership_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ∈ {self.group}"


class Contact(DatedMembership):
    """A channel to a State or an organization: a Permanent Mission, a Permanent
    Representative, a national focal point, a reporting officer."""

    class Kind(models.TextChoices):
        PERMANENT_MISSION = "permanent_mission", _("Permanent Mission")
        PERMANENT_REPRESENTATIVE = (
            "permanent_representative",
            _("Permanent Representative"),
        )
        FOCAL_POINT = "focal_point", _("National focal point")
        REPORTING_OFFICER = "reporting_officer", _("Reporting officer")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta(DatedMembership.Meta):
        ordering = ["kind", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="reporting_officer",
                        organization__isnull=False,
                        country__isnull=True,
                    )
                    | (
                        ~Q(kind="reporting_officer")
                        & Q(country__isnull=False, organization__isnull=True)
                    )
                ),
                name="registry_contact_belongs_to_one_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class RoleAssignment(DatedMembership):
    """What a login may do. A focal point acts for one State, a reporter for one
    organization; the secretariat and the Forum support unit act for no party."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        FOCAL_POINT = "focal_point", _("National focal point")
        ORG_REPORTER = "org_reporter", _("Organization reporting officer")
        FORUM_SUPPORT = "forum_support", _("Forum support unit")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Meta(DatedMembership.Meta):
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            *DatedMembership.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(
                        role="focal_point",
                        country__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(
                        role="org_reporter",
                        organization__isnull=False,
                        country__isnull=True,
                    )
                    | (
                        Q(role__in=["secretariat", "forum_support"])
                        & Q(country__isnull=True, organization__isnull=True)
                    )
                ),
                name="registry_role_party_matches_role",
            ),
        ]

    def __str__(self) -> str:
        party = self.country or self.organization
        return f"{self.user} — {self.get_role_display()}" + (
            f" ({party})" if party else ""
        )


class FrameworkTarget(models.Model):
    """A heading of today's frameworks that records can be tagged with: an
    objective of the Global Compact for Safe, Orderly and Regular Migration
    (1–23), or a target or indicator of the Sustainable Development Goals that
    concerns migration (10.7, 10.7.1…, 10.c, 8.8…). Reference data, loaded
    from ``registry/data/framework_targets.csv``.

    Any module's model carries tags with ``tags = framework_tags_field()`` (a
    plain many-to-many to this model; see docs/architecture.md)."""

    class Framework(models.TextChoices):
        GCM = "gcm", _("Global Compact for Safe, Orderly and Regular Migration")
        SDG = "sdg", _("Sustainable Development Goals")

    class Level(models.TextChoices):
        OBJECTIVE = "objective", _("Objective")
        TARGET = "target", _("Target")
        INDICATOR = "indicator", _("Indicator")

    code = models.CharField(_("code"), max_length=24, unique=True)
    framework = models.CharField(
        _("framework"), max_length=8, choices=Framework.choices
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    number = models.CharField(_("number"), max_length=12)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = LocalizedTextField(_("title"))
    #: The languages whose title was checked against a published UN text
    #: (space-separated codes); the others are working translations.
    checked = models.CharField(_("titles checked in"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("framework objective or target")
        verbose_name_plural = _("framework objectives and targets")

    def __str__(self) -> str:
        return f"{self.label} {self.title.get_text()}"

    @property
    def label(self) -> str:
        """ "GCM 5", "SDG 10.7", "SDG 10.7.1"."""
        return f"{self.framework.upper()} {self.number}"


def framework_tags_field(**kwargs: Any) -> models.ManyToManyField:
    """The field by which a model carries framework tags: a many-to-many to
    :class:`FrameworkTarget`, optional, without a reverse accessor clash
    (``target.<app>_<model>_tagged``). Usage: ``tags = framework_tags_field()``."""
    kwargs.setdefault("verbose_name", _("Global Compact objectives and SDG targets"))
    kwargs.setdefault("blank", True)
    kwargs.setdefault("related_name", "%(app_label)s_%(class)s_tagged")
    return models.ManyToManyField(FrameworkTarget, **kwargs)
