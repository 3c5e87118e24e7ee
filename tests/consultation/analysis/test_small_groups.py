"""The public tally hides the regions and development groups of fewer than
three States that replied, so that no State's answer can be read off it; the
secretariat sees every cell."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from migdev.consultation.analysis import suppression
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

FOOTNOTE = "fewer than 3 replies: not shown"

#: Europe 4, Asia 3, Americas 1 (Mexico alone), Africa and Oceania none;
#: more developed 5, less developed 3, least developed none.
ANSWERS = {
    "FRA": "yes",
    "DEU": "no",
    "ITA": "no",
    "ESP": "yes",
    "JPN": "no",
    "CHN": "no",
    "IND": "yes",
    "MEX": "yes",
}


@pytest.fixture
def campaign():
    campaign = make_campaign(recipients=(*ANSWERS, "EGY"))
    for iso3, answer in ANSWERS.items():
        reply(recipient_of(campaign, iso3), {"sole_followup": answer})
    campaign.published_at = timezone.now()
    campaign.save()
    return campaign


def test_hidden_groups_rules():
    hidden = suppression.hidden_groups
    # Alone with 1 reply, the Americas could be worked out from the total and
    # the other regions: the smallest shown region (Asia, 5) is hidden with it.
    counts = {"002": 0, "019": 1, "142": 5, "150": 20, "009": 0}
    assert hidden(counts | {"901": 14, "902": 12, "941": 4}) == {
        "002",
        "009",
        "019",
        "142",
    }
    # Two small regions holding 3 replies together are enough.
    counts = {"002": 1, "019": 2, "142": 5, "150": 20, "009": 0}
    assert hidden(counts) == {"002", "009", "019"}
    # Two small regions holding 2 replies together are not.
    counts = {"002": 1, "019": 1, "142": 5, "150": 20, "009": 3}
    assert hidden(counts) == {"002", "019", "009"}
    # More and less developed regions split the respondents too.
    assert hidden({"901": 2, "902": 40, "941": 12}) == {"901", "902"}
    # Least developed countries are part of the less developed: hidden alone.
    assert hidden({"901": 20, "902": 40, "941": 1}) == {"941"}
    assert hidden({"150": 3, "002": 3}) == frozenset()


def test_public_api_hides_small_groups(client, campaign):
    data = client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json()
    assert data["hidden_groups"] == ["002", "019", "142", "009", "941"]
    sole = data["closed_questions"][0]
    yes = sole["choices"][0]
    assert yes["total"] == {
        "count": 4,
        "base": 8,
        "share": 0.5,
        "percent": 50.0,
        "hidden": False,
    }
    assert yes["by_region"]["019"] == {
        "count": None,
        "base": None,
        "share": None,
        "percent": None,
        "hidden": True,
    }
    assert yes["by_region"]["142"]["count"] is None  # Asia, hidden with Mexico
    assert yes["by_region"]["150"] == {
        "count": 2,
        "base": 4,
        "share": 0.5,
        "percent": 50.0,
        "hidden": False,
    }
    assert yes["by_development_group"]["902"]["count"] == 2
    assert yes["by_development_group"]["941"]["hidden"] is True
    assert sole["no_answer"]["by_region"]["019"]["count"] is None


def test_secretariat_api_shows_every_group(client, campaign, secretariat):
    client.force_login(secretariat)
    data = client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json()
    assert data["hidden_groups"] == []
    yes = data["closed_questions"][0]["choices"][0]
    assert yes["by_region"]["019"] == {
        "count": 1,
        "base": 1,
        "share": 1.0,
        "percent": 100.0,
        "hidden": False,
    }


def test_public_page_hides_small_groups(client, campaign):
    html = client.get(reverse("analysis:tally", kwargs={"pk": campaign.pk})).content
    html = html.decode()
    assert FOOTNOTE in html
    assert "not shown: too few replies" in html
    # the column of all respondents stays: 4 of 8 said yes
    assert ">4 <span" in html


def test_secretariat_page_shows_every_group(client, campaign, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("analysis:tally", kwargs={"pk": campaign.pk})).content
    assert FOOTNOTE not in html.decode()
    assert "not shown: too few replies" not in html.decode()


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_public_export_hides_small_groups(client, campaign):
    url = reverse("analysis:tally-csv", kwargs={"pk": campaign.pk})
    rows = csv_rows(client.get(url).content)
    yes = {r[5]: r for r in rows if r[0] == "sole_followup" and r[3] == "yes"}
    assert yes[""][7:10] == ["4", "8", "0.5"]
    assert yes["019"][7:10] == ["", "", ""]
    assert yes["150"][7:10] == ["2", "4", "0.5"]
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk})
            ).content
        )
    )
    sheet = book["sole_followup"]
    header = [c.value for c in sheet[4]]
    americas = next(i for i, v in enumerate(header) if str(v).endswith("(019)"))
    europe = next(i for i, v in enumerate(header) if str(v).endswith("(150)"))
    values = list(sheet.iter_rows(min_row=5, values_only=True))
    yes_row = next(r for r in values if r[1] == "yes")
    assert (yes_row[2], yes_row[americas], yes_row[americas + 1]) == (4, "—", None)
    assert yes_row[europe] == 2
    base_row = next(r for r in values if r[0] == "Base")
    assert (base_row[2], base_row[americas], base_row[europe]) == (8, "—", 4)
    assert any(r[0] and FOOTNOTE in r[0] for r in values)
    about = [c.value for c in book.worksheets[-1]["B"]]
    assert any(v and "(019)" in str(v) for v in about)


def test_secretariat_export_shows_every_group(client, campaign, secretariat):
    client.force_login(secretariat)
    url = reverse("analysis:tally-csv", kwargs={"pk": campaign.pk})
    rows = csv_rows(client.get(url).content)
    yes = {r[5]: r for r in rows if r[0] == "sole_followup" and r[3] == "yes"}
    assert yes["019"][7:10] == ["1", "1", "1.0"]
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk})
            ).content
        )
    )
    values = list(book["sole_followup"].iter_rows(values_only=True))
    assert not any(r and r[0] and FOOTNOTE in str(r[0]) for r in values)
    assert all("—" not in r for r in values)
