"""Funds, commitments and disbursements, totals and conversion (¶47–50, ¶75)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from migdev.cooperation import selectors, services
from migdev.cooperation.models import Flow, Fund
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Organization

pytestmark = pytest.mark.django_db
D = dt.date
MAY_2007 = dt.date(2007, 5, 1)


@pytest.fixture
def fund(secretariat):
    def make(
        code, amount="15000000", currency="EUR", announced=MAY_2007, donors=("eu",)
    ):
        f = services.fund_save(
            secretariat,
            Fund(code=code),
            name=LocalizedText({"en": code}),
            amount=Decimal(amount) if amount is not None else None,
            currency=currency,
            announced=announced,
        )
        f.donor_organizations.set(Organization.objects.filter(code__in=donors))
        return f

    return make


def test_totals_arithmetic_and_no_rate():
    rates = {("EUR", 2007): Decimal("1.37"), ("EUR", 2008): Decimal("1.47")}
    totals = selectors.totals_compute(
        [
            ("eu", Decimal("15000000"), "EUR", 2007),
            ("eu", Decimal("25000000"), "EUR", 2008),
            ("es", Decimal("10000000"), "EUR", 2008),
            ("es", Decimal("5000"), "USD", 2008),
            ("xx", Decimal("100"), "GBP", 2008),
        ],
        rates,
    )
    assert totals["eu"].by_currency == {"EUR": Decimal("40000000")}
    assert totals["eu"].usd == Decimal("57300000.00")
    assert totals["es"].usd == Decimal("14705000.00")
    assert totals["xx"].usd is None and totals["xx"].missing == {("GBP", 2008)}


def test_an_amount_without_currency_is_refused(fund):
    with pytest.raises(ValidationError, match="An amount needs its currency"):
        fund("no-currency", currency="")
    assert not Fund.objects.exists()


def test_disbursement_above_the_fund_is_refused_and_nothing_saved(fund, secretariat):
    f = fund("ecowas-spain", amount="10000000")
    with pytest.raises(ValidationError) as exc:
        services.flows_record(
            secretariat,
            f,
            [
                {"kind": "disbursement", "day": D(2008, 9, 1), "amount": "6000000"},
                {"kind": "disbursement", "day": D(2009, 3, 1), "amount": "4500000"},
            ],
        )
    message = " ".join(exc.value.messages)
    assert (
        "Row 2" in message
        and "10,500,000.00 EUR" in message
        and "above the fund's 10,000,000.00 EUR" in message
    )
    assert not Flow.objects.exists()
    services.flows_record(
        secretariat,
        f,
        [
            {"kind": "commitment", "day": D(2008, 7, 1), "amount": "10000000"},
            {"kind": "disbursement", "day": D(2008, 9, 1), "amount": "6000000"},
        ],
    )
    assert selectors.flow_totals([f])[f.pk] == {
        "commitment": Decimal("10000000.00"),
        "disbursement": Decimal("6000000.00"),
    }


def test_a_flow_in_another_currency_is_refused(fund, secretariat):
    f = fund("acp-facility", amount="25000000")
    with pytest.raises(
        ValidationError, match="Row 1: the amount is in USD, the fund in EUR"
    ):
        services.flows_record(
            secretariat,
            f,
            [
                {
                    "kind": "commitment",
                    "day": D(2008, 1, 1),
                    "amount": "1",
                    "currency": "USD",
                }
            ],
        )


def test_fund_totals_by_donor_in_usd_or_no_rate(fund, secretariat, client):
    fund("ec-undp", amount="15000000", announced=D(2007, 5, 1))
    fund(
        "acp-facility", amount="25000000", announced=D(2008, 1, 1), donors=("eu", "acp")
    )
    rows = {str(t.key): t for t in selectors.fund_totals(by="donor")}
    assert rows["EU"].usd is None and rows["EU"].missing == {
        ("EUR", 2007),
        ("EUR", 2008),
    }
    html = client.get("/cooperation/funds/?by=donor").content.decode()
    assert "no rate" in html
    services.rate_set(secretariat, currency="EUR", year=2007, usd_per_unit="1.3705")
    services.rate_set(secretariat, currency="eur", year=2008, usd_per_unit="1.4708")
    rows = {str(t.key): t for t in selectors.fund_totals(by="donor")}
    assert rows["EU"].by_currency == {"EUR": Decimal("40000000.00")}
    assert rows["EU"].usd == Decimal("15000000") * Decimal("1.3705") + Decimal(
        "25000000"
    ) * Decimal("1.4708")
    assert "no rate" not in client.get("/cooperation/funds/?by=donor").content.decode()
