"""A group of a few States that all (or none) gave an answer would tell each
one's answer, since the public map says which States replied: the public
tally hides such cells, and one more where the total or the column would give
them away; the secretariat sees every cell."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from migdev.consultation.analysis import suppression
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

#: Oceania 3 of 3 "yes"; Africa, Americas and Asia 3 each, Europe 4.
ANSWERS = {
    "AUS": "yes",
    "NZL": "yes",
    "FJI": "yes",
    "EGY": "no",
    "NGA": "yes",
    "ZAF": "yes",
    "MEX": "yes",
    "BRA": "no",
    "ARG": "yes",
    "JPN": "no",
    "CHN": "no",
    "IND": "yes",
    "FRA": "yes",
    "DEU": "no",
    "ITA": "no",
    "ESP": "yes",
}
OCEANIA, AFRICA, EUROPE = "009", "002", "150"


@pytest.fixture
def campaign():
    campaign = make_campaign(recipients=tuple(ANSWERS))
    for iso3, answer in ANSWERS.items():
        reply(recipient_of(campaign, iso3), {"sole_followup": answer})
    campaign.published_at = timezone.now()
    campaign.save()
    return campaign


def _rows(data):
    sole = next(q for q in data["closed_questions"] if q["name"] == "sole_followup")
    return {c["name"]: c for c in sole["choices"]}, sole


def test_a_unanimous_small_group_is_not_shown_to_the_public(client, campaign):
    data = client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json()
    rows, _sole = _rows(data)
    yes, no = rows["yes"], rows["no"]
    assert data["hidden_groups"] == ["941"]  # no least developed country replied
    # Oceania: 3 of 3 said yes, 0 said no: neither is shown.
    assert yes["by_region"][OCEANIA]["hidden"] and no["by_region"][OCEANIA]["hidden"]
    assert yes["by_region"][OCEANIA]["count"] is None
    # The total and the other regions would give Oceania away: Africa (the
    # smallest region) is hidden with it, in both rows.
    assert yes["by_region"][AFRICA]["count"] is None
    assert no["by_region"][AFRICA]["count"] is None
    assert yes["by_region"][EUROPE]["count"] == 2
    assert yes["total"]["count"] == 10 and no["total"]["count"] == 6
    # Nothing shown adds up to Oceania's answers.
    shown = sum(
        yes["by_region"][c]["count"]
        for c in ("002", "019", "142", "150", "009")
        if not yes["by_region"][c]["hidden"]
    )
    hidden_states = 6  # Oceania 3 and Africa 3
    assert 0 < yes["total"]["count"] - shown < hidden_states


def test_the_secretariat_sees_every_cell(client, campaign, secretariat):
    client.force_login(secretariat)
    rows, _sole = _rows(client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json())
    assert rows["yes"]["by_region"][OCEANIA]["count"] == 3
    assert rows["no"]["by_region"][OCEANIA]["count"] == 0
    html = client.get(reverse("analysis:tally", kwargs={"pk": campaign.pk})).content
    assert "all or none of a small group" not in html.decode()


def test_the_public_page_and_export_say_why(client, campaign):
    html = client.get(reverse("analysis:tally", kwargs={"pk": campaign.pk})).content
    html = html.decode()
    assert "not shown: all or none of a small group" in html
    assert "an answer given by all or by none of them is not shown" in html
    csv = client.get(reverse("analysis:tally-csv", kwargs={"pk": campaign.pk}))
    lines = [line.split(",") for line in csv.content.decode("utf-8-sig").splitlines()]
    oceania_yes = next(
        r for r in lines if r[0] == "sole_followup" and r[3] == "yes" and r[5] == "009"
    )
    assert oceania_yes[7:10] == ["", "3", ""]  # the base is what the map shows


@pytest.mark.parametrize(
    ("counts", "respondents", "single", "expected"),
    [
        # 3 of 3 in a small group and its complement in the row and column
        (
            {"yes": {"a": 3, "b": 2}, "no": {"a": 0, "b": 2}, "": {"a": 0, "b": 0}},
            {"a": 3, "b": 4},
            True,
            {("yes", "a"), ("no", "a"), ("yes", "b"), ("no", "b")},
        ),
        # a large group may be unanimous
        (
            {"yes": {"a": 12, "b": 5}, "no": {"a": 0, "b": 7}, "": {}},
            {"a": 12, "b": 12},
            True,
            set(),
        ),
        # nothing extreme, nothing hidden
        (
            {"yes": {"a": 1, "b": 2}, "no": {"a": 2, "b": 2}, "": {}},
            {"a": 3, "b": 4},
            True,
            set(),
        ),
    ],
)
def test_suppressed_cells_rules(counts, respondents, single, expected):
    got = suppression.suppressed_cells(
        counts, respondents, single_answer=single, families=(("a", "b"),)
    )
    assert got == expected
