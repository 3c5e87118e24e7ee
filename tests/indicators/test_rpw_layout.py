"""The RPW reader on the World Bank's published layout (a workbook generated
in the test with the real sheets, headers and quirks, ``rpw_layout``): what
it reads, the averages the import makes of it (computed by hand below), and
the refusals, each naming file, sheet, row and column, with nothing
imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from migdev.indicators import importers
from migdev.indicators.models import Release, Value
from migdev.stats.remittances import RemittanceInputError, read_rpw, total_cost
from tests.indicators.rpw_layout import POST, PRE, rpw_csv, rpw_workbook

pytestmark = pytest.mark.django_db


def test_reads_both_data_sheets_of_the_published_workbook(tmp_path: Path) -> None:
    quotes = read_rpw(rpw_workbook(tmp_path / "rpw_dataset_2011_2025_q3.xlsx"))
    # 4 services before 2016Q2 and 10 after, at USD 200 and 500, less the
    # one USD 500 block left blank.
    assert len(quotes) == 27 and quotes.attrs["skipped"] == 1
    assert set(quotes["source_sheet"]) == {PRE, POST}
    assert sorted(set(quotes["period"])) == [
        "2011Q1",
        "2013Q1",
        "2017Q1",
        "2018Q4",
        "2024Q3",
        "2025Q1",
        "2025Q3",
    ]
    one = quotes.set_index(["service_id", "amount_usd"])
    # Numbers stored as text are numbers.
    assert one.loc[(f"{POST}:5007", 200), "total_cost_pct"] == pytest.approx(4.22)
    assert one.loc[(f"{POST}:5007", 500), "fee"] == pytest.approx(3.2)
    # Firm types: spellings, combinations, the types beyond the four.
    kinds = one.xs(200, level="amount_usd")["provider_type"]
    assert kinds[f"{POST}:5004"] == kinds[f"{POST}:5010"] == "post office"
    assert kinds[f"{POST}:5006"] == "bank"  # Bank/Money Transfer Operator
    assert kinds[f"{POST}:5007"] == "other"  # Non-Bank FI
    # Kosovo and the Netherlands Antilles as RPW codes them.
    assert {"KSV", "ANT"} <= set(quotes["receiving"])
    # Rows are those of the sheet (header on row 1).
    assert one.loc[(f"{PRE}:101", 200), "source_row"] == 2
    assert one.loc[(f"{POST}:5010", 200), "source_row"] == 11
    # An interbank rate of 0 is dropped, the published total kept.
    chl = one.loc[(f"{POST}:5008", 200)]
    assert chl["total_cost_pct"] == 7.5 and chl["mid_rate"] != chl["mid_rate"]
    # A cc2 amount of 0 beside a total: the total is kept.
    assert one.loc[(f"{PRE}:103", 500), "total_cost_pct"] == 8.0
    # Transparency and SmaRT eligibility (transparent, within five days).
    assert not one.loc[(f"{POST}:5003", 200), "transparent"]
    assert one.loc[(f"{POST}:5009", 200), "transparent"]  # "Yes"
    assert not one.loc[(f"{POST}:5004", 200), "smart_eligible"]  # 6 days or more
    assert one.loc[(f"{POST}:5002", 200), "smart_eligible"]
    # The published totals agree with fee plus margin (as RPW computes them).
    # (Not where the amount is 0: that component cannot be computed.)
    costs = total_cost(quotes.drop(columns=["total_cost_pct"]))["total_cost_pct"]
    assert costs.isna().sum() == 1
    assert costs.dropna().to_numpy() == pytest.approx(
        quotes["total_cost_pct"][costs.notna()].to_numpy(), abs=0.01
    )


def test_import_averages_the_published_layout_as_the_world_bank(
    tmp_path: Path,
) -> None:
    path = rpw_workbook(tmp_path / "rpw_dataset_2011_2025_q3.xlsx")
    release = importers.import_quotes(path).release
    values = {
        (v.indicator.code, v.area, v.counterpart, v.period): v.value
        for v in Value.objects.filter(release=release).select_related("indicator")
    }
    # USA → Mexico (484 ← 840), 2017Q1, USD 200: the transparent services
    # 10, 3, 6 and 10 (the service listed twice counts twice; the one that
    # does not disclose its rate, 4, is left out): 29 / 4.
    assert values[("remittance_cost_200", 484, 840, "2017Q1")] == pytest.approx(7.25)
    # USD 500: 7, 2, 4.2 and 7.
    assert values[("remittance_cost_500", 484, 840, "2017Q1")] == pytest.approx(5.05)
    # SmaRT: the three cheapest transparent services within five days
    # (3, 10, 10; the post office takes six days or more).
    assert values[("remittance_cost_smart", 484, 840, "2017Q1")] == pytest.approx(
        23 / 3
    )
    # 2011Q1 from the older sheet: 12 and 7 (the undisclosed 4 left out).
    assert values[("remittance_cost_200", 484, 840, "2011Q1")] == pytest.approx(9.5)
    # Kosovo (412) from Germany (276), the Netherlands Antilles (530).
    assert values[("remittance_cost_200", 412, 276, "2017Q1")] == pytest.approx(5.0)
    assert values[("remittance_cost_500", 530, 528, "2013Q1")] == pytest.approx(8.0)
    # SDG 10.c.1, 2017Q1: Mexico 7.25; global, the mean of the two corridors.
    assert values[("remittance_cost_200", 484, None, "2017Q1")] == pytest.approx(7.25)
    assert values[("remittance_cost_200", 900, None, "2017Q1")] == pytest.approx(
        (7.25 + 5.0) / 2
    )
    assert release.title["en"].startswith("Remittance prices, 2011Q1–2025Q3")


def test_a_csv_of_the_sheet_with_upper_case_headers(tmp_path: Path) -> None:
    path = rpw_csv(tmp_path / "rpw_post.csv", upper=True)
    quotes = read_rpw(path)
    assert len(quotes) == 19 and set(quotes["source_sheet"]) == {"csv"}
    release = importers.import_quotes(path).release
    assert Value.objects.get(
        release=release,
        indicator__code="remittance_cost_200",
        area=484,
        counterpart=840,
        period="2017Q1",
    ).value == pytest.approx(7.25)


def _set(sheet: str, row: int, column: str, value):
    """An edit of one cell of a data sheet (``row`` 0 is the first service)."""

    def edit(name, header, rows):
        if name == sheet:
            rows[row][header.index(column)] = value

    return edit


def _drop(sheet: str, column: str):
    def edit(name, header, rows):
        if name == sheet:
            i = header.index(column)
            del header[i]
            for r in rows:
                del r[i]

    return edit


@pytest.mark.parametrize(
    ("edit", "where", "words"),
    [
        (
            _set(POST, 1, "cc1 total cost %", "3,0 %"),
            (POST, 3, "cc1 total cost %"),
            "'3,0 %' is not a number",
        ),
        (
            _set(POST, 1, "cc1 lcu code", None),
            (POST, 3, "cc1 lcu code"),
            "no currency",
        ),
        (
            _set(POST, 3, "cc2 lcu code", " "),
            (POST, 5, "cc2 lcu code"),
            "no currency",
        ),
        (_set(PRE, 2, "period", None), (PRE, 4, "period"), "no date"),
        (
            _set(POST, 0, "period", "2017-01"),
            (POST, 2, "period"),
            "not a quarter such as 2017_1Q",
        ),
        (
            _set(POST, 4, "firm_type", "Exchange house"),
            (POST, 6, "firm_type"),
            "'Exchange house' is not an RPW firm type",
        ),
        (
            _set(PRE, 0, "destination_code", "XYZ"),
            (PRE, 2, "destination_code"),
            "country code 'XYZ' is unknown",
        ),
        (
            _set(POST, 2, "transparent", "maybe"),
            (POST, 4, "transparent"),
            "neither yes nor no",
        ),
        (
            _set(POST, 0, "cc1 lcu fee", -2),
            (POST, 2, "cc1 lcu fee"),
            "must be a number of 0 or more",
        ),
        (_drop(PRE, "cc1 lcu fee"), (PRE, 1, "cc1 lcu fee"), "not the RPW dataset"),
    ],
)
def test_what_cannot_be_read_is_named_and_nothing_imported(
    tmp_path: Path, edit, where, words
) -> None:
    path = rpw_workbook(tmp_path / "rpw.xlsx", edit=edit)
    with pytest.raises(RemittanceInputError) as caught:
        importers.import_quotes(path)
    sheet, row, column = where
    message = str(caught.value)
    assert "rpw.xlsx" in message and f"sheet {sheet!r}" in message, message
    assert f"row {row}, column {column!r}" in message, message
    assert words in message, message
    assert not Release.objects.exists()


def test_a_workbook_without_the_data_sheets_is_named(tmp_path: Path) -> None:
    path = rpw_workbook(tmp_path / "rpw.xlsx", data_sheets=())
    with pytest.raises(RemittanceInputError) as caught:
        read_rpw(path)
    message = str(caught.value)
    assert "rpw.xlsx" in message and "no RPW data sheet" in message
    assert "'Dataset (from Q2 2016)'" in message and "'Legend'" in message
    with pytest.raises(RemittanceInputError, match="no RPW data sheet: expected 'x'"):
        read_rpw(rpw_workbook(tmp_path / "rpw2.xlsx"), sheet="x")
