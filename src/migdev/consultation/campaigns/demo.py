"""Demo content: the 2008 consultation of Member States on the follow-up to
the High-level Dialogue (A/63/265, fn 1, ¶21–24), as an illustrative record.

The dates are those of the report: letter of 18 March 2008, deadline 30 April
2008, reminders and follow-up telephone calls a week before and a week after
it (fn 1), campaign closed and its results published. Which States replied,
and when, is not in the report: the responses app's demo chooses the 64
replies, and the calls go to States that had not replied at the time of the
call, one call each. The letter's wording, the Permanent Missions' addresses,
whom was called and what was said are illustrative. Nothing is e-mailed: the
messages are recorded as sent on their 2008 dates. The dates and texts are
data, in ``demo_data/campaign.yaml``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from migdev.consultation.campaigns import mail, roster, services
from migdev.consultation.campaigns.links import LINK_PATH
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.core.demo_data import demo_data
from migdev.outreach.models import FollowUp, Message, Request
from migdev.outreach.models import Recipient as OutreachRecipient
from migdev.outreach.outbox import NO_ADDRESS
from migdev.registry.models import Contact, Country

#: Dates, texts and calls of the 2008 consultation: ``demo_data/campaign.yaml``.
DATA = demo_data(__package__, "campaign")
DEMO_QUESTIONNAIRE_CODE: str = DATA["questionnaire"]
UTC = dt.UTC
DISPATCHED: dt.datetime = DATA["dispatched"]
OPENS: dt.date = DATA["opens"]
DEADLINE: dt.date = DATA["deadline"]
#: The follow-up calls of fn 1, a week before and a week after the deadline.
CALL_TIMES: tuple[dt.datetime, ...] = tuple(DATA["call_times"])
CALL_OUTCOME: str = DATA["call_outcome"]


def _secretariat():
    """The demo's secretariat user, who sets the demo campaign up (the
    registry's demo makes it; loaded here if it has not run)."""
    user = get_user_model().objects.filter(username="secretariat").first()
    if user is None:
        from migdev.registry import demo as registry_demo

        registry_demo.load_demo()
        user = get_user_model().objects.get(username="secretariat")
    return user


def _questionnaire() -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(code=DEMO_QUESTIONNAIRE_CODE)
        .order_by("-pk")
        .first()
    )


def demo_campaign() -> Campaign | None:
    """The demo campaign, if it has been loaded."""
    q = _questionnaire()
    if q is None:
        return None
    return (
        Campaign.objects.filter(
            questionnaire=q, request__opens_on=OPENS, request__deadline=DEADLINE
        )
        .order_by("pk")
        .first()
    )


def _record_sent(
    recipient: Recipient, *, kind: str, key: str, at: dt.datetime, compose, rule=None
) -> None:
    if Message.objects.filter(dedupe_key=key).exists():
        return
    placeholder = "https://example.org/" + LINK_PATH.format(token="…")
    letter = compose(recipient, placeholder)
    to, cc = mail.addresses(recipient, as_of=at.date())
    addressed = bool(to or cc)
    Message.objects.create(
        recipient=recipient.outreach,
        kind=kind,
        reminder_rule=rule,
        dedupe_key=key,
        subject=letter.subject,
        body=letter.text,
        html=letter.html,
        to=to,
        cc=cc,
        language=recipient.language,
        # A message without an address never left, in the demo as in life.
        status=Message.Status.SENT if addressed else Message.Status.NO_ADDRESS,
        error="" if addressed else NO_ADDRESS,
        attempts=1 if addressed else 0,
        sent_at=at if addressed else None,
        message_id=f"<demo-{key.replace(':', '-')}@migdev.example>"
        if addressed
        else "",
    )


@transaction.atomic
def record_follow_up() -> int:
    """Record the 2008 reminders and calls to the States that had not replied
    on each date. Idempotent; run again once the demo replies exist (the
    responses demo calls it after creating them)."""
    campaign = demo_campaign()
    if campaign is None:
        return 0
    created = 0
    for rule in campaign.request.reminder_rules.all():
        day = DEADLINE + dt.timedelta(days=rule.offset_days)
        at = dt.datetime.combine(day, dt.time(14, 0), tzinfo=UTC)
        replied_before = Q(completed_at__lt=at)
        for recipient in campaign.recipients.select_related(
            "country", "campaign__request", "outreach"
        ):
            key = f"reminder:{rule.pk}:{recipient.outreach_id}"
            exists = Message.objects.filter(dedupe_key=key)
            if campaign.recipients.filter(replied_before, pk=recipient.pk).exists():
                exists.delete()  # replies now known: no reminder was due
                continue
            if exists.exists():
                continue
            _record_sent(
                recipient,
                kind=Message.Kind.REMINDER,
                key=key,
                at=at,
                rule=rule,
                compose=lambda r, url, rule=rule: mail.reminder_compose(
                    r, url, before_deadline=rule.offset_days <= 0
                ),
            )
            created += 1
    for recipient in campaign.recipients.select_related("outreach"):
        sent = recipient.outreach.messages.filter(
            kind=Message.Kind.REMINDER, status=Message.Status.SENT
        ).order_by("sent_at")
        OutreachRecipient.objects.filter(pk=recipient.outreach_id).update(
            reminder_count=sent.count(),
            last_reminded_at=sent.last().sent_at if sent.exists() else None,
        )
    _record_calls(campaign)
    return created


def calls_due(campaign: Campaign) -> list[tuple[Recipient, dt.datetime]]:
    """(State, time) of each demo call: at each of :data:`CALL_TIMES`, the
    first State by M49 code not called yet that had not replied by then."""
    recipients = list(
        campaign.recipients.select_related("country").order_by("country__m49")
    )
    called: set[int] = set()
    due = []
    for at in CALL_TIMES:
        for recipient in recipients:
            replied = (
                recipient.completed_at is not None and recipient.completed_at <= at
            )
            if recipient.pk not in called and not replied:
                called.add(recipient.pk)
                due.append((recipient, at))
                break
    return due


def _record_calls(campaign: Campaign) -> None:
    """Make the demo's calls exactly :func:`calls_due`: calls recorded before
    the replies were known, to a State that turned out to have replied, are
    removed; none is recorded twice."""
    due = {(r.outreach_id, at) for r, at in calls_due(campaign)}
    recorded = FollowUp.objects.filter(
        recipient__request=campaign.request_id,
        kind=FollowUp.Kind.CALL,
        outcome=CALL_OUTCOME,
    )
    touched: set[int] = set()
    for call in recorded:
        if (call.recipient_id, call.at) in due:
            due.discard((call.recipient_id, call.at))
        else:
            touched.add(call.recipient_id)
            call.delete()
    for recipient_id in touched:
        last = (
            FollowUp.objects.filter(recipient_id=recipient_id, kind=FollowUp.Kind.CALL)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        OutreachRecipient.objects.filter(pk=recipient_id).update(last_call_at=last)
    recipients = {
        r.outreach_id: r
        for r in campaign.recipients.filter(outreach__in={pk for pk, _ in due})
    }
    for recipient_id, at in sorted(due, key=lambda item: item[1]):
        services.follow_up_record(
            actor=_secretariat(),
            recipient=recipients[recipient_id],
            kind=FollowUp.Kind.CALL,
            at=at,
            contact_name=DATA["call_contact"],
            outcome=CALL_OUTCOME,
        )


def _missions_add() -> None:
    """An illustrative Permanent Mission address for each State the registry
    has none for: fn 1 says the letter reached every Permanent
    Representative. The addresses are invented (example.org)."""
    have = set(
        Contact.objects.filter(kind=Contact.Kind.PERMANENT_MISSION).values_list(
            "country_id", flat=True
        )
    )
    Contact.objects.bulk_create(
        [
            Contact(
                kind=Contact.Kind.PERMANENT_MISSION,
                country=country,
                name=f"Permanent Mission of {country.name.get_text('en')} "
                "(illustrative)",
                email=f"mission.{country.iso3.lower()}@example.org",
                preferred_language=roster.language_default(country),
            )
            for country in Country.objects.filter(
                status__in=[Country.Status.MEMBER, Country.Status.OBSERVER]
            ).order_by("m49")
            if country.pk not in have
        ]
    )


@transaction.atomic
def load_demo() -> list:
    q = _questionnaire()
    if q is None:
        print(  # noqa: T201 — shown by `migdev demo`
            f"campaigns demo skipped: no questionnaire {DEMO_QUESTIONNAIRE_CODE!r}."
        )
        return []
    campaign = demo_campaign()
    if campaign is None:
        _missions_add()
        campaign = services.campaign_create(
            actor=_secretariat(),
            questionnaire=q,
            title=DATA["title"],
            letter=DATA["letter"],
            opens_on=OPENS,
            deadline=DEADLINE,
            recipients=None,
            reminder_offsets=tuple(DATA["reminder_offsets"]),
            sender=DATA["sender"],
        )
        for recipient in campaign.recipients.select_related(
            "country", "campaign__request", "outreach"
        ):
            _record_sent(
                recipient,
                kind=Message.Kind.INVITATION,
                key=f"invitation:{recipient.outreach_id}",
                at=DISPATCHED,
                compose=mail.invitation_compose,
            )
        OutreachRecipient.objects.filter(
            request=campaign.request_id,
            messages__kind=Message.Kind.INVITATION,
            messages__status=Message.Status.SENT,
        ).update(invited_at=DISPATCHED)
        Request.objects.filter(pk=campaign.request_id).update(
            status=Request.Status.CLOSED, opened_at=DISPATCHED, closed_at=DATA["closed"]
        )
        Campaign.objects.filter(pk=campaign.pk).update(published_at=DATA["published"])
    record_follow_up()
    return []
