"""A day asked for in ``as_of`` outside the range of the records (or not a
date) is a 400 that says the range, on every page and endpoint that takes one;
the edges of the range are served."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign
from migdev.core.dated import FIRST_DAY, LAST_DAY, DayOutOfRange, parse_day
from migdev.outreach.models import Request
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

PAGES = (
    "/consultations/campaigns/{pk}/tracking/",
    "/consultations/campaigns/{pk}/map/",
    "/consultations/campaigns/{pk}/map.svg",
    "/consultations/campaigns/{pk}/map.png",
)
ENDPOINTS = (
    "/api/v1/campaigns/{pk}",
    "/api/v1/campaigns/{pk}/map.svg",
    "/api/v1/campaigns/{pk}/map.png",
)
BAD_DAYS = ("9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2008-02-30")


@pytest.fixture
def published():
    campaign = make_campaign(recipients=("FRA", "MEX"))
    Request.objects.filter(campaign=campaign).update(
        status=Request.Status.CLOSED, closed_at=timezone.now()
    )
    Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
    return campaign


def test_parse_day_keeps_to_the_range():
    assert parse_day("2008-06-30") == dt.date(2008, 6, 30)
    assert parse_day("", dt.date(2008, 1, 1)) == dt.date(2008, 1, 1)
    assert parse_day(FIRST_DAY.isoformat()) == FIRST_DAY
    assert parse_day(LAST_DAY.isoformat()) == LAST_DAY
    for raw in (*BAD_DAYS, "yesterday"):
        with pytest.raises(DayOutOfRange) as exc:
            parse_day(raw)
        assert "1900-01-01 and 2199-12-31" in exc.value.message


@pytest.mark.parametrize("day", BAD_DAYS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_answer_400_with_the_range(client, published, page, day):
    response = client.get(page.format(pk=published.pk), {"as_of": day})
    assert response.status_code == 400
    assert "between 1900-01-01 and 2199-12-31" in response.content.decode()


@pytest.mark.parametrize("day", ("9999-12-31", "0001-01-01", "2200-01-01"))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_api_answers_400_with_the_range(client, published, endpoint, day):
    response = client.get(endpoint.format(pk=published.pk), {"as_of": day})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "as_of"
    assert "between 1900-01-01 and 2199-12-31" in error["message"]


@pytest.mark.parametrize("day", (FIRST_DAY, LAST_DAY))
def test_the_edges_of_the_range_are_served(client, published, day):
    for url in PAGES + ENDPOINTS:
        response = client.get(url.format(pk=published.pk), {"as_of": day.isoformat()})
        assert response.status_code == 200, url
