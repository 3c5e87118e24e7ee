"""The consultation's messages in outreach's outbox: enqueue once per key,
deliver once per message, retries, bounces, sending again with a new link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from migdev.consultation.campaigns import links, services
from migdev.consultation.campaigns import mail as campaign_mail
from migdev.outreach import outbox
from migdev.outreach import services as outreach
from migdev.outreach.models import Message
from migdev.outreach.outbox import MAX_ATTEMPTS
from migdev.registry.models import Contact
from tests.consultation.factories import make_campaign, secretariat

pytestmark = pytest.mark.django_db

LETTER = outreach.Letter(
    subject="Questionnaire",
    text="Dear Sir,\n\nReply: https://x.org/l/\n",
    html='<!DOCTYPE html><html lang="en" dir="ltr"><body><p>Dear <strong>Sir</strong>,'
    '</p><p><a href="https://x.org/l/">Reply</a></p></body></html>',
)


@pytest.fixture
def campaign():
    return make_campaign(recipients=("FRA", "MEX", "EGY"))


def enqueue(recipient, key=None, **kw):
    values = {
        "recipient": recipient.outreach,
        "kind": Message.Kind.INVITATION,
        "dedupe_key": key or f"invitation:{recipient.outreach_id}",
        "letter": LETTER,
        "to": [f"pm-{recipient.country.iso3.lower()}@example.org"],
        "cc": ["fp@example.org"],
    }
    values.update(kw)
    return outreach.message_enqueue(**values)


def test_same_key_is_enqueued_once(campaign):
    r = campaign.recipients.first()
    assert enqueue(r) is not None
    assert enqueue(r) is None
    assert Message.objects.count() == 1


def test_deliver_sends_text_and_html_once(campaign):
    for r in campaign.recipients.all():
        enqueue(r)
    report = outreach.messages_deliver()
    assert len(report.sent) == 3
    assert len(mail.outbox) == 3
    first = mail.outbox[0]
    assert "Dear Sir" in first.body and "https://x.org/l/" in first.body
    html, mime = first.alternatives[0]
    assert mime == "text/html" and "<strong>Sir</strong>" in html
    assert first.cc == ["fp@example.org"]
    assert outreach.messages_deliver().sent == []
    assert len(mail.outbox) == 3
    for m in Message.objects.all():
        assert m.status == Message.Status.SENT
        assert m.sent_at is not None and m.message_id.startswith("<")
        assert m.recipient.invited_at is not None


def test_arabic_invitation_is_right_to_left(campaign):
    egy = campaign.recipients.get(country__iso3="EGY")
    url = links.link_url(links.link_issue(egy), language="ar")
    letter = campaign_mail.invitation_compose(egy, url)
    assert 'dir="rtl"' in letter.html and 'lang="ar"' in letter.html
    enqueue(egy, letter=letter)
    outreach.messages_deliver([Message.objects.get().pk])
    assert mail.outbox[0].extra_headers["Content-Language"] == "ar"


def test_failure_is_retried_up_to_max_attempts(campaign, monkeypatch):
    enqueue(campaign.recipients.first())

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("server down")

    monkeypatch.setattr(outbox.EmailMultiAlternatives, "send", refuse)
    for _ in range(MAX_ATTEMPTS + 2):
        outreach.messages_deliver()
    m = Message.objects.get()
    assert m.status == Message.Status.FAILED
    assert m.attempts == MAX_ATTEMPTS
    assert "server down" in m.error
    monkeypatch.undo()
    assert outreach.messages_deliver().sent == []  # no attempts left
    Contact.objects.create(
        kind="permanent_mission",
        country=m.recipient.campaign_recipient.country,
        name="PM",
        email="pm@x.org",
    )
    services.message_send_again(actor=secretariat(), message=m)
    assert len(outreach.messages_deliver().sent) == 1
    assert mail.outbox[-1].to == ["pm@x.org"]


def test_message_without_address_is_never_sent_and_says_what_to_do(campaign):
    recipient = campaign.recipients.get(country__iso3="MEX")
    m = enqueue(
        recipient,
        to=[],
        cc=[],
        letter=outreach.Letter(
            "S", "https://x.org/consultations/replies/link/" + "A" * 43 + "/"
        ),
    )
    assert m.status == Message.Status.NO_ADDRESS and "registry" in m.error
    assert "A" * 43 not in m.body  # no working link is kept
    report = outreach.messages_deliver()
    assert report.sent == [] and report.failed == []
    m.refresh_from_db()
    assert m.status == Message.Status.NO_ADDRESS and m.sent_at is None
    assert mail.outbox == []

    # Still no address: sending again leaves it unaddressed.
    services.message_send_again(actor=secretariat(), message=m)
    m.refresh_from_db()
    assert m.status == Message.Status.NO_ADDRESS
    # Once the registry has an address, it leaves.
    Contact.objects.create(
        kind=Contact.Kind.PERMANENT_MISSION,
        country=recipient.country,
        name="Permanent Mission of Mexico",
        email="pm-mex@example.org",
    )
    services.message_send_again(actor=secretariat(), message=m)
    assert outreach.messages_deliver().sent == [m.pk]
    assert mail.outbox[0].to == ["pm-mex@example.org"]


def test_crash_after_claim_is_reported_not_resent(campaign):
    m = enqueue(campaign.recipients.first())
    Message.objects.filter(pk=m.pk).update(
        status=Message.Status.SENDING,
        claimed_at=timezone.now() - dt.timedelta(hours=1),
        attempts=1,
    )
    report = outreach.messages_deliver()
    assert report.stale == [m.pk] and report.sent == []
    assert mail.outbox == []
    services.message_settle(
        actor=secretariat(), message=Message.objects.get(pk=m.pk), was_sent=False
    )
    assert outreach.messages_deliver().sent == [m.pk]


def test_reminder_sent_updates_the_roster(campaign):
    r = campaign.recipients.first()
    rule = campaign.request.reminder_rules.first()
    enqueue(
        r,
        key=f"reminder:{rule.pk}:{r.outreach_id}",
        kind=Message.Kind.REMINDER,
        reminder_rule=rule,
    )
    outreach.messages_deliver()
    r.outreach.refresh_from_db()
    assert r.outreach.reminder_count == 1 and r.outreach.last_reminded_at is not None


def test_bounce_by_message_id_or_key(campaign):
    a, b = campaign.recipients.all()[:2]
    enqueue(a)
    enqueue(b)
    outreach.messages_deliver()
    ma = Message.objects.get(recipient=a.outreach)
    outreach.message_record_bounce(ma.message_id.strip("<>"), "550 no such user")
    outreach.message_record_bounce(f"invitation:{b.outreach_id}", "mailbox full")
    assert set(Message.objects.values_list("status", flat=True)) == {"bounced"}
    with pytest.raises(LookupError):
        outreach.message_record_bounce("nope", "x")


def test_addresses_from_the_registry(campaign):
    r = campaign.recipients.get(country__iso3="MEX")
    assert campaign_mail.addresses(r) == ([], [])
    Contact.objects.create(
        kind="focal_point", country=r.country, name="FP", email="fp@mex.example"
    )
    assert campaign_mail.addresses(r) == (["fp@mex.example"], [])
    Contact.objects.create(
        kind="permanent_mission", country=r.country, name="PM", email="pm@mex.example"
    )
    assert campaign_mail.addresses(r) == (["pm@mex.example"], ["fp@mex.example"])


def test_sending_again_composes_a_fresh_link_and_the_outbox_keeps_none(campaign):
    """A message that failed for good keeps no working link; sending it again
    issues a new one, so the State still gets a link that works."""
    recipient = campaign.recipients.first()
    token = links.link_issue(recipient)
    url = links.link_url(token, language=recipient.language)
    letter = campaign_mail.invitation_compose(recipient, url)
    message = Message.objects.create(
        recipient=recipient.outreach,
        kind=Message.Kind.INVITATION,
        dedupe_key="inv-x",
        to=["m@example.org"],
        subject=letter.subject,
        body=letter.text,
        html=letter.html,
        status=Message.Status.SENDING,
        attempts=1,
    )
    assert token in message.body and token in message.html
    outbox._record_failed(message, "550 mailbox unavailable", final=True)
    message.refresh_from_db()
    assert token not in message.body and token not in message.html
    Contact.objects.create(
        kind=Contact.Kind.PERMANENT_MISSION,
        country=recipient.country,
        name="Permanent Mission",
        email="mission@example.org",
    )
    services.message_send_again(actor=secretariat(), message=message)
    message.refresh_from_db()
    fresh = re.search(r"/link/([\w-]+)/", message.body).group(1)
    assert fresh != token
    assert links.recipient_for_token(fresh) == recipient
