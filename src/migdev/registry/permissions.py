"""The one permission helper of migdev.

Every view and API endpoint asks ``require(user, action, obj)`` (or ``can``)
before it shows or changes an object. Rules are registered per model class and
action by the app that owns the model (see ``rule``); anything without a rule
is refused. The secretariat may do everything.

Access follows the dated roles only: Django's ``is_superuser`` flag grants
nothing here, so ending a superuser's secretariat role ends its access to the
pages, the API, the exports and the admin (whose site asks ``roles_of`` too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from migdev.registry.models import (
    Contact,
    Country,
    FrameworkTarget,
    Grouping,
    Organization,
    RoleAssignment,
)

Rule = Callable[["Roles", Any], bool]
_RULES: dict[tuple[type, str], Rule] = {}

VIEW = "view"
CHANGE = "change"
ADD = "add"
DELETE = "delete"
VIEW_CONTACTS = "view_contacts"
CHANGE_CONTACTS = "change_contacts"


@dataclass(frozen=True)
class Roles:
    """What one user may act as, today."""

    authenticated: bool = False
    secretariat: bool = False
    forum_support: bool = False
    countries: frozenset[int] = field(default_factory=frozenset)
    organizations: frozenset[int] = field(default_factory=frozenset)


def roles_of(user: Any) -> Roles:
    """The roles of ``user`` valid today, read once per request and cached on it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_migdev_roles", None)
    if cached is not None:
        return cached
    assignments = list(
        RoleAssignment.objects.as_of(timezone.localdate())
        .filter(user=user)
        .values_list("role", "country_id", "organization_id")
    )
    roles = Roles(
        authenticated=True,
        secretariat=any(
            r == RoleAssignment.Role.SECRETARIAT for r, _c, _o in assignments
        ),
        forum_support=any(
            r == RoleAssignment.Role.FORUM_SUPPORT for r, _c, _o in assignments
        ),
        countries=frozenset(
            c for r, c, _o in assignments if r == RoleAssignment.Role.FOCAL_POINT
        ),
        organizations=frozenset(
            o for r, _c, o in assignments if r == RoleAssignment.Role.ORG_REPORTER
        ),
    )
    user._migdev_roles = roles
    return roles


def rule(model: type, *actions: str) -> Callable[[Rule], Rule]:
    """Register ``fn(roles, obj) -> bool`` as the rule for ``actions`` on ``model``."""

    def register(fn: Rule) -> Rule:
        for action in actions:
            _RULES[(model, action)] = fn
        return fn

    return register


def can(user: Any, action: str, obj: Any) -> bool:
    roles = roles_of(user)
    if roles.secretariat:
        return True
    model = obj if isinstance(obj, type) else type(obj)
    for klass in model.__mro__:
        fn = _RULES.get((klass, action))
        if fn is not None:
            return bool(fn(roles, obj))
    return False


def require(user: Any, action: str, obj: Any) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` on ``obj``."""
    if not can(user, action, obj):
        raise PermissionDenied


# --- The registry's own rules -------------------------------------------------


@rule(Country, VIEW)
@rule(FrameworkTarget, VIEW)
@rule(Grouping, VIEW)
@rule(Organization, VIEW)
def _public(roles: Roles, obj: Any) -> bool:
    return True


@rule(Country, VIEW_CONTACTS, CHANGE_CONTACTS)
def _own_country(roles: Roles, country: Country) -> bool:
    return country.pk in roles.countries


@rule(Organization, VIEW_CONTACTS, CHANGE_CONTACTS)
def _own_organization(roles: Roles, organization: Organization) -> bool:
    return organization.pk in roles.organizations


@rule(Contact, VIEW, CHANGE, DELETE)
def _contact_of_own_party(roles: Roles, contact: Contact) -> bool:
    if contact.country_id is not None:
        return contact.country_id in roles.countries
    return contact.organization_id in roles.organizations
