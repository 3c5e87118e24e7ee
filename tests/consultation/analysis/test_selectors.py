"""Reads: current replies, the answers table."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.consultation.analysis import selectors
from migdev.consultation.questionnaires.models import Choice, Question
from migdev.consultation.responses.models import ResponseVersion
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db


def add_multiple(questionnaire) -> Question:
    question = Question.objects.create(
        questionnaire=questionnaire,
        name="channels",
        order=5,
        type=Question.Type.SELECT_MULTIPLE,
        choice_list="channels",
        label=six("Which channels?", fr="Quels canaux ?", ar="ما القنوات؟"),
    )
    for i, (name, en, fr, ar, zh) in enumerate(
        [
            ("ga", "General Assembly", "Assemblée générale", "الجمعية العامة", "大会"),
            ("gfmd", "Global Forum", "Forum mondial", "المنتدى العالمي", "全球论坛"),
        ]
    ):
        Choice.objects.create(
            questionnaire=questionnaire,
            list_name="channels",
            name=name,
            order=i,
            label=six(en, fr=fr, ar=ar, zh_hans=zh),
        )
    return question


@pytest.fixture
def campaign():
    campaign = make_campaign(recipients=("FRA", "MEX", "EGY", "CHN"))
    add_multiple(campaign.questionnaire)
    return campaign


def test_current_reply_is_the_latest_submission(campaign, django_assert_num_queries):
    """Drafts never count; a later submission replaces an earlier one."""
    fra, mex, egy = (recipient_of(campaign, c) for c in ("FRA", "MEX", "EGY"))
    reply(fra, {"forum_view": "first"}, on=dt.date(2008, 4, 10))
    latest = reply(fra, {"forum_view": "second"}, on=dt.date(2008, 4, 25))
    reply(fra, {"forum_view": "draft"}, kind=ResponseVersion.Kind.DRAFT)
    reply(mex, {"forum_view": "only a draft"}, kind=ResponseVersion.Kind.DRAFT)
    egy_reply = reply(egy, {"forum_view": "رأي"}, on=dt.date(2008, 5, 20))
    with django_assert_num_queries(1):
        replies = selectors.current_replies(campaign)
        countries = [v.recipient.country.iso3 for v in replies]
    assert sorted(countries) == ["EGY", "FRA"]
    assert {v.pk for v in replies} == {latest.pk, egy_reply.pk}


def test_current_replies_as_of_a_date(campaign):
    """As of a date: the versions saved by then, of States that had replied by then."""
    fra, egy = recipient_of(campaign, "FRA"), recipient_of(campaign, "EGY")
    first = reply(fra, {"forum_view": "first"}, on=dt.date(2008, 4, 10))
    reply(fra, {"forum_view": "second"}, on=dt.date(2008, 6, 1))
    reply(egy, {"forum_view": "late"}, on=dt.date(2008, 5, 20))
    replies = selectors.current_replies(campaign, as_of=dt.date(2008, 4, 30))
    assert [v.pk for v in replies] == [first.pk]
    assert len(selectors.current_replies(campaign, as_of=dt.date(2008, 5, 20))) == 2
    assert selectors.current_replies(campaign, as_of=dt.date(2008, 4, 9)) == []


def test_current_replies_query_count_does_not_grow(campaign, django_assert_num_queries):
    for iso3 in ("FRA", "MEX", "EGY", "CHN"):
        r = recipient_of(campaign, iso3)
        reply(r, {"forum_view": iso3})
        reply(r, {"forum_view": iso3 + " again"})
    with django_assert_num_queries(1):
        replies = selectors.current_replies(campaign)
        assert all(v.answers["forum_view"].endswith("again") for v in replies)
        assert len({v.recipient.country.name.get_text("en") for v in replies}) == 4


def test_answers_table_in_french(campaign):
    """Labels of questions and choices in the language; several choices joined."""
    reply(
        recipient_of(campaign, "FRA"),
        {
            "forum_view": "Un résultat utile.",
            "sole_followup": "no",
            "level": "regional",
            "channels": "ga gfmd",
        },
    )
    reply(recipient_of(campaign, "MEX"), {"forum_view": "Útil", "channels": ["gfmd"]})
    table = selectors.answers_table(campaign, language="fr")
    assert len(table.header) == 6 + 5
    assert (
        table.question_header[0]
        == "How does your Government view the Global Forum? [fr]"
    )
    assert table.names[6:] == [
        "forum_view",
        "sole_followup",
        "why_sole",
        "level",
        "channels",
    ]
    rows = {row[1]: row for row in table.rows}
    assert set(rows) == {"FRA", "MEX"}
    fra = rows["FRA"]
    assert fra[0] == "France"
    assert fra[4] and fra[5] == "2008-04-20"
    assert fra[6:] == [
        "Un résultat utile.",
        "Non",
        "",
        "Regional [fr]",
        "Assemblée générale; Forum mondial",
    ]
    assert rows["MEX"][-1] == "Forum mondial"
    assert rows["MEX"][0] == "Mexique"


def test_answers_table_region_and_development_group(campaign):
    reply(recipient_of(campaign, "EGY"), {"channels": "ga"})
    reply(recipient_of(campaign, "FRA"), {})
    table = selectors.answers_table(campaign, language="en")
    rows = {row[1]: row for row in table.rows}
    assert rows["EGY"][2] == "Africa"
    assert "Less developed regions" in rows["EGY"][3]
    assert rows["FRA"][2] == "Europe"
    assert rows["FRA"][3].startswith("More developed regions")


def test_answers_table_in_arabic_and_chinese(campaign):
    reply(
        recipient_of(campaign, "CHN"),
        {"forum_view": "论坛是有益的成果。", "channels": "gfmd"},
    )
    table = selectors.answers_table(campaign, language="ar")
    (row,) = table.rows
    assert row[0] == "الصين"
    assert row[6] == "论坛是有益的成果。"
    assert row[-1] == "المنتدى العالمي"
    assert (
        selectors.answers_table(campaign, language="zh-hans").rows[0][-1] == "全球论坛"
    )


def test_answers_table_all_recipients(campaign):
    reply(recipient_of(campaign, "FRA"), {"forum_view": "x"})
    table = selectors.answers_table(campaign, language="en", replied_only=False)
    assert len(table.rows) == 4
    statuses = {row[1]: row[4] for row in table.rows}
    assert statuses["FRA"] == "Replied"
    assert statuses["MEX"] == "Not started"
