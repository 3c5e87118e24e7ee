"""Requests, their recipients, reminder plans and follow-ups.

These functions are the machinery under a module's services: they check no
permission and write no audit entry of their own for the owning module's
object. The module's service checks ``require(actor, …)`` on its object and
records its audit entry, then calls them, in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from migdev.core.audit import AuditEntry, audit_record
from migdev.core.i18n import LANGUAGE_CODES
from migdev.outreach.models import FollowUp, Recipient, ReminderRule, Request

#: Fields of a request its owner may change with :func:`request_update`.
EDITABLE = ("title", "sender", "opens_on", "deadline", "closes_on")


def check_offsets(
    offsets: Iterable[int], *, field: str = "reminder_offsets"
) -> list[int]:
    """The reminder offsets, sorted, without repeats, within a year."""
    values = sorted({int(o) for o in offsets})
    if any(abs(o) > 365 for o in values):
        raise ValidationError(
            {
                field: _(
                    "A reminder must fall within a year of the deadline: use days "
                    "between -365 and 365."
                )
            }
        )
    return values


@transaction.atomic
def request_create(
    *,
    owner: str,
    opens_on: dt.date,
    deadline: dt.date | None = None,
    closes_on: dt.date | None = None,
    title: str = "",
    sender: str = "",
    reminder_offsets: Iterable[int] = (),
) -> Request:
    """A draft request for the module object ``owner`` (see ``owners``)."""
    if deadline is None and reminder_offsets:
        raise ValueError("Reminders are relative to a deadline: give one.")
    request = Request.objects.create(
        owner=owner,
        opens_on=opens_on,
        deadline=deadline,
        closes_on=closes_on,
        title=str(title)[:300],
        sender=sender.strip()[:200],
    )
    ReminderRule.objects.bulk_create(
        [
            ReminderRule(request=request, offset_days=o)
            for o in check_offsets(reminder_offsets)
        ]
    )
    return request


def request_update(request: Request, **changes: Any) -> Request:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        if name == "title":
            value = str(value)[:300]
        elif name == "sender":
            value = (value or "").strip()[:200]
        setattr(request, name, value)
    if changes:
        request.save(update_fields=list(changes))
    return request


def request_open(request: Request, *, now: dt.datetime | None = None) -> Request:
    """Open the request: its links work from their validity's start."""
    if request.status != Request.Status.OPEN:
        request.status = Request.Status.OPEN
        request.opened_at = now or timezone.now()
        request.save(update_fields=["status", "opened_at"])
    return request


def request_close(request: Request, *, now: dt.datetime | None = None) -> Request:
    """Close the request: its links stop working, no reminder goes out."""
    if request.status != Request.Status.CLOSED:
        request.status = Request.Status.CLOSED
        request.closed_at = now or timezone.now()
        request.save(update_fields=["status", "closed_at"])
    return request


def reminder_plan_set(
    request: Request, offsets: Iterable[int], *, field: str = "reminder_offsets"
) -> list[ReminderRule]:
    """Make the reminder plan exactly ``offsets`` (days from the deadline).

    Rules that stay keep their identity, so reminders already sent under them
    are not sent again; a rule whose reminders were written cannot be removed."""
    wanted = set(check_offsets(offsets, field=field))
    rules = {r.offset_days: r for r in request.reminder_rules.all()}
    for offset, rule in rules.items():
        if offset in wanted:
            continue
        if rule.messages.exists():
            raise ValidationError(
                {
                    # The number of days decides the noun's form (Arabic
                    # has six), hence ngettext on its absolute value.
                    field: ngettext(
                        "Reminders %(offset)+d day from the deadline have been "
                        "sent already: keep that day in the plan.",
                        "Reminders %(offset)+d days from the deadline have been "
                        "sent already: keep that day in the plan.",
                        abs(offset),
                    )
                    % {"offset": offset}
                }
            )
        rule.delete()
    for offset in wanted - set(rules):
        ReminderRule.objects.create(request=request, offset_days=offset)
    return list(request.reminder_rules.order_by("offset_days"))


def recipient_add(
    request: Request,
    *,
    key: str,
    language: str,
    name: str = "",
    user: Any = None,
) -> Recipient:
    """Address the request to ``key`` (what the owner resolves), written to in
    ``language``; the existing recipient if ``key`` is there already."""
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose one of the six languages.")})
    recipient, _created = Recipient.objects.get_or_create(
        request=request,
        key=key,
        defaults={"language": language, "name": name[:200], "user": user},
    )
    return recipient


def recipients_add(
    request: Request, items: Iterable[tuple[str, str, str]]
) -> list[Recipient]:
    """Many recipients at once: ``(key, language, name)`` each; keys already
    there are left as they are. Returns the new recipients."""
    existing = set(request.recipients.values_list("key", flat=True))
    new = [
        Recipient(request=request, key=key, language=language, name=name[:200])
        for key, language, name in items
        if key not in existing
    ]
    return Recipient.objects.bulk_create(new)


def recipient_done(recipient: Recipient, *, at: dt.datetime | None = None) -> None:
    """The recipient has answered: no reminder goes to it any more."""
    if recipient.done_at is None:
        recipient.done_at = at or timezone.now()
        Recipient.objects.filter(pk=recipient.pk, done_at=None).update(
            done_at=recipient.done_at
        )


def recipients_invited(request: Request, *, at: dt.datetime | None = None) -> int:
    """Mark the recipients not yet invited as invited (their invitations
    are written): reminders go to invited recipients only."""
    return request.recipients.filter(invited_at=None).update(
        invited_at=at or timezone.now()
    )


@transaction.atomic
def follow_up_record(
    *,
    actor: Any,
    recipient: Recipient,
    kind: str,
    at: dt.datetime,
    contact_name: str = "",
    outcome: str = "",
) -> FollowUp:
    """Log a call, fax, e-mail, letter or note about one recipient (the
    caller has checked ``actor``'s permission)."""
    if kind not in FollowUp.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of follow-up.")})
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {
                "at": _(
                    "A follow-up is recorded after it happened: the date is in the future."
                )
            }
        )
    follow_up = FollowUp.objects.create(
        recipient=recipient,
        kind=kind,
        at=at,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        contact_name=contact_name.strip()[:200],
        outcome=outcome.strip(),
    )
    if kind == FollowUp.Kind.CALL:
        last = recipient.follow_ups.filter(kind=FollowUp.Kind.CALL).aggregate(
            m=Max("at")
        )["m"]
        Recipient.objects.filter(pk=recipient.pk).update(last_call_at=last)
        recipient.last_call_at = last
    audit_record(actor=actor, instance=follow_up, action=AuditEntry.Action.CREATE)
    return follow_up
