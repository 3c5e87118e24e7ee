"""Answers checked against a questionnaire: normalization, messages, conditions, caching."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from migdev.consultation.questionnaires.compiled import (
    clear_cache,
    compile_questionnaire,
)
from migdev.consultation.questionnaires.models import Choice, Question, Section
from migdev.consultation.questionnaires.validation import (
    AnswerErrors,
    clean_answers,
)
from tests.consultation.factories import make_questionnaire, six

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    q = make_questionnaire()
    section = Section.objects.create(
        questionnaire=q,
        name="figures",
        order=2,
        label=six("Figures"),
        relevant="${level} != 'national'",
    )
    for order, (name, kind, extra) in enumerate(
        [
            ("meetings", Question.Type.INTEGER, {}),
            ("share", Question.Type.DECIMAL, {}),
            ("since", Question.Type.DATE, {}),
            ("channels", Question.Type.SELECT_MULTIPLE, {"choice_list": "channel"}),
            (
                "channels_other",
                Question.Type.TEXT,
                {"relevant": "selected(${channels}, 'other')", "required": True},
            ),
        ]
    ):
        Question.objects.create(
            questionnaire=q,
            section=section,
            name=name,
            order=order,
            type=kind,
            label=six(name),
            **extra,
        )
    for order, name in enumerate(["ga", "regional", "other"]):
        Choice.objects.create(
            questionnaire=q,
            list_name="channel",
            name=name,
            order=order,
            label=six(name),
        )
    q.refresh_from_db()
    return q


def test_normalizes_every_type(questionnaire):
    cleaned = clean_answers(
        questionnaire,
        {
            "forum_view": "  A useful outcome.  ",
            "sole_followup": " Yes ",
            "why_sole": " Because. ",
            "level": "regional",
            "meetings": " 1 000 ",
            "share": "12.50",
            "since": dt.date(2008, 3, 18),
            "channels": "other ga",
            "channels_other": "Thematic meetings",
        },
        partial=False,
    )
    assert cleaned == {
        "forum_view": "A useful outcome.",
        "sole_followup": "yes",
        "why_sole": "Because.",
        "level": "regional",
        "meetings": 1000,
        "share": 12.5,
        "since": "2008-03-18",
        "channels": ["ga", "other"],
        "channels_other": "Thematic meetings",
    }


def test_required_question_and_draft(questionnaire):
    with pytest.raises(AnswerErrors) as info:
        clean_answers(questionnaire, {"forum_view": "   "}, partial=False)
    assert info.value.errors == {"forum_view": "This question is required."}
    assert clean_answers(questionnaire, {"forum_view": ""}, partial=True) == {}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("meetings", "twelve", "Enter a whole number, such as 12."),
        ("meetings", "2.5", "Enter a whole number, such as 12."),
        ("meetings", True, "Enter a whole number, such as 12."),
        ("meetings", 10**16, "Enter a whole number of at most 15 digits."),
        (
            "share",
            "3,5",
            "Enter a number, with a point before any decimals, such as 3.5.",
        ),
        (
            "share",
            "NaN",
            "Enter a number, with a point before any decimals, such as 3.5.",
        ),
        (
            "share",
            "1.23456789012345678",
            "Enter a number of at most 15 significant digits.",
        ),
        ("since", "30/04/2008", "Enter a date as year-month-day, such as 2008-04-30."),
        (
            "since",
            "2008-02-30",
            "This date does not exist: check the day and the month.",
        ),
        ("sole_followup", "maybe", "Answer yes or no."),
        ("level", "planetary", "Choose one of the listed options."),
        (
            "level",
            ["global", "regional"],
            "The answer to level must be the name of one option (a string), "
            "not a list.",
        ),
        (
            "channels",
            ["ga", "<script>"],
            "Choose only among the listed options: '<script>' is not one of them.",
        ),
        ("channels", {"ga": True}, "Choose one or more of the listed options."),
        (
            "forum_view",
            {"x": 1},
            "The answer to forum_view must be text (a string), not an object.",
        ),
        (
            "forum_view",
            "x" * 20_001,
            "Shorten this answer to at most 20000 characters (it has 20001).",
        ),
        ("nonexistent", "x", "There is no question with this name."),
    ],
)
def test_bad_values_say_what_to_fix(questionnaire, name, value, message):
    answers = {"forum_view": "Useful.", name: value}
    with pytest.raises(AnswerErrors) as info:
        clean_answers(questionnaire, answers, partial=True)
    assert info.value.errors == {name: message}


def test_all_errors_reported_at_once(questionnaire):
    with pytest.raises(AnswerErrors) as info:
        clean_answers(
            questionnaire,
            {"meetings": "x", "level": "y", "bogus": 1},
            partial=False,
        )
    assert list(info.value.errors) == ["forum_view", "level", "meetings", "bogus"]


def test_answers_not_asked_are_dropped(questionnaire):
    cleaned = clean_answers(
        questionnaire,
        {
            "forum_view": "Useful.",
            "sole_followup": "no",
            "why_sole": "Should be dropped",
            "level": "national",  # the whole 'figures' section is not asked
            "meetings": "not even a number",
            "channels": ["other"],
        },
        partial=False,
    )
    assert cleaned == {
        "forum_view": "Useful.",
        "sole_followup": "no",
        "level": "national",
    }


def test_required_only_when_asked(questionnaire):
    base = {"forum_view": "Useful.", "level": "global"}
    assert clean_answers(questionnaire, {**base, "channels": ["ga"]}, partial=False)
    with pytest.raises(AnswerErrors) as info:
        clean_answers(questionnaire, {**base, "channels": ["other"]}, partial=False)
    assert info.value.errors == {"channels_other": "This question is required."}
    # a condition on a question that is itself not asked sees it as empty
    cleaned = clean_answers(
        questionnaire,
        {**base, "level": "national", "channels": ["other"], "channels_other": "x"},
        partial=False,
    )
    assert "channels_other" not in cleaned


def test_numbers_variants(questionnaire):
    cleaned = clean_answers(
        questionnaire,
        {"share": Decimal("0.25"), "meetings": 3.0, "level": "global"},
        partial=True,
    )
    assert cleaned == {"level": "global", "meetings": 3, "share": 0.25}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "forum_view",
            12,
            "The answer to forum_view must be text (a string), not a number.",
        ),
        (
            "forum_view",
            float("nan"),
            "The answer to forum_view must be text (a string), not a number.",
        ),
        (
            "forum_view",
            1e308,
            "The answer to forum_view must be text (a string), not a number.",
        ),
        (
            "forum_view",
            True,
            "The answer to forum_view must be text (a string), not true or false.",
        ),
        (
            "level",
            ["global"],
            "The answer to level must be the name of one option (a string), "
            "not a list.",
        ),
        (
            "sole_followup",
            True,
            'The answer to sole_followup must be the text "yes" or "no", '
            "not true or false.",
        ),
        ("sole_followup", "true", "Answer yes or no."),
        ("sole_followup", "oui", "Answer yes or no."),
    ],
)
def test_each_type_takes_its_own_values_only(questionnaire, name, value, message):
    with pytest.raises(AnswerErrors) as info:
        clean_answers(questionnaire, {name: value}, partial=True)
    assert info.value.errors == {name: message}


def test_answers_must_be_an_object(questionnaire):
    with pytest.raises(AnswerErrors) as info:
        clean_answers(questionnaire, ["x"], partial=True)
    assert "__all__" in info.value.errors


def test_compiled_questionnaire_is_cached_and_refreshed_after_an_edit(
    questionnaire, django_assert_num_queries
):
    clear_cache()
    with django_assert_num_queries(3):
        compile_questionnaire(questionnaire)
    with django_assert_num_queries(0):
        for _ in range(10):
            clean_answers(questionnaire, {"forum_view": "x"}, partial=False)
    Choice.objects.create(
        questionnaire=questionnaire,
        list_name="level",
        name="subregional",
        order=9,
        label=six("Subregional"),
    )
    questionnaire.refresh_from_db()
    cleaned = clean_answers(questionnaire, {"level": "subregional"}, partial=True)
    assert cleaned == {"level": "subregional"}


def test_prefetched_questionnaire_needs_no_query(
    questionnaire, django_assert_num_queries
):
    from migdev.consultation.questionnaires.models import Questionnaire

    clear_cache()
    q = Questionnaire.objects.prefetch_related("sections", "questions", "choices").get(
        pk=questionnaire.pk
    )
    with django_assert_num_queries(0):
        clean_answers(q, {"forum_view": "x"}, partial=False)
