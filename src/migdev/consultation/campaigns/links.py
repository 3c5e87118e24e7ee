"""The consultation's access links: one per State on a campaign's roster.

The links themselves (secrets hashed at rest, validity, revocation, the
re-linking of unsent messages) are the platform's ``migdev.outreach.links``.
This module names the page a link opens, resolves a secret to the campaign's
recipient and words the errors for a State's reply (docs/outreach.md,
docs/consultation-campaigns.md).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach import links as outreach_links
from migdev.outreach.links import LinkError, token_hash

__all__ = [
    "LINK_PATH",
    "MESSAGES",
    "LinkError",
    "link_default_validity",
    "link_issue",
    "link_revoke",
    "link_url",
    "recipient_for_token",
]

LINK_PATH = "consultations/replies/link/{token}/"

MESSAGES = {
    "invalid": _(
        "This link is not valid: it may have been mistyped, cut by the e-mail "
        "program, or replaced by a newer link. Open the link from the latest "
        "message you received, or ask the secretariat for a new link."
    ),
    "revoked": _(
        "This link has been withdrawn by the secretariat. Ask the secretariat "
        "for a new link, or log in as your State's focal point."
    ),
    "not_yet_valid": _(
        "This link is not valid yet: the consultation has not opened. Try again "
        "from the opening date given in the letter."
    ),
    "expired": _(
        "This link has expired. Ask the secretariat for a new link, or log in "
        "as your State's focal point."
    ),
    "closed": _(
        "This consultation is closed: replies can no longer be entered or "
        "changed. Contact the secretariat if your reply has not reached it."
    ),
}


def link_issue(
    recipient: Recipient,
    *,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> str:
    """A new link for the State (``outreach.link_issue``); returned once."""
    return outreach_links.link_issue(
        recipient.outreach, valid_from=valid_from, valid_until=valid_until
    )


def link_revoke(recipient: Recipient) -> None:
    outreach_links.link_revoke(recipient.outreach)


def link_url(token: str, *, language: str) -> str:
    """The absolute address of the reply form behind ``token``, in ``language``."""
    return outreach_links.link_url(LINK_PATH, token, language=language)


def link_default_validity(
    campaign: Campaign,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From the opening day to the end of the closing day (if one is set)."""
    return outreach_links.link_default_validity(campaign.request)


def recipient_for_token(token: str, *, lock: bool = False) -> Recipient:
    """The recipient a link secret belongs to, or LinkError saying why not.

    This is the first read of every reply sent through a link, so it is one
    lean statement: the recipient found by its link's hash (a unique index),
    joined to the rows the link's checks and the save read (its outreach
    recipient and request, which holds the campaign's dates, its campaign
    without the covering letter, the questionnaire whose stored version keys
    the compiled form). No ordering
    (the hash is unique). The country, the letter and everything else load
    when a page reads them. With ``lock``, the same statement locks the
    recipient's row until the end of the transaction (``SELECT … FOR UPDATE
    OF`` the recipient's table only), as ``responses.services`` does before a
    save: the caller must be inside ``transaction.atomic``."""
    if lock and not connection.in_atomic_block:
        raise RuntimeError("recipient_for_token(lock=True) needs a transaction.")
    if not token or len(token) > outreach_links.MAX_TOKEN_LENGTH:
        raise LinkError("invalid", MESSAGES["invalid"])
    rows = Recipient.objects.select_related(
        "outreach__request", "campaign__questionnaire"
    ).defer("campaign__letter")
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        recipient = rows.get(outreach__token_hash=token_hash(token))
    except Recipient.DoesNotExist:
        raise LinkError("invalid", MESSAGES["invalid"]) from None
    # The campaign's dates are its request's, already read with the link.
    if recipient.campaign.request_id == recipient.outreach.request_id:
        recipient.campaign.request = recipient.outreach.request
    try:
        outreach_links.link_check(recipient.outreach)
    except LinkError as exc:
        raise LinkError(exc.code, MESSAGES[exc.code]) from None
    return recipient
