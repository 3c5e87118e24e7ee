"""Access links: one unguessable, revocable link per recipient State.

The link carries a random secret (``secrets.token_urlsafe(32)``, 256 bits).
Only its SHA-256 is stored in ``Recipient.token_hash``, so a copy of the
database gives no working link, and the look-up is by hash: comparing hashes
through a unique index leaks nothing useful about the secret through timing.
Issuing a new link replaces the old one, which stops working at once; the
messages of the recipient still waiting in the outbox are given the new link
in the same transaction, so that none goes out with a link that no longer
works (a reminder due before the invitation has left, a link issued again by
the secretariat). The outbox also checks each link as it sends
(``messaging``).

A link works when all of these hold (checked in this order, each with its
own error code and a message that says what to do):

- the secret matches a recipient (``invalid`` otherwise: unknown or altered);
- it has not been revoked (``revoked``);
- the campaign is neither closed nor past its closing date (``closed``);
- the campaign has been dispatched and now is not before ``link_valid_from``
  (``not_yet_valid``), and not after ``link_valid_until`` (``expired``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns.models import Campaign, Message, Recipient
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.registry.models import Country

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything far longer is not a token.
_MAX_TOKEN_LENGTH = 100

LINK_PATH = "consultations/replies/link/{token}/"
#: A link's secret where a message's body carries it (group 2).
LINK_IN_TEXT = re.compile(r"(/consultations/replies/link/)([A-Za-z0-9_-]{20,})(/)")

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


class LinkError(Exception):
    """An access link that cannot be used; ``code`` is one of MESSAGES' keys."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = str(message or MESSAGES[code])
        super().__init__(self.message)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def link_issue(
    recipient: Recipient,
    *,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> str:
    """Give ``recipient`` a new link secret and return it (it is not stored).

    Any earlier link of the recipient stops working."""
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


def _relink_unsent(recipient: Recipient, token: str) -> None:
    """Put ``token`` in the messages of ``recipient`` not yet sent (pending,
    being sent, or failed and to be tried again): the link they carry has
    just stopped working. Sent messages keep no link (``redact_links``)."""
    unsent = Message.objects.filter(
        recipient=recipient,
        status__in=(
            Message.Status.PENDING,
            Message.Status.SENDING,
            Message.Status.FAILED,
        ),
    ).only("pk", "body")
    for message in unsent:
        body = LINK_IN_TEXT.sub(rf"\g<1>{token}\g<3>", message.body)
        if body != message.body:
            Message.objects.filter(pk=message.pk).update(body=body)


@transaction.atomic
def link_revoke(recipient: Recipient) -> None:
    """Withdraw the recipient's link. Focal points who log in still reach the reply."""
    if recipient.link_revoked_at is None:
        recipient.link_revoked_at = timezone.now()
        recipient.save(update_fields=["link_revoked_at"])


def link_path(token: str, *, language: str) -> str:
    prefix = "" if language == settings.LANGUAGE_CODE else f"{language}/"
    return "/" + prefix + LINK_PATH.format(token=token)


def link_url(recipient: Recipient, token: str, *, language: str) -> str:
    """The absolute address of the reply form behind ``token``, in ``language``."""
    return settings.SITE_URL.rstrip("/") + link_path(token, language=language)


def link_default_validity(
    campaign: Campaign,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From the opening day to the end of the closing day (if one is set)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(campaign.opens_on, dt.time.min, tzinfo=tz)
    end = None
    if campaign.closes_on:
        end = dt.datetime.combine(
            campaign.closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
    return start, end


# The look-up of a link is on the path of every request made through a link,
# so it is one plain statement, written once per database vendor, rather than a
# joined ORM query compiled at each request. It loads what the reply's pages,
# API and save need: the recipient, its campaign, questionnaire and country,
# each as a complete model instance (the fields' own converters applied).
_TOKEN_JOINS = (
    # (model, alias, alias of the row that holds the foreign key, its name)
    (Recipient, "r", None, None),
    (Campaign, "c", "r", "campaign"),
    (Questionnaire, "q", "c", "questionnaire"),
    (Country, "k", "r", "country"),
)
_token_queries: dict[tuple[str, bool], tuple[str, list]] = {}
# Row locks where the database has them (SQLite serializes writers instead).
_FOR_UPDATE = {
    "postgresql": " FOR UPDATE OF r",
    "mysql": " FOR UPDATE",
    "oracle": " FOR UPDATE",
}


def _token_query(lock: bool) -> tuple[str, list]:
    """The statement and, per model, its fields with their converters."""
    cached = _token_queries.get((connection.vendor, lock))
    if cached is not None:
        return cached
    qn = connection.ops.quote_name
    models = {alias: model for model, alias, _owner, _fk in _TOKEN_JOINS}
    columns, tables, loaders = [], [], []
    for model, alias, owner, fk in _TOKEN_JOINS:
        fields = list(model._meta.concrete_fields)
        converters = []
        for f in fields:
            columns.append(f"{alias}.{qn(f.column)}")
            col = f.get_col(alias)
            funcs = connection.ops.get_db_converters(col) + col.get_db_converters(
                connection
            )
            converters.append((col, tuple(funcs)))
        loaders.append((model, alias, [f.attname for f in fields], converters))
        table = f"{qn(model._meta.db_table)} {alias}"
        if owner is not None:
            column = models[owner]._meta.get_field(fk).column
            table = (
                f"JOIN {table} ON {alias}.{qn(model._meta.pk.column)} = "
                f"{owner}.{qn(column)}"
            )
        tables.append(table)
    token_column = qn(Recipient._meta.get_field("token_hash").column)
    sql = (
        f"SELECT {', '.join(columns)} FROM {' '.join(tables)} "
        f"WHERE r.{token_column} = %s"
    )
    if lock:
        sql += _FOR_UPDATE.get(connection.vendor, "")
    _token_queries[(connection.vendor, lock)] = (sql, loaders)
    return sql, loaders


def _recipient_by_hash(digest: str, lock: bool) -> Recipient | None:
    sql, loaders = _token_query(lock)
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    instances: dict[str, Any] = {}
    start = 0
    for model, alias, attnames, converters in loaders:
        values = list(row[start : start + len(attnames)])
        start += len(attnames)
        for i, (col, funcs) in enumerate(converters):
            for func in funcs:
                values[i] = func(values[i], col, connection)
        instances[alias] = model.from_db(connection.alias, attnames, values)
    for _model, alias, owner, fk in _TOKEN_JOINS:
        if owner is not None:
            holder = instances[owner]
            holder._meta.get_field(fk).set_cached_value(holder, instances[alias])
    return instances["r"]


def recipient_for_token(token: str, *, lock: bool = False) -> Recipient:
    """The recipient a link secret belongs to, or LinkError saying why not.

    The recipient comes with its campaign, the campaign's questionnaire and
    its country loaded (one statement). With ``lock``, the same statement
    locks the recipient's row until the end of the transaction (``SELECT …
    FOR UPDATE``), as ``responses.services`` does before a save: the caller
    must be inside ``transaction.atomic``."""
    if lock and not connection.in_atomic_block:
        raise RuntimeError("recipient_for_token(lock=True) needs a transaction.")
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        raise LinkError("invalid")
    recipient = _recipient_by_hash(token_hash(token), lock)
    if recipient is None:
        raise LinkError("invalid")
    if recipient.link_revoked_at is not None:
        raise LinkError("revoked")
    campaign = recipient.campaign
    if campaign.status == Campaign.Status.CLOSED or (
        campaign.closes_on and timezone.localdate() > campaign.closes_on
    ):
        raise LinkError("closed")
    now = timezone.now()
    if campaign.status == Campaign.Status.DRAFT or (
        recipient.link_valid_from and now < recipient.link_valid_from
    ):
        raise LinkError("not_yet_valid")
    if recipient.link_valid_until and now >= recipient.link_valid_until:
        raise LinkError("expired")
    return recipient
