"""The demo's codebook and keyword coding reproduce A/63/265 ¶22."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth import get_user_model

from migdev.consultation.analysis import demo, selectors
from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Question, Questionnaire
from migdev.registry.models import Country
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

USEFUL = (
    "The Global Forum on Migration and Development is a useful outcome of the Dialogue."
)
NO_VIEW = "Our Government has no view on the Global Forum at this stage."
SOLE = "The Forum should be the sole follow-up to the Dialogue."
STATE_LED = "Its informal, State-led character gives the flexibility needed."
AGENDA = "The item should remain on the agenda of the General Assembly."
IFIS = "Follow-up should use existing multilateral structures, including the international financial institutions."


def test_sentences_and_keywords():
    assert demo.sentences("Un. Deux ?\nTrois") == ["Un.", "Deux ?", "Trois"]
    assert demo.sentences("论坛是有益成果。应加强联系。") == [
        "论坛是有益成果。",
        "应加强联系。",
    ]
    found = demo.code_answer(f"Intro. {USEFUL} {SOLE}", demo.FORUM.themes)
    assert found == {"useful-outcome": USEFUL, "sole-follow-up": SOLE}
    # "No view" rules out "useful outcome" (¶22 counts them apart).
    found = demo.code_answer(
        f"{NO_VIEW} It may become a useful outcome.", demo.FORUM.themes
    )
    assert set(found) == {"no-view"}
    assert demo.code_answer(
        "المنتدى العالمي نتيجة مفيدة للحوار.", demo.FORUM.themes
    ) == {"useful-outcome": "المنتدى العالمي نتيجة مفيدة للحوار."}
    assert "useful-outcome" in demo.code_answer(
        "Le Forum mondial est un résultat utile du Dialogue.", demo.FORUM.themes
    )


def test_every_theme_label_is_in_six_languages():
    for codebook in demo.CODEBOOKS:
        for theme in codebook.themes:
            assert theme.label.missing() == [], theme.code
            assert theme.definition.get("en"), theme.code


@pytest.fixture
def consultation_2008(make_user):
    make_user(make_user.SECRETARIAT, username="secretariat")
    q = Questionnaire.objects.create(
        code=demo.QUESTIONNAIRE_CODE, version="1", title=six("HLD follow-up")
    )
    Question.objects.create(
        questionnaire=q,
        name="gfmd_view",
        order=1,
        type=Question.Type.TEXT,
        label=six("How does your Government view the Global Forum?"),
    )
    Question.objects.create(
        questionnaire=q,
        name="follow_up_proposals",
        order=2,
        type=Question.Type.TEXT,
        label=six("What follow-up do you propose?"),
    )
    states = list(
        Country.objects.filter(status=Country.Status.MEMBER)
        .order_by("m49")
        .values_list("iso3", flat=True)[:80]
    )
    campaign = make_campaign(q, recipients=states)
    for i, iso3 in enumerate(states[:64]):
        view = NO_VIEW if i < 3 else USEFUL
        if 3 <= i < 14:
            view += " " + SOLE
        if i % 5 == 0:
            view += " " + STATE_LED
        proposals = AGENDA if i % 2 else IFIS
        reply(
            recipient_of(campaign, iso3),
            {"gfmd_view": view, "follow_up_proposals": proposals},
        )
    return campaign


def test_demo_codes_the_replies_as_the_report_counts(consultation_2008):
    assert demo.load_demo() == []
    result = selectors.tally(consultation_2008, language="en")
    forum = {t.code: t for t in result.open[0].themes}
    assert (forum["useful-outcome"].count, forum["useful-outcome"].phrase) == (
        61,
        "almost all",
    )
    assert (forum["no-view"].count, forum["no-view"].phrase) == (3, "only three")
    assert (forum["sole-follow-up"].count, forum["sole-follow-up"].phrase) == (
        11,
        "one sixth",
    )
    assert forum["useful-outcome"].quotes[0].text == USEFUL
    proposals = {t.code: t for t in result.open[1].themes}
    assert proposals["keep-ga-agenda"].count == 32
    assert proposals["existing-structures"].count == 32
    # Run again: nothing changes.
    before = (Theme.objects.count(), Coding.objects.count())
    demo.load_demo()
    assert (Theme.objects.count(), Coding.objects.count()) == before


def test_demo_skips_without_the_campaign(capsys):
    assert demo.load_demo() == []
    assert "nothing coded" in capsys.readouterr().out
    assert not Theme.objects.exists()


def _demo_modules():
    names = [
        "migdev.registry.demo",
        "migdev.consultation.questionnaires.demo",
        "migdev.consultation.campaigns.demo",
        "migdev.consultation.responses.demo",
    ]
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError:
            pytest.skip(f"{name} is not there: the full demo chain cannot run")
    return modules


def test_full_demo_reproduces_paragraph_22():
    """migdev demo's 2008 replies, coded, give 61, 3 and 11 of 64."""
    for module in _demo_modules():
        module.load_demo()
    demo.load_demo()
    campaign = Campaign.objects.get(questionnaire__code=demo.QUESTIONNAIRE_CODE)
    result = selectors.tally(campaign, language="en")
    assert result.respondents == 64
    themes = {t.code: t for q in result.open for t in q.themes}
    assert themes["useful-outcome"].count == 61
    assert themes["no-view"].count == 3
    assert themes["sole-follow-up"].count == 11
    assert themes["sole-follow-up"].phrase == "one sixth"
    assert get_user_model().objects.filter(username="secretariat").exists()
