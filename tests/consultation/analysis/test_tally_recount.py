"""The tally against a recount: replies drawn here at random (not the demo's),
counted again by this test from the stored answers and the registry's
memberships, without the selectors' code."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from migdev.consultation.analysis import selectors, services, tallies
from migdev.consultation.questionnaires.demo import load_demo as questionnaire_demo
from migdev.consultation.questionnaires.models import Choice, Question, Questionnaire
from migdev.registry.models import Country, GroupMembership
from migdev.stats.shares import percent
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

SEED = 20240611


@pytest.fixture
def drawn(secretariat):
    """57 of 90 Member States reply; each closed question is answered (or left
    out) at random, and the open question is tagged for a random subset."""
    questionnaire_demo()
    questionnaire = Questionnaire.objects.get(code="hld-follow-up-2008")
    rng = random.Random(SEED)
    states = list(
        Country.objects.filter(status=Country.Status.MEMBER).values_list(
            "iso3", flat=True
        )
    )
    roster = sorted(rng.sample(states, 90))
    campaign = make_campaign(questionnaire, recipients=roster)
    closed = list(
        questionnaire.questions.filter(type__in=selectors.CLOSED_TYPES).order_by(
            "order"
        )
    )
    choices = {
        q.name: (
            ["yes", "no"]
            if q.type == Question.Type.YES_NO
            else list(
                Choice.objects.filter(
                    questionnaire=questionnaire, list_name=q.choice_list
                ).values_list("name", flat=True)
            )
        )
        for q in closed
    }
    answers_by_state: dict[str, dict] = {}
    for iso3 in rng.sample(roster, 57):
        answers: dict = {"forum_view": f"The view of {iso3}."}
        for q in closed:
            if rng.random() < 0.15:
                continue  # left unanswered
            if q.type == Question.Type.SELECT_MULTIPLE:
                answers[q.name] = rng.sample(
                    choices[q.name], rng.randint(1, len(choices[q.name]))
                )
            else:
                answers[q.name] = rng.choice(choices[q.name])
        reply(recipient_of(campaign, iso3), answers)
        answers_by_state[iso3] = answers
    forum_view = questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat, question=forum_view, code="useful", label=six("Useful")
    )
    tagged = rng.sample(sorted(answers_by_state), 52)
    for iso3 in tagged:
        services.coding_set(
            actor=secretariat,
            recipient=recipient_of(campaign, iso3),
            question=forum_view,
            themes=[useful],
        )
    return campaign, answers_by_state, tagged, closed


def _groups_on(day, iso3s):
    members: dict[str, set[str]] = defaultdict(set)
    for iso3, code in (
        GroupMembership.objects.as_of(day)
        .filter(country__iso3__in=iso3s, grouping__code__in=selectors.GROUP_CODES)
        .values_list("country__iso3", "grouping__code")
    ):
        members[iso3].add(code)
    return members


def test_the_tally_agrees_with_a_recount(drawn):
    campaign, answers_by_state, tagged, closed = drawn
    result = tallies.tally(campaign, language="en")
    respondents = len(answers_by_state)
    assert result.respondents == respondents == 57

    (forum,) = [q for q in result.open if q.question.name == "forum_view"]
    (theme,) = forum.themes
    assert (theme.count, theme.base) == (len(tagged), respondents)
    assert theme.percent == percent(52, 57)  # 91.2
    assert theme.phrase == "almost all"  # 52 of 57 is over nine tenths

    groups = _groups_on(campaign.deadline, answers_by_state)
    in_group = Counter(code for codes in groups.values() for code in codes)
    assert len(result.closed) == len(closed)
    for tallied in result.closed:
        name = tallied.question.name
        chosen: dict[str, set[str]] = defaultdict(set)
        unanswered = set()
        for iso3, answers in answers_by_state.items():
            value = answers.get(name)
            if value is None:
                unanswered.add(iso3)
            for choice in value if isinstance(value, list) else [value]:
                chosen[choice].add(iso3)
        for row in tallied.choices:
            who = chosen.get(row.name, set())
            assert (row.total.count, row.total.base) == (len(who), respondents), (
                name,
                row.name,
            )
            for code, cell in row.groups.items():
                expected = sum(1 for iso3 in who if code in groups[iso3])
                assert (cell.count, cell.base) == (expected, in_group[code]), (
                    name,
                    row.name,
                    code,
                )
        assert tallied.no_answer.total.count == len(unanswered), name
