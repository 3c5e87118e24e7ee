"""The demo's codebooks and keyword coding reproduce A/63/265 ¶22."""

from __future__ import annotations

import importlib

import pytest

from migdev.consultation.analysis import demo, tallies
from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Question, Questionnaire
from migdev.core.audit import AuditEntry
from migdev.registry.models import Country
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

USEFUL = (
    "The Government considers the Global Forum on Migration and Development "
    "a useful outcome of the High-level Dialogue."
)
NO_VIEW = "The Government has not yet formed a view on the Global Forum."
STATE_LED = "Its informal, voluntary and State-led character gives flexibility."
SOLE = (
    "A single, State-led process avoids the proliferation of meetings; the United "
    "Nations should support the Forum rather than establish a parallel mechanism."
)
AGENDA = (
    "The item on international migration and development should remain on the "
    "agenda of the General Assembly."
)
STRUCTURES = (
    "Follow-up should rely on existing multilateral structures, including the "
    "international financial institutions, rather than on new bodies."
)


def test_sentences_and_keywords():
    assert demo.sentences("Un. Deux ?\nTrois") == ["Un.", "Deux ?", "Trois"]
    assert demo.sentences("论坛是有益成果。应加强联系。") == [
        "论坛是有益成果。",
        "应加强联系。",
    ]
    found = demo.code_answer(
        f"Intro. {USEFUL} {STATE_LED}", demo.CODEBOOKS["forum_view"]
    )
    assert found == {"useful-outcome": USEFUL, "informal-state-led": STATE_LED}
    # "No view" rules out "useful outcome" (¶22 counts them apart).
    found = demo.code_answer(
        f"{NO_VIEW} It may be a useful outcome.", demo.CODEBOOKS["forum_view"]
    )
    assert set(found) == {"no-view"}
    arabic = "تعتبر الحكومة المنتدى العالمي نتيجة مفيدة للحوار الرفيع المستوى."
    assert demo.code_answer(arabic, demo.CODEBOOKS["forum_view"]) == {
        "useful-outcome": arabic
    }
    chinese = demo.code_answer(
        "政府认为，全球论坛是高级别对话的有益成果。其他。", demo.CODEBOOKS["forum_view"]
    )
    assert chinese == {"useful-outcome": "政府认为，全球论坛是高级别对话的有益成果。"}
    assert set(demo.code_answer(SOLE, demo.CODEBOOKS["sole_mechanism_reasons"])) == {
        "sole-follow-up",
        "avoid-duplication",
    }


def test_every_open_question_has_a_codebook_in_six_languages():
    assert set(demo.CODEBOOKS) == {
        "forum_view",
        "forum_un_relationship",
        "sole_mechanism_reasons",
        "follow_up_proposals",
        "multilateral_system",
        "follow_up_other",
        "other_comments",
    }
    for codebook in demo.CODEBOOKS.values():
        for theme in codebook:
            assert theme.label.missing() == [], theme.code
            assert theme.definition.get("en"), theme.code


@pytest.fixture
def consultation_2008(make_user):
    make_user(make_user.SECRETARIAT, username="secretariat")
    q = Questionnaire.objects.create(
        code=demo.QUESTIONNAIRE_CODE, version="1", title=six("HLD follow-up")
    )
    for order, (name, label) in enumerate(
        [
            ("forum_view", "How does your Government view the Global Forum?"),
            ("sole_mechanism_reasons", "Why should the Forum be the sole follow-up?"),
            ("follow_up_proposals", "What follow-up do you propose?"),
        ],
        start=1,
    ):
        Question.objects.create(
            questionnaire=q,
            name=name,
            order=order,
            type=Question.Type.TEXT,
            label=six(label),
        )
    states = list(
        Country.objects.filter(status=Country.Status.MEMBER)
        .order_by("m49")
        .values_list("iso3", flat=True)[:80]
    )
    campaign = make_campaign(q, recipients=states)
    for i, iso3 in enumerate(states[:64]):
        view = NO_VIEW if i < 3 else USEFUL
        if i % 5 == 0:
            view += " " + STATE_LED
        answers = {
            "forum_view": view,
            "follow_up_proposals": AGENDA if i % 2 else STRUCTURES,
        }
        if 3 <= i < 14:
            answers["sole_mechanism_reasons"] = SOLE
        reply(recipient_of(campaign, iso3), answers)
    return campaign


def test_demo_codes_the_replies_as_the_report_counts(consultation_2008):
    assert demo.load_demo() == []
    result = tallies.tally(consultation_2008, language="en")
    forum = {t.code: t for t in result.open[0].themes}
    useful, no_view = forum["useful-outcome"], forum["no-view"]
    assert (useful.count, useful.phrase) == (61, "almost all")
    assert (no_view.count, no_view.phrase) == (3, "only three")
    assert useful.quotes[0].text == USEFUL
    sole = {t.code: t for t in result.open[1].themes}["sole-follow-up"]
    assert (sole.count, sole.base, sole.phrase) == (11, 64, "one sixth")
    proposals = {t.code: t for t in result.open[2].themes}
    assert proposals["keep-ga-agenda"].count == 32
    assert proposals["existing-structures"].count == 32
    assert AuditEntry.objects.filter(content_type__model="coding").exists()
    # Run again: nothing changes.
    before = (Theme.objects.count(), Coding.objects.count(), AuditEntry.objects.count())
    demo.load_demo()
    after = (Theme.objects.count(), Coding.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_demo_skips_without_the_campaign(capsys):
    assert demo.load_demo() == []
    assert "nothing coded" in capsys.readouterr().out
    assert not Theme.objects.exists()


#: The demo's themes that A/63/265 does not give.
ILLUSTRATIVE_THEMES = {
    "complements-un",
    "avoid-duplication",
    "limited-capacities",
    "gmg-coordination",
    "remittance-costs",
    "new-un-mechanism",
    "data-statistics",
    "capacity-building",
}


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


@pytest.mark.slow
def test_full_demo_reproduces_paragraph_22():
    """migdev demo's 64 replies of 2008, coded: 61, 3 and 11 of 64 (¶22)."""
    for module in _demo_modules():
        module.load_demo()
    demo.load_demo()
    campaign = Campaign.objects.get(questionnaire__code=demo.QUESTIONNAIRE_CODE)
    result = tallies.tally(campaign, language="en")
    assert result.respondents == 64
    themes = {(q.question.name, t.code): t for q in result.open for t in q.themes}
    useful = themes["forum_view", "useful-outcome"]
    no_view = themes["forum_view", "no-view"]
    sole = themes["sole_mechanism_reasons", "sole-follow-up"]
    assert (useful.count, useful.phrase) == (61, "almost all")
    assert (no_view.count, no_view.phrase) == (3, "only three")
    assert (sole.count, sole.phrase) == (11, "one sixth")
    # Every open question has a codebook; every quote is the State's words.
    assert {q.question.name for q in result.open if q.themes} == set(demo.CODEBOOKS)
    assert all(t.quotes for t in (useful, no_view, sole))
    for key in ("keep-ga-agenda", "cooperation-dialogue", "regional-thematic"):
        assert themes["follow_up_proposals", key].count > 0, key
    # The secondary views give the words of ¶22–24 too.
    for (question, code), word in {
        ("forum_view", "exchange-partnerships"): "many",  # ¶22
        ("forum_view", "informal-state-led"): "several",  # ¶22
        ("forum_un_relationship", "stronger-un-links"): "some",  # ¶22
        ("follow_up_proposals", "stocktaking"): "many",  # ¶23
        ("follow_up_proposals", "forum-ideas"): "some",  # ¶23
        ("follow_up_proposals", "periodic-debates"): "some",  # ¶23
        ("follow_up_proposals", "existing-structures"): "some",  # ¶24
    }.items():
        theme = themes[question, code]
        assert theme.phrase == word, (code, theme.count, theme.phrase)
        assert theme.quotes, code
    # No "second High-level Dialogue" is put in the States' mouths.
    assert not any("second" in code for _question, code in themes)
    # What the report does not say is labelled illustrative.
    for question, code in themes:
        theme = themes[question, code].theme
        illustrative = "Illustrative" in theme.definition.get("en", "")
        assert illustrative == (code in ILLUSTRATIVE_THEMES), code
    # The closed question agrees with the coded theme.
    sole_closed = next(c for c in result.closed if c.question.name == "sole_mechanism")
    assert next(r for r in sole_closed.choices if r.name == "yes").total.count == 11
    coded = Coding.objects.count()
    demo.load_demo()
    assert Coding.objects.count() == coded
