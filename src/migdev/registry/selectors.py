"""Reads of the registry. Each returns only what the given user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from migdev.core.dated import as_of_q
from migdev.registry import permissions
from migdev.registry.models import (
    Contact,
    Country,
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
    day = as_of or timezone.localdate()
    qs = Country.objects.select_related("administered_by").prefetch_related(
        _memberships_as_of(day)
    )
    if status:
        qs = qs.filter(status=status)
    if group is not None:
        qs = qs.filter(
            pk__in=GroupMembership.objects.filter(as_of_q(day), grouping=group).values(
                "country_id"
            )
        )
    countries = list(qs)
    if search and search.strip():
        # Names live in a JSON object per language; ~250 rows are filtered here
        # rather than with database-specific JSON operators.
        needle = search.strip().casefold()
        countries = [
            c
            for c in countries
            if needle in " ".join(c.name.values()).casefold()
            or needle.upper() in (c.iso3 or "", c.iso2 or "", c.m49)
        ]
    return countries


def country_groupings(
    country: Country, *, as_of: dt.date | None = None
) -> list[Grouping]:
    day = as_of or timezone.localdate()
    memberships = getattr(country, "current_memberships", None)
    if memberships is None or as_of is not None:
        memberships = list(
            GroupMembership.objects.filter(
                as_of_q(day), country=country
            ).select_related("grouping")
        )
    return sorted(
        (m.grouping for m in memberships), key=lambda g: (g.sort_order, g.code)
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
    day = as_of or timezone.localdate()
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
