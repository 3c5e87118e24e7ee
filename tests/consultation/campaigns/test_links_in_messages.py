"""Every message with a reply link is sent with a link that works when it is
sent, through a real SMTP server on loopback: a reminder, or a link issued
again, while the invitation still waits in the outbox, gives the waiting
message the new link; a link that no longer works is never mailed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from migdev.consultation.campaigns import links, services
from migdev.consultation.campaigns.models import Campaign
from migdev.outreach import services as outreach
from migdev.outreach.models import Message
from migdev.registry.models import Contact, Country
from tests.consultation.factories import make_campaign, secretariat

pytestmark = pytest.mark.django_db

STATES = ("FRA", "MEX", "EGY")
LINK = re.compile(r"https?://[^\s\"<>]+/consultations/replies/link/[A-Za-z0-9_-]+/")


@pytest.fixture
def late_campaign():
    """Open today, deadline in three days: its -7 reminder date has passed."""
    today = timezone.localdate()
    campaign = make_campaign(
        recipients=STATES,
        status=Campaign.Status.DRAFT,
        opens_on=today - dt.timedelta(days=20),
        deadline=today + dt.timedelta(days=3),
    )
    for iso3 in STATES:
        Contact.objects.create(
            kind="permanent_mission",
            country=Country.objects.get(iso3=iso3),
            name=f"PM {iso3}",
            email=f"pm@{iso3.lower()}.example",
        )
    return campaign


def mailed_links(smtp_server) -> list[tuple[str, str, str]]:
    """(State, subject, link) of every message the SMTP server accepted."""
    found = []
    for m in smtp_server.messages:
        html = m["email"].get_body(preferencelist=("html",)).get_content()
        (link,) = set(LINK.findall(html))
        found.append((m["to"].split("@")[1].split(".")[0].upper(), m["subject"], link))
    return found


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].partition("/")[2]


def test_a_reminder_due_before_the_invitation_left_kills_no_link(
    client, smtp_server, late_campaign
):
    # Dispatch, then the daily job, before anything was sent: the job queues
    # the -7 reminder (a new link) while the invitations wait in the outbox.
    services.campaign_dispatch(actor=secretariat(), campaign=late_campaign)
    assert Message.objects.filter(status="pending").count() == len(STATES)
    call_command("campaigns", "run-due", "--today", timezone.localdate().isoformat())
    sent = mailed_links(smtp_server)
    assert len(sent) == 2 * len(STATES)
    assert {s for s, _subject, _link in sent} == set(STATES)
    assert Message.objects.filter(kind="reminder", status="sent").count() == len(STATES)
    for state, subject, link in sent:
        response = client.get(path_of(link))
        assert response.status_code == 200, (state, subject)


def test_a_link_issued_again_goes_into_the_waiting_invitation(
    client, smtp_server, late_campaign
):
    services.campaign_dispatch(actor=secretariat(), campaign=late_campaign)
    france = late_campaign.recipients.get(country__iso3="FRA")
    token = services.recipient_link_reissue(actor=secretariat(), recipient=france)
    outreach.messages_deliver()
    sent = {state: link for state, _subject, link in mailed_links(smtp_server)}
    assert sent["FRA"].endswith(f"/link/{token}/")
    assert client.get(path_of(sent["FRA"])).status_code == 200


def test_a_withdrawn_link_is_never_mailed(client, smtp_server, late_campaign):
    services.campaign_dispatch(actor=secretariat(), campaign=late_campaign)
    france = late_campaign.recipients.get(country__iso3="FRA")
    links.link_revoke(france)
    report = outreach.messages_deliver()
    assert {state for state, _s, _l in mailed_links(smtp_server)} == {"MEX", "EGY"}
    invitation = Message.objects.get(recipient=france.outreach)
    assert report.failed == [invitation.pk]
    assert invitation.status == Message.Status.FAILED
    assert "no longer works (revoked)" in invitation.error
    assert "/link/…/" in invitation.body  # the outbox keeps no link
