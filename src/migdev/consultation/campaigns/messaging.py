"""The outbox: every e-mail to a recipient is a Message row first, then sent.

Idempotency rests on two things (docs/consultation-campaigns.md):

1. ``dedupe_key`` is unique. Whoever decides that a message is due writes it
   under a key that names the decision (``invitation:<recipient>``,
   ``reminder:<rule>:<recipient>``…); deciding twice finds the key taken and
   writes nothing (:func:`message_enqueue` returns None).
2. Sending goes PENDING → SENDING → SENT. A worker claims one message at a
   time (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, a compare-and-set
   ``UPDATE … WHERE status = 'pending'`` elsewhere), commits the claim, then
   talks to the mail server, then records SENT. Several workers never take the
   same message.

Failure cases:

- the mail server refuses or is unreachable: SMTP accepts a message only when
  it answers the end of DATA with 250, so an exception before then means it
  was not accepted. The message becomes FAILED and is retried on the next runs,
  up to ``MAX_ATTEMPTS`` attempts in all;
- the process dies after the claim and before SENT is recorded: whether the
  server accepted the message cannot be known from here. The message stays
  SENDING; after ``STALE_AFTER`` it is reported (``DeliveryReport.stale``, the
  job's output, the recipient's message log) and is **not** resent blindly,
  because a second copy of an official letter is worse than a short delay.
  Its Message-ID is recorded at the claim, so the mail server's log tells
  whether it left; a person then settles it with :func:`message_settle`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from migdev import languages
from migdev.consultation.campaigns.links import (
    LINK_IN_TEXT,
    LinkError,
    recipient_for_token,
)
from migdev.consultation.campaigns.models import Message, Recipient, ReminderRule
from migdev.outreach.richtext import (
    html_to_text,
    looks_like_html,
    sanitize,
    text_to_html,
)
from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.registry.models import Contact

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(minutes=15)
NO_ADDRESS = (
    "No e-mail address: add the Permanent Mission's or a focal point's e-mail "
    "in the registry, then send the message again from the recipient's log."
)
DEAD_LINK = (
    "Not sent: the reply link it carries no longer works (%(code)s). Send it "
    "again from the recipient's log if it is still wanted: it then gets a new link."
)
#: Statuses from which a person may have a message sent again.
RETRYABLE = (
    Message.Status.FAILED,
    Message.Status.BOUNCED,
    Message.Status.NO_ADDRESS,
)


@dataclass
class DeliveryReport:
    """What one delivery run did, by message id."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.sent)} sent, {len(self.failed)} failed, "
            f"{len(self.stale)} need a check (sending for more than "
            f"{int(STALE_AFTER.total_seconds() // 60)} minutes)"
        )


# --- Addresses ---------------------------------------------------------------


def recipient_addresses(
    recipient: Recipient, *, as_of: dt.date | None = None
) -> tuple[list[str], list[str]]:
    """To: the Permanent Mission (else the Permanent Representative, else the
    focal points); copy: the focal points. Current contacts of the registry."""
    contacts = list(
        Contact.objects.as_of(as_of or timezone.localdate())
        .filter(country_id=recipient.country_id)
        .exclude(email="")
        .order_by("kind", "name", "pk")
        .values_list("kind", "email")
    )

    def emails(kind: str) -> list[str]:
        return _unique(e for k, e in contacts if k == kind)

    focal = emails(Contact.Kind.FOCAL_POINT)
    to = emails(Contact.Kind.PERMANENT_MISSION) or emails(
        Contact.Kind.PERMANENT_REPRESENTATIVE
    )
    if not to:
        return focal, []
    return to, [e for e in focal if e not in to]


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v.strip(), None)
    return [v for v in seen if v]


# --- Enqueue -----------------------------------------------------------------


def message_enqueue(
    *,
    recipient: Recipient,
    kind: str,
    dedupe_key: str,
    subject: str,
    body: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    language: str,
    reminder_rule: ReminderRule | None = None,
) -> Message | None:
    """Put a message in the outbox unless ``dedupe_key`` is already there.

    ``body`` is an HTML fragment (allow-listed tags) or plain text; both
    parts of the e-mail are derived from it. Returns the new message, or
    None when a message with that key exists (nothing is created). A
    message with neither a To nor a copy address is written NO_ADDRESS: it
    is never delivered, and the State is listed for follow-up."""
    to = _unique(to)
    cc = [c for c in _unique(cc) if c not in to]
    message = Message(
        recipient=recipient,
        kind=kind,
        dedupe_key=dedupe_key,
        subject=" ".join(str(subject).split())[:300],
        body=str(body),
        to=to,
        cc=cc,
        language=language,
        reminder_rule=reminder_rule,
    )
    if not to and not cc:
        message.status = Message.Status.NO_ADDRESS
        message.error = NO_ADDRESS
        # A message that cannot leave keeps no working link.
        message.body = redact_links(message.body)
    if _can_insert_or_skip():
        # One statement: INSERT … ON CONFLICT (dedupe_key) DO NOTHING. A key
        # already taken, by an earlier decision or by another worker at the
        # same moment, inserts nothing and returns no id. Receipts are
        # enqueued on every submission, hence no check-then-insert here.
        return message if _insert_or_skip(message, "dedupe_key") else None
    if Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            message.save(force_insert=True)
            return message
    except IntegrityError:
        # Another worker wrote the same key between the check and the insert.
        if Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise


def _can_insert_or_skip() -> bool:
    features = connection.features
    return (
        features.supports_update_conflicts_with_target
        and features.can_return_columns_from_insert
    )


_insert_statements: dict[tuple[str, str], tuple[str, list]] = {}


def _insert_or_skip(instance: Message, conflict_field: str) -> bool:
    """Insert ``instance``, or nothing if a row with the same
    ``conflict_field`` (a unique column) exists; True if it was inserted.

    The values are prepared as ``Model.save()`` prepares them (each field's
    ``pre_save`` and ``get_db_prep_save``: defaults, ``auto_now_add``, JSON);
    the statement is written once per vendor. Only conflicts on
    ``conflict_field`` are skipped: any other constraint still raises."""
    meta = instance._meta
    key = (connection.vendor, conflict_field)
    cached = _insert_statements.get(key)
    if cached is None:
        qn = connection.ops.quote_name
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        sql = (
            f"INSERT INTO {qn(meta.db_table)} "
            f"({', '.join(qn(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({qn(meta.get_field(conflict_field).column)}) DO NOTHING "
            f"RETURNING {qn(meta.pk.column)}"
        )
        cached = _insert_statements[key] = (sql, fields)
    sql, fields = cached
    params = [
        f.get_db_prep_save(f.pre_save(instance, True), connection=connection)
        for f in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True


# --- Deliver -----------------------------------------------------------------


def _deliverable() -> Q:
    return Q(status=Message.Status.PENDING) | Q(
        status=Message.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    )


def _claim_next(exclude: set[int]) -> Message | None:
    """Take one deliverable message for this worker, or None."""
    now = timezone.now()
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].partition("@")[2] or None
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            msg = (
                Message.objects.select_for_update(skip_locked=True)
                .filter(_deliverable())
                .exclude(pk__in=exclude)
                .order_by("pk")
                .first()
            )
            if msg is None:
                return None
            msg.status = Message.Status.SENDING
            msg.claimed_at = now
            msg.attempts += 1
            msg.message_id = make_msgid(domain=domain)
            msg.save(update_fields=["status", "claimed_at", "attempts", "message_id"])
            return msg
    candidates = (
        Message.objects.filter(_deliverable())
        .exclude(pk__in=exclude)
        .order_by("pk")
        .values_list("pk", "status", "attempts")[:20]
    )
    for pk, status, attempts in candidates:
        # Compare-and-set: only one worker's UPDATE finds the row unchanged.
        taken = Message.objects.filter(pk=pk, status=status, attempts=attempts).update(
            status=Message.Status.SENDING,
            claimed_at=now,
            attempts=attempts + 1,
            message_id=make_msgid(domain=domain),
        )
        if taken:
            return Message.objects.get(pk=pk)
    return None


def _from_address(msg: Message) -> str:
    sender = msg.recipient.campaign.sender.strip()
    if not sender:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((sender, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def _build(msg: Message, mail_connection) -> EmailMultiAlternatives:
    if looks_like_html(msg.body):
        # Cleaned again on the way out: only the letter's allow-list is mailed.
        html = sanitize(msg.body)
        text = html_to_text(html)
    else:
        html, text = text_to_html(msg.body), msg.body
    email = EmailMultiAlternatives(
        subject=msg.subject,
        body=text,
        from_email=_from_address(msg),
        to=list(msg.to),
        cc=list(msg.cc),
        headers={"Message-ID": msg.message_id},
        connection=mail_connection,
    )
    language = languages.get(msg.language)
    lang, direction = language.bcp47, language.direction
    email.attach_alternative(
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head>'
        f'<meta charset="utf-8"></head><body>{html}</body></html>',
        "text/html",
    )
    email.extra_headers["Content-Language"] = lang
    return email


def redact_links(body: str) -> str:
    """The body with access-link secrets replaced by an ellipsis: once a message
    has left, the outbox keeps no working link."""
    return LINK_IN_TEXT.sub(r"\1…\3", body)


def _record_sent(msg: Message) -> None:
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(
            status=Message.Status.SENT,
            sent_at=now,
            error="",
            claimed_at=None,
            body=redact_links(msg.body),
        )
        if msg.kind == Message.Kind.REMINDER:
            Recipient.objects.filter(pk=msg.recipient_id).update(
                reminder_count=F("reminder_count") + 1, last_reminded_at=now
            )
        elif msg.kind == Message.Kind.INVITATION:
            Recipient.objects.filter(pk=msg.recipient_id, invited_at=None).update(
                invited_at=now
            )


def _record_failed(msg: Message, error: str, *, final: bool = False) -> None:
    update = {
        "status": Message.Status.FAILED,
        "error": error[:2000],
        "claimed_at": None,
    }
    if final or msg.attempts >= MAX_ATTEMPTS:
        update["attempts"] = max(msg.attempts, MAX_ATTEMPTS)
        # No more automatic attempts: keep no working link in the outbox.
        # "Send again" composes the message anew with a fresh link.
        update["body"] = redact_links(msg.body)
    Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(**update)


def _dead_link(msg: Message) -> str | None:
    """Why the access link ``msg`` carries would not work if sent now, or None
    (no link, or one that works; a link valid from the opening day counts as
    working)."""
    found = LINK_IN_TEXT.search(msg.body)
    if found is None:
        return None
    try:
        recipient = recipient_for_token(found.group(2))
    except LinkError as exc:
        if exc.code == "not_yet_valid":
            return None
        return exc.code
    return None if recipient.pk == msg.recipient_id else "invalid"


def _send_one(msg: Message, mail_connection, report: DeliveryReport) -> None:
    if not msg.to and not msg.cc:
        Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(
            status=Message.Status.NO_ADDRESS,
            error=NO_ADDRESS,
            claimed_at=None,
            body=redact_links(msg.body),
        )
        report.failed.append(msg.pk)
        return
    dead = _dead_link(msg)
    if dead is not None:
        # Never mail a link that does not work: "send again" from the
        # recipient's log composes the message anew with a fresh link.
        _record_failed(msg, DEAD_LINK % {"code": dead}, final=True)
        report.failed.append(msg.pk)
        return
    try:
        _build(msg, mail_connection).send()
    except Exception as exc:  # the server did not accept it: safe to retry
        log.warning("Message %s not sent: %s", msg.pk, exc)
        _record_failed(msg, f"{type(exc).__name__}: {exc}")
        report.failed.append(msg.pk)
        return
    _record_sent(msg)
    report.sent.append(msg.pk)


def messages_stale(*, now: dt.datetime | None = None):
    """Messages claimed for sending long ago and never recorded as sent."""
    return Message.objects.filter(
        status=Message.Status.SENDING,
        claimed_at__lt=(now or timezone.now()) - STALE_AFTER,
    )


def messages_deliver(*, limit: int | None = None) -> DeliveryReport:
    """Send pending messages (and failed ones with attempts left), once each.

    Safe to run from several workers at once. Run it outside a transaction
    (the job and ``transaction.on_commit`` do), so that each claim and each
    result is committed as it happens."""
    report = DeliveryReport(stale=list(messages_stale().values_list("pk", flat=True)))
    for pk in report.stale:
        log.warning(
            "Message %s has been sending for more than %s: check the mail "
            "server's log for its Message-ID before sending it again.",
            pk,
            STALE_AFTER,
        )
    handled: set[int] = set()
    mail_connection = get_connection()
    try:
        while limit is None or len(handled) < limit:
            msg = _claim_next(handled)
            if msg is None:
                break
            handled.add(msg.pk)
            msg = Message.objects.select_related("recipient__campaign").get(pk=msg.pk)
            _send_one(msg, mail_connection, report)
    finally:
        mail_connection.close()
    return report


# --- After sending -------------------------------------------------------------


def _message_by_key(key: str) -> Message:
    key = (key or "").strip()
    bare = key.strip("<>")
    msg = (
        Message.objects.filter(
            Q(dedupe_key=key) | Q(message_id=f"<{bare}>") | Q(message_id=bare)
        )
        .order_by("pk")
        .first()
    )
    if msg is None:
        raise LookupError(f"No message has the Message-ID or key {key!r}.")
    return msg


@transaction.atomic
def message_record_bounce(key: str, reason: str) -> Message:
    """Mark a message BOUNCED, found by its Message-ID or its dedupe key."""
    msg = _message_by_key(key)
    msg.status = Message.Status.BOUNCED
    msg.error = (reason or "Bounced.")[:2000]
    msg.save(update_fields=["status", "error"])
    return msg


@transaction.atomic
def message_settle(*, actor, message: Message, was_sent: bool) -> Message:
    """Settle a message left SENDING after a crash, once a person has checked
    the mail server's log: record it as sent, or put it back to be sent."""
    if message.status != Message.Status.SENDING:
        raise ValueError("Only a message that is still sending can be settled.")
    before = snapshot(message)
    if was_sent:
        message.status = Message.Status.SENT
        message.sent_at = message.claimed_at or timezone.now()
    else:
        message.status = Message.Status.PENDING
    message.claimed_at = None
    message.save(update_fields=["status", "sent_at", "claimed_at"])
    if was_sent and message.kind == Message.Kind.REMINDER:
        Recipient.objects.filter(pk=message.recipient_id).update(
            reminder_count=F("reminder_count") + 1, last_reminded_at=message.sent_at
        )
    audit_record(
        actor=actor, instance=message, action=AuditEntry.Action.UPDATE, before=before
    )
    return message


@transaction.atomic
def message_retry(
    *, actor, message: Message, subject: str | None = None, body: str | None = None
) -> Message:
    """Send a failed, bounced or unaddressed message again, to the registry's
    current addresses; ``subject``/``body`` replace the stored ones (a fresh
    link). Still without an address, it stays NO_ADDRESS."""
    if message.status not in RETRYABLE:
        raise ValueError(
            "Only a failed or bounced message, or one that had no address, can "
            "be sent again."
        )
    before = snapshot(message)
    if message.kind != Message.Kind.RECEIPT:
        message.to, message.cc = recipient_addresses(message.recipient)
    if subject is not None:
        message.subject = subject
    if body is not None:
        message.body = body
    message.status = Message.Status.PENDING
    message.attempts = 0
    message.error = ""
    if not message.to and not message.cc:
        message.status = Message.Status.NO_ADDRESS
        message.error = NO_ADDRESS
        message.body = redact_links(message.body)
    message.save(
        update_fields=["to", "cc", "subject", "body", "status", "attempts", "error"]
    )
    audit_record(
        actor=actor, instance=message, action=AuditEntry.Action.UPDATE, before=before
    )
    return message
