"""A recipient's page in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.outreach import services as outreach
from migdev.outreach.models import FollowUp
from tests.browser.test_consultation_cycle import _log_in
from tests.consultation.factories import make_campaign

pytestmark = [pytest.mark.browser]


def test_a_call_recorded_by_no_user_shows_on_the_recipient_page(
    live_server, reference_data, make_user, page, screenshot
):
    """A call written by a job or the demo (no user) is listed, not a 500."""
    campaign = make_campaign(recipients=("AFG", "FRA"))
    recipient = campaign.recipients.get(country__iso3="AFG")
    outreach.follow_up_record(
        actor=None,
        recipient=recipient.outreach,
        kind=FollowUp.Kind.CALL,
        at=dt.datetime(2008, 5, 12, 15, 30, tzinfo=dt.UTC),
        contact_name="Counsellor, Permanent Mission",
        outcome="Confirmed receipt of the questionnaire.",
    )
    _log_in(page, live_server.url, make_user(make_user.SECRETARIAT))
    response = page.goto(
        f"{live_server.url}/consultations/campaigns/{campaign.pk}"
        f"/recipients/{recipient.pk}/"
    )
    assert response.status == 200
    row = page.locator("table tr", has_text="Counsellor, Permanent Mission")
    assert row.count() == 1
    assert "Confirmed receipt" in row.inner_text()
    assert "not recorded" in row.inner_text()
    screenshot("recipient-call-by-no-user")
