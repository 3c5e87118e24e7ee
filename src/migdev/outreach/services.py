"""The service API of outreach, for the modules that use it (docs/outreach.md).

Requests::

    request_create(owner=, opens_on=, deadline=, closes_on=, title=, sender=,
                   reminder_offsets=) -> Request        # a draft
    request_update(request, **changes); request_open(request); request_close(request)
    reminder_plan_set(request, offsets) -> [ReminderRule]

Recipients and links::

    recipient_add(request, key=, language=, name=, user=) -> Recipient
    recipients_add(request, [(key, language, name), …]) -> [Recipient]
    recipients_invited(request); recipient_done(recipient)
    link_issue(recipient, valid_from=, valid_until=) -> secret   # shown once
    link_reissue(recipient) -> secret; link_revoke(recipient)
    link_url(path, secret, language=) -> URL ; link_default_validity(request)
    link_resolve(secret, lock=False) -> Recipient   # or LinkError(code)
    link_check(recipient)                           # LinkError(code) unless it works

Mail::

    render(template, context, language=) -> Letter  # subject, text, HTML
    message_enqueue(recipient=, kind=, dedupe_key=, letter=, to=, cc=) -> Message | None
    composer_register(name, compose)                 # letter=None: composed when sent
    delivery_schedule([message ids])                 # the django-tasks task, on commit
    message_record_bounce(message_id_or_key, reason)
    message_retry(actor=, message=, to=, cc=, letter=); message_settle(actor=, message=, was_sent=)

Follow-up and the job::

    follow_up_record(actor=, recipient=, kind=, at=, contact_name=, outcome=)
    run_due(today=None) -> RunReport                 # reminders, then delivery
    register(prefix, reminder=, addresses=, link_path=, allows=)   # in AppConfig.ready

The module's own service checks ``require(actor, …)`` on its object before it
calls these, and records the audit entry of its object; outreach records the
entries of its messages and follow-ups.
"""

from __future__ import annotations

from migdev.outreach.links import (
    LinkError,
    link_check,
    link_default_validity,
    link_issue,
    link_reissue,
    link_resolve,
    link_revoke,
    link_url,
    redact_links,
    token_hash,
)
from migdev.outreach.mail import Letter, render
from migdev.outreach.outbox import (
    RETRYABLE,
    DeliveryReport,
    delivery_schedule,
    message_enqueue,
    message_record_bounce,
    message_retry,
    message_settle,
    messages_deliver,
    messages_stale,
)
from migdev.outreach.owners import composer_register, owner_key, register
from migdev.outreach.reminders import RunReport, run_due
from migdev.outreach.requests import (
    follow_up_record,
    recipient_add,
    recipient_done,
    recipients_add,
    recipients_invited,
    reminder_plan_set,
    request_close,
    request_create,
    request_open,
    request_update,
)

__all__ = [
    "RETRYABLE",
    "DeliveryReport",
    "Letter",
    "LinkError",
    "RunReport",
    "composer_register",
    "delivery_schedule",
    "follow_up_record",
    "link_check",
    "link_default_validity",
    "link_issue",
    "link_reissue",
    "link_resolve",
    "link_revoke",
    "link_url",
    "message_enqueue",
    "message_record_bounce",
    "message_retry",
    "message_settle",
    "messages_deliver",
    "messages_stale",
    "owner_key",
    "recipient_add",
    "recipient_done",
    "recipients_add",
    "recipients_invited",
    "redact_links",
    "register",
    "reminder_plan_set",
    "render",
    "request_close",
    "request_create",
    "request_open",
    "request_update",
    "run_due",
    "token_hash",
]
