"""The migration campaigns.0004 carries every campaign's reminder rules,
recipients' links and progress, messages and follow-ups over to outreach,
keeping their ids (run on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("campaigns", "0003_message_status_no_address"), ("outreach", "0001_initial")]
AFTER = [("campaigns", "0006_outreach_only")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_rows_are_carried_over(reference_data):
    old = _migrate(BEFORE)
    Campaign = old.get_model("campaigns", "Campaign")
    Rule = old.get_model("campaigns", "ReminderRule")
    Recipient = old.get_model("campaigns", "Recipient")
    Message = old.get_model("campaigns", "Message")
    FollowUp = old.get_model("campaigns", "FollowUp")
    Questionnaire = old.get_model("questionnaires", "Questionnaire")
    Country = old.get_model("registry", "Country")
    q = Questionnaire.objects.create(code="m", version="1", title={"en": "Q"})
    campaign = Campaign.objects.create(
        questionnaire=q,
        title={"en": "Old campaign", "fr": "Ancienne"},
        letter={"en": "<p>Dear</p>"},
        sender="USG",
        status="open",
        opens_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 4, 30),
        closes_on=dt.date(2026, 6, 30),
        dispatched_at=timezone.now(),
    )
    rule = Rule.objects.create(campaign=campaign, offset_days=-7)
    now = timezone.now()
    fra = Recipient.objects.create(
        campaign=campaign,
        country=Country.objects.get(iso3="FRA"),
        language="fr",
        token_hash="a" * 64,
        link_valid_from=now,
        invited_at=now,
        reminder_count=1,
        last_reminded_at=now,
        last_call_at=now,
    )
    egy = Recipient.objects.create(
        campaign=campaign,
        country=Country.objects.get(iso3="EGY"),
        language="ar",
        status="submitted",
        completed_at=now,
    )
    sent = Message.objects.create(
        recipient=fra,
        kind="reminder",
        reminder_rule=rule,
        dedupe_key=f"reminder:{rule.pk}:{fra.pk}",
        to=["pm@fra.example"],
        language="fr",
        subject="Rappel",
        body="<p>Madame, <strong>Monsieur</strong></p>",
        status="sent",
        attempts=1,
        sent_at=now,
        message_id="<x@migdev>",
    )
    receipt = Message.objects.create(
        recipient=egy,
        kind="receipt",
        dedupe_key="receipt:1",
        to=["fp@egy.example"],
        language="ar",
        subject="Receipt",
        # As the receipts were stored: the answers escaped into paragraphs.
        body="<p>Plain text &amp; &lt;b&gt;typed&lt;/b&gt;</p>",
    )
    call = FollowUp.objects.create(
        recipient=fra, kind="call", at=now, contact_name="Counsellor", outcome="OK"
    )

    new = _migrate(AFTER)
    Campaign = new.get_model("campaigns", "Campaign")
    Recipient = new.get_model("campaigns", "Recipient")
    ORequest = new.get_model("outreach", "Request")
    ORecipient = new.get_model("outreach", "Recipient")
    OMessage = new.get_model("outreach", "Message")
    OFollowUp = new.get_model("outreach", "FollowUp")
    ORule = new.get_model("outreach", "ReminderRule")

    c = Campaign.objects.get(pk=campaign.pk)
    request = ORequest.objects.get(pk=c.request_id)
    assert request.owner == f"campaigns.campaign:{campaign.pk}"
    assert (request.status, request.sender, request.title) == (
        "open",
        "USG",
        "Old campaign",
    )
    assert (request.opens_on, request.deadline, request.closes_on) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 30),
        dt.date(2026, 6, 30),
    )
    assert list(
        ORule.objects.filter(request=request).values_list("pk", "offset_days")
    ) == [(rule.pk, -7)]
    o_fra = ORecipient.objects.get(pk=Recipient.objects.get(pk=fra.pk).outreach_id)
    assert o_fra.pk == fra.pk and o_fra.key == "country:FRA"
    assert (o_fra.language, o_fra.token_hash, o_fra.reminder_count) == (
        "fr",
        "a" * 64,
        1,
    )
    assert o_fra.last_call_at == now and o_fra.invited_at == now
    o_egy = ORecipient.objects.get(pk=egy.pk)
    assert o_egy.done_at == now and o_fra.done_at is None
    m = OMessage.objects.get(pk=sent.pk)
    assert m.dedupe_key == f"reminder:{rule.pk}:{fra.pk}" and m.recipient_id == fra.pk
    assert m.reminder_rule_id == rule.pk and m.status == "sent" and m.sent_at == now
    assert "Madame, Monsieur" in m.body and "<strong>Monsieur</strong>" in m.html
    assert 'lang="fr"' in m.html
    r = OMessage.objects.get(pk=receipt.pk)
    assert r.body == "Plain text & <b>typed</b>" and "&lt;b&gt;" in r.html
    assert 'dir="rtl"' in r.html
    f = OFollowUp.objects.get(pk=call.pk)
    assert (f.recipient_id, f.kind, f.outcome) == (fra.pk, "call", "OK")
    # New rows do not collide with the ids carried over.
    extra = ORecipient.objects.create(request=request, key="country:MEX", language="es")
    assert extra.pk > max(fra.pk, egy.pk)
    assert OMessage.objects.create(
        recipient=extra, kind="notice", dedupe_key="n", subject="s", body="b"
    ).pk > max(sent.pk, receipt.pk)
    _migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
