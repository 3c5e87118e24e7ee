"""Permission rules of this app (see migdev.registry.permissions).

Campaigns are the secretariat's: only it creates, dispatches, reminds, closes
and publishes (no rule for those actions, so only the secretariat passes). The
Forum support unit may read the roster and the tracking dashboard. Once a
closed campaign's results are published, anyone may see its counts and map,
never the replies' text. Focal points reach their own State's recipient row
through the responses app's rules.
"""

from __future__ import annotations

from typing import Any

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach.models import Request
from migdev.registry import permissions
from migdev.registry.permissions import Roles

#: See a campaign's title, dates, counts and response map.
VIEW = permissions.VIEW
#: See the roster, the tracking dashboard, contacts, messages and follow-ups.
VIEW_TRACKING = "view_tracking"
#: Create, edit, dispatch, close and publish; record follow-ups; manage links.
MANAGE = "manage"


@permissions.rule(Campaign, VIEW)
def _published_or_support(roles: Roles, campaign: Campaign) -> bool:
    return roles.forum_support or campaign.published_at is not None


@permissions.rule(Campaign, VIEW_TRACKING)
@permissions.rule(Recipient, VIEW_TRACKING)
def _forum_support(roles: Roles, obj: object) -> bool:
    return roles.forum_support


def outreach_allows(roles: Roles, action: str, request: Request) -> Any:
    """Who besides the secretariat may see a campaign's messages and
    follow-ups (outreach's records): the Forum support unit; nobody else may
    manage them."""
    return action == permissions.VIEW and roles.forum_support


@permissions.rule(Campaign, MANAGE, permissions.CHANGE, permissions.ADD)
@permissions.rule(Recipient, MANAGE)
def _secretariat_only(roles: Roles, obj: object) -> bool:
    return False
