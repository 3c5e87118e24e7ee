"""Permission rules of the Forum (see migdev.registry.permissions).

The Forum's process is public: chairs, troika, Steering Group, Friends
meetings, annual meetings and their attendance, published good practices and
the Dialogues may be read by anyone. The Forum support unit (and the
secretariat, which may do everything) records them. A national focal point
registers its own State's delegation and submits its own State's practices,
never another State's; the support unit accredits delegations and reviews
practices. The support unit's staff and money are seen by the support unit.
"""

from __future__ import annotations

from typing import Any

from migdev.forum.models import (
    Broadcast,
    Chairmanship,
    CivilSocietyDay,
    Contribution,
    Delegation,
    Dialogue,
    Expenditure,
    FriendsMeeting,
    Meeting,
    MigrationProfile,
    Practice,
    Roundtable,
    StaffMember,
    SteeringMembership,
)
from migdev.registry import permissions
from migdev.registry.permissions import Roles

VIEW = permissions.VIEW
#: Record and change the Forum's process (chairs, members, meetings…).
MANAGE = "manage"
#: Register a delegation, submit a practice: for one's own State.
REGISTER = "register"
#: Accredit or reject a delegation; publish or return a practice.
DECIDE = "decide"

_PROCESS = (
    Meeting,
    Chairmanship,
    SteeringMembership,
    FriendsMeeting,
    Roundtable,
    CivilSocietyDay,
    Dialogue,
    MigrationProfile,
)


def _public(roles: Roles, obj: Any) -> bool:
    return True


def _support(roles: Roles, obj: Any) -> bool:
    return roles.forum_support


for _model in _PROCESS:
    permissions.rule(_model, VIEW)(_public)
    permissions.rule(_model, MANAGE, permissions.ADD, permissions.CHANGE)(_support)

for _model in (StaffMember, Contribution, Expenditure, Broadcast):
    permissions.rule(_model, VIEW, MANAGE, permissions.ADD, permissions.CHANGE)(
        _support
    )

permissions.rule(Delegation, DECIDE)(_support)
permissions.rule(Practice, DECIDE)(_support)


def _own_party(roles: Roles, obj: Any) -> bool:
    country_id = getattr(obj, "country_id", None)
    if country_id is not None:
        return country_id in roles.countries
    organization_id = getattr(obj, "organization_id", None)
    return organization_id is not None and organization_id in roles.organizations


@permissions.rule(Delegation, REGISTER)
def _register_delegation(roles: Roles, delegation: Delegation) -> bool:
    """A focal point for its State, an organization's reporting officer for it;
    the support unit for anyone (it records attendance)."""
    return roles.forum_support or _own_party(roles, delegation)


@permissions.rule(Delegation, VIEW)
def _see_delegation(roles: Roles, delegation: Delegation) -> bool:
    """Who attends is public once accredited; a pending or rejected
    registration only to its own party and the support unit."""
    if delegation.status == Delegation.Status.ACCREDITED and isinstance(
        delegation, Delegation
    ):
        return True
    return roles.forum_support or _own_party(roles, delegation)


@permissions.rule(Practice, REGISTER)
def _submit_practice(roles: Roles, practice: Practice) -> bool:
    return _own_party(roles, practice)


@permissions.rule(Practice, VIEW)
def _see_practice(roles: Roles, practice: Practice) -> bool:
    if practice.status == Practice.Status.PUBLISHED:
        return True
    return roles.forum_support or _own_party(roles, practice)
