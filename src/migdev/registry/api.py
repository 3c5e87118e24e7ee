"""Registry endpoints: /api/v1/states, /groupings, /organizations, contacts."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from migdev.core.api import (
    PageQuery,
    api_error_handler,
    error,
    language_param,
    page_of,
    paginate,
    user_auth,
)
from migdev.core.api.cache import cached_read
from migdev.core.dated import as_of_q
from migdev.core.i18n import LANGUAGE_CODES
from migdev.registry import selectors, services
from migdev.registry.models import (
    Contact,
    Country,
    CountryName,
    FrameworkTarget,
    Grouping,
    GroupMembership,
    Organization,
    OrganizationMembership,
)

router = Router(tags=["registry"])

# Public reads of reference data are cached a minute per process (an edit here
# empties the cache at once): see migdev.core.api.cache.
reference_read = cached_read(
    invalidated_by=(
        Country,
        CountryName,
        FrameworkTarget,
        Grouping,
        GroupMembership,
        Organization,
        OrganizationMembership,
    )
)

Names = dict[str, str]


class GroupingRef(Schema):
    code: str = Field(
        description="Grouping code: M49 numeric code for regions and development groups (e.g. '150', '941'), or a name such as 'un-members'."
    )
    kind: str = Field(
        description="world, region, subregion, intermediate_region, development_group, income_group, membership or other."
    )
    name: str = Field(description="Name in the requested language.")


class StateOut(Schema):
    iso3: str | None = Field(
        description="ISO 3166-1 alpha-3 code; null for M49 areas without one."
    )
    iso2: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    m49: str = Field(description="UN M49 numeric code, three digits.")
    status: Literal["member", "observer", "area"] = Field(
        description="On the as_of date: member: UN Member State; observer: non-member observer State, or Palestine while an observer entity (until 29 November 2012); area: neither."
    )
    standing: Literal["member_state", "observer_state", "observer_entity", "area"] = (
        Field(
            description="Standing at the UN on the as_of date, telling observer States from the observer entity."
        )
    )
    is_state: bool
    un_admission: dt.date | None = Field(
        description="Date of admission to the United Nations (Member States only)."
    )
    exists_from: dt.date | None = Field(
        description="The day it became a country or area of its own (South Sudan: 2011-07-09); null: throughout the registry's history. Lists of an earlier day leave it out."
    )
    name: str = Field(
        description="UN short name on the as_of date in the requested language (e.g. 'Swaziland' before 19 April 2018)."
    )
    names: Names = Field(
        description="UN short names on the as_of date in the six official languages, keyed ar, zh-hans, en, fr, ru, es."
    )
    administered_by: str | None = Field(
        description="ISO alpha-3 of the State responsible for an area."
    )
    region: GroupingRef | None = Field(description="M49 region.")
    subregion: GroupingRef | None = Field(description="M49 sub-region.")
    intermediate_region: GroupingRef | None = Field(
        description="M49 intermediate region, where there is one."
    )
    groupings: list[GroupingRef] = Field(
        description="Every grouping the country belongs to on the as_of date."
    )
    url: str = Field(description="The country's page on the site.")


class GroupingOut(Schema):
    code: str
    kind: str
    parent: str | None = Field(
        description="Code of the enclosing grouping (M49 hierarchy)."
    )
    name: str
    names: Names
    members: int | None = Field(
        description="Number of countries or areas in the grouping on the as_of date; null before complete_from."
    )
    complete_from: dt.date | None = Field(
        description="First day for which the registry holds the grouping's full membership (null: every day). Lists for earlier days are refused with 400 history_incomplete."
    )


class OrganizationOut(Schema):
    code: str = Field(description="Stable identifier.")
    kind: str
    parent: str | None
    acronym: str
    name: str
    names: Names
    acronyms: Names
    website: str
    groups: list[str] = Field(
        description="Codes of the inter-agency groups it belongs to on the as_of date (e.g. 'gmg')."
    )


class ContactIn(Schema):
    kind: Literal["permanent_mission", "permanent_representative", "focal_point"]
    name: str = Field(max_length=200)
    title: str = ""
    email: str = ""
    phone: str = ""
    fax: str = ""
    address: str = ""
    preferred_language: Literal["ar", "zh-hans", "en", "fr", "ru", "es"] = "en"
    start: dt.date | None = None
    end: dt.date | None = None


class ContactOut(Schema):
    id: int
    kind: str
    name: str
    title: str
    email: str
    phone: str
    fax: str
    address: str
    preferred_language: str
    start: dt.date | None
    end: dt.date | None


def _ref(grouping: Grouping, lang: str) -> GroupingRef:
    return GroupingRef(
        code=grouping.code, kind=grouping.kind, name=grouping.name.get_text(lang)
    )


@api_error_handler(selectors.HistoryIncomplete)
def _history_incomplete(
    request: HttpRequest, exc: selectors.HistoryIncomplete
) -> HttpResponse:
    return error(
        request,
        400,
        "history_incomplete",
        str(exc),
        grouping=exc.grouping.code,
        complete_from=exc.complete_from.isoformat(),
    )


def _state_out(country: Country, lang: str, as_of: dt.date | None) -> StateOut:
    """A country as it stood on ``as_of`` (default today): status, names and
    groupings of that day. ``country_list`` has set the day's standing and
    names already; a single country reads them here."""
    groupings = selectors.country_groupings(country, as_of=as_of)
    by_kind = {g.kind: g for g in groupings}
    standing = getattr(country, "standing", None)
    if standing is None:
        day = as_of or timezone.localdate()
        standing = selectors.standings_on([country.pk], day).get(
            country.pk, selectors.AREA
        )
        names = selectors.name_on(country, day)
    else:
        names = country.name_on_day  # type: ignore[attr-defined]

    def geo(kind: str) -> GroupingRef | None:
        g = by_kind.get(kind)
        return _ref(g, lang) if g else None

    return StateOut(
        iso3=country.iso3,
        iso2=country.iso2,
        m49=country.m49,
        status=selectors.status_of_standing(standing),
        standing=standing,
        is_state=country.is_state,
        un_admission=country.un_admission,
        exists_from=country.exists_from,
        name=names.get_text(lang),
        names={c: names.get(c, "") for c in LANGUAGE_CODES},
        administered_by=country.administered_by.iso3
        if country.administered_by_id
        else None,
        region=geo(Grouping.Kind.REGION),
        subregion=geo(Grouping.Kind.SUBREGION),
        intermediate_region=geo(Grouping.Kind.INTERMEDIATE_REGION),
        groupings=[_ref(g, lang) for g in groupings],
        url=country.get_absolute_url(),
    )


class StateFilters(Schema):
    status: Literal["member", "observer", "area"] | None = Field(
        None, description="Keep only Member States, observer States or other areas."
    )
    group: str | None = Field(
        None,
        description="Keep only members of this grouping code on the as_of date (see /groupings).",
    )
    lang: str | None = Field(
        None,
        description="Language of 'name' fields: ar, zh-hans, en, fr, ru or es (default: the request's).",
    )
    as_of: dt.date | None = Field(
        None,
        description="Day for status, group memberships and names (default: today). A status or group filter before the grouping's complete_from is refused (400).",
    )
    q: str | None = Field(None, description="Search names (any language) and codes.")


@router.get(
    "/states", response=page_of(StateOut), summary="List countries and areas (a page)"
)
@reference_read
def states_list(
    request: HttpRequest, filters: Query[StateFilters], page: Query[PageQuery]
) -> dict:
    lang = language_param(filters.lang)
    try:
        group = selectors.grouping_get(filters.group) if filters.group else None
    except selectors.UnknownCode as exc:
        raise ValidationError({"group": [str(exc)]}) from exc
    countries = selectors.country_list(
        status=filters.status, group=group, as_of=filters.as_of, search=filters.q
    )
    # Memberships were prefetched for the as_of date by the selector.
    return paginate(
        request, countries, page, lambda rows: [_state_out(c, lang, None) for c in rows]
    )


@router.get(
    "/states/{code}",
    response=StateOut,
    summary="One country or area by ISO alpha-3, alpha-2 or M49 code",
)
@reference_read
def states_get(
    request: HttpRequest,
    code: str,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> StateOut:
    country = selectors.country_get(code)
    return _state_out(country, language_param(lang), as_of)


GroupingKind = Literal[tuple(Grouping.Kind.values)]  # type: ignore[valid-type]
OrganizationKind = Literal[tuple(Organization.Kind.values)]  # type: ignore[valid-type]


@router.get(
    "/groupings",
    response=page_of(GroupingOut),
    summary="List groupings of countries (a page)",
)
@reference_read
def groupings_list(
    request: HttpRequest,
    page: Query[PageQuery],
    kind: GroupingKind | None = None,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> dict:
    lang = language_param(lang)
    day = as_of or timezone.localdate()
    groupings = selectors.grouping_list(kind=kind).annotate(
        member_count=Count(
            "memberships__country",
            filter=as_of_q(day, "memberships__"),
            distinct=True,
        )
    )

    def out(rows: list[Grouping]) -> list[GroupingOut]:
        return [
            GroupingOut(
                code=g.code,
                kind=g.kind,
                parent=g.parent.code if g.parent_id else None,
                name=g.name.get_text(lang),
                names={c: g.name.get(c, "") for c in LANGUAGE_CODES},
                members=g.member_count
                if g.complete_from is None or day >= g.complete_from
                else None,
                complete_from=g.complete_from,
            )
            for g in rows
        ]

    return paginate(request, groupings, page, out)


@router.get(
    "/organizations",
    response=page_of(OrganizationOut),
    summary="List organizations (a page)",
)
@reference_read
def organizations_list(
    request: HttpRequest,
    page: Query[PageQuery],
    kind: OrganizationKind | None = None,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> dict:
    lang = language_param(lang)
    day = as_of or timezone.localdate()
    organizations = selectors.organization_list(kind=kind).prefetch_related(
        Prefetch(
            "group_links",
            queryset=OrganizationMembership.objects.filter(as_of_q(day))
            .select_related("group")
            .order_by("group__code"),
            to_attr="current_groups",
        )
    )
    return paginate(
        request,
        organizations,
        page,
        lambda rows: [_org_out(o, lang, as_of) for o in rows],
    )


@router.get(
    "/organizations/{code}", response=OrganizationOut, summary="One organization"
)
@reference_read
def organizations_get(
    request: HttpRequest,
    code: str,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> OrganizationOut:
    return _org_out(selectors.organization_get(code), language_param(lang), as_of)


def _org_out(o: Organization, lang: str, as_of: dt.date | None) -> OrganizationOut:
    return OrganizationOut(
        code=o.code,
        kind=o.kind,
        parent=o.parent.code if o.parent_id else None,
        acronym=o.acronym.get_text(lang),
        name=o.name.get_text(lang),
        names={c: o.name.get(c, "") for c in LANGUAGE_CODES},
        acronyms={c: o.acronym.get(c, "") for c in LANGUAGE_CODES},
        website=o.website,
        groups=[m.group.code for m in _groups_of(o, as_of)],
    )


def _groups_of(o: Organization, as_of: dt.date | None) -> list:
    prefetched = getattr(o, "current_groups", None)
    if prefetched is not None:
        return prefetched
    return selectors.organization_groups(o, as_of=as_of)


@router.get(
    "/states/{code}/contacts",
    response=page_of(ContactOut),
    auth=user_auth,
    summary="Contacts of a State (secretariat, or that State's focal points; a page)",
)
def contacts_list(request: HttpRequest, code: str, page: Query[PageQuery]) -> dict:
    country = selectors.country_get(code)
    contacts = selectors.contact_list_for_country(user=request.user, country=country)
    return paginate(request, contacts, page)


@router.post(
    "/states/{code}/contacts",
    response={201: ContactOut},
    auth=user_auth,
    summary="Add a contact to a State",
)
def contacts_create(request: HttpRequest, code: str, payload: ContactIn) -> Status:
    country = selectors.country_get(code)
    contact = services.contact_create(
        actor=request.user, country=country, **payload.dict()
    )
    return Status(201, contact)


@router.get(
    "/states/{code}/contacts/{contact_id}",
    response=ContactOut,
    auth=user_auth,
    summary="One contact of a State",
)
def contacts_get(request: HttpRequest, code: str, contact_id: int) -> Contact:
    country = selectors.country_get(code)
    return selectors.contact_get(user=request.user, pk=contact_id, country=country)


@router.put(
    "/states/{code}/contacts/{contact_id}",
    response=ContactOut,
    auth=user_auth,
    summary="Change a contact of a State",
)
def contacts_update(
    request: HttpRequest, code: str, contact_id: int, payload: ContactIn
) -> Contact:
    country = selectors.country_get(code)
    contact = selectors.contact_get(user=request.user, pk=contact_id, country=country)
    return services.contact_update(
        actor=request.user, contact=contact, **payload.dict()
    )


@router.delete(
    "/states/{code}/contacts/{contact_id}",
    response={204: None},
    auth=user_auth,
    summary="Remove a contact of a State",
)
def contacts_delete(
    request: HttpRequest, code: str, contact_id: int
) -> tuple[int, None]:
    country = selectors.country_get(code)
    contact = selectors.contact_get(user=request.user, pk=contact_id, country=country)
    services.contact_delete(actor=request.user, contact=contact)
    return Status(204, None)


class FrameworkTargetOut(Schema):
    code: str = Field(description="'gcm-1' … 'gcm-23'; 'sdg-10.7', 'sdg-10.7.1' …")
    framework: Literal["gcm", "sdg"] = Field(
        description="gcm: Global Compact for Safe, Orderly and Regular Migration; sdg: Sustainable Development Goals."
    )
    level: Literal["objective", "target", "indicator"]
    number: str = Field(
        description="'5' (GCM objective), '10.7' (target), '10.7.1' (indicator)."
    )
    parent: str | None = Field(description="Code of the target an indicator measures.")
    title: str = Field(description="Title in the requested language.")
    titles: Names = Field(description="Title in the six languages.")
    checked: list[str] = Field(
        description="Languages whose title was compared with the published UN text; the others are working translations."
    )


@router.get(
    "/framework-targets",
    response=page_of(FrameworkTargetOut),
    summary="Global Compact objectives and SDG targets that records can be tagged with (a page)",
)
@reference_read
def framework_targets_list(
    request: HttpRequest,
    page: Query[PageQuery],
    framework: Literal["gcm", "sdg"] | None = None,
    lang: str | None = None,
) -> dict:
    lang = language_param(lang)

    def out(rows: list[FrameworkTarget]) -> list[FrameworkTargetOut]:
        return [
            FrameworkTargetOut(
                code=t.code,
                framework=t.framework,
                level=t.level,
                number=t.number,
                parent=t.parent.code if t.parent_id else None,
                title=t.title.get_text(lang),
                titles={c: t.title.get(c, "") for c in LANGUAGE_CODES},
                checked=t.checked.split(),
            )
            for t in rows
        ]

    # A short table: sliced in Python, so any offset is harmless.
    rows = list(selectors.framework_targets(framework=framework))
    return paginate(request, rows, page, out)
