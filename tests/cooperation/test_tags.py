"""Global Compact objectives and SDG targets on commitments, instruments and
funds: filters (a target finds its indicators too) and counts by tag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from migdev.cooperation import selectors, services
from migdev.cooperation.models import Fund
from migdev.registry.models import FrameworkTarget

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def tagged(mechanism, secretariat):
    m = mechanism("rabat-process", kind="interregional")
    rabat = services.instrument_create(
        secretariat,
        mechanism=m,
        code="rabat-2006",
        kind="action_plan",
        title={"en": "Rabat Action Plan"},
        adopted=D(2006, 7, 11),
        commitments=[
            {"text": {"en": "Cheaper remittances"}},
            {"text": {"en": "Other"}},
        ],
    )
    rabat.commitments.order_by("id").first().tags.set(
        FrameworkTarget.objects.filter(code="sdg-10.c.1")
    )
    services.instrument_create(
        secretariat,
        mechanism=m,
        code="paris-2008",
        kind="action_plan",
        title={"en": "Paris programme"},
        adopted=D(2008, 11, 25),
        commitments=[{"text": {"en": "Data"}}],
    )
    fund = services.fund_save(
        secretariat,
        Fund(code="acp-facility"),
        name={"en": "ACP Migration Facility"},
        amount=Decimal("25000000"),
        currency="EUR",
        announced=D(2008, 1, 1),
    )
    fund.tags.set(FrameworkTarget.objects.filter(code__in=["gcm-20", "sdg-10.c"]))
    return rabat


def test_filters_find_a_target_and_its_indicators(client, tagged):
    codes = [
        i["code"]
        for i in client.get("/api/v1/instruments?tag=SDG 10.c").json()["items"]
    ]
    assert codes == ["rabat-2006"]  # through its commitment tagged 10.c.1
    assert client.get("/api/v1/instruments?tag=gcm-1").json()["items"] == []
    funds = client.get("/api/v1/funds?tag=gcm-20").json()["items"]
    assert [f["code"] for f in funds] == ["acp-facility"]
    bad = client.get("/api/v1/funds?tag=gcm-99")
    assert bad.status_code == 400 and "tag" in bad.content.decode()
    html = client.get("/cooperation/instruments/?tag=sdg-10.c").content.decode()
    assert "Rabat Action Plan" in html and "Paris programme" not in html
    assert client.get("/cooperation/instruments/?tag=nope").status_code == 400


def test_counts_by_tag(client, tagged):
    counts = {t.code: n for t, n in selectors.tag_counts()}
    assert counts["sdg-10.c.1"] == {
        "mechanisms": 0,
        "instruments": 0,
        "commitments": 1,
        "funds": 0,
    }
    assert counts["gcm-20"]["funds"] == 1 and counts["sdg-10.c"]["funds"] == 1
    assert counts["gcm-1"] == dict.fromkeys(counts["gcm-1"], 0)
    html = client.get("/cooperation/tags/").content.decode()
    assert "GCM 20 — " in html and "?tag=sdg-10.c.1" in html
