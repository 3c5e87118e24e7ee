"""The new-campaign form lists the States as of the campaign's opening date:
a 2008 campaign offers no South Sudan (admitted 2011) and names its States as
they were then; a campaign opening today offers it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation.campaigns.forms import CampaignForm

pytestmark = pytest.mark.django_db


def test_the_states_are_those_of_the_opening_date():
    in_2008 = CampaignForm(initial={"opens_on": dt.date(2008, 3, 18)})
    codes_2008 = {code for code, _name in in_2008.fields["states"].choices}
    assert len(codes_2008) == 194 and "SSD" not in codes_2008
    assert {"VAT", "PSE"} <= codes_2008
    today = CampaignForm()
    codes_today = {code for code, _name in today.fields["states"].choices}
    assert "SSD" in codes_today and len(codes_today) == 195
    # A form posted back keeps the date it was posted with.
    posted = CampaignForm(data={"opens_on": "2008-03-18"})
    assert {c for c, _n in posted.fields["states"].choices} == codes_2008
    boxes = {s.iso3 for group in in_2008.state_groups() for s in group.states}
    assert boxes == codes_2008
    assert timezone.localdate() > dt.date(2011, 7, 14)
