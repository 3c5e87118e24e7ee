"""Writes of the campaigns app: create, plan, dispatch, close, publish; links,
follow-ups and messages of one State.

Every service takes the ``actor``, checks it (``require(actor, MANAGE, …)``:
only the secretariat manages campaigns), runs in one transaction and leaves an
audit entry. E-mails are written to outreach's outbox in that transaction and
sent by its task once it commits, so a rolled-back dispatch sends nothing. The
roster's helpers are in ``roster``, the letters in ``mail``, the links in
``links``; reminders are written by outreach's ``run-due`` job
(docs/outreach.md), which asks ``mail`` for their text.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns import links, mail, roster
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.campaigns.rules import MANAGE
from migdev.core.audit import AuditEntry, audit_record, audited_update, snapshot
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText
from migdev.outreach import services as outreach
from migdev.outreach.models import FollowUp, Message, ReminderRule
from migdev.outreach.requests import check_offsets
from migdev.registry.permissions import ADD, require

log = logging.getLogger(__name__)

DEFAULT_REMINDER_OFFSETS = (-7, 7)


def _require_status(campaign: Campaign, *allowed: str, message: str) -> None:
    if campaign.status not in allowed:
        raise ValidationError(message)


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update()
        .select_related("request")
        .get(pk=campaign.pk)
    )


def _request_title(campaign: Campaign) -> str:
    """The request's title: the campaign's in English (the outbox's and the
    logs' name for it)."""
    return campaign.title.get_text("en")


# --- Campaign ------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    questionnaire: Any,
    title: Any,
    letter: Any,
    opens_on: dt.date,
    deadline: dt.date,
    closes_on: dt.date | None = None,
    recipients: Iterable[Any] | None = None,
    reminder_offsets: Iterable[int] = DEFAULT_REMINDER_OFFSETS,
    sender: str = "",
) -> Campaign:
    """A draft campaign with its roster (default: the Member States and the
    observers on the opening date) and its reminder plan (default: a week
    before and a week after the deadline)."""
    require(actor, ADD, Campaign)
    roster.check_dates(opens_on, deadline, closes_on)
    title = LocalizedText(title or {})
    if not title:
        raise ValidationError({"title": _("Give the campaign a title.")})
    offsets = check_offsets(reminder_offsets)
    countries = roster.countries_of(recipients, opens_on)
    campaign = Campaign(
        questionnaire=questionnaire,
        title=title,
        letter=roster.clean_letter(letter),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The request is named after the campaign, whose id it does not know yet.
    campaign.request = outreach.request_create(
        owner=f"{Campaign.OWNER}:new-{uuid.uuid4().hex}",
        opens_on=opens_on,
        deadline=deadline,
        closes_on=closes_on,
        reminder_offsets=offsets,
        title=_request_title(campaign),
        sender=sender,
    )
    campaign.save()
    request = campaign.request
    request.owner = outreach.owner_key(Campaign.OWNER, campaign.pk)
    request.save(update_fields=["owner"])
    roster.recipients_add(campaign, countries)
    audit_record(actor=actor, instance=campaign, action=AuditEntry.Action.CREATE)
    return campaign


DATES = ("opens_on", "deadline", "closes_on")
EDITABLE = ("title", "letter", "sender", *DATES)


@transaction.atomic
def campaign_update(
    *,
    actor: Any,
    campaign: Campaign,
    recipients: Iterable[Any] | None = None,
    **changes: Any,
) -> Campaign:
    """Change a campaign's texts and dates; the questionnaire and the roster
    only while it is a draft. Closed campaigns cannot change."""
    campaign = _locked(campaign)
    require(actor, MANAGE, campaign)
    _require_status(
        campaign,
        Campaign.Status.DRAFT,
        Campaign.Status.OPEN,
        message=_("A closed campaign cannot be changed."),
    )
    unknown = set(changes) - {*EDITABLE, "questionnaire"}
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if campaign.status != Campaign.Status.DRAFT and (
        (
            "questionnaire" in changes
            and changes["questionnaire"].pk != campaign.questionnaire_id
        )
        or recipients is not None
    ):
        raise ValidationError(
            _(
                "The questionnaire and the recipients can only change before the "
                "campaign is dispatched."
            )
        )
    before = snapshot(campaign)
    request_before = snapshot(campaign.request)
    # The dates and the sender are the request's.
    on_request = {k: changes.pop(k) for k in (*DATES, "sender") if k in changes}
    for name, value in changes.items():
        if name == "letter":
            value = roster.clean_letter(value)
        elif name == "title":
            value = LocalizedText(value or {})
        setattr(campaign, name, value)
    roster.check_dates(
        on_request.get("opens_on", campaign.opens_on),
        on_request.get("deadline", campaign.deadline),
        on_request.get("closes_on", campaign.closes_on),
    )
    campaign.save()
    outreach.request_update(
        campaign.request, title=_request_title(campaign), **on_request
    )
    if recipients is not None:
        countries = roster.countries_of(recipients, campaign.opens_on)
        roster.recipients_keep(campaign, countries)
        roster.recipients_add(campaign, countries)
    audit_record(
        actor=actor, instance=campaign, action=AuditEntry.Action.UPDATE, before=before
    )
    # The dates and the sender are the request's: their change is recorded
    # on it.
    audit_record(
        actor=actor,
        instance=campaign.request,
        action=AuditEntry.Action.UPDATE,
        before=request_before,
    )
    return campaign


@transaction.atomic
def reminder_plan_set(
    *, actor: Any, campaign: Campaign, offsets: Iterable[int]
) -> list[ReminderRule]:
    """Make the reminder plan exactly ``offsets`` (days from the deadline).

    Rules that stay keep their identity, so reminders already sent under them
    are not sent again; a rule whose reminders were sent cannot be removed."""
    require(actor, MANAGE, campaign)
    _require_status(
        campaign,
        Campaign.Status.DRAFT,
        Campaign.Status.OPEN,
        message=_("The reminder plan of a closed campaign cannot change."),
    )
    request = campaign.request
    before = sorted(request.reminder_rules.values_list("offset_days", flat=True))
    rules = outreach.reminder_plan_set(request, offsets)
    audit_record(
        actor=actor,
        instance=campaign,
        action=AuditEntry.Action.UPDATE,
        before={"reminder_offsets": before},
    )
    return rules


@transaction.atomic
def campaign_dispatch(*, actor: Any, campaign: Campaign) -> int:
    """Open a draft campaign: a link and an invitation per recipient.

    Returns the number of invitations written to the outbox; outreach's
    delivery task sends them once the transaction commits (or the next
    ``run-due``)."""
    campaign = _locked(campaign)
    require(actor, MANAGE, campaign)
    _require_status(
        campaign,
        Campaign.Status.DRAFT,
        message=_("Only a draft campaign can be dispatched; this one already was."),
    )
    missing = [c for c in LANGUAGE_CODES if not campaign.letter.get(c)]
    if not campaign.letter:
        raise ValidationError(
            {"letter": _("Write the covering letter before dispatching.")}
        )
    if campaign.recipients.count() == 0:
        raise ValidationError({"recipients": _("The campaign has no recipients.")})
    now = timezone.now()
    request = campaign.request
    request_before = snapshot(request)
    # Open first: the invitations' links are checked as they are sent.
    outreach.request_open(request, now=now)
    valid_from, valid_until = links.link_default_validity(campaign)
    ids = []
    for recipient in campaign.recipients.select_related(
        "country", "campaign__request", "outreach"
    ):
        token = links.link_issue(
            recipient, valid_from=valid_from, valid_until=valid_until
        )
        letter = mail.invitation_compose(
            recipient, links.link_url(token, language=recipient.language)
        )
        to, cc = mail.addresses(recipient)
        created = outreach.message_enqueue(
            recipient=recipient.outreach,
            kind=Message.Kind.INVITATION,
            dedupe_key=f"invitation:{recipient.outreach_id}",
            letter=letter,
            to=to,
            cc=cc,
        )
        if created is not None:
            ids.append(created.pk)
    outreach.recipients_invited(request, at=now)
    # The campaign's status and opening time are its request's.
    audit_record(
        actor=actor,
        instance=request,
        action=AuditEntry.Action.UPDATE,
        before=request_before,
    )
    if missing:
        log.info("Campaign %s dispatched with letters missing in %s", campaign, missing)
    outreach.delivery_schedule(ids)
    return len(ids)


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    """Stop replies: links stop working, replies can no longer change."""
    campaign = _locked(campaign)
    require(actor, MANAGE, campaign)
    _require_status(
        campaign,
        Campaign.Status.OPEN,
        message=_("Only an open campaign can be closed."),
    )
    request = campaign.request
    before = snapshot(request)
    outreach.request_close(request, now=timezone.now())
    audit_record(
        actor=actor, instance=request, action=AuditEntry.Action.UPDATE, before=before
    )
    return campaign


@transaction.atomic
def campaign_publish(*, actor: Any, campaign: Campaign) -> Campaign:
    """Make a closed campaign's counts, map and tally public (never the replies' text)."""
    campaign = _locked(campaign)
    require(actor, MANAGE, campaign)
    _require_status(
        campaign,
        Campaign.Status.CLOSED,
        message=_("Close the campaign before publishing its results."),
    )
    if campaign.published_at is None:
        audited_update(
            actor=actor, instance=campaign, changes={"published_at": timezone.now()}
        )
    return campaign


# --- One State -------------------------------------------------------------------


def _locked_recipient(recipient: Recipient) -> Recipient:
    return (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("campaign__request", "country", "outreach")
        .get(pk=recipient.pk)
    )


@transaction.atomic
def recipient_link_reissue(*, actor: Any, recipient: Recipient) -> str:
    """A new link for one State (the old one stops working); returned once."""
    recipient = _locked_recipient(recipient)
    require(actor, MANAGE, recipient)
    if recipient.campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Links can only be issued while the campaign is open."))
    before = snapshot(recipient.outreach)
    valid_from, valid_until = links.link_default_validity(recipient.campaign)
    token = links.link_issue(recipient, valid_from=valid_from, valid_until=valid_until)
    audit_record(
        actor=actor,
        instance=recipient.outreach,
        action=AuditEntry.Action.UPDATE,
        before=before,
    )
    return token


@transaction.atomic
def recipient_link_revoke(*, actor: Any, recipient: Recipient) -> Recipient:
    recipient = _locked_recipient(recipient)
    require(actor, MANAGE, recipient)
    before = snapshot(recipient.outreach)
    links.link_revoke(recipient)
    audit_record(
        actor=actor,
        instance=recipient.outreach,
        action=AuditEntry.Action.UPDATE,
        before=before,
    )
    return recipient


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
    """Log a call, fax, e-mail, letter or note about one State's reply."""
    require(actor, MANAGE, recipient)
    return outreach.follow_up_record(
        actor=actor,
        recipient=recipient.outreach,
        kind=kind,
        at=at,
        contact_name=contact_name,
        outcome=outcome,
    )


def _recipient_of(message: Message) -> Recipient:
    return Recipient.objects.select_related(
        "campaign__request", "country", "outreach"
    ).get(outreach_id=message.recipient_id)


@transaction.atomic
def message_send_again(*, actor: Any, message: Message) -> Message:
    """Send a failed, bounced or unaddressed message again, to the registry's
    current addresses. An invitation or a reminder is composed anew with a
    fresh link, since the outbox keeps no working one; a receipt goes to the
    addresses it had."""
    recipient = _recipient_of(message)
    require(actor, MANAGE, recipient)
    if message.kind == Message.Kind.RECEIPT:
        return outreach.message_retry(
            actor=actor, message=message, to=message.to, cc=message.cc
        )
    to, cc = mail.addresses(recipient)
    if message.status not in outreach.RETRYABLE:
        # Checked before a new link is issued.
        return outreach.message_retry(actor=actor, message=message, to=to, cc=cc)
    token = outreach.link_reissue(recipient.outreach)
    url = links.link_url(token, language=recipient.language)
    if message.kind == Message.Kind.INVITATION:
        letter = mail.invitation_compose(recipient, url)
    else:
        rule = message.reminder_rule
        letter = mail.reminder_compose(
            recipient, url, before_deadline=bool(rule and rule.offset_days <= 0)
        )
    return outreach.message_retry(
        actor=actor, message=message, to=to, cc=cc, letter=letter
    )


@transaction.atomic
def message_settle(*, actor: Any, message: Message, was_sent: bool) -> Message:
    """Settle a message left sending after a crash (see outreach.outbox), once
    a person has checked the mail server's log."""
    require(actor, MANAGE, _recipient_of(message))
    message = outreach.message_settle(actor=actor, message=message, was_sent=was_sent)
    if message.status == Message.Status.PENDING:
        outreach.delivery_schedule([message.pk])
    return message
