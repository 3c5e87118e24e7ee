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


def _checklist(**levels):
    """The POST of the checklist: every theme not addressed, but ``levels``
    (theme code → (level, evidence))."""
    from migdev.cooperation.models import Theme

    data = {}
    for theme in Theme.objects.all():
        level, evidence = levels.get(theme.code.replace("-", "_"), (0, ""))
        data[f"level_{theme.code}"] = str(level)
        data[f"evidence_{theme.code}"] = evidence
    return data


def test_assessment_form(client, office, mechanism, secretariat, make_user):
    m = mechanism("bali-process")
    url = f"/cooperation/mechanisms/{m.code}/assessments/new/"
    page = office.get(url).content.decode()
    assert 'name="level_remittances"' in page and 'name="evidence_diaspora"' in page
    base = {"period_start": "2006-01-01", "period_end": "2008-06-30"}
    # The period ends before it starts: nothing saved, the message on its field.
    bad = office.post(url, {**base, "period_end": "2005-01-01", **_checklist()})
    assert bad.status_code == 400 and not Assessment.objects.exists()
    assert "The period ends before it starts." in bad.content.decode()
    # A group other than the checklist's needs a justification.
    levels = _checklist(
        trafficking_smuggling=(2, "Ministerial conference 2002"),
        remittances=(1, "Workshop 2007"),
    )
    bad = office.post(url, {**base, **levels, "group": "3"})
    assert bad.status_code == 400 and not Assessment.objects.exists()
    assert "The checklist gives group 2" in bad.content.decode()
    ok = office.post(
        url,
        {
            **base,
            **levels,
            "group": "3",
            "justification": "The workshop did not lead to any follow-up.",
            "evidence": "Co-chairs' statements",
            "source": "A/63/265, ¶63",
        },
    )
    assert ok.status_code == 302
    a = Assessment.objects.get()
    assert (a.group, a.assessor, a.status) == (3, secretariat, "draft")
    items = {i.theme.code: (i.level, i.evidence) for i in a.items.all()}
    assert items["trafficking-smuggling"] == (2, "Ministerial conference 2002")
    assert items["remittances"] == (1, "Workshop 2007")
    assert items["health"] == (0, "")
    # A draft: not public until someone else reviews it.
    client.logout()
    assert "Co-chairs" not in client.get(m.get_absolute_url()).content.decode()
    client.force_login(make_user("secretariat"))
    assert client.post(f"/cooperation/assessments/{a.pk}/review/").status_code == 302
    a.refresh_from_db()
    assert a.status == "reviewed" and a.reviewer != a.assessor
    # Only the secretariat assesses.
    client.force_login(make_user("focal_point", country="IDN"))
    assert client.get(url).status_code == 403
    assert client.post(url, {**base, **levels}).status_code == 403
    assert Assessment.objects.count() == 1


def test_assessment_form_in_six_languages(office, mechanism):
    m = mechanism("mtm")
    for lang, word in (
        ("ar", "التحويلات"),
        ("zh-hans", "汇款"),
        ("fr", "Envois de fonds"),
        ("ru", "Денежные переводы"),
        ("es", "Remesas"),
    ):
        page = office.get(f"/{lang}/cooperation/mechanisms/{m.code}/assessments/new/")
        html = page.content.decode()
        assert page.status_code == 200 and word in html, lang
        assert "Assess the development focus" not in html, lang
