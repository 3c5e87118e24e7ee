"""The 64 illustrative replies to the 2008 consultation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.demo import load_demo as questionnaire_demo
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.responses import demo
from migdev.consultation.responses.models import ResponseVersion
from migdev.registry.models import Country, GroupMembership
from tests.consultation.factories import make_campaign


@pytest.fixture
def campaign_2008(db):
    questionnaire_demo()
    questionnaire = Questionnaire.objects.get(code=demo.QUESTIONNAIRE_CODE)
    states = Country.objects.filter(
        status__in=[Country.Status.MEMBER, Country.Status.OBSERVER]
    ).values_list("iso3", flat=True)
    campaign = make_campaign(
        questionnaire, recipients=list(states), status=Campaign.Status.CLOSED
    )
    assert campaign.recipients.count() == 195
    return campaign


def latest_submissions(campaign):
    out = {}
    for v in ResponseVersion.objects.filter(
        recipient__campaign=campaign, kind="submission"
    ).order_by("recipient", "number"):
        out[v.recipient_id] = v
    return out


def test_sixty_four_replies_as_the_report_describes(campaign_2008):
    assert demo.load_demo() == []
    replied = campaign_2008.recipients.filter(status="submitted")
    assert replied.count() == 64
    assert not replied.exclude(country__status=Country.Status.MEMBER).exists()
    assert set(replied.values_list("country__iso3", flat=True)) >= {"FRA", "MEX", "EGY"}

    days = sorted(timezone.localdate(r.completed_at) for r in replied)
    assert days[0] >= dt.date(2008, 3, 20) and days[-1] <= dt.date(2008, 7, 15)
    assert sum(d <= dt.date(2008, 6, 30) for d in days) == 60
    around_deadline = sum(
        dt.date(2008, 4, 23) <= d <= dt.date(2008, 5, 7) for d in days
    )
    assert around_deadline >= 25

    regions = set(
        GroupMembership.objects.filter(
            country__in=replied.values("country"),
            grouping__code__in=demo.PER_REGION,
        ).values_list("grouping__code", flat=True)
    )
    assert regions == set(demo.PER_REGION)

    answers = [v.answers for v in latest_submissions(campaign_2008).values()]
    assert len(answers) == 64
    assert sum(a.get("forum_useful") == "no" for a in answers) == 3  # "only three"
    sole = sum(a.get("sole_mechanism") == "yes" for a in answers)
    assert 9 <= sole <= 12  # "about one sixth"
    assert all(a.get("forum_view") for a in answers)
    assert len({a["forum_view"] for a in answers}) > 20  # real text to code
    languages = {v.language for v in latest_submissions(campaign_2008).values()}
    assert {"fr", "es", "ar"} <= languages or len(languages) >= 2

    faxed = ResponseVersion.objects.filter(
        recipient__campaign=campaign_2008, channel="secretariat"
    )
    assert faxed.count() == demo.BY_FAX
    for version in faxed:
        assert version.attachment and version.received_on
        assert timezone.localdate(version.recipient.completed_at) == version.received_on
        with version.attachment.open("rb") as fh:
            assert fh.read(5) == b"%PDF-"


def test_answers_fit_the_questionnaire(campaign_2008):
    """Every stored submission passes the questionnaire's own validation
    unchanged: nothing was dropped or coerced to make it fit."""
    from migdev.consultation.questionnaires.validation import clean_answers

    demo.load_demo()
    submissions = latest_submissions(campaign_2008)
    assert len(submissions) == demo.REPLIES
    for version in submissions.values():
        cleaned = clean_answers(
            campaign_2008.questionnaire, version.answers, partial=False
        )
        assert cleaned == version.answers, version.recipient.country.iso3


def test_demo_is_idempotent(campaign_2008):
    demo.load_demo()
    before = list(
        ResponseVersion.objects.order_by("pk").values_list("pk", "created_at")
    )
    demo.load_demo()
    after = list(ResponseVersion.objects.order_by("pk").values_list("pk", "created_at"))
    assert before == after


def test_without_the_campaign_the_demo_is_skipped(db, caplog):
    assert demo.load_demo() == []
    assert "skipped" in caplog.text
    assert not ResponseVersion.objects.exists()
