"""Exports read back: CSV with a byte-order mark, XLSX with openpyxl."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from migdev.consultation.analysis import exports, services, tallies
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db

ARABIC = "ترى مصر أن المنتدى العالمي نتيجة مفيدة للحوار."
CHINESE = "中国认为，全球论坛是高级别对话的有益成果。"


@pytest.fixture
def campaign(secretariat):
    campaign = make_campaign(recipients=("FRA", "EGY", "CHN", "MEX"))
    question = campaign.questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat,
        question=question,
        code="useful",
        label=six(
            "Forum a useful outcome", zh_hans="论坛是有益成果", ar="المنتدى نتيجة مفيدة"
        ),
    )
    reply(recipient_of(campaign, "EGY"), {"forum_view": ARABIC, "level": "regional"})
    reply(recipient_of(campaign, "CHN"), {"forum_view": CHINESE, "level": "global"})
    reply(
        recipient_of(campaign, "FRA"),
        {"forum_view": "Utile, « informel »,\nnuancé.", "sole_followup": "no"},
    )
    for iso3, quote in (
        ("EGY", "المنتدى العالمي نتيجة مفيدة"),
        ("CHN", "全球论坛是高级别对话的有益成果"),
    ):
        services.coding_set(
            actor=secretariat,
            recipient=recipient_of(campaign, iso3),
            question=question,
            themes=[useful],
            quotes={"useful": quote},
        )
    return campaign


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_replies_csv(client, campaign, secretariat):
    client.force_login(secretariat)
    response = client.get(
        reverse("analysis:replies-csv", kwargs={"pk": campaign.pk}) + "?lang=zh-hans"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "replies-hld-test-zh-hans.csv" in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert len(rows) == 4
    assert rows[0][6] == "How does your Government view the Global Forum? [zh-hans]"
    by_iso3 = {row[1]: row for row in rows[1:]}
    assert by_iso3["CHN"][0] == "中国"
    assert by_iso3["CHN"][6] == CHINESE
    assert by_iso3["EGY"][6] == ARABIC
    assert by_iso3["FRA"][6] == "Utile, « informel »,\nnuancé."
    names = read_csv(
        client.get(
            reverse("analysis:replies-csv", kwargs={"pk": campaign.pk})
            + "?header=names"
        ).content
    )
    assert names[0][:2] == ["state", "iso3"]
    assert names[0][6:] == ["forum_view", "sole_followup", "why_sole", "level"]


def test_replies_xlsx(client, campaign, secretariat):
    client.force_login(secretariat)
    response = client.get(
        reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}) + "?lang=ar"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "B3"
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[1]]
    names = [c.value for c in sheet[2]]
    assert header[6] == "How does your Government view the Global Forum? [ar]"
    assert names[6:] == ["forum_view", "sole_followup", "why_sole", "level"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {"EGY", "CHN", "FRA"}
    assert rows["EGY"][0] == "مصر"
    assert rows["EGY"][6] == ARABIC
    assert rows["CHN"][6] == CHINESE
    assert rows["EGY"][9] == "Regional [ar]"
    assert sheet.column_dimensions["G"].width >= 14
    assert sheet.column_dimensions["A"].width >= 8
    with translation.override("ar"):
        assert book.sheetnames[-1] == str(_("About"))


def test_replies_export_all_recipients(client, campaign, secretariat):
    client.force_login(secretariat)
    rows = read_csv(
        client.get(
            reverse("analysis:replies-csv", kwargs={"pk": campaign.pk}) + "?scope=all"
        ).content
    )
    assert len(rows) == 5
    assert {r[1]: r[4] for r in rows[1:]}["MEX"] == "Not started"


def test_replies_export_unknown_language(client, campaign, secretariat):
    client.force_login(secretariat)
    url = reverse("analysis:replies-csv", kwargs={"pk": campaign.pk}) + "?lang=xx"
    assert client.get(url).status_code == 404


def test_tally_csv_for_the_secretariat_has_quotes(campaign):
    result = tallies.tally(campaign, language="zh-hans")
    rows = read_csv(exports.tally_csv(result))
    assert rows[0] == exports.TALLY_CSV_COLUMNS
    (theme,) = [r for r in rows if r[2] == "theme" and r[0] == "forum_view"]
    assert theme[3:5] == ["useful", "论坛是有益成果"]
    assert theme[7:11] == ["2", "3", "0.6667", "66.7"]
    assert theme[11:14] == ["two", "两个", "3"]  # a base under 10: the number
    assert "中国: 全球论坛是高级别对话的有益成果" in theme[14]
    assert "埃及: المنتدى العالمي نتيجة مفيدة" in theme[14]
    level = [r for r in rows if r[0] == "level"]
    # 3 choices + no answer, each for all respondents and 8 groups.
    assert len(level) == 4 * 9
    europe_no_answer = [r for r in level if r[2] == "no_answer" and r[5] == "150"]
    assert europe_no_answer[0][7:9] == ["1", "1"]


def test_public_tally_export_has_no_quotes(client, campaign):
    campaign.published_at = timezone.now()
    campaign.save()
    url = reverse("analysis:tally-csv", kwargs={"pk": campaign.pk}) + "?lang=ar"
    rows = read_csv(client.get(url).content)
    assert "quotes" not in rows[0]
    assert ARABIC not in str(rows) and "المنتدى العالمي نتيجة مفيدة" not in str(rows)
    (theme,) = [r for r in rows if r[2] == "theme"]
    assert theme[4] == "المنتدى نتيجة مفيدة"
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk})
            ).content
        )
    )
    sheet = book["forum_view"]
    assert [c.value for c in sheet[4]] == [
        "Theme",
        "Code",
        "States",
        "Base",
        "Share",
        "As a report says it",
        "Rule",
    ]


def test_unpublished_tally_export_is_refused(client, campaign, focal_point):
    url = reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk})
    assert client.get(url).status_code == 404
    client.force_login(focal_point)
    assert client.get(url).status_code == 404


def test_tally_xlsx_one_sheet_per_question(client, campaign, secretariat):
    client.force_login(secretariat)
    response = client.get(
        reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk}) + "?lang=zh-hans"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("zh-hans"):
        about = str(_("About"))
    assert book.sheetnames == [
        "forum_view",
        "sole_followup",
        "why_sole",
        "level",
        about,
    ]
    sheet = book["forum_view"]
    assert (
        sheet["A1"].value == "How does your Government view the Global Forum? [zh-hans]"
    )
    row = [c.value for c in sheet[5]]
    assert row[:7] == [
        "论坛是有益成果",
        "useful",
        2,
        3,
        pytest.approx(0.667),  # 66.7 %, the rounded percentage of the pages
        "两个",
        3,
    ]
    assert "中国: 全球论坛是高级别对话的有益成果" in row[7]
    assert sheet.cell(row=5, column=5).number_format == "0.0%"
    level = book["level"]
    header = [c.value for c in level[4]]
    assert header[3] == "%" and header[:2] != [None, None]
    assert "(150)" in " ".join(str(v) for v in header)
    choices = {r[1]: r for r in level.iter_rows(min_row=5, values_only=True)}
    assert choices["global"][2:4] == (1, pytest.approx(0.333))
    assert choices["regional"][2] == 1
    base_row = next(iter(level.iter_rows(min_row=level.max_row, values_only=True)))
    assert base_row[2] == 3


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert exports._sheet_title("a/b:c*d?" + "x" * 40, taken) == "a b c d " + "x" * 23
    first = exports._sheet_title("same", taken)
    second = exports._sheet_title("SAME", taken)
    assert (first, second) == ("same", "SAME (2)")


@pytest.mark.parametrize(
    "lang,day", [("ru", "30 апреля 2008 года"), ("zh-hans", "2008年4月30日")]
)
def test_tally_xlsx_dates_are_written_as_the_un_does(
    client, campaign, secretariat, lang, day
):
    client.force_login(secretariat)
    response = client.get(
        reverse("analysis:tally-xlsx", kwargs={"pk": campaign.pk}) + f"?lang={lang}"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [
        str(v) for row in book.worksheets[-1].iter_rows(values_only=True) for v in row
    ]
    assert day in values
    assert not [v for v in values if v.startswith(str(timezone.now().year) + "-")]
