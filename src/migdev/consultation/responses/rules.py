"""Permission rules of this app (see migdev.registry.permissions).

A State's reply is seen and changed by the focal points of that State and by
the secretariat (which always passes), never by another State. Entering a reply
received by fax or e-mail on a State's behalf is the secretariat's alone.
"""

from __future__ import annotations

from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses.models import ResponseVersion
from migdev.registry import permissions
from migdev.registry.permissions import Roles

#: Actions on a campaign's ``Recipient`` that concern its reply.
VIEW_REPLY = "view_reply"
CHANGE_REPLY = "change_reply"
ENTER_REPLY = "enter_reply"


@permissions.rule(Recipient, VIEW_REPLY, CHANGE_REPLY)
def _own_state(roles: Roles, recipient: Recipient) -> bool:
    # A campaign still being prepared is the secretariat's alone.
    return (
        recipient.country_id in roles.countries
        and recipient.campaign.dispatched_at is not None
    )


@permissions.rule(ResponseVersion, permissions.VIEW)
def _own_state_version(roles: Roles, version: ResponseVersion) -> bool:
    return version.recipient.country_id in roles.countries


@permissions.rule(Recipient, ENTER_REPLY)
def _secretariat_only(roles: Roles, recipient: Recipient) -> bool:
    return False
