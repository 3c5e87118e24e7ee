"""The due job: reminders to non-respondents only, each message sent once,
through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from migdev.consultation.campaigns import services
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach import outbox
from migdev.outreach import services as outreach
from migdev.outreach.models import Message
from migdev.registry.models import Contact, Country
from tests.consultation.factories import make_campaign, secretariat

pytestmark = pytest.mark.django_db

STATES = ("FRA", "MEX", "EGY", "CHN", "RUS", "BRA")
DEADLINE = dt.date(2030, 4, 30)


@pytest.fixture
def campaign(django_capture_on_commit_callbacks):
    campaign = make_campaign(
        recipients=STATES,
        status=Campaign.Status.DRAFT,
        opens_on=dt.date(2030, 3, 18),
        deadline=DEADLINE,
    )
    for iso3 in STATES:
        country = Country.objects.get(iso3=iso3)
        Contact.objects.create(
            kind="permanent_mission",
            country=country,
            name=f"PM {iso3}",
            email=f"pm@{iso3.lower()}.example",
        )
        Contact.objects.create(
            kind="focal_point",
            country=country,
            name=f"FP {iso3}",
            email=f"fp@{iso3.lower()}.example",
        )
    services.campaign_dispatch(actor=secretariat(), campaign=campaign)
    outreach.run_due(today=dt.date(2030, 3, 18))  # sends the invitations
    return campaign


def submit(campaign, *iso3s):
    """As a submission does: the reply's status, and outreach told it is done."""
    rows = Recipient.objects.filter(campaign=campaign, country__iso3__in=iso3s)
    rows.update(status=Recipient.Status.SUBMITTED, completed_at=timezone.now())
    for recipient in rows.select_related("outreach"):
        outreach.recipient_done(recipient.outreach)


def reminded(since: int = 0) -> set[str]:
    """The States written to since outbox position ``since``."""
    return {m.to[0].split("@")[1].split(".")[0].upper() for m in mail.outbox[since:]}


def test_invitations_went_once_to_everyone(campaign):
    assert len(mail.outbox) == len(STATES)
    assert Message.objects.filter(kind="invitation", status="sent").count() == len(
        STATES
    )
    assert outreach.run_due(today=dt.date(2030, 3, 19)).delivery.sent == []


def test_reminders_go_to_non_respondents_only_and_once(campaign):
    submit(campaign, "FRA", "EGY")
    before = len(mail.outbox)
    report = outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert report.reminders_enqueued == 4
    assert reminded(before) == {"MEX", "CHN", "RUS", "BRA"}
    again = outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert again.reminders_enqueued == 0 and again.delivery.sent == []
    assert len(mail.outbox) == before + 4
    # Nothing is due between the two reminders.
    assert outreach.run_due(today=DEADLINE).reminders_enqueued == 0
    submit(campaign, "MEX")
    after_first = len(mail.outbox)
    report = outreach.run_due(today=DEADLINE + dt.timedelta(days=7))
    assert reminded(after_first) == {"CHN", "RUS", "BRA"}
    brazil = Recipient.objects.get(campaign=campaign, country__iso3="BRA").outreach
    assert brazil.reminder_count == 2 and brazil.last_reminded_at is not None
    france = Recipient.objects.get(campaign=campaign, country__iso3="FRA").outreach
    assert france.reminder_count == 0


def test_a_job_stopped_for_weeks_does_not_send_stale_reminders(campaign):
    report = outreach.run_due(today=DEADLINE + dt.timedelta(days=7 + 15))
    assert report.reminders_enqueued == 0
    report = outreach.run_due(today=DEADLINE + dt.timedelta(days=7 + 14))
    assert report.reminders_enqueued == len(STATES)  # only the +7 rule, late


def test_closed_campaign_gets_no_reminders(campaign):
    services.campaign_close(actor=secretariat(), campaign=campaign)
    assert (
        outreach.run_due(today=DEADLINE - dt.timedelta(days=7)).reminders_enqueued == 0
    )


def test_a_crash_half_way_is_finished_by_the_next_run(campaign, monkeypatch):
    before = len(mail.outbox)
    real_claim = outbox._take
    calls = {"n": 0}

    def crash_after_three(pk, domain):
        calls["n"] += 1
        if calls["n"] > 3:
            raise RuntimeError("worker killed")
        return real_claim(pk, domain)

    monkeypatch.setattr(outbox, "_take", crash_after_three)
    with pytest.raises(RuntimeError):
        outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert len(mail.outbox) == before + 3
    monkeypatch.undo()
    report = outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert report.reminders_enqueued == 0  # all were queued before the crash
    assert len(report.delivery.sent) == len(STATES) - 3
    sent_to = [m.to[0] for m in mail.outbox[before:]]
    assert len(sent_to) == len(set(sent_to)) == len(STATES)


def test_crash_between_send_and_record_is_reported_not_resent(campaign, monkeypatch):
    before = len(mail.outbox)

    def die(msg):
        raise SystemExit("killed after the server accepted the message")

    monkeypatch.setattr(outbox, "_record_sent", die)
    with pytest.raises(SystemExit):
        outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    monkeypatch.undo()
    assert len(mail.outbox) == before + 1
    stuck = Message.objects.get(status="sending")
    Message.objects.filter(pk=stuck.pk).update(
        claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    report = outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert report.delivery.stale == [stuck.pk]
    assert len(mail.outbox) == before + len(STATES)  # the stuck one not resent
    assert Message.objects.get(pk=stuck.pk).status == "sending"


def test_command_and_task(campaign, capsys):
    call_command("campaigns", "run-due", "--today", "2030-04-23")
    out = capsys.readouterr().out
    assert "6 reminder(s) queued" in out and "6 sent" in out
    call_command("campaigns", "run-due", "--today", "2030-04-23")
    assert "0 sent" in capsys.readouterr().out
    from migdev.outreach.tasks import run_due

    result = run_due.enqueue("2030-04-23")
    assert "0 sent" in result.return_value


def test_bad_date_on_the_command_line(campaign):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("campaigns", "run-due", "--today", "23/04/2030")


def test_real_smtp_recipients_and_languages(
    smtp_server, django_capture_on_commit_callbacks
):
    campaign = make_campaign(
        recipients=STATES,
        status=Campaign.Status.DRAFT,
        opens_on=dt.date(2030, 3, 18),
        deadline=DEADLINE,
    )
    for iso3 in STATES:
        country = Country.objects.get(iso3=iso3)
        Contact.objects.create(
            kind="permanent_mission",
            country=country,
            name="PM",
            email=f"pm@{iso3.lower()}.example",
        )
        Contact.objects.create(
            kind="focal_point",
            country=country,
            name="FP",
            email=f"fp@{iso3.lower()}.example",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_dispatch(actor=secretariat(), campaign=campaign)
    assert len(smtp_server.messages) == len(STATES)
    expected = {
        "FRA": "fr",
        "MEX": "es",
        "EGY": "ar",
        "CHN": "zh-Hans",
        "RUS": "ru",
        "BRA": "en",
    }
    got = {
        m["to"].split("@")[1].split(".")[0].upper(): m["language"]
        for m in smtp_server.messages
    }
    assert got == expected
    fra = next(m for m in smtp_server.messages if "fra" in m["to"])
    assert sorted(fra["rcpt"]) == ["fp@fra.example", "pm@fra.example"]
    html = fra["email"].get_body(preferencelist=("html",)).get_content()
    assert "/fr/consultations/replies/link/" in html
    submit(campaign, "FRA", "EGY")
    outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    reminders = smtp_server.messages[len(STATES) :]
    assert {m["to"] for m in reminders} == {
        f"pm@{s.lower()}.example" for s in ("MEX", "CHN", "RUS", "BRA")
    }
    assert {m["language"] for m in reminders} == {"es", "zh-Hans", "ru", "en"}
    outreach.run_due(today=DEADLINE - dt.timedelta(days=7))
    assert len(smtp_server.messages) == len(STATES) + 4
    ids = [m["message_id"] for m in smtp_server.messages]
    assert len(set(ids)) == len(ids)
