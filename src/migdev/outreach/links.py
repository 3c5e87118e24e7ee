"""Access links: one unguessable, revocable, dated link per recipient.

The link carries a random secret (``secrets.token_urlsafe(32)``, 256 bits).
Only its SHA-256 is stored (``Recipient.token_hash``), so a copy of the
database gives no working link, and the look-up is by hash through a unique
index, which leaks nothing useful about the secret through timing. Issuing a
new link replaces the old one, which stops working at once; the recipient's
messages still waiting in the outbox get the new link in the same
transaction, so that none goes out with a link that no longer works. The
outbox checks each link again as it sends (``outbox``).

The owning module chooses the page a link opens: its path (``link_path``)
must end in ``link/{token}/``, which is how the outbox finds a link in a
message. A link works when all of these hold (checked in this order, each
with its own code):

- the secret matches a recipient (``invalid``);
- it has not been revoked (``revoked``);
- the request is neither closed nor past its closing date (``closed``);
- the request is open and now is not before ``link_valid_from``
  (``not_yet_valid``), and not after ``link_valid_until`` (``expired``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.outreach.models import Message, Recipient, Request

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything far longer is not a token.
MAX_TOKEN_LENGTH = 100
#: A link's secret where a message carries it (group 2): every link path ends
#: in ``link/<secret>/``.
LINK_IN_TEXT = re.compile(r"(/link/)([A-Za-z0-9_-]{40,64})(/)")

MESSAGES = {
    "invalid": _(
        "This link is not valid: it may have been mistyped, cut by the e-mail "
        "program, or replaced by a newer link. Open the link from the latest "
        "message you received, or ask the secretariat for a new link."
    ),
    "revoked": _(
        "This link has been withdrawn by the secretariat. Ask the secretariat "
        "for a new link."
    ),
    "not_yet_valid": _(
        "This link is not valid yet. Try again from the opening date given in "
        "the message."
    ),
    "expired": _("This link has expired. Ask the secretariat for a new link."),
    "closed": _("This request is closed: answers can no longer be entered or changed."),
}


class LinkError(Exception):
    """An access link that cannot be used; ``code`` is one of MESSAGES' keys."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = str(message or MESSAGES[code])
        super().__init__(self.message)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_default_validity(
    request: Request,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From the opening day to the end of the closing day (if one is set)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(request.opens_on, dt.time.min, tzinfo=tz)
    end = None
    if request.closes_on:
        end = dt.datetime.combine(
            request.closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
    return start, end


@transaction.atomic
def link_issue(
    recipient: Recipient,
    *,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> str:
    """Give ``recipient`` a new link secret and return it (it is not stored).

    Any earlier link of the recipient stops working; its unsent messages carry
    the new one."""
    for value in (valid_from, valid_until):
        if value is not None and timezone.is_naive(value):
            raise ValueError("Link validity bounds must be timezone-aware.")
    if valid_from and valid_until and valid_until <= valid_from:
        raise ValueError("A link must become valid before it expires.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    recipient.token_hash = token_hash(token)
    recipient.link_valid_from = valid_from
    recipient.link_valid_until = valid_until
    recipient.link_revoked_at = None
    recipient.link_issued_at = timezone.now()
    recipient.save(
        update_fields=[
            "token_hash",
            "link_valid_from",
            "link_valid_until",
            "link_revoked_at",
            "link_issued_at",
        ]
    )
    _relink_unsent(recipient, token)
    return token


def link_reissue(recipient: Recipient) -> str:
    """A new link with the same validity as the current one."""
    return link_issue(
        recipient,
        valid_from=recipient.link_valid_from,
        valid_until=recipient.link_valid_until,
    )


def _relink_unsent(recipient: Recipient, token: str) -> None:
    """Put ``token`` in the recipient's messages not yet sent (pending, being
    sent, or failed and to be tried again): the link they carry has just
    stopped working. Sent messages keep no link (``redact_links``)."""
    unsent = Message.objects.filter(
        recipient=recipient,
        status__in=(
            Message.Status.PENDING,
            Message.Status.SENDING,
            Message.Status.FAILED,
        ),
    ).only("pk", "body", "html")
    for message in unsent:
        body = LINK_IN_TEXT.sub(rf"\g<1>{token}\g<3>", message.body)
        html = LINK_IN_TEXT.sub(rf"\g<1>{token}\g<3>", message.html)
        if body != message.body or html != message.html:
            Message.objects.filter(pk=message.pk).update(body=body, html=html)


def redact_links(text: str) -> str:
    """``text`` with access-link secrets replaced by an ellipsis: once a
    message has left, the outbox keeps no working link."""
    return LINK_IN_TEXT.sub(r"\1…\3", text)


@transaction.atomic
def link_revoke(recipient: Recipient) -> None:
    """Withdraw the recipient's link."""
    if recipient.link_revoked_at is None:
        recipient.link_revoked_at = timezone.now()
        recipient.save(update_fields=["link_revoked_at"])


def link_url(path: str, token: str, *, language: str) -> str:
    """The absolute address of ``path`` (``…/link/{token}/``, without the
    language prefix) for ``token``, in ``language``."""
    if not path.rstrip("/").endswith("link/{token}"):
        raise ValueError("A link path ends in 'link/{token}/'.")
    prefix = "" if language == settings.LANGUAGE_CODE else f"{language}/"
    return (
        settings.SITE_URL.rstrip("/")
        + "/"
        + prefix
        + path.lstrip("/").format(token=token)
    )


def link_check(recipient: Recipient, *, now: dt.datetime | None = None) -> None:
    """LinkError unless the recipient's link works now (its request loaded)."""
    if recipient.link_revoked_at is not None:
        raise LinkError("revoked")
    request = recipient.request
    if request.status == Request.Status.CLOSED or (
        request.closes_on and timezone.localdate() > request.closes_on
    ):
        raise LinkError("closed")
    now = now or timezone.now()
    if request.status == Request.Status.DRAFT or (
        recipient.link_valid_from and now < recipient.link_valid_from
    ):
        raise LinkError("not_yet_valid")
    if recipient.link_valid_until and now >= recipient.link_valid_until:
        raise LinkError("expired")


def link_resolve(token: str, *, lock: bool = False) -> Recipient:
    """The recipient a link secret belongs to (with its request), or LinkError.

    With ``lock``, the recipient's row is locked until the end of the
    transaction (the caller must be inside ``transaction.atomic``). A module
    that needs its own object with it queries it by
    ``<relation>__token_hash=token_hash(token)`` and calls :func:`link_check`."""
    if lock and not connection.in_atomic_block:
        raise RuntimeError("link_resolve(lock=True) needs a transaction.")
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkError("invalid")
    rows = Recipient.objects.select_related("request")
    if lock:
        rows = rows.select_for_update(of=("self",))
    recipient = rows.filter(token_hash=token_hash(token)).first()
    if recipient is None:
        raise LinkError("invalid")
    link_check(recipient)
    return recipient
