"""The response map of a campaign: one default day, drawn once and kept until
a reply changes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from migdev.consultation.campaigns import maps
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach.models import Request
from migdev.stats import worldmap
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

TZ = dt.UTC


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed_campaign():
    c = make_campaign(recipients=("FRA", "MEX", "EGY", "CHN"))
    Recipient.objects.filter(campaign=c, country__iso3="FRA").update(
        status="submitted", completed_at=dt.datetime(2008, 4, 10, 12, tzinfo=TZ)
    )
    # MEX replied after the campaign closed: the closing day's map leaves it out.
    Recipient.objects.filter(campaign=c, country__iso3="MEX").update(
        status="submitted", completed_at=dt.datetime(2008, 8, 20, 12, tzinfo=TZ)
    )
    Request.objects.filter(campaign=c).update(
        status=Request.Status.CLOSED,
        closed_at=dt.datetime(2008, 7, 31, 17, tzinfo=TZ),
    )
    return Campaign.objects.get(pk=c.pk)


@pytest.fixture
def draws(monkeypatch):
    """Counts the drawings actually made (the real drawing still runs)."""
    made: list[str] = []
    for name in ("response_map_svg", "response_map_png"):
        real = getattr(worldmap, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            made.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(worldmap, name, counted)
    return made


def _gray(svg: str) -> set[str]:
    import xml.etree.ElementTree as ET

    return {
        g.get("class", "").split()[0]
        for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
        if g.get("data-status") == "replied"
    }


def test_api_and_page_default_to_the_closing_day(client, make_user, closed_campaign):
    client.force_login(make_user(make_user.SECRETARIAT))
    pk = closed_campaign.pk
    assert maps.default_day(closed_campaign) == dt.date(2008, 7, 31)
    page = client.get(f"/consultations/campaigns/{pk}/map/")
    assert page.context["as_of"] == dt.date(2008, 7, 31)
    api = client.get(f"/api/v1/campaigns/{pk}/map.svg").content.decode()
    dated = client.get(f"/api/v1/campaigns/{pk}/map.svg?as_of=2008-07-31")
    assert api == dated.content.decode()
    assert _gray(api) == {"fr"}  # not Mexico, which replied in August
    detail = client.get(f"/api/v1/campaigns/{pk}").json()
    assert detail["as_of"] == "2008-07-31"
    assert detail["counts"]["replied"] == 1


def test_map_png_is_drawn_once_until_a_reply_changes_it(
    client, make_user, closed_campaign, draws
):
    client.force_login(make_user(make_user.SECRETARIAT))
    url = f"/consultations/campaigns/{closed_campaign.pk}/map.png?as_of=2008-07-31"
    first = client.get(url).content
    assert client.get(url).content == first
    assert draws.count("response_map_png") == 1
    # Another language is another drawing.
    client.get(f"/fr{url}")
    assert draws.count("response_map_png") == 2
    # A reply that the map as of that day shows: drawn again.
    Recipient.objects.filter(campaign=closed_campaign, country__iso3="EGY").update(
        status="submitted", completed_at=dt.datetime(2008, 5, 2, 9, tzinfo=TZ)
    )
    changed = client.get(url).content
    assert draws.count("response_map_png") == 3
    assert changed != first
    assert client.get(url).content == changed
    assert draws.count("response_map_png") == 3
