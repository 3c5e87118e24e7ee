"""The demo: what A/63/265 names, with the classification of ¶57–63."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.cooperation import selectors
from migdev.cooperation.demo import load_demo
from migdev.cooperation.models import Mechanism

pytestmark = pytest.mark.django_db

PARA_57_63 = {
    1: [
        "abu-dhabi-dialogue",
        "colombo-process",
        "dialogue-5plus5",
        "igad-rcp",
        "midsa",
        "midwa",
        "mtm",
        "rcm",
        "sacm",
    ],
    2: ["apc", "igc", "soderkoping-process"],
    3: ["bali-process", "budapest-process"],
}


def test_demo_loads_the_report_and_its_classification(client):
    load_demo()
    load_demo()  # idempotent
    assert Mechanism.objects.filter(kind="rcp").count() == 14
    table = selectors.classification_table(None, selectors.parse_period("2008"))
    assert {
        g: [a.mechanism.code for a in rows] for g, rows in table.items()
    } == PARA_57_63
    cov = selectors.coverage(dt.date(2008, 6, 30))
    assert 0 < len(cov.uncovered) < len(cov.states)
    totals = {
        str(t.key): t for t in selectors.fund_totals(by="donor", measure="disbursed")
    }
    assert totals["EU"].usd is None and ("EUR", 2009) in totals["EU"].missing
    amounts = {str(t.key): t for t in selectors.fund_totals(by="donor")}
    assert amounts["Spain"].usd is not None
    for url in (
        "/cooperation/",
        "/cooperation/mechanisms/?kind=rcp",
        "/cooperation/mechanisms/rcm/",
        "/cooperation/funds/?measure=disbursed",
        "/cooperation/instruments/rabat-2006/",
        "/cooperation/classification/",
        "/fr/cooperation/coverage/",
        "/ar/cooperation/funds/",
    ):
        assert client.get(url).status_code == 200, url
