"""Writes of the campaigns app: create, plan, dispatch, remind, follow up, close, publish.

Every service runs in one transaction and leaves an audit entry; e-mails are
written to the outbox in that transaction and sent after it commits (see
``messaging``), so a rolled-back dispatch sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns import links
from migdev.consultation.campaigns.messaging import (
    DeliveryReport,
    message_enqueue,
    message_retry,
    messages_deliver,
    recipient_addresses,
)
from migdev.consultation.campaigns.models import (
    Campaign,
    FollowUp,
    Message,
    Recipient,
    ReminderRule,
)
from migdev.consultation.campaigns.richtext import sanitize
from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText, un_date
from migdev.registry import selectors as registry_selectors
from migdev.registry.models import Contact, Country

log = logging.getLogger(__name__)

DEFAULT_REMINDER_OFFSETS = (-7, 7)
#: A reminder whose date is more than this many days past is not sent any
#: more: a job that was stopped for weeks must not send stale reminders.
REMINDER_GRACE_DAYS = 14

# --- The language of the letter -------------------------------------------------
#
# The letter goes in the preferred language of the State's Permanent Mission
# contact, else of its first focal point, as recorded in the registry. Without
# either, the State's language of correspondence in the registry (Arabic for
# the members of the League of Arab States, then French, Spanish, Russian and
# Chinese where the State uses them officially; English otherwise).


def language_default(country: Country) -> str:
    """The official UN language a State is written to when the registry has no
    preference for it (the registry's language of correspondence)."""
    return registry_selectors.correspondence_language(country)


def _preferred_languages(countries: list[Country], day: dt.date) -> dict[int, str]:
    chosen: dict[int, str] = {}
    rank = {Contact.Kind.PERMANENT_MISSION: 0, Contact.Kind.FOCAL_POINT: 1}
    rows = (
        Contact.objects.as_of(day)
        .filter(country__in=countries, kind__in=list(rank))
        .values_list("country_id", "kind", "preferred_language", "pk")
    )
    for country_id, _kind, language, _pk in sorted(
        rows, key=lambda r: (r[0], rank[r[1]], r[3])
    ):
        chosen.setdefault(country_id, language)
    return chosen


def default_recipients(day: dt.date) -> list[Country]:
    """The Member States and the observers on ``day`` (the campaign's opening
    date): a State admitted later was not written to, an observer then was."""
    try:
        return registry_selectors.states_on(day)
    except registry_selectors.HistoryIncomplete as exc:
        raise ValidationError({"opens_on": str(exc)}) from exc


# --- Validation -------------------------------------------------------------------


def _clean_letter(letter: Any) -> LocalizedText:
    text = LocalizedText(letter or {})
    return LocalizedText({code: sanitize(value) for code, value in text.items()})


def _check_dates(
    opens_on: dt.date, deadline: dt.date, closes_on: dt.date | None
) -> None:
    errors: dict[str, Any] = {}
    if deadline < opens_on:
        errors["deadline"] = _("The deadline must be on or after the opening date.")
    if closes_on is not None and closes_on < deadline:
        errors["closes_on"] = _(
            "The closing date must be on or after the deadline, or left empty."
        )
    if errors:
        raise ValidationError(errors)


def _check_offsets(offsets: Iterable[int]) -> list[int]:
    values = sorted({int(o) for o in offsets})
    if any(abs(o) > 365 for o in values):
        raise ValidationError(
            {
                "reminder_offsets": _(
                    "A reminder must fall within a year of the deadline: use days "
                    "between -365 and 365."
                )
            }
        )
    return values


def _countries(recipients: Iterable[Any] | None, day: dt.date) -> list[Country]:
    if recipients is None:
        return default_recipients(day)
    countries: list[Country] = []
    codes: list[str] = []
    for item in recipients:
        if isinstance(item, Country):
            countries.append(item)
        else:
            codes.append(str(item).strip().upper())
    if codes:
        found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(
                {
                    "recipients": _(
                        "Unknown State codes: %(codes)s. Use ISO alpha-3 codes."
                    )
                    % {"codes": ", ".join(unknown)}
                }
            )
        countries += [found[c] for c in codes]
    not_states = [c for c in countries if not c.is_state]
    if not_states:
        raise ValidationError(
            {
                "recipients": _(
                    "Only States can be consulted; these are areas: %(names)s."
                )
                % {"names": ", ".join(str(c) for c in not_states)}
            }
        )
    unique = {c.pk: c for c in countries}
    if not unique:
        raise ValidationError({"recipients": _("Choose at least one State.")})
    return list(unique.values())


def _recipients_add(campaign: Campaign, countries: list[Country]) -> int:
    existing = set(campaign.recipients.values_list("country_id", flat=True))
    new = [c for c in countries if c.pk not in existing]
    preferred = _preferred_languages(new, campaign.opens_on)
    Recipient.objects.bulk_create(
        [
            Recipient(
                campaign=campaign,
                country=c,
                language=preferred.get(c.pk) or language_default(c),
            )
            for c in new
        ]
    )
    return len(new)


def _require_status(campaign: Campaign, *allowed: str, message: str) -> None:
    if campaign.status not in allowed:
        raise ValidationError(message)


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
    observers on the opening date) and its reminder plan (default: a week before and a week
    after the deadline)."""
    _check_dates(opens_on, deadline, closes_on)
    title = LocalizedText(title or {})
    if not title:
        raise ValidationError({"title": _("Give the campaign a title.")})
    offsets = _check_offsets(reminder_offsets)
    countries = _countries(recipients, opens_on)
    campaign = Campaign.objects.create(
        questionnaire=questionnaire,
        title=title,
        letter=_clean_letter(letter),
        opens_on=opens_on,
        deadline=deadline,
        closes_on=closes_on,
        sender=sender.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ReminderRule.objects.bulk_create(
        [ReminderRule(campaign=campaign, offset_days=o) for o in offsets]
    )
    _recipients_add(campaign, countries)
    audit_record(actor=actor, instance=campaign, action=AuditEntry.Action.CREATE)
    return campaign


EDITABLE = ("title", "letter", "sender", "opens_on", "deadline", "closes_on")


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
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
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
    for name, value in changes.items():
        if name == "letter":
            value = _clean_letter(value)
        elif name == "title":
            value = LocalizedText(value or {})
        elif name == "sender":
            value = (value or "").strip()
        setattr(campaign, name, value)
    _check_dates(campaign.opens_on, campaign.deadline, campaign.closes_on)
    campaign.save()
    if recipients is not None:
        countries = _countries(recipients, campaign.opens_on)
        keep = {c.pk for c in countries}
        campaign.recipients.exclude(country_id__in=keep).delete()
        _recipients_add(campaign, countries)
    audit_record(
        actor=actor, instance=campaign, action=AuditEntry.Action.UPDATE, before=before
    )
    return campaign


@transaction.atomic
def reminder_plan_set(
    *, actor: Any, campaign: Campaign, offsets: Iterable[int]
) -> list[ReminderRule]:
    """Make the reminder plan exactly ``offsets`` (days from the deadline).

    Rules that stay keep their identity, so reminders already sent under them
    are not sent again; a rule whose reminders were sent cannot be removed."""
    _require_status(
        campaign,
        Campaign.Status.DRAFT,
        Campaign.Status.OPEN,
        message=_("The reminder plan of a closed campaign cannot change."),
    )
    wanted = set(_check_offsets(offsets))
    rules = {r.offset_days: r for r in campaign.reminder_rules.all()}
    for offset, rule in rules.items():
        if offset in wanted:
            continue
        if rule.messages.exists():
            raise ValidationError(
                {
                    # The number of days decides the noun's form (Arabic
                    # has six), hence ngettext on its absolute value.
                    "reminder_offsets": ngettext(
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
        ReminderRule.objects.create(campaign=campaign, offset_days=offset)
    audit_record(
        actor=actor,
        instance=campaign,
        action=AuditEntry.Action.UPDATE,
        before={"reminder_offsets": sorted(rules)},
    )
    return list(campaign.reminder_rules.order_by("offset_days"))


# --- Messages ------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return un_date(day)


def _link_paragraph(url: str | None) -> str:
    if url is None:
        return "<p>{}</p>".format(
            escape(
                gettext(
                    "Your State's reply link has been withdrawn. Ask the "
                    "secretariat for a new one, or log in as a focal point "
                    "to reply."
                )
            )
        )
    return '<p>{}<br><a href="{}">{}</a></p><p>{}</p>'.format(
        escape(
            gettext(
                "To reply, open this link. It is personal to your State: do "
                "not forward it outside your Government."
            )
        ),
        escape(url),
        escape(url),
        escape(
            gettext(
                "National focal points who have a login may also reply after "
                "logging in; they reach the same reply."
            )
        ),
    )


@transaction.atomic
def message_send_again(*, actor: Any, message: Message) -> Message:
    """Send a failed or bounced message again. An invitation or a reminder is
    composed anew with a fresh link, since the outbox keeps no working one."""
    recipient = message.recipient
    if message.kind == Message.Kind.RECEIPT:
        return message_retry(actor=actor, message=message)
    token = links.link_issue(
        recipient,
        valid_from=recipient.link_valid_from,
        valid_until=recipient.link_valid_until,
    )
    url = links.link_url(recipient, token, language=recipient.language)
    if message.kind == Message.Kind.INVITATION:
        subject, body = invitation_compose(recipient, url)
    else:
        rule = message.reminder_rule
        subject, body = reminder_compose(
            recipient, url, before_deadline=bool(rule and rule.offset_days < 0)
        )
    message = message_retry(actor=actor, message=message, subject=subject, body=body)
    return message


def invitation_compose(
    recipient: Recipient, url: str | None
) -> tuple[str, str]:  # (subject, html)
    campaign = recipient.campaign
    with translation.override(recipient.language):
        subject = gettext("%(title)s — reply requested by %(deadline)s") % {
            "title": campaign.title.get_text(recipient.language),
            "deadline": _date(campaign.deadline),
        }
        body = (
            campaign.letter.get_text(recipient.language)
            + _link_paragraph(url)
            + "<p>{}</p>".format(
                escape(
                    gettext("Please reply by %(deadline)s.")
                    % {"deadline": _date(campaign.deadline)}
                )
            )
        )
    return subject, body


def reminder_compose(
    recipient: Recipient, url: str | None, *, before_deadline: bool
) -> tuple[str, str]:
    campaign = recipient.campaign
    with translation.override(recipient.language):
        title = campaign.title.get_text(recipient.language)
        subject = gettext("Reminder: %(title)s") % {"title": title}
        if before_deadline:
            lead = gettext(
                "This is a reminder: the secretariat has not yet received your "
                "Government's reply to the questionnaire “%(title)s”. The deadline "
                "is %(deadline)s."
            )
        else:
            lead = gettext(
                "The deadline of %(deadline)s for the questionnaire “%(title)s” "
                "has passed and the secretariat has not yet received your "
                "Government's reply. A reply sent now is still most welcome."
            )
        body = "<p>{}</p>".format(
            escape(lead % {"title": title, "deadline": _date(campaign.deadline)})
        ) + _link_paragraph(url)
        if url is not None:
            body += "<p>{}</p>".format(
                escape(
                    gettext(
                        "This message carries a new link; the link of earlier "
                        "messages no longer works. Any draft already saved is kept."
                    )
                )
            )
    return subject, body


def deliver_after_commit() -> None:
    """Send the outbox once the current transaction commits (by the task worker)."""
    from migdev.consultation.campaigns.tasks import deliver_messages

    transaction.on_commit(deliver_messages.enqueue)


@transaction.atomic
def campaign_dispatch(*, actor: Any, campaign: Campaign) -> int:
    """Open a draft campaign: a link and an invitation per recipient.

    Returns the number of invitations written to the outbox; they are sent
    once the transaction commits (or by the next ``run-due``)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
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
    before = snapshot(campaign)
    now = timezone.now()
    valid_from, valid_until = links.link_default_validity(campaign)
    count = 0
    for recipient in campaign.recipients.select_related("country", "campaign"):
        token = links.link_issue(
            recipient, valid_from=valid_from, valid_until=valid_until
        )
        subject, body = invitation_compose(
            recipient, links.link_url(recipient, token, language=recipient.language)
        )
        to, cc = recipient_addresses(recipient)
        created = message_enqueue(
            recipient=recipient,
            kind=Message.Kind.INVITATION,
            dedupe_key=f"invitation:{recipient.pk}",
            subject=subject,
            body=body,
            to=to,
            cc=cc,
            language=recipient.language,
        )
        count += created is not None
    campaign.recipients.filter(invited_at=None).update(invited_at=now)
    campaign.status = Campaign.Status.OPEN
    campaign.dispatched_at = now
    campaign.save(update_fields=["status", "dispatched_at"])
    audit_record(
        actor=actor, instance=campaign, action=AuditEntry.Action.UPDATE, before=before
    )
    if missing:
        log.info("Campaign %s dispatched with letters missing in %s", campaign, missing)
    deliver_after_commit()
    return count


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    """Stop replies: links stop working, replies can no longer change."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_status(
        campaign,
        Campaign.Status.OPEN,
        message=_("Only an open campaign can be closed."),
    )
    before = snapshot(campaign)
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor, instance=campaign, action=AuditEntry.Action.UPDATE, before=before
    )
    return campaign


@transaction.atomic
def campaign_publish(*, actor: Any, campaign: Campaign) -> Campaign:
    """Make a closed campaign's counts, map and tally public (never the replies' text)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_status(
        campaign,
        Campaign.Status.CLOSED,
        message=_("Close the campaign before publishing its results."),
    )
    if campaign.published_at is None:
        before = snapshot(campaign)
        campaign.published_at = timezone.now()
        campaign.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            instance=campaign,
            action=AuditEntry.Action.UPDATE,
            before=before,
        )
    return campaign


# --- Recipients ----------------------------------------------------------------


@transaction.atomic
def recipient_link_reissue(*, actor: Any, recipient: Recipient) -> str:
    """A new link for one State (the old one stops working); returned once."""
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Links can only be issued while the campaign is open."))
    before = snapshot(recipient)
    valid_from, valid_until = links.link_default_validity(recipient.campaign)
    token = links.link_issue(recipient, valid_from=valid_from, valid_until=valid_until)
    audit_record(
        actor=actor, instance=recipient, action=AuditEntry.Action.UPDATE, before=before
    )
    return token


@transaction.atomic
def recipient_link_revoke(*, actor: Any, recipient: Recipient) -> Recipient:
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    before = snapshot(recipient)
    links.link_revoke(recipient)
    audit_record(
        actor=actor, instance=recipient, action=AuditEntry.Action.UPDATE, before=before
    )
    return recipient


@transaction.atomic
def recipient_language_set(
    *, actor: Any, recipient: Recipient, language: str
) -> Recipient:
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose one of the six languages.")})
    before = snapshot(recipient)
    recipient.language = language
    recipient.save(update_fields=["language"])
    audit_record(
        actor=actor, instance=recipient, action=AuditEntry.Action.UPDATE, before=before
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


# --- The due job -----------------------------------------------------------------


@dataclass
class RunReport:
    today: dt.date
    enqueued: dict[str, int] = field(default_factory=dict)  # campaign → reminders
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def reminders_enqueued(self) -> int:
        return sum(self.enqueued.values())

    def __str__(self) -> str:
        lines = [f"run-due for {self.today.isoformat()}"]
        lines += [
            f"  {name}: {n} reminder(s) queued" for name, n in self.enqueued.items()
        ]
        lines.append(f"  delivery: {self.delivery}")
        return "\n".join(lines)


class _AlreadyQueued(Exception):
    pass


def _reminder_enqueue(recipient: Recipient, rule: ReminderRule) -> bool:
    """Write one reminder (with a new link) unless its key exists; atomic."""
    key = f"reminder:{rule.pk}:{recipient.pk}"
    try:
        with transaction.atomic():
            url = None
            if recipient.link_revoked_at is None:
                token = links.link_issue(
                    recipient,
                    valid_from=recipient.link_valid_from,
                    valid_until=recipient.link_valid_until,
                )
                url = links.link_url(recipient, token, language=recipient.language)
            subject, body = reminder_compose(
                recipient, url, before_deadline=rule.offset_days <= 0
            )
            to, cc = recipient_addresses(recipient)
            message = message_enqueue(
                recipient=recipient,
                kind=Message.Kind.REMINDER,
                dedupe_key=key,
                subject=subject,
                body=body,
                to=to,
                cc=cc,
                language=recipient.language,
                reminder_rule=rule,
            )
            if message is None:
                raise _AlreadyQueued  # undo the new link
    except _AlreadyQueued:
        return False
    return True


def reminders_enqueue(*, today: dt.date) -> dict[str, int]:
    """Queue the reminders due ``today`` (or in the grace period before it)."""
    enqueued: dict[str, int] = {}
    earliest = today - dt.timedelta(days=REMINDER_GRACE_DAYS)
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        due = [
            rule
            for rule in campaign.reminder_rules.all()
            if earliest
            <= campaign.deadline + dt.timedelta(days=rule.offset_days)
            <= today
        ]
        count = 0
        for rule in due:
            queued = set(
                Message.objects.filter(reminder_rule=rule).values_list(
                    "recipient_id", flat=True
                )
            )
            invited = Message.objects.filter(
                recipient__campaign=campaign, kind=Message.Kind.INVITATION
            ).values("recipient_id")
            waiting = (
                campaign.recipients.exclude(status=Recipient.Status.SUBMITTED)
                .filter(pk__in=invited)
                .exclude(pk__in=queued)
                .select_related("country", "campaign")
            )
            for recipient in waiting:
                count += _reminder_enqueue(recipient, rule)
        enqueued[str(campaign)] = count
    return enqueued


def run_due(*, today: dt.date | None = None) -> RunReport:
    """The scheduled job: queue due reminders, then send whatever is pending.

    Idempotent: each reminder has one dedupe key per rule and recipient, and
    each message is sent once (``messaging``). Run it outside a transaction."""
    today = today or timezone.localdate()
    report = RunReport(today=today)
    report.enqueued = reminders_enqueue(today=today)
    report.delivery = messages_deliver()
    return report
