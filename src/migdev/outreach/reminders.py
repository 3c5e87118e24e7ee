"""Reminders relative to the deadline, and the scheduled ``run-due`` job.

Each open request with a deadline has reminder rules (days from the deadline,
negative before it). On a rule's day (or within ``REMINDER_GRACE_DAYS`` after
it, for a job that did not run), every recipient that was invited, has not
answered (``done_at``) and has no reminder under that rule gets one: a new
access link if the owner uses links, the text from the owner's ``reminder``,
written under the key ``reminder:<rule>:<recipient>``. The job then sends
what the outbox holds. It acts as the system actor (``core.audit``): each
reminder it writes is in the audit trail under that name.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from migdev.core.audit import AuditEntry, audit_record, system_actor
from migdev.outreach import links
from migdev.outreach.models import Message, Recipient, ReminderRule, Request
from migdev.outreach.outbox import DeliveryReport, message_enqueue, messages_deliver
from migdev.outreach.owners import Owner, owner_of

log = logging.getLogger(__name__)

#: A reminder whose date is more than this many days past is not sent any
#: more: a job that was stopped for weeks must not send stale reminders.
REMINDER_GRACE_DAYS = 14


@dataclass
class RunReport:
    today: dt.date
    enqueued: dict[str, int] = field(default_factory=dict)  # request → reminders
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def reminders_enqueued(self) -> int:
        return sum(self.enqueued.values())

    def __str__(self) -> str:
        lines = [
            f"run-due for {self.today.isoformat()}: "
            f"{self.reminders_enqueued} reminder(s) queued"
        ]
        lines += [
            f"  {name}: {n} reminder(s) queued" for name, n in self.enqueued.items()
        ]
        lines.append(f"  delivery: {self.delivery}")
        return "\n".join(lines)


class _AlreadyQueued(Exception):
    pass


def reminder_enqueue(
    recipient: Recipient, rule: ReminderRule, owner: Owner, *, actor=None
) -> Message | None:
    """Write one reminder (with a new link) unless its key exists; atomic."""
    key = f"reminder:{rule.pk}:{recipient.pk}"
    try:
        with transaction.atomic():
            url = None
            if owner.link_path and recipient.link_revoked_at is None:
                token = links.link_reissue(recipient)
                url = links.link_url(
                    owner.link_path, token, language=recipient.language
                )
            letter = owner.reminder(recipient, rule, url)
            to, cc = owner.addresses(recipient) if owner.addresses else ([], [])
            message = message_enqueue(
                recipient=recipient,
                kind=Message.Kind.REMINDER,
                dedupe_key=key,
                letter=letter,
                to=to,
                cc=cc,
                reminder_rule=rule,
            )
            if message is None:
                raise _AlreadyQueued  # undo the new link
            audit_record(
                actor=actor or system_actor(),
                instance=message,
                action=AuditEntry.Action.CREATE,
            )
    except _AlreadyQueued:
        return None
    return message


def reminders_due(request: Request, today: dt.date) -> list[ReminderRule]:
    if request.deadline is None:
        return []
    earliest = today - dt.timedelta(days=REMINDER_GRACE_DAYS)
    return [
        rule
        for rule in request.reminder_rules.all()
        if earliest <= request.deadline + dt.timedelta(days=rule.offset_days) <= today
    ]


def reminders_enqueue(*, today: dt.date) -> dict[str, int]:
    """Queue the reminders due ``today`` (or in the grace period before it)."""
    enqueued: dict[str, int] = {}
    actor = system_actor()
    requests = Request.objects.filter(
        status=Request.Status.OPEN, deadline__isnull=False
    ).prefetch_related("reminder_rules")
    for request in requests:
        due = reminders_due(request, today)
        if not due:
            continue
        owner = owner_of(request)
        if owner is None or owner.reminder is None:
            log.warning("No module sends the reminders of %s.", request.owner)
            continue
        count = 0
        for rule in due:
            waiting = (
                request.recipients.filter(invited_at__isnull=False, done_at=None)
                .exclude(messages__reminder_rule=rule)
                .select_related("request")
            )
            for recipient in waiting:
                count += (
                    reminder_enqueue(recipient, rule, owner, actor=actor) is not None
                )
        enqueued[str(request)] = count
    return enqueued


def run_due(*, today: dt.date | None = None) -> RunReport:
    """The scheduled job: queue due reminders, then send whatever is pending.

    Idempotent: each reminder has one dedupe key per rule and recipient, and
    each message is sent once (``outbox``). Run it outside a transaction."""
    today = today or timezone.localdate()
    report = RunReport(today=today)
    report.enqueued = reminders_enqueue(today=today)
    report.delivery = messages_deliver()
    return report
