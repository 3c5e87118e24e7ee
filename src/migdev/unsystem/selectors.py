"""Reads of the UN-system activities, scoped to the user."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from migdev.registry import permissions
from migdev.registry import selectors as registry
from migdev.registry.models import Organization
from migdev.unsystem import rules
from migdev.unsystem.models import (
    CATEGORIES,
    Activity,
    Contribution,
    CoordinationMeeting,
    Cycle,
    GroupChair,
    JointProduct,
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
    qs = Contribution.objects.select_related("cycle__request", "organization")
    if roles.secretariat:
        return qs
    return qs.filter(organization_id__in=roles.organizations)


def contribution_get(user: Any, pk: int) -> Contribution:
    contribution = (
        Contribution.objects.select_related("cycle__request", "organization")
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


# --- The Global Migration Group and the Coordination Meeting (¶26, ¶44) ------------

GMG = "gmg"


@dataclass(frozen=True)
class Rotation:
    """A group's chair terms in order, with the gaps between them (periods
    for which no chair is recorded)."""

    terms: list[GroupChair]
    gaps: list[tuple[dt.date, dt.date]]


def rotation_compute(terms: list[GroupChair]) -> Rotation:
    ordered = sorted(terms, key=lambda t: t.start)
    gaps = [(a.end, b.start) for a, b in itertools.pairwise(ordered) if b.start > a.end]
    return Rotation(terms=ordered, gaps=gaps)


@dataclass(frozen=True)
class GroupView:
    group: Organization
    day: dt.date
    members: list[Organization]
    chair: GroupChair | None
    rotation: Rotation
    products: list[JointProduct]


def gmg_group() -> Organization:
    """The registry's Global Migration Group (404 when it has none)."""
    group = Organization.objects.filter(code=GMG).first()
    if group is None:
        raise Http404("The registry has no Global Migration Group.")
    return group


def gmg(day: dt.date | None = None) -> GroupView:
    """The Global Migration Group on ``day``: its members (the registry's
    dated membership), its chair, the rotation of chairs and its joint
    products."""
    day = day or timezone.localdate()
    group = gmg_group()
    members = sorted(
        (m.member for m in registry.organization_members(group, as_of=day)),
        key=lambda o: o.code,
    )
    terms = list(GroupChair.objects.filter(group=group).select_related("chair"))
    chair = next((t for t in terms if t.start <= day < t.end), None)
    products = list(
        group.joint_products.prefetch_related("contributors", "tags").order_by(
            "published", "id"
        )
    )
    return GroupView(group, day, members, chair, rotation_compute(terms), products)


def meetings() -> QuerySet[CoordinationMeeting]:
    return CoordinationMeeting.objects.select_related("convener").prefetch_related(
        "participants"
    )


def meeting_get(number: int) -> CoordinationMeeting:
    meeting = meetings().filter(number=number).first()
    if meeting is None:
        raise Http404("No such Coordination Meeting.")
    return meeting


def follow_ups(contribution: Contribution) -> list[Any]:
    """The follow-up log of an entity's contribution, newest first."""
    if contribution.outreach_id is None:
        return []
    return list(
        contribution.outreach.follow_ups.select_related("by").order_by("-at", "-id")
    )


def messages_of(contribution: Contribution) -> list[Any]:
    """The messages written to the entity in the cycle (invitation,
    reminders), oldest first, with their status."""
    if contribution.outreach_id is None:
        return []
    return list(contribution.outreach.messages.order_by("created_at", "id"))
