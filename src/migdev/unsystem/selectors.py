"""Reads of the UN-system activities, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from migdev.registry import permissions
from migdev.unsystem import rules
from migdev.unsystem.models import (
    CATEGORIES,
    Activity,
    Contribution,
    Cycle,
    category_of,
)


def cycles_visible(user: Any) -> QuerySet[Cycle]:
    qs = Cycle.objects.all()
    if not permissions.roles_of(user).secretariat:
        qs = qs.exclude(status=Cycle.Status.DRAFT)
    return qs


def cycle_get(user: Any, pk: int) -> Cycle:
    cycle = cycles_visible(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404("No such reporting cycle.")
    return cycle


def contributions_of(user: Any) -> QuerySet[Contribution]:
    """The contributions the user's entities owe or made, newest cycle first."""
    roles = permissions.roles_of(user)
    qs = Contribution.objects.select_related("cycle", "organization")
    if roles.secretariat:
        return qs
    return qs.filter(organization_id__in=roles.organizations)


def contribution_get(user: Any, pk: int) -> Contribution:
    contribution = (
        Contribution.objects.select_related("cycle", "organization")
        .filter(pk=pk)
        .first()
    )
    if contribution is None or not permissions.can(
        user, rules.CONTRIBUTE, contribution
    ):
        raise Http404("No such contribution.")
    return contribution


def activities_published(cycle: Cycle | None = None) -> QuerySet[Activity]:
    qs = (
        Activity.objects.filter(status=Activity.Status.PUBLISHED)
        .select_related("contribution__organization", "contribution__cycle")
        .prefetch_related("themes", "tags")
    )
    if cycle is not None:
        qs = qs.filter(contribution__cycle=cycle)
    return qs.order_by("contribution__organization__code", "id")


def review_queue(cycle: Cycle) -> QuerySet[Activity]:
    return Activity.objects.filter(
        contribution__cycle=cycle, status=Activity.Status.SUBMITTED
    ).select_related("contribution__organization")


def chapter_iv(cycle: Cycle) -> list[tuple[str, Any, list[tuple[Any, list[Activity]]]]]:
    """Published activities by category of entity (Secretariat, regional
    commissions, funds and programmes, research institutes, specialized
    agencies, other organizations, GMG), then by entity."""
    by_org: dict[Any, list[Activity]] = {}
    for a in activities_published(cycle):
        by_org.setdefault(a.contribution.organization, []).append(a)
    sections = []
    for key, label, _kinds in CATEGORIES:
        orgs = sorted(
            (o for o in by_org if category_of(o) == key), key=lambda o: o.code
        )
        if orgs:
            sections.append((key, label, [(o, by_org[o]) for o in orgs]))
    return sections
