"""The tally: themes counted out of the respondents, quantified as a report would."""

from __future__ import annotations

import pytest

from migdev.consultation.analysis import selectors, services, tallies
from migdev.consultation.questionnaires.models import Choice, Question
from migdev.registry.models import Country
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, make_questionnaire, six

pytestmark = pytest.mark.django_db


def sixty_four_states() -> list[str]:
    return list(
        Country.objects.filter(status=Country.Status.MEMBER)
        .order_by("m49")
        .values_list("iso3", flat=True)[:70]
    )


@pytest.fixture
def report_campaign(secretariat):
    """70 recipients, 64 replies; themes tagged as in A/63/265 ¶22."""
    states = sixty_four_states()
    campaign = make_campaign(recipients=states)
    question = campaign.questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat, question=question, code="useful", label=six("Useful outcome")
    )
    no_view = services.theme_create(
        actor=secretariat, question=question, code="no-view", label=six("No view")
    )
    sole = services.theme_create(
        actor=secretariat, question=question, code="sole", label=six("Sole follow-up")
    )
    unused = services.theme_create(
        actor=secretariat, question=question, code="unused", label=six("Unused")
    )
    recipients = [recipient_of(campaign, iso3) for iso3 in states[:64]]
    for i, recipient in enumerate(recipients):
        text = (
            "We have no view on this."
            if i < 3
            else "The Forum is a useful outcome. It should be the sole follow-up."
        )
        reply(recipient, {"forum_view": text, "level": "regional" if i % 2 else ""})
        chosen = [no_view] if i < 3 else [useful]
        quotes = {}
        if 3 <= i < 14:
            chosen.append(sole)
            quotes["sole"] = "It should be the sole follow-up."
        if i == 3:
            quotes["useful"] = "The Forum is a useful outcome."
        services.coding_set(
            actor=secretariat,
            recipient=recipient,
            question=question,
            themes=chosen,
            quotes=quotes,
        )
    return campaign, {
        "useful": useful,
        "no_view": no_view,
        "sole": sole,
        "unused": unused,
    }


def test_tally_reproduces_the_report(report_campaign, django_assert_max_num_queries):
    """61 of 64: almost all; 3: only three; 11: one sixth (A/63/265 ¶22)."""
    campaign, _themes = report_campaign
    # The questionnaire is compiled once per stored version (3 queries); the
    # tally's own queries are counted.
    selectors.compiled_of(campaign)
    with django_assert_max_num_queries(8):
        result = tallies.tally(campaign, language="en")
    assert result.respondents == 64
    (forum, why) = result.open
    assert forum.question.name == "forum_view" and why.question.name == "why_sole"
    rows = {t.code: t for t in forum.themes}
    assert (rows["useful"].count, rows["useful"].base) == (61, 64)
    assert rows["useful"].quantifier.key == "almost_all"
    assert rows["useful"].phrase == "almost all"
    assert rows["useful"].quantifier.rule == 4
    assert (rows["no-view"].count, rows["no-view"].phrase) == (3, "only three")
    assert (rows["sole"].count, rows["sole"].phrase) == (11, "one sixth")
    assert rows["sole"].share == pytest.approx(11 / 64)
    assert (rows["unused"].count, rows["unused"].quantifier.key) == (0, "none")
    assert len(rows["sole"].quotes) == 11
    assert rows["sole"].quotes[0].text == "It should be the sole follow-up."
    assert forum.answered == 64 and forum.coded == 64
    assert why.themes == [] and why.answered == 0


def test_tally_phrases_in_other_languages(report_campaign):
    campaign, _themes = report_campaign
    for language, phrase in [
        ("fr", "presque tous"),
        ("zh-hans", "几乎所有"),
        ("ar", "جميعها تقريبا"),
        ("ru", "почти все"),
        ("es", "casi todos"),
    ]:
        result = tallies.tally(campaign, language=language)
        assert result.open[0].themes[0].phrase == phrase


def test_tally_without_quotes(report_campaign):
    campaign, _themes = report_campaign
    result = tallies.tally(campaign, language="en", with_quotes=False)
    assert all(not t.quotes for q in result.open for t in q.themes)


def test_tally_base_answered(secretariat):
    """With base "answered", shares are out of the States that answered the question."""
    campaign = make_campaign(recipients=("FRA", "MEX", "EGY", "CHN"))
    question = campaign.questionnaire.questions.get(name="why_sole")
    theme = services.theme_create(
        actor=secretariat, question=question, code="universal", label=six("Universal")
    )
    reply(recipient_of(campaign, "FRA"), {"forum_view": "x", "why_sole": "Universal."})
    reply(recipient_of(campaign, "MEX"), {"forum_view": "x", "why_sole": "  "})
    reply(recipient_of(campaign, "EGY"), {"forum_view": "x"})
    services.coding_set(
        actor=secretariat,
        recipient=recipient_of(campaign, "FRA"),
        question=question,
        themes=[theme],
        quotes={"universal": "Universal."},
    )
    respondents = tallies.tally(campaign, language="en").open[1]
    assert (respondents.base, respondents.answered) == (3, 1)
    assert respondents.themes[0].phrase == "one"
    answered = tallies.tally(campaign, language="en", base="answered").open[1]
    assert answered.base == 1
    assert answered.themes[0].quantifier.key == "all"
    with pytest.raises(ValueError, match="base must be one of"):
        tallies.tally(campaign, language="en", base="everyone")


def test_closed_questions_by_region_and_development_group():
    campaign = make_campaign(recipients=("FRA", "DEU", "MEX", "EGY", "ETH", "CHN"))
    q = campaign.questionnaire
    Question.objects.create(
        questionnaire=q,
        name="channels",
        order=5,
        type=Question.Type.SELECT_MULTIPLE,
        choice_list="channels",
        label=six("Which channels?"),
    )
    for i, name in enumerate(("ga", "gfmd")):
        Choice.objects.create(
            questionnaire=q, list_name="channels", name=name, order=i, label=six(name)
        )
    answers = {
        "FRA": {"sole_followup": "yes", "level": "global", "channels": "ga gfmd"},
        "DEU": {"sole_followup": "no", "level": "global", "channels": ["ga"]},
        "MEX": {"sole_followup": "no", "level": "regional"},
        "EGY": {"sole_followup": "no", "level": "regional", "channels": "gfmd"},
        "ETH": {"sole_followup": "yes", "channels": "gfmd ga"},
    }
    for iso3, values in answers.items():
        reply(recipient_of(campaign, iso3), values)
    result = tallies.tally(campaign, language="fr")
    assert [c.question.name for c in result.closed] == [
        "sole_followup",
        "level",
        "channels",
    ]
    assert [g.code for g in result.groups] == [
        "002",
        "019",
        "142",
        "150",
        "009",
        "901",
        "902",
        "941",
    ]
    yes_no, level, channels = result.closed
    rows = {r.name: r for r in yes_no.choices}
    assert [r.label for r in yes_no.choices] == ["Oui", "Non"]
    assert (rows["yes"].total.count, rows["yes"].total.base) == (2, 5)
    assert rows["yes"].total.share == pytest.approx(0.4)
    assert rows["no"].groups["150"].count == 1  # Germany
    assert rows["no"].groups["150"].base == 2  # France, Germany
    assert rows["yes"].groups["002"].count == 1  # Ethiopia
    assert rows["yes"].groups["941"].count == 1  # Ethiopia, an LDC in 2008
    assert rows["no"].groups["901"].count == 1
    assert rows["no"].groups["902"].count == 2
    assert yes_no.no_answer.total.count == 0
    level_rows = {r.name: r for r in level.choices}
    assert [r.name for r in level.choices] == ["global", "regional", "national"]
    assert level_rows["national"].total.count == 0
    assert level.no_answer.total.count == 1  # Ethiopia
    assert level.answered == 4
    assert channels.multiple
    ch = {r.name: r for r in channels.choices}
    assert (ch["ga"].total.count, ch["gfmd"].total.count) == (3, 3)
    assert channels.no_answer.total.count == 1  # Mexico
    answered = tallies.tally(campaign, language="fr", base="answered").closed[1]
    assert answered.base == 4
    assert {r.name: r for r in answered.choices}["global"].total.share == 0.5


def test_tally_query_count_does_not_grow(secretariat, django_assert_max_num_queries):
    small = make_campaign(recipients=("FRA", "MEX"))
    reply(recipient_of(small, "FRA"), {"forum_view": "x", "level": "global"})
    selectors.compiled_of(small)  # compiled once per stored version
    with django_assert_max_num_queries(8) as small_queries:
        tallies.tally(small, language="en")
    large = make_campaign(
        make_questionnaire("hld-large"), recipients=sixty_four_states()[:40]
    )
    for recipient in large.recipients.all():
        reply(recipient, {"forum_view": "x", "level": "global", "sole_followup": "no"})
    selectors.compiled_of(large)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        tallies.tally(large, language="en")
