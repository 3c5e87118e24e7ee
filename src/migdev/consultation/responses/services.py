"""Writes of replies: a draft or a submission is a new version, never an edit.

Every write locks the recipient's row first (``select_for_update``), so that
two submissions for one State are taken one after the other, never
interleaved. On top of the lock, the protocol is that of ODK Central:

- *idempotency*: the client chooses a ``submission_key`` per submission. The
  same key sent again with the same content returns the version already saved
  (``created=False``); the same key with other content is refused.
- *conflict*: the client says which version it has seen (``based_on``; None
  when it has seen none). If a newer version exists, the write is refused with
  ``ResponseConflict`` carrying the latest number (HTTP 409), so a stale tab
  never silently overwrites a colleague's reply.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.db.models import Max, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.compiled import compile_questionnaire
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.consultation.responses.models import ResponseVersion
from migdev.consultation.responses.rules import ENTER_REPLY
from migdev.core import compiled, uploads
from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.core.i18n import LocalizedText, un_date, un_datetime
from migdev.outreach.mail import Letter
from migdev.outreach.models import Message
from migdev.outreach.models import Recipient as OutreachRecipient
from migdev.registry import permissions
from migdev.registry.models import Contact
from migdev.registry.selectors import name_on

KEY_MAX_LENGTH = 64


class ReplyError(Exception):
    """A reply that cannot be saved; ``code`` and ``status`` drive the API."""

    code = "error"
    status = 400

    def __init__(self, message: str, **extra: Any) -> None:
        self.message = str(message)
        self.extra = extra
        super().__init__(self.message)


class ResponseClosed(ReplyError):
    """The campaign does not take replies (not open yet, or closed)."""

    code = "closed"
    status = 410


class ResponseConflict(ReplyError):
    """The reply claims to replace a version it has not seen (HTTP 409)."""

    code = "conflict"
    status = 409

    def __init__(self, message: str, *, latest_version: int | None) -> None:
        super().__init__(message, latest_version=latest_version)
        self.latest_version = latest_version


class KeyReused(ResponseConflict):
    """A submission key already used for different content (HTTP 409)."""

    code = "key_reused"


class ResponseInvalid(ReplyError):
    """Answers that do not fit the questionnaire; ``errors`` per question name."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, errors: dict[str, str]) -> None:
        super().__init__(message, details=errors)
        self.errors = errors


# --- Checks ---------------------------------------------------------------------


def _check_open(campaign: Campaign) -> None:
    today = timezone.localdate()
    if campaign.status == Campaign.Status.DRAFT or today < campaign.opens_on:
        raise ResponseClosed(
            _(
                "This consultation is not open yet: replies can be entered from "
                "%(date)s."
            )
            % {"date": un_date(campaign.opens_on)}
        )
    closed_on = None
    if campaign.closes_on and today > campaign.closes_on:
        closed_on = campaign.closes_on
    elif campaign.status == Campaign.Status.CLOSED:
        closed_on = (
            timezone.localdate(campaign.closed_at)
            if campaign.closed_at
            else campaign.closes_on or today
        )
    if closed_on is not None:
        raise ResponseClosed(
            _(
                "This consultation closed on %(date)s; replies can no longer be "
                "changed. Write to the secretariat."
            )
            % {"date": un_date(closed_on)}
        )


def _check_key(submission_key: str) -> str:
    key = (submission_key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ValidationError(
            {
                "submission_key": _(
                    "Give a submission key of 1 to 64 characters, new for each "
                    "submission (a UUID is best) and the same when you send it again."
                )
            }
        )
    return key


def _clean(recipient: Recipient, answers: Any, *, partial: bool) -> dict[str, Any]:
    if not isinstance(answers, dict):
        raise ResponseInvalid(
            _("The answers must be an object keyed by question name."),
            errors={"__all__": gettext("Send the answers as {question_name: value}.")},
        )
    try:
        return clean_answers(recipient.campaign.questionnaire, answers, partial=partial)
    except AnswerErrors as exc:
        raise ResponseInvalid(
            _("Some answers need attention; see the message beside each question."),
            errors={name: str(message) for name, message in exc.errors.items()},
        ) from exc


def _lock(recipient: Recipient) -> Recipient:
    """Lock the recipient's row until the end of the transaction (``SELECT …
    FOR UPDATE OF`` its table only; SQLite takes writers one at a time
    instead) and read it afresh with what the save decides on: its status and
    dates, its campaign's status and its request's dates."""
    return (
        Recipient.objects.select_related(
            "campaign__request", "campaign__questionnaire", "country", "outreach"
        )
        .select_for_update(of=("self",))
        .get(pk=recipient.pk)
    )


def _latest_number(recipient: Recipient) -> int | None:
    return ResponseVersion.objects.filter(recipient=recipient).aggregate(
        n=Max("number")
    )["n"]


def _key_and_latest(
    recipient: Recipient, key: str
) -> tuple[ResponseVersion | None, int | None]:
    """In one statement: the version saved under ``key`` (if any) and the
    latest version number (on every submission: compiled once,
    ``core.compiled``)."""
    versions = ResponseVersion.objects.filter(recipient=recipient.pk)

    def build():
        latest = versions.order_by().values("recipient").annotate(n=Max("number"))
        return versions.filter(
            Q(submission_key=key) | Q(number=Subquery(latest.values("n")))
        ).order_by()

    rows = compiled.rows(
        "responses.key_and_latest",
        [recipient.pk, key, recipient.pk],
        build,
        ("pk", "number", "submission_key"),
    )
    latest = max((r.number for r in rows), default=None)
    existing_pk = next((r.pk for r in rows if r.submission_key == key), None)
    existing = (
        ResponseVersion.objects.get(pk=existing_pk) if existing_pk is not None else None
    )
    return existing, latest


def _at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


# --- Writes ----------------------------------------------------------------------


@transaction.atomic
def response_save(
    *,
    recipient: Recipient,
    answers: dict[str, Any],
    kind: str,
    submission_key: str,
    based_on: int | None,
    actor: Any = None,
    language: str,
    channel: str = ResponseVersion.Channel.WEB,
) -> tuple[ResponseVersion, bool]:
    """Save a draft or a submission of ``recipient``'s reply as a new version.

    Returns ``(version, created)``; ``created`` is False when the same
    submission (same key, same content) was already saved. Raises
    ``ResponseClosed``, ``ResponseConflict`` (or ``KeyReused``),
    ``ResponseInvalid``, or ``ValidationError`` for a malformed key.
    """
    key = _check_kind_and_key(kind, submission_key)
    return _save_locked(
        recipient=_lock(recipient),
        answers=answers,
        kind=kind,
        key=key,
        based_on=based_on,
        actor=actor,
        language=language,
        channel=channel,
    )


@transaction.atomic
def response_save_by_link(
    *,
    token: str,
    answers: dict[str, Any],
    kind: str,
    submission_key: str,
    based_on: int | None,
    language: str | None,
    channel: str = ResponseVersion.Channel.API,
) -> tuple[ResponseVersion, bool]:
    """As ``response_save``, for the holder of an access link's secret: the
    link's look-up and checks and the recipient's row lock are one statement
    (``links.recipient_for_token(lock=True)``). Also raises ``LinkError``
    (nothing saved). ``language`` None: the State's language."""
    from migdev.consultation.campaigns.links import recipient_for_token

    recipient = recipient_for_token(token, lock=True)
    key = _check_kind_and_key(kind, submission_key)
    return _save_locked(
        recipient=recipient,
        answers=answers,
        kind=kind,
        key=key,
        based_on=based_on,
        actor=None,
        language=language or recipient.language,
        channel=channel,
    )


def _check_kind_and_key(kind: str, submission_key: str) -> str:
    if kind not in ResponseVersion.Kind.values:
        raise ValidationError({"kind": _("The kind must be 'draft' or 'submission'.")})
    return _check_key(submission_key)


def _save_locked(
    *,
    recipient: Recipient,
    answers: dict[str, Any],
    kind: str,
    key: str,
    based_on: int | None,
    actor: Any,
    language: str,
    channel: str,
) -> tuple[ResponseVersion, bool]:
    """The save itself; the recipient's row is locked and freshly read."""
    campaign = recipient.campaign
    _check_open(campaign)
    existing, latest = _key_and_latest(recipient, key)
    partial = kind == ResponseVersion.Kind.DRAFT
    if existing is not None:
        try:
            cleaned = _clean(recipient, answers, partial=partial)
        except ResponseInvalid:
            cleaned = None
        if (
            cleaned == existing.answers
            and existing.kind == kind
            and existing.based_on == based_on
        ):
            existing.recipient = recipient
            return existing, False
        raise KeyReused(
            _(
                "This submission key was already used for different content. Use "
                "a new key for each new submission."
            ),
            latest_version=latest,
        )
    if based_on != latest:
        raise ResponseConflict(
            _(
                "This reply has changed since you opened it: version %(latest)s was "
                "saved in the meantime. Reload the form to see it, then make your "
                "changes again."
            )
            % {"latest": latest},
            latest_version=latest,
        )
    cleaned = _clean(recipient, answers, partial=partial)
    version = _version_create(
        recipient=recipient,
        number=(latest or 0) + 1,
        kind=kind,
        answers=cleaned,
        language=language,
        key=key,
        based_on=based_on,
        channel=channel,
        actor=actor,
    )
    if kind == ResponseVersion.Kind.SUBMISSION:
        _receipt_enqueue(version=version, actor=actor)
    return version, True


def response_enter_for_state(
    *,
    actor: Any,
    recipient: Recipient,
    answers: dict[str, Any],
    received_on: dt.date,
    original_file: Any,
    channel: str = ResponseVersion.Channel.SECRETARIAT,
    language: str | None = None,
    submission_key: str | None = None,
) -> tuple[ResponseVersion, bool]:
    """Enter a reply received by fax, e-mail or post on the State's behalf.

    The version is a submission marked as entered by the secretariat, with the
    original document attached (checked in ``uploads``); the State counts as
    having replied on ``received_on``. Answers may be partial or empty: the
    document is the reply as the State sent it. The caller checks that
    ``actor`` may do this (``enter_reply``).

    The document is written to storage before the version row, inside the
    transaction, so that a committed version always has its file; if the save
    fails after that (a refusal, a database error), the file is deleted as the
    transaction rolls back, so that no document is left on disk without the
    reply that carried it. Call it outside any transaction of your own (views
    do): a rollback of an enclosing transaction after it returned would leave
    the file behind.
    """
    written: list[str] = []
    try:
        return _enter_for_state(
            actor=actor,
            recipient=recipient,
            answers=answers,
            received_on=received_on,
            original_file=original_file,
            channel=channel,
            language=language,
            submission_key=submission_key,
            written=written,
        )
    except BaseException:
        for name in written:
            ResponseVersion._meta.get_field("attachment").storage.delete(name)
        raise


@transaction.atomic
def _enter_for_state(
    *,
    actor: Any,
    recipient: Recipient,
    answers: dict[str, Any],
    received_on: dt.date,
    original_file: Any,
    channel: str,
    language: str | None,
    submission_key: str | None,
    written: list[str],
) -> tuple[ResponseVersion, bool]:
    permissions.require(actor, ENTER_REPLY, recipient)
    if original_file is None:
        raise ValidationError(
            {"original_file": _("Attach the document received from the State.")}
        )
    try:
        checked = uploads.check_upload(original_file)
    except ValidationError as exc:
        raise ValidationError({"original_file": exc.messages}) from exc
    key = _check_key(submission_key or uuid.uuid4().hex)
    recipient = _lock(recipient)
    campaign = recipient.campaign
    _check_open(campaign)
    today = timezone.localdate()
    if received_on > today or received_on < campaign.opens_on:
        raise ValidationError(
            {
                "received_on": _(
                    "The date received must be between the opening of the "
                    "consultation (%(opens)s) and today."
                )
                % {"opens": un_date(campaign.opens_on)}
            }
        )
    existing = ResponseVersion.objects.filter(
        recipient=recipient, submission_key=key
    ).first()
    if existing is not None:
        return existing, False
    latest = _latest_number(recipient)
    cleaned = _clean(recipient, answers, partial=True)
    original_file.seek(0)
    version = _version_create(
        recipient=recipient,
        number=(latest or 0) + 1,
        kind=ResponseVersion.Kind.SUBMISSION,
        answers=cleaned,
        language=language or recipient.language,
        key=key,
        based_on=latest,
        channel=channel,
        actor=actor,
        attachment=File(original_file, name=checked.storage_name()),
        attachment_name=checked.original_name,
        received_on=received_on,
        written=written,
    )
    return version, True


def _version_create(
    *,
    recipient: Recipient,
    number: int,
    kind: str,
    answers: dict[str, Any],
    language: str,
    key: str,
    based_on: int | None,
    channel: str,
    actor: Any,
    attachment: File | None = None,
    attachment_name: str = "",
    received_on: dt.date | None = None,
    written: list[str] | None = None,
) -> ResponseVersion:
    """Insert the version and bring the recipient's roster entry up to date.
    The recipient row must be locked by the caller."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    version = ResponseVersion(
        recipient=recipient,
        number=number,
        kind=kind,
        answers=answers,
        language=language,
        submission_key=key,
        based_on=based_on,
        channel=channel,
        created_by=user,
        received_on=received_on,
        attachment_name=attachment_name[:200],
    )
    if attachment is not None:
        version.attachment.save(attachment.name, attachment, save=False)
        if written is not None:
            written.append(version.attachment.name)
    version.save(force_insert=True)

    now = timezone.now()
    before = snapshot(recipient)
    fields = []
    if kind == ResponseVersion.Kind.SUBMISSION:
        moment = _at_noon(received_on) if received_on else now
        if recipient.status != Recipient.Status.SUBMITTED:
            recipient.status = Recipient.Status.SUBMITTED
            fields.append("status")
            # Answered: outreach sends the State no more reminders.
            OutreachRecipient.objects.filter(
                pk=recipient.outreach_id, done_at=None
            ).update(done_at=moment)
        if recipient.completed_at is None or (
            received_on and moment < recipient.completed_at
        ):
            recipient.completed_at = moment
            fields.append("completed_at")
        recipient.last_submitted_at = now
        fields.append("last_submitted_at")
    elif recipient.status == Recipient.Status.NOT_STARTED:
        recipient.status = Recipient.Status.DRAFTING
        fields.append("status")
    if fields:
        recipient.save(update_fields=fields)
    if "status" in fields or "completed_at" in fields:
        # The version row itself records who and when (``last_submitted_at``
        # is its time); the audit trail records what the reply changed on the
        # State's roster entry: its status and the date it counts as replied.
        audit_record(
            actor=user,
            instance=recipient,
            action=AuditEntry.Action.UPDATE,
            before=before,
        )
    return version


# --- Receipt ---------------------------------------------------------------------


def receipt_addresses(recipient: Recipient, actor: Any) -> list[str]:
    """Whom a receipt goes to: the user who submitted, else the State's focal
    points (a submission through an access link has no user)."""
    email = (
        getattr(actor, "email", "") if getattr(actor, "is_authenticated", False) else ""
    )
    if email:
        return [email]
    return _focal_point_emails(recipient.country_id, timezone.localdate())


def _focal_point_emails(country_id: int, day: dt.date) -> list[str]:
    """The e-mail addresses of the country's focal points on ``day``
    (``Contact.objects.as_of(day)``), sorted, without repeats. On every
    submission through a link: compiled once (``core.compiled``)."""
    on = connection.ops.adapt_datefield_value(day)  # as the ORM binds it

    def build():
        return (
            Contact.objects.filter(country=country_id, kind=Contact.Kind.FOCAL_POINT)
            .exclude(email="")
            .as_of(day)
            .values("email")
            .distinct()
            .order_by()
        )

    rows = compiled.rows(
        "responses.focal_point_emails",
        [country_id, Contact.Kind.FOCAL_POINT, "", on, on],
        build,
        ("email",),
    )
    return sorted(r.email for r in rows)


#: The outbox's dedupe keys of receipts: ``"responses.receipt:<version pk>"``.
RECEIPT = "responses.receipt"


def _receipt_enqueue(*, version: ResponseVersion, actor: Any) -> Message | None:
    """Put the receipt of a submission in the outbox, to be composed and sent
    by the delivery task (``receipt_compose``): the request writes one row and
    renders nothing."""
    from migdev.outreach import services as outreach

    recipient = version.recipient
    to = receipt_addresses(recipient, actor)
    if not to:
        return None
    message = outreach.message_enqueue(
        recipient=recipient.outreach,
        kind=Message.Kind.RECEIPT,
        dedupe_key=f"{RECEIPT}:{version.pk}",
        letter=None,
        to=to,
        language=version.language or recipient.language,
        # The version was created in this transaction: its key is free.
        key_is_new=True,
    )
    if message is not None:
        _delivery_schedule(message)
    return message


def receipt_compose(message: Message) -> Letter:
    """The receipt ``message`` carries (``RECEIPT``), in its language: the
    reply's version with the State's answers. The template escapes the
    answers in the HTML part, so markup a respondent typed is shown as text,
    never sent as mail markup."""
    from migdev.outreach import services as outreach

    version = ResponseVersion.objects.select_related(
        "recipient__campaign__questionnaire",
        "recipient__campaign__request",
        "recipient__country",
    ).get(pk=int(message.dedupe_key.partition(":")[2]))
    with translation.override(message.language):
        subject, body = receipt_text(version)
    return outreach.render(
        "outreach/mail/notice",
        {"subject": subject, "text": body},
        language=message.language,
    )


def _delivery_schedule(message: Message) -> None:
    """Send the receipt outside the request: by default outreach's delivery
    task is enqueued with the reply (``migdev db_worker`` runs it; the test
    settings run it at once). ``MIGDEV_RECEIPT_DELIVERY``: ``"task"``
    (default), ``"on_commit"`` (send in the request's thread after the commit)
    or ``"job"`` (leave it to the scheduled ``outreach run-due`` job)."""
    from migdev.outreach import services as outreach

    mode = getattr(settings, "MIGDEV_RECEIPT_DELIVERY", "task")
    if mode == "on_commit":
        transaction.on_commit(lambda: outreach.messages_deliver([message.pk]))
    elif mode == "task":
        outreach.delivery_schedule([message.pk])


def receipt_text(version: ResponseVersion) -> tuple[str, str]:
    """Subject and plain-text body of the receipt, in the active language."""
    recipient = version.recipient
    campaign = recipient.campaign
    title = (
        campaign.title.get_text()
        if hasattr(campaign.title, "get_text")
        else str(campaign.title)
    )
    # The State as it was named when the campaign opened.
    country = LocalizedText(name_on(recipient.country, campaign.opens_on)).get_text()
    subject = gettext("Reply received: %(title)s (%(country)s)") % {
        "title": title,
        "country": country,
    }
    lines = [
        gettext(
            'The State\'s reply (%(country)s) to the consultation "%(title)s" was received '
            "on %(when)s and recorded as version %(number)s."
        )
        % {
            "country": country,
            "title": title,
            "when": un_datetime(version.created_at),
            "number": version.number,
        },
        "",
    ]
    if campaign.closes_on:
        lines.append(
            gettext("You may change it until %(date)s; every version is kept.")
            % {"date": un_date(campaign.closes_on)}
        )
    else:
        lines.append(
            gettext(
                "You may change it until the consultation closes; every version is kept."
            )
        )
    lines += ["", gettext("Your answers:"), ""]
    for question in compile_questionnaire(campaign.questionnaire).questions:
        if question.name not in version.answers:
            continue
        lines.append(question.label.get_text())
        lines.append("  " + question.display(version.answers[question.name]))
        lines.append("")
    lines.append(gettext("This message was sent automatically; no reply is needed."))
    return subject, "\n".join(lines)
