"""Writes: the codebook and the coding of answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.consultation.analysis import services
from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.questionnaires.models import Question
from migdev.consultation.responses.models import ResponseVersion
from migdev.core.audit import AuditEntry, audit_history
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

FRA_ANSWER = (
    "The Government of France considers that the Global Forum is a useful outcome "
    "of the Dialogue.\n\nIt should   remain informal and State-led."
)


@pytest.fixture
def campaign():
    return make_campaign(recipients=("FRA", "MEX", "EGY"))


@pytest.fixture
def question(campaign):
    return campaign.questionnaire.questions.get(name="forum_view")


@pytest.fixture
def themes(question, secretariat):
    return {
        code: services.theme_create(
            actor=secretariat,
            question=question,
            code=code,
            label=six(label),
            definition=six(f"Answers that say: {label.lower()}."),
        )
        for code, label in [
            ("useful-outcome", "Forum a useful outcome"),
            ("informal", "Informal and State-led"),
            ("no-view", "No view"),
        ]
    }


def test_theme_create_numbers_and_audits(themes, question):
    assert [t.code for t in question.themes.all()] == [
        "useful-outcome",
        "informal",
        "no-view",
    ]
    assert [t.order for t in question.themes.all()] == [1, 2, 3]
    theme = themes["informal"]
    assert theme.definition.get_text("fr").startswith("Answers that say")
    (entry,) = audit_history(theme)
    assert entry.action == AuditEntry.Action.CREATE


def test_theme_only_for_open_questions(campaign, secretariat):
    yes_no = campaign.questionnaire.questions.get(name="sole_followup")
    with pytest.raises(ValidationError, match="answered by choosing"):
        services.theme_create(
            actor=secretariat, question=yes_no, code="x", label=six("X")
        )


def test_theme_code_must_be_unique_and_a_slug(themes, question, secretariat):
    with pytest.raises(ValidationError, match="already has a theme"):
        services.theme_create(
            actor=secretariat, question=question, code="no-view", label=six("Again")
        )
    with pytest.raises(ValidationError, match="lower-case letters"):
        services.theme_create(
            actor=secretariat, question=question, code="No View!", label=six("X")
        )
    with pytest.raises(ValidationError, match="at least in English"):
        services.theme_create(
            actor=secretariat, question=question, code="x", label={"fr": "X"}
        )


def test_theme_update_and_delete(themes, campaign, question, secretariat):
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER})
    theme = themes["no-view"]
    services.theme_update(
        actor=secretariat,
        theme=theme,
        code="no-view-or-not-formal",
        label=six("No view / not a formal outcome"),
        definition=six("No view."),
    )
    theme.refresh_from_db()
    assert theme.code == "no-view-or-not-formal"
    assert [e.action for e in audit_history(theme)] == ["update", "create"]
    services.coding_set(
        actor=secretariat, recipient=fra, question=question, themes=[theme], quotes={}
    )
    assert services.theme_delete(actor=secretariat, theme=theme) == 1
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert not Coding.objects.exists()
    assert AuditEntry.objects.filter(action="delete").count() == 2


def test_only_the_secretariat_edits_the_codebook(question, focal_point, make_user):
    for user in (focal_point, make_user(), None):
        with pytest.raises(PermissionDenied):
            services.theme_create(
                actor=user, question=question, code="x", label=six("X")
            )


def test_coding_set_tags_several_themes_with_quotes(
    themes, campaign, question, secretariat
):
    fra = recipient_of(campaign, "FRA")
    version = reply(fra, {"forum_view": FRA_ANSWER})
    codings = services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[themes["useful-outcome"], themes["informal"]],
        quotes={
            "useful-outcome": "the Global Forum is a useful outcome of the Dialogue",
            # Line breaks and runs of spaces in the answer do not matter.
            "informal": "Dialogue. It should remain informal and State-led.",
        },
    )
    assert {c.theme.code for c in codings} == {"useful-outcome", "informal"}
    assert all(c.version_id == version.pk and c.coder == secretariat for c in codings)
    informal = Coding.objects.get(theme=themes["informal"])
    assert informal.quote == "Dialogue. It should remain informal and State-led."
    assert (
        AuditEntry.objects.filter(content_type__model="coding", action="create").count()
        == 2
    )


def test_coding_set_replaces_the_previous_tags(themes, campaign, question, secretariat):
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER})
    services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[themes["useful-outcome"], themes["informal"]],
        quotes={},
    )
    services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[themes["no-view"]],
        quotes={},
    )
    assert [c.theme.code for c in Coding.objects.filter(recipient=fra)] == ["no-view"]
    assert (
        AuditEntry.objects.filter(content_type__model="coding", action="delete").count()
        == 2
    )
    services.coding_set(
        actor=secretariat, recipient=fra, question=question, themes=[], quotes={}
    )
    assert not Coding.objects.exists()


def test_a_quote_must_be_in_the_answer(themes, campaign, question, secretariat):
    """Nothing is saved when one passage is not the State's words."""
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER})
    services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[themes["informal"]],
        quotes={},
    )
    with pytest.raises(ValidationError) as info:
        services.coding_set(
            actor=secretariat,
            recipient=fra,
            question=question,
            themes=[themes["useful-outcome"]],
            quotes={"useful-outcome": "The Forum is useless"},
        )
    assert "is not in the State's answer (France)" in str(info.value)
    assert "useful-outcome" in info.value.message_dict
    assert [c.theme.code for c in Coding.objects.all()] == ["informal"]


def test_a_quote_needs_its_theme(themes, campaign, question, secretariat):
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER})
    with pytest.raises(ValidationError, match="which is not checked"):
        services.coding_set(
            actor=secretariat,
            recipient=fra,
            question=question,
            themes=[],
            quotes={"informal": "State-led"},
        )


def test_coding_needs_a_submitted_reply(themes, campaign, question, secretariat):
    mex = recipient_of(campaign, "MEX")
    reply(mex, {"forum_view": "borrador"}, kind=ResponseVersion.Kind.DRAFT)
    with pytest.raises(ValidationError, match="has not replied"):
        services.coding_set(
            actor=secretariat,
            recipient=mex,
            question=question,
            themes=[themes["informal"]],
            quotes={},
        )


def test_themes_of_another_question_are_refused(campaign, question, secretariat):
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER, "why_sole": "Because."})
    why = campaign.questionnaire.questions.get(name="why_sole")
    other = services.theme_create(
        actor=secretariat, question=why, code="because", label=six("Because")
    )
    with pytest.raises(ValidationError, match="belongs to another question"):
        services.coding_set(
            actor=secretariat,
            recipient=fra,
            question=question,
            themes=[other],
            quotes={},
        )


def test_coding_quotes_in_arabic_and_chinese(campaign, question, secretariat):
    egy = recipient_of(campaign, "EGY")
    reply(egy, {"forum_view": "ترى مصر أن المنتدى العالمي\nنتيجة مفيدة للحوار."})
    theme = services.theme_create(
        actor=secretariat, question=question, code="useful", label=six("Useful")
    )
    (coding,) = services.coding_set(
        actor=secretariat,
        recipient=egy,
        question=question,
        themes=[theme],
        quotes={"useful": "المنتدى العالمي نتيجة مفيدة"},
    )
    assert coding.quote == "المنتدى العالمي نتيجة مفيدة"


def test_coding_set_is_refused_to_others(themes, campaign, question, focal_point):
    fra = recipient_of(campaign, "FRA")
    reply(fra, {"forum_view": FRA_ANSWER})
    with pytest.raises(PermissionDenied):
        services.coding_set(
            actor=focal_point,
            recipient=fra,
            question=question,
            themes=[themes["informal"]],
            quotes={},
        )


def test_passage_in_normalizes_white_space():
    assert services.passage_in("a  b\nc", "x a b c y")
    assert not services.passage_in("", "anything")
    assert not services.passage_in("A b", "a b")
    assert Question.Type.TEXT == "text"
