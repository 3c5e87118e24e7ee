"""The public API of the cooperation module, in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from migdev.cooperation import services
from migdev.cooperation.models import Fund
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date


def test_paths_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/mechanisms",
        "/api/v1/mechanisms/{mechanism_id}",
        "/api/v1/mechanisms/coverage",
        "/api/v1/instruments",
        "/api/v1/funds",
        "/api/v1/assessments",
    ):
        assert path in paths


def test_mechanisms_by_kind_and_one_with_members(
    client, mechanism, members, secretariat, make_user, iom
):
    rcp = mechanism("rcm")
    mechanism("ecowas", kind="formal")
    members(rcp, ["MEX", "GTM"], start=D(1996, 3, 1), illustrative=True)
    services.participation_add(secretariat, rcp, role="observer", organization=iom)
    a = services.assessment_record(
        secretariat,
        rcp,
        period_start=D(2006, 1, 1),
        period_end=D(2008, 6, 30),
        levels={"remittances": 2, "diaspora": 2},
    )
    body = client.get("/api/v1/mechanisms?kind=rcp").json()
    assert [m["code"] for m in body["items"]] == ["rcm"]
    assert body["items"][0]["member_count"] == 2
    assert client.get("/api/v1/mechanisms?kind=other").status_code == 400
    one = client.get(f"/api/v1/mechanisms/{rcp.pk}?as_of=2008-06-30").json()
    assert [m["code"] for m in one["members"]] == ["GTM", "MEX"]
    assert one["members"][0]["illustrative"] is True
    assert one["observers"][0]["code"] == "iom"
    assert one["latest_assessment"] is None  # a draft is not public
    services.assessment_review(make_user("secretariat"), a)
    one = client.get("/api/v1/mechanisms/rcm").json()
    assert one["latest_assessment"]["group"] == 1
    assert client.get("/api/v1/mechanisms/999999").status_code == 404


def test_coverage(client, mechanism, members):
    members(mechanism("a"), ["MEX", "GTM"], start=D(1996, 3, 1))
    members(mechanism("b"), ["MEX"], start=D(1996, 3, 1))
    body = client.get("/api/v1/mechanisms/coverage?as_of=2008-06-30").json()
    assert body["states"] == 194
    assert sorted(body["in_at_least_one"]) == ["GTM", "MEX"]
    assert len(body["in_none"]) == 192
    assert body["by_count"] == {"0": 192, "1": 1, "2": 1}
    assert body["overlaps"] == [{"first": "a", "second": "b", "states": 1}]


def test_assessments_by_period(client, mechanism, secretariat, make_user):
    reviewer = make_user("secretariat")
    a = services.assessment_record(
        secretariat,
        mechanism("bali"),
        period_start=D(2006, 1, 1),
        period_end=D(2008, 6, 30),
        levels={"irregular-migration": 2},
    )
    services.assessment_review(reviewer, a)
    assert (
        client.get("/api/v1/assessments?period=2008").json()["items"][0]["group"] == 3
    )
    assert client.get("/api/v1/assessments?period=2001").json()["count"] == 0
    bad = client.get("/api/v1/assessments?period=soon")
    assert bad.status_code == 400 and "Give the period" in bad.content.decode()


def test_instruments_and_funds(client, mechanism, secretariat):
    services.instrument_create(
        secretariat,
        mechanism=mechanism("rabat", kind="interregional"),
        code="rabat-2006",
        kind="action_plan",
        title={"en": "Rabat Action Plan"},
        adopted=D(2006, 7, 11),
        commitments=[{"text": {"en": "One"}}, {"text": {"en": "Two"}}],
    )
    item = client.get("/api/v1/instruments").json()["items"][0]
    assert item["commitments"] == 2 and item["implementation"]["rate"] == 0.0
    fund = services.fund_save(
        secretariat,
        Fund(code="ec-undp"),
        name=LocalizedText({"en": "EC–UNDP"}),
        amount=Decimal("15000000"),
        currency="EUR",
        announced=D(2007, 5, 1),
    )
    fund.managers.set(Organization.objects.filter(code="undp"))
    services.flows_record(
        secretariat,
        fund,
        [{"kind": "disbursement", "day": D(2008, 1, 1), "amount": "2500000"}],
    )
    f = client.get("/api/v1/funds").json()["items"][0]
    assert (f["amount"], f["currency"], f["disbursed"], f["committed"]) == (
        "15000000.00",
        "EUR",
        "2500000.00",
        "0.00",
    )
    assert f["managers"] == ["undp"] and f["amount_usd"] is None
    services.rate_set(secretariat, currency="EUR", year=2007, usd_per_unit="1.37")
    assert client.get("/api/v1/funds").json()["items"][0]["amount_usd"] == "20550000.00"
