"""The outbox: every e-mail is a Message row first, then sent by a task.

Idempotency rests on two things (docs/outreach.md):

1. ``dedupe_key`` is unique. Whoever decides that a message is due writes it
   under a key that names the decision (``invitation:<recipient>``,
   ``reminder:<rule>:<recipient>``…); deciding twice finds the key taken and
   writes nothing (:func:`message_enqueue` returns None).
2. Sending goes PENDING → SENDING → SENT. The django-tasks task ``deliver``
   (run by ``migdev db_worker``; there is no other queue) takes each message
   with one conditional ``UPDATE … WHERE status = 'pending'`` (or 'failed'
   with attempts left) and commits it before talking to the mail server. Two
   tasks given the same message, or a task and the scheduled ``run-due``, never
   both send it: only one UPDATE finds the row unchanged.

Failure cases:

- the mail server refuses or is unreachable: SMTP accepts a message only when
  it answers the end of DATA with 250, so an exception before then means it
  was not accepted. The message becomes FAILED and is tried again (a deferred
  task where the task backend can defer, else the next ``run-due``), up to
  ``MAX_ATTEMPTS`` attempts in all;
- the process dies after taking the message and before SENT is recorded:
  whether the server accepted it cannot be known from here. The message stays
  SENDING; after ``STALE_AFTER`` it is reported (``DeliveryReport.stale``,
  ``migdev outreach stale``) and is **not** resent blindly, because a second
  copy of an official letter is worse than a short delay. Its Message-ID is
  recorded when it is taken, so the mail server's log tells whether it left;
  a person then settles it with :func:`message_settle`.

Delivery outcomes are recorded in the audit trail as done by the system actor
(``core.audit.system_actor``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from migdev import languages
from migdev.core.audit import AuditEntry, audit_record, snapshot, system_actor
from migdev.outreach.links import (
    LINK_IN_TEXT,
    LinkError,
    link_resolve,
    redact_links,
)
from migdev.outreach.mail import Letter
from migdev.outreach.models import Message, Recipient, ReminderRule
from migdev.outreach.owners import composer_of

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: Wait before the next attempt after a failure, times the attempts made.
RETRY_AFTER = dt.timedelta(minutes=5)
STALE_AFTER = dt.timedelta(minutes=15)
NO_ADDRESS = (
    "No e-mail address: add one for the recipient (in the registry for a "
    "State), then send the message again from the recipient's log."
)
DEAD_LINK = (
    "Not sent: the link it carries no longer works (%(code)s). Send it again "
    "from the recipient's log if it is still wanted: it then gets a new link."
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


def unique_addresses(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault((v or "").strip(), None)
    return [v for v in seen if v]


# --- Enqueue -----------------------------------------------------------------


def message_enqueue(
    *,
    recipient: Recipient,
    kind: str,
    dedupe_key: str,
    letter: Letter | None,
    to: Sequence[str],
    cc: Sequence[str] = (),
    language: str | None = None,
    reminder_rule: ReminderRule | None = None,
    key_is_new: bool = False,
) -> Message | None:
    """Put a message in the outbox unless ``dedupe_key`` is already there.

    Returns the new message, or None when a message with that key exists
    (nothing is created). A message with neither a To nor a copy address is
    written NO_ADDRESS: it is never delivered, and the recipient is listed
    for follow-up. Nothing is sent here: call :func:`delivery_schedule` with
    the new messages' ids once they are written.

    ``letter`` None: the message is composed when it is sent, by the composer
    registered for the key's prefix (``owners.composer_register``).

    ``key_is_new``: the key names a row the caller's transaction has just
    created (a reply's new version), so no other decision can have taken it:
    the message is inserted without the savepoint that otherwise keeps the
    caller's transaction usable when the key is taken (two round trips less
    on every reply)."""
    if letter is None:
        if composer_of(dedupe_key) is None:
            raise ValueError(
                f"No composer is registered for {dedupe_key!r}: give the letter."
            )
        letter = Letter(subject="", text="")
    to = unique_addresses(to)
    cc = [c for c in unique_addresses(cc) if c not in to]
    message = Message(
        recipient=recipient,
        kind=kind,
        dedupe_key=dedupe_key,
        subject=" ".join(str(letter.subject).split())[:300],
        body=letter.text,
        html=letter.html,
        to=to,
        cc=cc,
        language=language or recipient.language,
        reminder_rule=reminder_rule,
    )
    if not to and not cc:
        message.status = Message.Status.NO_ADDRESS
        message.error = NO_ADDRESS
        # A message that cannot leave keeps no working link.
        message.body = redact_links(message.body)
        message.html = redact_links(message.html)
    if key_is_new:
        message.save(force_insert=True)
        return message
    # A savepoint, so that a key already taken (by an earlier decision, or by
    # another worker at the same moment) leaves the caller's transaction
    # usable.
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    return message


def delivery_schedule(ids: Iterable[int]) -> None:
    """Have the ``deliver`` task send these messages once the current
    transaction commits. With the database task backend on the same
    database, the task row is written in this transaction (the worker sees it
    when, and only if, the transaction commits, without a second one)."""
    ids = sorted(set(ids))
    if not ids:
        return
    from migdev.outreach.tasks import deliver

    if _tasks_in_this_database(deliver.get_backend()):
        deliver.enqueue(ids)
    else:
        transaction.on_commit(lambda: deliver.enqueue(ids))


def _tasks_in_this_database(backend: Any) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend
        return False
    from django.db import router

    return isinstance(backend, DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(Message)


# --- Deliver -----------------------------------------------------------------


def _deliverable() -> Q:
    return Q(status=Message.Status.PENDING) | Q(
        status=Message.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    )


def _take(pk: int, domain: str | None) -> Message | None:
    """Mark message ``pk`` SENDING if it is deliverable (one conditional
    UPDATE, committed at once); None if another run has it or it is done."""
    message_id = make_msgid(domain=domain)
    with transaction.atomic():
        taken = Message.objects.filter(_deliverable(), pk=pk).update(
            status=Message.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
            message_id=message_id,
        )
    if not taken:
        return None
    return Message.objects.select_related("recipient__request").get(pk=pk)


def _from_address(msg: Message) -> str:
    sender = msg.recipient.request.sender.strip()
    if not sender:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((sender, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def _build(msg: Message, mail_connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=msg.subject,
        body=msg.body,
        from_email=_from_address(msg),
        to=list(msg.to),
        cc=list(msg.cc),
        headers={"Message-ID": msg.message_id},
        connection=mail_connection,
    )
    if msg.html:
        email.attach_alternative(msg.html, "text/html")
    email.extra_headers["Content-Language"] = languages.get(msg.language).bcp47
    return email


def _audit(msg: Message, before: dict[str, Any]) -> None:
    msg.refresh_from_db()
    audit_record(
        actor=system_actor(),
        instance=msg,
        action=AuditEntry.Action.UPDATE,
        before=before,
    )


def _record_sent(msg: Message) -> None:
    now = timezone.now()
    before = snapshot(msg)
    with transaction.atomic():
        Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(
            status=Message.Status.SENT,
            sent_at=now,
            error="",
            claimed_at=None,
            body=redact_links(msg.body),
            html=redact_links(msg.html),
        )
        if msg.kind == Message.Kind.REMINDER:
            Recipient.objects.filter(pk=msg.recipient_id).update(
                reminder_count=F("reminder_count") + 1, last_reminded_at=now
            )
        elif msg.kind == Message.Kind.INVITATION:
            Recipient.objects.filter(pk=msg.recipient_id, invited_at=None).update(
                invited_at=now
            )
        _audit(msg, before)


def _record_failed(msg: Message, error: str, *, final: bool = False) -> bool:
    """FAILED; True if it will be tried again."""
    before = snapshot(msg)
    update: dict[str, Any] = {
        "status": Message.Status.FAILED,
        "error": error[:2000],
        "claimed_at": None,
    }
    again = not final and msg.attempts < MAX_ATTEMPTS
    if not again:
        update["attempts"] = max(msg.attempts, MAX_ATTEMPTS)
        # No more automatic attempts: keep no working link in the outbox.
        # "Send again" composes the message anew with a fresh link.
        update["body"] = redact_links(msg.body)
        update["html"] = redact_links(msg.html)
    with transaction.atomic():
        Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(
            **update
        )
        _audit(msg, before)
    return again


def _dead_link(msg: Message) -> str | None:
    """Why the access link ``msg`` carries would not work if sent now, or None
    (no link, or one that works; a link valid from the opening day counts as
    working)."""
    found = LINK_IN_TEXT.search(msg.body) or LINK_IN_TEXT.search(msg.html)
    if found is None:
        return None
    try:
        recipient = link_resolve(found.group(2))
    except LinkError as exc:
        if exc.code == "not_yet_valid":
            return None
        return exc.code
    return None if recipient.pk == msg.recipient_id else "invalid"


def _retry_later(msg: Message) -> None:
    """A deferred ``deliver`` task for a failed message, where the task
    backend can defer; otherwise the next ``run-due`` sends it."""
    from migdev.outreach.tasks import deliver

    if not deliver.get_backend().supports_defer:
        return
    when = timezone.now() + RETRY_AFTER * max(msg.attempts, 1)
    deliver.using(run_after=when).enqueue([msg.pk])


def _compose(msg: Message) -> None:
    """Compose a message enqueued without its letter (``message_enqueue``),
    with its module's composer, and store the text before it is sent."""
    compose = composer_of(msg.dedupe_key)
    if compose is None:
        raise LookupError(f"No composer is registered for {msg.dedupe_key!r}.")
    letter = compose(msg)
    msg.subject = " ".join(str(letter.subject).split())[:300]
    msg.body, msg.html = letter.text, letter.html
    Message.objects.filter(pk=msg.pk).update(
        subject=msg.subject, body=msg.body, html=msg.html
    )


def _send_one(msg: Message, mail_connection: Any, report: DeliveryReport) -> None:
    if not msg.body and not msg.subject:
        try:
            _compose(msg)
        except Exception as exc:  # nothing left: try again later
            log.exception("Message %s could not be composed", msg.pk)
            if _record_failed(msg, f"Not composed: {type(exc).__name__}: {exc}"):
                _retry_later(msg)
            report.failed.append(msg.pk)
            return
    if not msg.to and not msg.cc:
        before = snapshot(msg)
        Message.objects.filter(pk=msg.pk, status=Message.Status.SENDING).update(
            status=Message.Status.NO_ADDRESS,
            error=NO_ADDRESS,
            claimed_at=None,
            body=redact_links(msg.body),
            html=redact_links(msg.html),
        )
        _audit(msg, before)
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
        if _record_failed(msg, f"{type(exc).__name__}: {exc}"):
            _retry_later(msg)
        report.failed.append(msg.pk)
        return
    _record_sent(msg)
    report.sent.append(msg.pk)


def messages_stale(*, now: dt.datetime | None = None):
    """Messages taken for sending long ago and never recorded as sent."""
    return Message.objects.filter(
        status=Message.Status.SENDING,
        claimed_at__lt=(now or timezone.now()) - STALE_AFTER,
    )


def messages_deliver(ids: Iterable[int] | None = None) -> DeliveryReport:
    """Send the messages ``ids`` (default: every pending message, and failed
    ones with attempts left) that are still to be sent, once each.

    Safe to run from several workers at once. Run it outside a transaction
    (the task does), so that taking each message and its result are
    committed as they happen."""
    report = DeliveryReport()
    if ids is None:
        report.stale = list(messages_stale().values_list("pk", flat=True))
        for pk in report.stale:
            log.warning(
                "Message %s has been sending for more than %s: check the mail "
                "server's log for its Message-ID before sending it again.",
                pk,
                STALE_AFTER,
            )
        ids = (
            Message.objects.filter(_deliverable())
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].partition("@")[2] or None
    mail_connection = get_connection()
    try:
        for pk in list(ids):
            msg = _take(pk, domain)
            if msg is not None:
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
    """Mark a message BOUNCED, found by its Message-ID or its dedupe key
    (a job reading the bounces: the system actor)."""
    msg = _message_by_key(key)
    before = snapshot(msg)
    msg.status = Message.Status.BOUNCED
    msg.error = (reason or "Bounced.")[:2000]
    msg.save(update_fields=["status", "error"])
    audit_record(
        actor=system_actor(),
        instance=msg,
        action=AuditEntry.Action.UPDATE,
        before=before,
    )
    return msg


def message_settle(*, actor: Any, message: Message, was_sent: bool) -> Message:
    """Settle a message left SENDING after a crash, once a person has checked
    the mail server's log: record it as sent, or put it back to be sent.
    The caller checks ``actor``'s permission (``services.message_settle``)."""
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


def message_retry(
    *,
    actor: Any,
    message: Message,
    to: Sequence[str],
    cc: Sequence[str] = (),
    letter: Letter | None = None,
) -> Message:
    """Send a failed, bounced or unaddressed message again, to ``to``/``cc``;
    ``letter`` replaces the stored text (a fresh link). Still without an
    address, it stays NO_ADDRESS. The caller checks the permission."""
    if message.status not in RETRYABLE:
        raise ValueError(
            "Only a failed or bounced message, or one that had no address, can "
            "be sent again."
        )
    before = snapshot(message)
    message.to = unique_addresses(to)
    message.cc = [c for c in unique_addresses(cc) if c not in message.to]
    if letter is not None:
        message.subject = letter.subject
        message.body = letter.text
        message.html = letter.html
    message.status = Message.Status.PENDING
    message.attempts = 0
    message.error = ""
    if not message.to and not message.cc:
        message.status = Message.Status.NO_ADDRESS
        message.error = NO_ADDRESS
        message.body = redact_links(message.body)
        message.html = redact_links(message.html)
    message.save(
        update_fields=[
            "to",
            "cc",
            "subject",
            "body",
            "html",
            "status",
            "attempts",
            "error",
        ]
    )
    audit_record(
        actor=actor, instance=message, action=AuditEntry.Action.UPDATE, before=before
    )
    if message.status == Message.Status.PENDING:
        delivery_schedule([message.pk])
    return message
