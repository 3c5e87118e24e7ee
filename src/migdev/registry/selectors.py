"""Reads of the registry. Each returns only what the given user may see."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from migdev.core.dated import as_of_q
from migdev.core.i18n import LocalizedText, sort_key
from migdev.registry import permissions
from migdev.registry.groupings import UN_MEMBERS, UN_OBSERVERS
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


class UnknownCode(LookupError):
    def __init__(self, kind: str, code: str) -> None:
        self.kind, self.code = kind, code
        super().__init__(f"No {kind} has the code {code!r}.")


def country_get(code: str) -> Country:
    """A country by ISO alpha-3, alpha-2 or M49 code (any case)."""
    code = (code or "").strip().upper()
    lookup: dict[str, str]
    if code.isdigit():
        lookup = {"m49": code.zfill(3)}
    elif len(code) == 3:
        lookup = {"iso3": code}
    elif len(code) == 2:
        lookup = {"iso2": code}
    else:
        raise UnknownCode("country or area", code)
    try:
        return Country.objects.select_related("administered_by").get(**lookup)
    except Country.DoesNotExist as exc:
        raise UnknownCode("country or area", code) from exc


def country_get_or_404(code: str) -> Country:
    try:
        return country_get(code)
    except UnknownCode as exc:
        raise Http404(str(exc)) from exc


class HistoryIncomplete(ValueError):
    """A list asked for a day before the registry holds the grouping's full
    membership; the message says from which day it does."""

    def __init__(self, grouping: Grouping, day: dt.date) -> None:
        self.grouping, self.day = grouping, day
        self.complete_from: dt.date = grouping.complete_from  # type: ignore[assignment]
        super().__init__(
            _(
                "The registry holds the membership of “%(name)s” from %(start)s; "
                "%(day)s is earlier. Ask for %(start)s or later."
            )
            % {
                "name": grouping.name.get_text(),
                "start": self.complete_from.isoformat(),
                "day": day.isoformat(),
            }
        )


def history_check(grouping: Grouping, day: dt.date) -> None:
    """Raise ``HistoryIncomplete`` if ``grouping``'s list on ``day`` would be
    incomplete (see ``Grouping.complete_from``)."""
    if grouping.complete_from is not None and day < grouping.complete_from:
        raise HistoryIncomplete(grouping, day)


# --- Standing at the United Nations on a day ----------------------------------

#: Standing on a day: member_state, observer_state, observer_entity or area.
MEMBER_STATE = "member_state"
OBSERVER_STATE = "observer_state"
OBSERVER_ENTITY = "observer_entity"
AREA = "area"
_STATUS_OF_STANDING = {
    MEMBER_STATE: Country.Status.MEMBER,
    OBSERVER_STATE: Country.Status.OBSERVER,
    OBSERVER_ENTITY: Country.Status.OBSERVER,
    AREA: Country.Status.AREA,
}
_GROUP_OF_STATUS = {
    Country.Status.MEMBER: UN_MEMBERS,
    Country.Status.OBSERVER: UN_OBSERVERS,
}


def standings_on(country_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """Country pk → its standing at the UN on ``day``, read from the dated
    memberships of "un-members" and "un-observers" so that a status filter
    and a group filter always agree. Countries not listed are areas."""
    result: dict[int, str] = {}
    rows = GroupMembership.objects.filter(
        as_of_q(day),
        country_id__in=list(country_ids),
        grouping__code__in=[UN_MEMBERS, UN_OBSERVERS],
    ).values_list("country_id", "grouping__code", "note")
    for country_id, code, note in rows:
        if code == UN_MEMBERS:
            result[country_id] = MEMBER_STATE
        elif result.get(country_id) != MEMBER_STATE:
            entity = note.startswith(OBSERVER_ENTITY)
            result[country_id] = OBSERVER_ENTITY if entity else OBSERVER_STATE
    return result


def status_of_standing(standing: str) -> str:
    return _STATUS_OF_STANDING[standing]


def states_on(day: dt.date) -> list[Country]:
    """The Member States and the observers (States, and Palestine while it was
    an observer entity) on ``day``, in M49 order: whom the United Nations
    wrote to that day. Raises ``HistoryIncomplete`` before the registry's
    membership history is complete."""
    groups = list(Grouping.objects.filter(code__in=[UN_MEMBERS, UN_OBSERVERS]))
    for g in groups:
        history_check(g, day)
    return list(
        Country.objects.filter(
            pk__in=GroupMembership.objects.filter(
                as_of_q(day), grouping__in=groups
            ).values("country_id")
        ).order_by("m49")
    )


def correspondence_language(country: Country) -> str:
    """The official UN language the United Nations writes to ``country`` in
    when no contact prefers another: the registry's table
    (``data/correspondence_languages.csv``), else English."""
    return country.correspondence_language or "en"


# --- Names on a day ---------------------------------------------------------------


def name_on(country: Country, day: dt.date | None = None) -> LocalizedText:
    """The UN short names (six languages) ``country`` bore on ``day`` (default:
    today). Uses prefetched ``former_names`` when there are (see
    ``with_former_names``), else one small query."""
    if day is None:
        return country.name
    for former in country.former_names.all():
        if former.is_valid_on(day):
            return former.name
    return country.name


def country_name(
    country: Country, day: dt.date | None = None, language: str | None = None
) -> str:
    """The short name of ``country`` on ``day`` in ``language`` (default: the
    active one) — the one helper for every page, export, map and API field
    about a past date."""
    return name_on(country, day).get_text(language)


def country_name_in_text(
    country: Country, day: dt.date | None = None, language: str | None = None
) -> str:
    """The short name as it is written inside a sentence: in English, with the
    article that the United Nations writes before some names ("the
    Government of the Philippines", "Belgium, Greece and the Philippines");
    in the other languages, the short name."""
    name = country_name(country, day, language)
    if (language or translation.get_language() or "en").startswith("en"):
        if name in _names_with_article_en():
            return f"the {name}"
    return name


@functools.cache
def _names_with_article_en() -> frozenset[str]:
    """English short names written after "the" in running text (UNTERM's
    "(the)"), past names included: ``data/names_with_article_en.csv``."""
    path = Path(__file__).parent / "data" / "names_with_article_en.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return frozenset(row["name_en"] for row in csv.DictReader(f))


def with_former_names(qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """``qs`` with the former names of its countries (``prefix``: the path to
    the country, e.g. "country__") fetched in one more query."""
    return qs.prefetch_related(
        Prefetch(f"{prefix}former_names", queryset=CountryName.objects.all())
    )


def names_on(countries: Iterable[Country], day: dt.date) -> dict[int, LocalizedText]:
    """Country pk → its names on ``day``, for any number of countries in one query."""
    countries = list(countries)
    former = {
        n.country_id: n.name
        for n in CountryName.objects.filter(
            as_of_q(day), country_id__in=[c.pk for c in countries]
        )
    }
    return {c.pk: former.get(c.pk, c.name) for c in countries}


def sort_by_name(
    items: Iterable[Any],
    *,
    day: dt.date | None = None,
    language: str | None = None,
    country: Any = None,
) -> list[Any]:
    """``items`` in the alphabetical order of their countries' names on ``day``
    in ``language`` (default: the active one), as readers of that language
    expect (``core.i18n.sort_key``: Chinese by pinyin). ``country`` picks the
    country of an item (default: the item is a country)."""
    items = list(items)
    get = country or (lambda x: x)
    names = names_on([get(i) for i in items], day) if day else {}

    def key(item: Any) -> str:
        c = get(item)
        text = names.get(c.pk, c.name).get_text(language)
        return sort_key(text, language)

    return sorted(items, key=key)


def _memberships_as_of(day: dt.date) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=GroupMembership.objects.filter(as_of_q(day)).select_related(
            "grouping"
        ),
        to_attr="current_memberships",
    )


def country_list(
    *,
    status: str | None = None,
    group: Grouping | None = None,
    as_of: dt.date | None = None,
    search: str | None = None,
) -> list[Country]:
    """Countries and areas; ``status`` and ``group`` are read on ``as_of``
    (default today), and each country carries its ``standing`` and
    ``name_on_day`` for that day. Raises ``HistoryIncomplete`` for a list the
    registry cannot give complete on that day."""
    day = as_of or timezone.localdate()
    qs = with_former_names(
        Country.objects.select_related("administered_by").prefetch_related(
            _memberships_as_of(day)
        )
    )
    # A country or area of today's list that was not yet one on ``day`` (South
    # Sudan before its independence) is in no list of that day.
    qs = qs.filter(Q(exists_from__isnull=True) | Q(exists_from__lte=day))
    if status in _GROUP_OF_STATUS:
        by_status = Grouping.objects.get(code=_GROUP_OF_STATUS[status])
        history_check(by_status, day)
        qs = qs.filter(
            pk__in=GroupMembership.objects.filter(
                as_of_q(day), grouping=by_status
            ).values("country_id")
        )
    elif status == Country.Status.AREA:
        # The areas are what is neither member nor observer: a list as
        # complete as the lists of members and observers of that day.
        for grouping in Grouping.objects.filter(code__in=_GROUP_OF_STATUS.values()):
            history_check(grouping, day)
    if group is not None:
        history_check(group, day)
        qs = qs.filter(
            pk__in=GroupMembership.objects.filter(as_of_q(day), grouping=group).values(
                "country_id"
            )
        )
    countries = list(qs)
    standings = standings_on([c.pk for c in countries], day)
    for c in countries:
        c.memberships_day = day  # type: ignore[attr-defined]
        c.standing = standings.get(c.pk, AREA)  # type: ignore[attr-defined]
        c.status_on_day = status_of_standing(c.standing)  # type: ignore[attr-defined]
        c.name_on_day = name_on(c, day)  # type: ignore[attr-defined]
    if status == Country.Status.AREA:
        # A member or observer State of later years was not yet one.
        countries = [c for c in countries if c.standing == AREA]  # type: ignore[attr-defined]
    if search and search.strip():
        # Names live in a JSON object per language; ~250 rows are filtered here
        # rather than with database-specific JSON operators.
        needle = search.strip().casefold()
        countries = [
            c
            for c in countries
            if needle
            in " ".join([*c.name.values(), *c.name_on_day.values()]).casefold()  # type: ignore[attr-defined]
            or needle.upper() in (c.iso3 or "", c.iso2 or "", c.m49)
        ]
    return countries


def country_groupings(
    country: Country, *, as_of: dt.date | None = None
) -> list[Grouping]:
    prefetched_day = getattr(country, "memberships_day", None)
    day = as_of or prefetched_day or timezone.localdate()
    memberships = getattr(country, "current_memberships", None)
    if memberships is None or day != prefetched_day:
        memberships = list(
            GroupMembership.objects.filter(
                as_of_q(day), country=country
            ).select_related("grouping")
        )
    # A grouping whose history starts later may list a country wrongly on an
    # earlier day, so it is left out. UN membership is exact per country (the
    # admission dates); only its lists lack the seats of former States.
    return sorted(
        (
            m.grouping
            for m in memberships
            if m.grouping.complete_from is None
            or m.grouping.kind == Grouping.Kind.MEMBERSHIP
            or day >= m.grouping.complete_from
        ),
        key=lambda g: (g.sort_order, g.code),
    )


def group_codes_by_country(
    country_ids: Iterable[int], *, as_of: dt.date, codes: Iterable[str]
) -> dict[int, set[str]]:
    """Country pk → the codes, among ``codes``, of the groupings it belonged
    to on ``as_of``; one query for any number of countries."""
    result: dict[int, set[str]] = defaultdict(set)
    rows = GroupMembership.objects.filter(
        as_of_q(as_of), country_id__in=list(country_ids), grouping__code__in=list(codes)
    ).values_list("country_id", "grouping__code")
    for country_id, code in rows:
        result[country_id].add(code)
    return result


def grouping_get(code: str) -> Grouping:
    try:
        return Grouping.objects.get(code=(code or "").strip())
    except Grouping.DoesNotExist as exc:
        raise UnknownCode("grouping", code) from exc


def grouping_list(*, kind: str | None = None) -> QuerySet[Grouping]:
    qs = Grouping.objects.select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def grouping_members(
    grouping: Grouping, *, as_of: dt.date | None = None
) -> QuerySet[Country]:
    """The members of ``grouping`` on ``as_of`` (default today); raises
    ``HistoryIncomplete`` before the day its history is complete from."""
    day = as_of or timezone.localdate()
    history_check(grouping, day)
    return Country.objects.filter(
        pk__in=GroupMembership.objects.filter(as_of_q(day), grouping=grouping).values(
            "country_id"
        )
    )


def organization_get(code: str) -> Organization:
    try:
        return Organization.objects.select_related("parent").get(
            code=(code or "").strip().lower()
        )
    except Organization.DoesNotExist as exc:
        raise UnknownCode("organization", code) from exc


def organization_list(*, kind: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def organization_groups(
    organization: Organization, *, as_of: dt.date | None = None
) -> list[OrganizationMembership]:
    day = as_of or timezone.localdate()
    return list(
        OrganizationMembership.objects.filter(
            as_of_q(day), member=organization
        ).select_related("group")
    )


def organization_members(
    organization: Organization, *, as_of: dt.date | None = None
) -> list[OrganizationMembership]:
    day = as_of or timezone.localdate()
    return list(
        OrganizationMembership.objects.filter(
            as_of_q(day), group=organization
        ).select_related("member")
    )


def contact_list_for_country(*, user: Any, country: Country) -> QuerySet[Contact]:
    permissions.require(user, permissions.VIEW_CONTACTS, country)
    return Contact.objects.filter(country=country).select_related("user")


def contact_list_for_organization(
    *, user: Any, organization: Organization
) -> QuerySet[Contact]:
    permissions.require(user, permissions.VIEW_CONTACTS, organization)
    return Contact.objects.filter(organization=organization).select_related("user")


def contact_get(
    *,
    user: Any,
    pk: int,
    country: Country | None = None,
    organization: Organization | None = None,
) -> Contact:
    """A contact of the given party, if ``user`` may see it (else PermissionDenied)."""
    if country is not None:
        permissions.require(user, permissions.VIEW_CONTACTS, country)
        qs = Contact.objects.filter(country=country)
    else:
        permissions.require(user, permissions.VIEW_CONTACTS, organization)
        qs = Contact.objects.filter(organization=organization)
    try:
        contact = qs.get(pk=pk)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc
    permissions.require(user, permissions.VIEW, contact)
    return contact


# --- Framework tags: Global Compact objectives and SDG targets ---------------


def framework_targets(*, framework: str | None = None) -> QuerySet[FrameworkTarget]:
    """The objectives, targets and indicators in the table's order (public
    reference data); ``framework`` is ``gcm`` or ``sdg``."""
    qs = FrameworkTarget.objects.select_related("parent")
    if framework:
        qs = qs.filter(framework=framework)
    return qs


def framework_target_get(code: str) -> FrameworkTarget:
    """One by code: ``gcm-5``, ``sdg-10.7``; also ``GCM 5``, ``SDG 10.c.1``."""
    key = (code or "").strip().lower().replace(" ", "-")
    try:
        return FrameworkTarget.objects.get(code=key)
    except FrameworkTarget.DoesNotExist as exc:
        raise UnknownCode("framework objective or target", code) from exc


def tagged_with(
    queryset: QuerySet, target: FrameworkTarget, *, field: str = "tags"
) -> QuerySet:
    """The records of ``queryset`` tagged with ``target`` or with one of its
    indicators (asking for SDG 10.7 finds records tagged 10.7.2 too)."""
    return queryset.filter(
        Q(**{f"{field}": target}) | Q(**{f"{field}__parent": target})
    ).distinct()


def framework_tag_counts(
    queryset: QuerySet, *, field: str = "tags", framework: str | None = None
) -> list[tuple[FrameworkTarget, int]]:
    """How many records of ``queryset`` carry each objective or target (each
    record counted once per tag; zeros included), in the table's order."""
    counts = dict(
        queryset.order_by()
        .filter(**{f"{field}__isnull": False})
        .values_list(field)
        .annotate(n=Count("pk", distinct=True))
        .values_list(field, "n")
    )
    return [(t, counts.get(t.pk, 0)) for t in framework_targets(framework=framework)]
