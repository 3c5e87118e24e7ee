"""One percentage everywhere: rounded half-up to one decimal in the pages, the
API, the CSV and the XLSX (13 of 14 is 92.9 %, never 92.8 %)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from migdev.consultation.analysis import services
from migdev.stats.shares import percent
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

# Fourteen European Member States: 13 of them reply "global".
EUROPE = ("AUT", "BEL", "DNK", "FIN", "FRA", "DEU", "GRC")
EUROPE += ("IRL", "ITA", "LUX", "NLD", "PRT", "ESP", "SWE")


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (3, 64, "4.7"),  # 4.6875: truncation gave 4.6
        (13, 14, "92.9"),  # 92.857…: truncation gave 92.8
        (1, 16, "6.3"),  # 6.25 exactly: half-up
        (3, 80, "3.8"),  # 3.75, whose float is 0.0374999…
        (2, 3, "66.7"),
        (0, 5, "0.0"),
        (64, 64, "100.0"),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(count, base, expected):
    assert percent(count, base) == Decimal(expected)


def test_percent_of_nothing_is_none():
    assert percent(0, 0) is None
    assert percent(None, 5) is None
    with pytest.raises(ValueError, match="non-negative"):
        percent(-1, 5)


@pytest.fixture
def campaign(db, make_user):
    secretariat = make_user(make_user.SECRETARIAT)
    campaign = make_campaign(recipients=EUROPE)
    question = campaign.questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat, question=question, code="useful", label=six("Useful")
    )
    for index, iso3 in enumerate(EUROPE):
        level = "regional" if index == 0 else "global"
        recipient = recipient_of(campaign, iso3)
        reply(recipient, {"forum_view": f"View of {iso3}.", "level": level})
        if index:
            services.coding_set(
                actor=secretariat,
                recipient=recipient,
                question=question,
                themes=[useful],
            )
    campaign.secretariat = secretariat
    return campaign


def test_pages_api_csv_and_xlsx_give_the_same_figure(client, campaign):
    client.force_login(campaign.secretariat)
    page = client.get(reverse("analysis:tally", kwargs={"pk": campaign.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "92.9%" in text and "7.1%" in text
    assert "92.8%" not in text

    api = client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json()
    theme = api["open_questions"][0]["themes"][0]
    assert (theme["count"], theme["base"], theme["percent"]) == (13, 14, 92.9)
    closed = next(q for q in api["closed_questions"] if q["name"] == "level")
    by_name = {c["name"]: c for c in closed["choices"]}
    assert by_name["global"]["total"]["percent"] == 92.9
    assert by_name["regional"]["total"]["percent"] == 7.1

    raw = client.get(reverse("analysis:tally-csv", kwargs={"pk": campaign.pk})).content
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    useful = next(r for r in rows if r["kind"] == "theme")
    assert useful["percent"] == "92.9"
    total_global = next(r for r in rows if r["code"] == "global" and r["group"] == "")
    assert total_global["percent"] == "92.9"

    xlsx = client.get(reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk}))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    sheet = book["forum_view"]
    cell = next(
        row[4] for row in sheet.iter_rows(min_row=5) if row[1].value == "useful"
    )
    assert cell.number_format == "0.0%"
    assert cell.value == pytest.approx(0.929)


def test_tracking_page_rounds_the_share_replied(client, campaign):
    client.force_login(campaign.secretariat)
    # One State of the fourteen has not replied: 13 of 14 in Europe.
    recipient = recipient_of(campaign, "SWE")
    recipient.versions.all().delete()
    recipient.status, recipient.completed_at = "not_started", None
    recipient.save()
    page = client.get(
        reverse("campaigns:tracking", kwargs={"pk": campaign.pk}) + "?as_of=2008-07-15"
    )
    text = page.content.decode()
    assert "92.9%" in text
    assert "92 %" not in text and "93 %" not in text
