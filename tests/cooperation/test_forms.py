"""The secretariat's web forms: membership, implementation updates, money,
rates, the review of an assessment. Bad input: the form again with the
message on its field, as a 400, and nothing saved; others are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from migdev.cooperation import services
from migdev.cooperation.models import (
    Assessment,
    CommitmentUpdate,
    ExchangeRate,
    Flow,
    Fund,
    Participation,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def office(client, secretariat):
    client.force_login(secretariat)
    return client


def test_membership_form(office, mechanism, country):
    m = mechanism("a-rcp")
    url = f"/cooperation/mechanisms/{m.code}/participants/new/"
    assert office.get(url).status_code == 200
    fra = country("FRA")
    bad = office.post(
        url,
        {
            "role": "member",
            "country": fra.pk,
            "start": "2008-01-01",
            "end": "2007-01-01",
        },
    )
    assert bad.status_code == 400 and not Participation.objects.exists()
    assert 'class="field-error"' in bad.content.decode()
    ok = office.post(url, {"role": "member", "country": fra.pk, "start": "2006-01-01"})
    assert ok.status_code == 302
    assert Participation.objects.get().country == fra
    assert "France" in office.get(m.get_absolute_url()).content.decode()


def test_implementation_update_form(office, mechanism, secretariat):
    instrument = services.instrument_create(
        secretariat,
        mechanism=mechanism("rabat-process", kind="interregional"),
        code="rabat-2006",
        kind="action_plan",
        title={"en": "Rabat Action Plan"},
        adopted=D(2006, 7, 11),
        commitments=[{"number": "1", "text": {"en": "One"}}],
    )
    commitment = instrument.commitments.get()
    url = f"/cooperation/instruments/{instrument.code}/updates/new/"
    before_adoption = office.post(
        url, {"commitment": commitment.pk, "day": "2006-01-01", "status": "done"}
    )
    assert before_adoption.status_code == 400
    assert not CommitmentUpdate.objects.exists()
    ok = office.post(
        url,
        {
            "commitment": commitment.pk,
            "day": "2007-05-01",
            "status": "done",
            "evidence": "Follow-up meeting",
        },
    )
    assert ok.status_code == 302
    assert CommitmentUpdate.objects.get().status == "done"
    html = office.get(f"/cooperation/instruments/{instrument.code}/").content.decode()
    assert "Follow-up meeting" in html


def test_money_form_refuses_more_than_the_fund(office, secretariat):
    fund = services.fund_save(
        secretariat,
        Fund(code="ecowas-spain"),
        name={"en": "ECOWAS–Spain Fund"},
        amount=Decimal("10000000"),
        currency="EUR",
        announced=D(2008, 7, 1),
    )
    url = f"/cooperation/funds/{fund.code}/flows/new/"
    too_much = office.post(
        url, {"kind": "disbursement", "day": "2009-01-01", "amount": "12000000"}
    )
    assert too_much.status_code == 400 and not Flow.objects.exists()
    ok = office.post(
        url, {"kind": "disbursement", "day": "2009-01-01", "amount": "2500000"}
    )
    assert ok.status_code == 302 and Flow.objects.get().amount == Decimal("2500000")


def test_rates_page(client, office, make_user):
    bad = office.post(
        "/cooperation/rates/",
        {"currency": "euro", "year": 2008, "usd_per_unit": "1.47"},
    )
    assert bad.status_code == 400 and not ExchangeRate.objects.exists()
    ok = office.post(
        "/cooperation/rates/",
        {
            "currency": "EUR",
            "year": 2008,
            "usd_per_unit": "1.4708",
            "source": "UN operational rates",
        },
    )
    assert ok.status_code == 302
    assert ExchangeRate.objects.get().usd_per_unit == Decimal("1.4708")
    client.logout()
    public = client.get("/cooperation/rates/").content.decode()
    assert "UN operational rates" in public and 'name="usd_per_unit"' not in public
    client.force_login(make_user("focal_point", country="FRA"))
    assert client.post("/cooperation/rates/", {"currency": "USD"}).status_code == 403


def test_review_button(client, mechanism, secretariat, make_user):
    m = mechanism("a-rcp")
    assessment = services.assessment_record(
        secretariat,
        m,
        period_start=D(2006, 1, 1),
        period_end=D(2008, 6, 30),
        levels={"remittances": 2, "diaspora": 2},
        evidence="Ministerial declaration",
    )
    url = f"/cooperation/assessments/{assessment.pk}/review/"
    client.force_login(secretariat)
    client.post(url)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT  # not by its assessor
    client.force_login(make_user("secretariat"))
    assert "Review and make public" in client.get(m.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.REVIEWED
