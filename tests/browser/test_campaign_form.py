"""The new-campaign form in a browser: a region's States checked at once."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.consultation.campaigns.models import Campaign
from tests.browser.test_consultation_cycle import _log_in
from tests.consultation.factories import make_questionnaire

pytestmark = [pytest.mark.browser]


def test_select_all_of_a_region_then_leave_one_out(
    live_server, reference_data, make_user, page, screenshot
):
    make_questionnaire("q-regions")
    _log_in(page, live_server.url, make_user(make_user.SECRETARIAT))
    page.goto(live_server.url + "/consultations/campaigns/new/")
    europe = page.locator('fieldset.region[data-region="150"]')
    states = europe.locator('input[name="states"]')
    select_all = europe.locator("input[data-select-all]")
    assert states.count() > 40

    select_all.check()
    assert states.evaluate_all("boxes => boxes.every(b => b.checked)")
    # Checking States chooses "The States chosen below".
    assert page.locator('input[name="recipients_mode"][value="chosen"]').is_checked()

    europe.locator('input[name="states"][value="FRA"]').uncheck()
    assert not select_all.is_checked()
    assert select_all.evaluate("box => box.indeterminate")
    # Other regions are untouched.
    africa = page.locator('fieldset.region[data-region="002"] input[name="states"]')
    assert africa.evaluate_all("boxes => boxes.every(b => !b.checked)")
    wanted = set(
        states.evaluate_all("boxes => boxes.filter(b => b.checked).map(b => b.value)")
    )

    today = dt.date.today()
    page.select_option("#id_questionnaire", index=1)
    page.fill("#id_title_2", "European consultation")
    page.fill("#id_letter_2", "<p>Excellency,</p>")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_deadline", (today + dt.timedelta(days=30)).isoformat())
    screenshot("campaign-form-regions")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    campaign = Campaign.objects.get()
    chosen = set(campaign.recipients.values_list("country__iso3", flat=True))
    assert chosen == wanted and "FRA" not in chosen and "DEU" in chosen
