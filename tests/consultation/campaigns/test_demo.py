"""The 2008 demo consultation: dates of the report, nothing e-mailed, idempotent."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core import mail

from migdev.consultation.campaigns import demo, selectors
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach.models import FollowUp, Message
from tests.consultation.factories import make_questionnaire

pytestmark = pytest.mark.django_db


def test_demo_skips_without_its_questionnaire(capsys):
    assert demo.load_demo() == []
    assert "skipped" in capsys.readouterr().out
    assert Campaign.objects.count() == 0


def test_demo_campaign_and_follow_up():
    make_questionnaire(demo.DEMO_QUESTIONNAIRE_CODE)
    demo.load_demo()
    demo.load_demo()
    campaign = Campaign.objects.get()
    assert "illustrative" in campaign.title["en"]
    assert campaign.recipients.count() == 194
    assert campaign.status == "closed" and campaign.published_at
    assert campaign.dispatched_at.date() == dt.date(2008, 3, 18)
    assert Message.objects.filter(kind="invitation", status="sent").count() == 194
    # Every message recorded as sent had an address to go to.
    assert all(m.to for m in Message.objects.filter(status="sent"))
    assert Message.objects.filter(kind="reminder").count() == 2 * 194
    assert mail.outbox == []
    # The responses demo then records 64 replies; follow-up is recomputed.
    rng = random.Random(8)
    chosen = rng.sample(list(campaign.recipients.all()), 64)
    for i, r in enumerate(chosen):
        day = dt.datetime(2008, 3, 20, tzinfo=dt.UTC) + dt.timedelta(days=i * 1.8)
        Recipient.objects.filter(pk=r.pk).update(status="submitted", completed_at=day)
    demo.record_follow_up()
    early = [
        r
        for r in chosen
        if r.pk
        in set(
            campaign.recipients.filter(
                completed_at__lt=dt.datetime(2008, 4, 23, 14, tzinfo=dt.UTC)
            ).values_list("pk", flat=True)
        )
    ]
    for r in early:
        assert not Message.objects.filter(
            recipient=r.outreach, kind="reminder"
        ).exists()
    status = selectors.campaign_status_as_of(campaign, dt.date(2008, 7, 15))
    assert status.counts["replied"] == 64
    calls = campaign.recipients.exclude(outreach__last_call_at=None)
    assert calls.count() == len(demo.CALL_TIMES)
    # fn 1: the calls were made a week before and a week after the deadline,
    # to States that had not replied then, and no State was called twice.
    follow_ups = FollowUp.objects.filter(
        recipient__campaign_recipient__campaign=campaign, kind="call"
    )
    assert follow_ups.count() == len(demo.CALL_TIMES)
    assert len({f.recipient_id for f in follow_ups}) == follow_ups.count()
    for call in follow_ups.select_related("recipient__campaign_recipient"):
        assert abs((call.at.date() - demo.DEADLINE).days) <= 9
        state = call.recipient.campaign_recipient
        replied = state.completed_at
        assert replied is None or replied > call.at, state.country
    # Running it again changes nothing.
    before = list(follow_ups.order_by("pk").values_list("pk", "recipient", "at"))
    demo.record_follow_up()
    assert (
        list(follow_ups.order_by("pk").values_list("pk", "recipient", "at")) == before
    )
