"""The compiled questionnaire: immutable, cached per stored version, one
order, one reading of yes/no answers."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from migdev.consultation.questionnaires.compiled import (
    clear_cache,
    compile_questionnaire,
    yes_no,
)
from migdev.consultation.questionnaires.models import Question, Questionnaire
from migdev.consultation.responses.forms import ReplyForm
from tests.consultation.factories import make_questionnaire, six

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "strict", "lenient"),
    [
        ("yes", "yes", "yes"),
        (" No ", "no", "no"),
        ("YES", "yes", "yes"),
        (True, None, "yes"),
        (False, None, "no"),
        ("true", None, "yes"),
        ("0", None, "no"),
        (1, None, "yes"),
        ("oui", None, "yes"),
        ("sí", None, "yes"),
        ("non", None, "no"),
        ("maybe", None, None),
        (None, None, None),
        (["yes"], None, None),
    ],
)
def test_one_reading_of_yes_and_no(value, strict, lenient):
    assert yes_no(value, strict=True) == strict
    assert yes_no(value) == lenient


def test_compiled_once_per_stored_version_and_immutable():
    questionnaire = Questionnaire.objects.get(pk=make_questionnaire().pk)
    clear_cache()
    first = compile_questionnaire(questionnaire)
    assert (
        compile_questionnaire(Questionnaire.objects.get(pk=questionnaire.pk)) is first
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.sections = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.by_name["x"] = None  # type: ignore[index]
    # An edit is a new stored version: compiled again, with the edit.
    Question.objects.filter(name="why_sole").get().delete()
    fresh = Questionnaire.objects.get(pk=questionnaire.pk)
    second = compile_questionnaire(fresh)
    assert second is not first
    assert "why_sole" in first.names and "why_sole" not in second.names


def test_a_condition_on_a_question_not_asked_is_not_asked_either():
    questionnaire = make_questionnaire()
    Question.objects.create(
        questionnaire=questionnaire,
        section=questionnaire.sections.get(),
        name="why_not",
        order=5,
        type=Question.Type.TEXT,
        relevant="${why_sole} != ''",
        label=six("And?"),
    )
    compiled = compile_questionnaire(Questionnaire.objects.get(pk=questionnaire.pk))
    asked = compiled.asked({"sole_followup": "no", "why_sole": "x", "why_not": "y"})
    assert "why_sole" not in asked and "why_not" not in asked
    asked = compiled.asked({"sole_followup": "yes", "why_sole": "x"})
    assert {"why_sole", "why_not"} <= asked


def test_stored_answers_read_the_same_everywhere():
    compiled = compile_questionnaire(make_questionnaire())
    sole = compiled.by_name["sole_followup"]
    assert [c.name for c in sole.choices] == ["yes", "no"]
    assert sole.selected(True) == ["yes"] and sole.selected("non") == ["no"]
    with translation.override("fr"):
        assert sole.display("true", "fr") == "Oui"
    level = compiled.by_name["level"]
    assert level.display("regional", "en") == "Regional"
    assert level.display("", "en") == "—"


def test_the_reply_form_is_generated_from_it():
    compiled = compile_questionnaire(make_questionnaire())
    form = ReplyForm(compiled, language="en", answers={"sole_followup": True})
    assert list(form.fields) == compiled.names
    html = str(form["sole_followup"])
    # A stored True is shown as "yes", checked; the optional question offers
    # "No answer".
    assert 'value="yes" id="id-sole_followup_0" checked' in html
    assert 'value=""' in html and "No answer" in html
    assert 'name="a-forum_view"' in str(form["forum_view"])
    rows = [q for s in form.sections() for q in s.questions]
    assert [q.name for q in rows] == compiled.names
    assert {q.name: q.asked for q in rows}["why_sole"] is True  # asked after yes
    posted = ReplyForm(
        compiled,
        language="en",
        data={"a-forum_view": "  A view  ", "a-sole_followup": "no", "a-why_sole": "x"},
    )
    # What the conditions do not ask is dropped, as the API would send it.
    assert posted.answers() == {"forum_view": "A view", "sole_followup": "no"}
