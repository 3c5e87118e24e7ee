"""The remittance library against hand-computed values on a small corridor
set, and against the real World Bank files where ../shared/data is present."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from stock_support import shared_file

from migdev.stats.remittances import (
    RemittanceInputError,
    average,
    competition,
    corridor_averages,
    read_corridor_means,
    read_knomad_matrix,
    read_rpw,
    read_wdi,
    sdg_10c1,
    smart_averages,
    target_distance,
    total_cost,
    validate_quotes,
)


def quote(
    sending, receiving, provider, kind, currency, amount, fee, rate, mid, **extra
):
    return {
        "sending": sending,
        "receiving": receiving,
        "provider": provider,
        "provider_type": kind,
        "product": "account to cash",
        "access_instrument": "agent",
        "payment_instrument": "cash",
        "period": "2017Q1",
        "amount_usd": 200,
        "currency": currency,
        "amount": amount,
        "fee": fee,
        "exchange_rate": rate,
        "mid_rate": mid,
        **extra,
    }


# Hand-computed: fee % = 100 fee / amount; margin % = 100 (mid − rate) / mid.
QUOTES = [
    # USA → MEX: 10 %, 3 %, 2 %, 3.5 %  → mean 4.625, SmaRT (P4 not eligible) 5.0
    quote(
        "USA",
        "MEX",
        "P1",
        "bank",
        "USD",
        200,
        10,
        19.0,
        20.0,
        smart_eligible=True,
        market_share=0.5,
    ),
    quote(
        "USA",
        "MEX",
        "P2",
        "money transfer operator",
        "USD",
        200,
        4,
        19.8,
        20.0,
        smart_eligible=True,
        market_share=0.3,
    ),
    quote(
        "USA",
        "MEX",
        "P3",
        "MTO",
        "USD",
        200,
        0,
        19.6,
        20.0,
        smart_eligible=True,
        market_share=0.1,
    ),
    quote(
        "USA",
        "MEX",
        "P4",
        "Post office",
        "USD",
        200,
        7,
        20.0,
        20.0,
        smart_eligible=False,
        market_share=0.1,
    ),
    # GBR → IND: 2.5 + 2.2222… = 4.7222…, 1 + 1 = 2  → mean 3.36111…
    quote("GBR", "IND", "P5", "bank", "GBP", 160, 4, 88.0, 90.0, smart_eligible=True),
    quote(
        "GBR",
        "IND",
        "P6",
        "mobile operator",
        "GBP",
        160,
        1.6,
        89.1,
        90.0,
        smart_eligible=True,
    ),
    # USA → IND: 6 %
    quote("USA", "IND", "P1", "bank", "USD", 200, 12, 83.0, 83.0, smart_eligible=True),
]


@pytest.fixture
def quotes() -> pd.DataFrame:
    return total_cost(validate_quotes(pd.DataFrame(QUOTES)))


def test_total_cost_of_each_quote(quotes) -> None:
    assert quotes["fee_pct"].tolist() == pytest.approx([5, 2, 0, 3.5, 2.5, 1, 6])
    assert quotes["fx_margin_pct"].tolist() == pytest.approx(
        [5, 1, 2, 0, 200 / 90, 1, 0]
    )
    assert quotes["total_cost_pct"].tolist() == pytest.approx(
        [10, 3, 2, 3.5, 2.5 + 200 / 90, 2, 6]
    )
    assert quotes["provider_type"].tolist()[2:4] == [
        "money transfer operator",
        "post office",
    ]


def test_corridor_averages(quotes) -> None:
    c = corridor_averages(quotes).set_index(["sending", "receiving"])
    assert c.loc[("USA", "MEX"), "mean"] == pytest.approx(4.625)
    assert c.loc[("GBR", "IND"), "mean"] == pytest.approx((2.5 + 200 / 90 + 2) / 2)
    assert c.loc[("GBR", "IND"), "mean"] == pytest.approx(3.3611111)
    assert c.loc[("USA", "IND"), "mean"] == pytest.approx(6.0)
    assert c.loc[("USA", "MEX"), ["services", "cheapest", "dearest"]].tolist() == (
        pytest.approx([4, 2, 10])
    )
    assert corridor_averages(quotes, amount_usd=500).empty


def test_simple_and_weighted_averages(quotes) -> None:
    c = corridor_averages(quotes)
    world = average(c)
    assert world["simple"].iloc[0] == pytest.approx((4.625 + 3.3611111 + 6) / 3)
    assert world["corridors"].iloc[0] == 3
    by_receiving = average(c, by=("receiving",)).set_index("receiving")["simple"]
    assert by_receiving["MEX"] == pytest.approx(4.625)
    assert by_receiving["IND"] == pytest.approx((3.3611111 + 6) / 2)
    by_sending = average(c, by=("sending",)).set_index("sending")["simple"]
    assert by_sending["USA"] == pytest.approx(5.3125)
    flows = pd.DataFrame(
        {
            "sending": ["USA", "GBR", "USA"],
            "receiving": ["MEX", "IND", "IND"],
            "flow": [30, 4, 10],
        }
    )
    weighted = average(c, weights=flows)
    assert weighted["weighted"].iloc[0] == pytest.approx(
        (4.625 * 30 + 3.3611111 * 4 + 6 * 10) / 44
    )
    assert weighted["weighted"].iloc[0] == pytest.approx(4.8226010)
    regional = average(
        c.assign(region=["Asia", "Asia", "Latin America"]),
        by=("region",),
        weights=flows,
    ).set_index("region")
    # Corridors sorted: GBR→IND, USA→IND, USA→MEX.
    assert regional.loc["Asia", "weighted"] == pytest.approx(
        (3.3611111 * 4 + 6 * 10) / 14
    )


def test_smart_average(quotes) -> None:
    s = smart_averages(quotes).set_index(["sending", "receiving"])
    # The three cheapest eligible services of USA→MEX: 2, 3, 10 (P4 at 3.5 is not eligible).
    assert s.loc[("USA", "MEX"), "smart"] == pytest.approx(5.0)
    assert s.loc[("USA", "MEX"), "services"] == 3
    assert s.loc[("GBR", "IND"), "smart"] == pytest.approx(3.3611111)


def test_sdg_10c1_and_target_distance(quotes) -> None:
    c = corridor_averages(quotes)
    sdg = sdg_10c1(c)
    assert sdg["global"]["simple"].iloc[0] == pytest.approx(4.6620370)
    assert sdg["receiving"].set_index("receiving").loc[
        "MEX", "simple"
    ] == pytest.approx(4.625)
    assert sdg["sending"].set_index("sending").loc["GBR", "simple"] == pytest.approx(
        3.3611111
    )
    t = target_distance(c).iloc[0]
    assert t["corridors"] == 3 and t["above_5"] == 1
    assert t["share_above_5"] == pytest.approx(100 / 3)
    assert t["at_most_3"] == 0 and t["share_at_most_3"] == 0
    assert t["distance_to_3"] == pytest.approx(1.6620370)


def test_competition(quotes) -> None:
    c = competition(quotes).set_index(["sending", "receiving"])
    row = c.loc[("USA", "MEX")]
    assert row["providers"] == 4 and row["spread"] == pytest.approx(8.0)
    assert row[
        ["bank", "money transfer operator", "post office", "mobile operator"]
    ].tolist() == [
        1,
        2,
        1,
        0,
    ]
    assert row["hhi"] == pytest.approx(2500 + 900 + 100 + 100)
    assert np.isnan(c.loc[("GBR", "IND"), "hhi"])  # market shares unknown


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"currency": ""}, "currency", "no currency"),
        ({"period": None}, "period", "no date"),
        ({"period": "2017-03"}, "period", "not a quarter"),
        ({"amount_usd": 300}, "amount_usd", "200 and 500"),
        ({"provider_type": "hawala"}, "provider_type", "not one of"),
        ({"fee": -1}, "fee", "0 or more"),
        ({"receiving": "XXX"}, "receiving", "unknown"),
    ],
)
def test_bad_quotes_name_row_and_column(change, column, words) -> None:
    rows = [dict(q) for q in QUOTES]
    rows[2].update(change)
    with pytest.raises(RemittanceInputError) as caught:
        validate_quotes(
            pd.DataFrame(rows),
            known_countries=["USA", "MEX", "GBR", "IND"],
            file="quotes.csv",
            row_base=2,
        )
    message = str(caught.value)
    assert "quotes.csv" in message and "row 4" in message
    assert f"column {column!r}" in message and words in message


def rpw_workbook(
    path: Path, *, drop: str | None = None, blank: str | None = None
) -> Path:
    header = [
        "id",
        "period",
        "source_code",
        "source_name",
        "destination_code",
        "destination_name",
        "firm",
        "firm_type",
        "payment instrument",
        "access point",
        "cc1 lcu amount",
        "cc1 denomination amount",
        "cc1 lcu code",
        "cc1 lcu fee",
        "cc1 lcu fx rate",
        "cc1 fx margin",
        "cc1 total cost %",
        "cc2 lcu amount",
        "cc2 denomination amount",
        "cc2 lcu code",
        "cc2 lcu fee",
        "cc2 lcu fx rate",
        "cc2 fx margin",
        "cc2 total cost %",
        "inter lcu bank fx",
        "transparent",
    ]
    rows = [
        [
            1,
            "2017_1Q",
            "USA",
            "United States",
            "MEX",
            "Mexico",
            "P1",
            "Bank",
            "Cash",
            "Branch",
            200,
            200,
            "USD",
            10,
            19.0,
            5.0,
            10.0,
            500,
            500,
            "USD",
            10,
            19.0,
            5.0,
            7.0,
            20.0,
            "Yes",
        ],
        [
            2,
            "2017_1Q",
            "USA",
            "United States",
            "MEX",
            "Mexico",
            "P2",
            "Money Transfer Operator",
            "Cash",
            "Agent",
            200,
            200,
            "USD",
            4,
            19.8,
            1.0,
            3.0,
            500,
            500,
            "USD",
            5,
            19.8,
            1.0,
            2.0,
            20.0,
            "No",
        ],
    ]
    if blank:
        rows[1][header.index(blank)] = None
    if drop:
        i = header.index(drop)
        header = header[:i] + header[i + 1 :]
        rows = [r[:i] + r[i + 1 :] for r in rows]
    book = Workbook()
    sheet = book.active
    sheet.title = "Dataset (from Q2 2016)"
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def test_read_rpw_workbook(tmp_path: Path) -> None:
    quotes = total_cost(read_rpw(rpw_workbook(tmp_path / "rpw.xlsx")))
    assert len(quotes) == 4  # two services × USD 200 and 500
    cost = quotes.set_index(["provider", "amount_usd"])["total_cost_pct"]
    assert cost[("P1", 200)] == 10.0 and cost[("P2", 500)] == 2.0
    assert set(quotes["period"]) == {"2017Q1"}
    assert quotes.set_index(["provider", "amount_usd"])["smart_eligible"].tolist() == [
        True,
        False,
        True,
        False,
    ]
    assert corridor_averages(quotes)["mean"].iloc[0] == pytest.approx(6.5)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"blank": "cc1 lcu code"}, "row 3, column 'cc1 lcu code': no currency"),
        ({"blank": "period"}, "row 3, column 'period': no date"),
        ({"drop": "cc1 lcu fee"}, "row 1, column 'cc1 lcu fee'"),
    ],
)
def test_bad_rpw_workbook(tmp_path: Path, kwargs, words) -> None:
    path = rpw_workbook(tmp_path / "rpw.xlsx", **kwargs)
    with pytest.raises(RemittanceInputError) as caught:
        read_rpw(path)
    message = str(caught.value)
    assert "rpw.xlsx" in message and "sheet 'Dataset (from Q2 2016)'" in message
    assert words in message


# --- The real files -----------------------------------------------------------


@pytest.mark.shared_data
def test_wdi_reader_reproduces_the_file_totals() -> None:
    path = shared_file("remittances", "wdi_remittances_gdp_netmig_1990_2023.csv")
    totals: dict[str, float] = {}
    count: dict[str, int] = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["value"] not in ("", "NA"):
                totals[row["wdi_code"]] = totals.get(row["wdi_code"], 0.0) + float(
                    row["value"]
                )
                count[row["wdi_code"]] = count.get(row["wdi_code"], 0) + 1
    wdi = read_wdi(path)
    got = wdi.groupby("wdi_code")["value"].agg(["sum", "count"])
    for code, total in totals.items():
        assert got.loc[code, "sum"] == pytest.approx(total, rel=1e-12)
        assert got.loc[code, "count"] == count[code]
    received = wdi[
        (wdi["indicator"] == "remittances_received") & (wdi["iso3"] == "IND")
    ]
    assert received.set_index("year").loc[2023, "value"] == pytest.approx(
        119.5e9, rel=0.01
    )


@pytest.mark.shared_data
def test_knomad_reader_reproduces_the_world_totals() -> None:
    path = shared_file("remittances", "wb_knomad_bilateral_remittances_2017_matrix.csv")
    with path.open() as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    world_row = next(r for r in rows if r[0] == "WORLD")
    grand = float(world_row[header.index("WORLD")])
    matrix = read_knomad_matrix(path)
    # Israel and Lebanon receive flows the matrix does not allocate (their
    # cells are "-"): the published grand total exceeds the cells by that.
    unallocated = matrix.attrs["unallocated"]
    assert set(unallocated) == {"Israel", "Lebanon"}
    assert matrix["usd_millions"].sum() + sum(unallocated.values()) == pytest.approx(
        grand, rel=1e-12
    )
    assert grand == pytest.approx(613_460, rel=1e-3)
    by_sender = matrix.groupby("sending_name")["usd_millions"].sum()
    for row in rows[1:]:
        if row[0] != "WORLD" and float(row[-1] or 0):
            assert by_sender[row[0]] == pytest.approx(float(row[-1]), rel=1e-9)
    assert matrix["sending"].str.fullmatch(r"[A-Z]{3}").all()
    long = pd.read_csv(
        shared_file("remittances", "wb_knomad_bilateral_remittances_2017_long.csv")
    )
    assert len(matrix) == long["remittances_usd_millions"].notna().sum()


@pytest.mark.shared_data
def test_2017_corridor_means_aggregate_to_their_own_means() -> None:
    path = shared_file(
        "remittance_costs", "rpw2017_corridor_mean_total_cost_benveniste.csv"
    )
    m49 = shared_file("country_codes", "unsd_m49_methodology_with_dev_status.csv")
    region = {}
    with m49.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            region[row["ISO-alpha3 Code"]] = row["Region Name"]
    region["KSV"] = "Europe"  # Kosovo (the file's code), absent from M49
    # Independent, by hand: lists of the corridor values in percent.
    by_receiving: dict[str, list[float]] = {}
    by_region: dict[str, list[float]] = {}
    every: list[float] = []
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["phi"]:
                v = 100 * float(row["phi"])
                every.append(v)
                by_receiving.setdefault(row["origin"], []).append(v)
                by_region.setdefault(region[row["origin"]], []).append(v)
    corridors = read_corridor_means(path)
    assert len(corridors) == len(every) == 363
    sdg = sdg_10c1(corridors)
    assert sdg["global"]["simple"].iloc[0] == pytest.approx(sum(every) / len(every))
    receiving = sdg["receiving"].set_index("receiving")["simple"]
    assert len(receiving) == len(by_receiving) == 105
    for code, values in by_receiving.items():
        assert receiving[code] == pytest.approx(sum(values) / len(values))
    regional = average(
        corridors.assign(region=corridors["receiving"].map(region)), by=("region",)
    ).set_index("region")["simple"]
    for name, values in by_region.items():
        assert regional[name] == pytest.approx(sum(values) / len(values))
    t = target_distance(corridors).iloc[0]
    assert t["above_5"] == sum(v > 5 for v in every)
