"""The missing-translation reports see every six-language field of a theme,
and the demo's codebook is complete in the six languages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from migdev.consultation.analysis import services
from migdev.consultation.analysis.demo import CODEBOOKS
from migdev.core.fields import missing_translations
from migdev.core.i18n import LANGUAGE_LABELS, LocalizedText
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

SIX = {"ar": "أ", "zh-hans": "中", "en": "E", "fr": "F", "ru": "Р", "es": "S"}


@pytest.fixture
def theme(secretariat):
    campaign = make_campaign(recipients=("FRA",))
    question = campaign.questionnaire.questions.get(name="forum_view")
    theme = services.theme_create(
        actor=secretariat,
        question=question,
        code="useful",
        label=LocalizedText(SIX),
        definition=LocalizedText(en="Calls the Forum useful.", fr="Le Forum utile."),
    )
    return campaign, theme


def test_a_definition_in_two_languages_is_reported(theme):
    _campaign, t = theme
    assert missing_translations(t) == {"definition": ["ar", "zh-hans", "ru", "es"]}
    out = io.StringIO()
    call_command("missing_translations", stdout=out)
    assert f"analysis.Theme\t{t.pk}" in out.getvalue()
    assert "\tdefinition\tar,zh-hans,ru,es" in out.getvalue()


def test_the_codebook_page_and_api_report_the_definition(client, secretariat, theme):
    campaign, t = theme
    client.force_login(secretariat)
    page = client.get(reverse("analysis:codebook", kwargs={"pk": campaign.pk}))
    # The languages by name, not by code.
    html = page.content.decode()
    assert "ar, zh-hans, ru, es" not in html
    names = [str(LANGUAGE_LABELS[c]) for c in ("ar", "zh-hans", "ru", "es")]
    assert ", ".join(names) in html
    themes = client.get(f"/api/v1/questions/{t.question_id}/themes").json()
    found = themes["items"] if isinstance(themes, dict) else themes
    assert [x["missing"] for x in found if x["code"] == "useful"] == [
        ["ar", "zh-hans", "ru", "es"]
    ]


def test_a_theme_without_definition_lacks_nothing(secretariat):
    campaign = make_campaign(recipients=("FRA",))
    question = campaign.questionnaire.questions.get(name="forum_view")
    t = services.theme_create(
        actor=secretariat, question=question, code="x", label=LocalizedText(SIX)
    )
    assert missing_translations(t) == {}


def test_the_demo_codebook_is_complete_in_six_languages():
    themes = [t for codebook in CODEBOOKS.values() for t in codebook]
    assert len(themes) >= 21
    for t in themes:
        assert t.label.missing() == [], t.code
        assert t.definition.missing() == [], t.code
