"""The demo questionnaire of 2008: complete in six languages, valid, idempotent,
and exportable as an XLSForm that reads back the same."""

from __future__ import annotations

import pytest

from migdev.consultation.questionnaires.demo import (
    DEMO_QUESTIONNAIRE_CODE,
    demo_definition,
    load_demo,
)
from migdev.consultation.questionnaires.models import Question, Questionnaire
from migdev.consultation.questionnaires.selectors import (
    questionnaire_by_code,
    questionnaire_definition,
    questionnaire_translation_report,
)
from migdev.consultation.questionnaires.services import (
    questionnaire_export_xlsform,
    questionnaire_import_xlsform,
)
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.consultation.questionnaires.xlsform import build_xlsform, parse_xlsform
from tests.consultation.factories import make_campaign
from tests.consultation.questionnaires.conftest import secretariat_user

pytestmark = pytest.mark.django_db


def test_demo_questionnaire_is_complete_and_idempotent():
    assert load_demo() == []
    q = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    assert q is not None
    assert "illustrative" in q.version
    report = questionnaire_translation_report(q)
    assert report.complete, report.incomplete_rows
    updated_at = q.updated_at
    count = Question.objects.filter(questionnaire=q).count()
    assert load_demo() == []
    q.refresh_from_db()
    assert q.updated_at == updated_at
    assert Question.objects.filter(questionnaire=q).count() == count
    assert Questionnaire.objects.filter(code=DEMO_QUESTIONNAIRE_CODE).count() == 1


def test_demo_questions_cover_the_report():
    load_demo()
    q = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    types = dict(q.questions.values_list("name", "type"))
    assert types["forum_view"] == "text"
    assert types["forum_useful"] == "yes_no"
    assert types["sole_mechanism"] == "yes_no"
    assert types["forum_un_relationship"] == "text"
    assert types["follow_up_options"] == "select_multiple"
    assert types["follow_up_proposals"] == "text"
    # ¶21: "a set of open-ended questions": most questions are open text.
    kinds = list(types.values())
    assert kinds.count("text") > len(kinds) / 2, types
    options = set(
        q.choices.filter(list_name="follow_up_option").values_list("name", flat=True)
    )
    assert {
        "ga_agenda",
        "cooperation",
        "regional_thematic",
        "high_level_debates",
        "multilateral",
    } <= options
    # A second High-level Dialogue is not among the proposals of ¶23–24.
    assert not any("second" in name for name in options)


def test_demo_answers_validate():
    load_demo()
    q = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    answers = {
        "forum_view": "A useful, State-led space for dialogue.",
        "forum_useful": "yes",
        "sole_mechanism": "no",
        "sole_mechanism_reasons": "dropped: not asked",
        "un_follow_up_needed": "yes",
        "follow_up_options": ["multilateral", "ga_agenda"],
    }
    assert clean_answers(q, answers, partial=False) == {
        "forum_view": "A useful, State-led space for dialogue.",
        "forum_useful": "yes",
        "sole_mechanism": "no",
        "un_follow_up_needed": "yes",
        "follow_up_options": ["ga_agenda", "multilateral"],
    }
    with pytest.raises(AnswerErrors) as info:
        clean_answers(q, {**answers, "follow_up_options": ["other"]}, partial=False)
    assert info.value.errors == {"follow_up_other": "This question is required."}


def test_demo_round_trips_through_xlsform():
    assert parse_xlsform(build_xlsform(demo_definition())).as_dict() == (
        demo_definition().as_dict()
    )
    load_demo()
    q = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    copy = questionnaire_import_xlsform(
        file=questionnaire_export_xlsform(q, actor=secretariat_user()),
        actor=secretariat_user(),
        code="copy",
    )
    a = questionnaire_definition(q).as_dict()
    b = questionnaire_definition(copy).as_dict()
    a.pop("code"), b.pop("code")
    assert a == b


def test_demo_left_alone_once_its_campaign_is_sent():
    load_demo()
    q = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    make_campaign(q)
    question = q.questions.get(name="forum_view")
    question.required = False
    question.save()
    assert load_demo() == []
    assert q.questions.get(name="forum_view").required is False
