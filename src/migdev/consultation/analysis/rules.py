"""Permission rules of this app (see migdev.registry.permissions).

Coding and the codebook are the secretariat's work: themes and codings have no
rule, so only the secretariat passes. A campaign's tally becomes public once
its results are published; the quoted passages never do, since the replies'
text is not public (issue point 10).
"""

from __future__ import annotations

from migdev.consultation.campaigns.models import Campaign
from migdev.registry import permissions
from migdev.registry.permissions import Roles

#: See a campaign's tally (counts, shares, quantifiers).
VIEW_TALLY = "view_tally"
#: See the passages quoted from the States' replies (secretariat only).
VIEW_TALLY_QUOTES = "view_tally_quotes"
#: Read and export the replies' text (secretariat only).
EXPORT_REPLIES = "export_replies"
#: Edit the codebook and tag answers with themes (secretariat only).
CODE_REPLIES = "code_replies"


@permissions.rule(Campaign, VIEW_TALLY)
def _published(roles: Roles, campaign: Campaign) -> bool:
    return campaign.published_at is not None
