"""Permission rules of outreach's records: the secretariat may do everything
(``registry.permissions``); anyone else as the owning module allows
(``owners.Owner.allows``), for ``view`` and ``manage``."""

from __future__ import annotations

from typing import Any

from migdev.outreach.models import FollowUp, Message, Recipient, Request
from migdev.outreach.owners import owner_of
from migdev.registry import permissions
from migdev.registry.permissions import Roles

VIEW = permissions.VIEW
MANAGE = "manage"
_MODELS = (Request, Recipient, Message, FollowUp)


def _request_of(obj: Any) -> Request | None:
    if isinstance(obj, type):
        return None
    if isinstance(obj, Request):
        return obj
    if isinstance(obj, Recipient):
        return obj.request
    return obj.recipient.request


def _rule(action: str):
    def allowed(roles: Roles, obj: Any) -> bool:
        request = _request_of(obj)
        owner = owner_of(request) if request is not None else None
        return bool(owner and owner.allows and owner.allows(roles, action, request))

    return allowed


for _model in _MODELS:
    permissions.rule(_model, VIEW)(_rule(VIEW))
    permissions.rule(_model, MANAGE)(_rule(MANAGE))
