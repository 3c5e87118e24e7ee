"""Permission rules of the UN-system activities (see registry.permissions).

Cycles and published activities are public. An entity's reporting officer
(role org_reporter of that organization) sees and fills its own contribution
and its activities; the secretariat opens cycles and reviews (no rule: only
it passes)."""

from __future__ import annotations

from migdev.registry import permissions
from migdev.registry.permissions import Roles
from migdev.unsystem.models import (
    Activity,
    Contribution,
    CoordinationMeeting,
    Cycle,
    GroupChair,
    JointProduct,
)

VIEW = permissions.VIEW
#: Add activities to a contribution.
CONTRIBUTE = "contribute"
#: Open cycles, review, publish.
MANAGE = "manage"


@permissions.rule(Cycle, VIEW)
def _cycle_public(roles: Roles, cycle: object) -> bool:
    return isinstance(cycle, type) or cycle.status != Cycle.Status.DRAFT


@permissions.rule(Contribution, VIEW, CONTRIBUTE)
def _own_entity(roles: Roles, contribution: object) -> bool:
    if isinstance(contribution, type):
        return bool(roles.organizations)
    return contribution.organization_id in roles.organizations


@permissions.rule(Activity, VIEW)
def _published_or_own(roles: Roles, activity: object) -> bool:
    if isinstance(activity, type):
        return True
    return (
        activity.status == Activity.Status.PUBLISHED
        or activity.contribution.organization_id in roles.organizations
    )


@permissions.rule(GroupChair, VIEW)
@permissions.rule(JointProduct, VIEW)
@permissions.rule(CoordinationMeeting, VIEW)
def _public(roles: Roles, obj: object) -> bool:
    return True
