"""Readers of the official UN DESA workbooks, on real and built files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from stock_support import shared_file

from migdev.stats.stock.errors import LayoutError
from migdev.stats.stock.inputs import (
    ORIGIN_OTHER_NORTH,
    ORIGIN_OTHER_SOUTH,
    ORIGIN_TOTAL,
    population_from_wpp,
)
from migdev.stats.stock.readers import (
    classification_from_annex,
    classification_from_un_table,
    read_un_workbook,
)

YEARS_2019 = [1990, 1995, 2000, 2005, 2010, 2015, 2019]
YEARS_2020 = [1990, 1995, 2000, 2005, 2010, 2015, 2020]


@pytest.fixture(scope="module")
def table_2019() -> pd.DataFrame:
    return read_un_workbook(
        shared_file("migrant_stock", "UN_MigrantStockTotal_2019.xlsx")
    )


@pytest.fixture(scope="module")
def table_2020() -> pd.DataFrame:
    return read_un_workbook(
        shared_file(
            "migrant_stock", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
        )
    )


def _descendant_sums(table: pd.DataFrame) -> pd.DataFrame:
    """Published aggregate vs the sum of its country rows, per sex and year."""
    areas = table.drop_duplicates("location_code", keep="last")
    parent = dict(zip(areas["location_code"], areas["parent_code"], strict=True))
    migrants = table[table["measure"] == "migrants"]
    countries = migrants[migrants["is_country"]]
    records = []
    for code in countries["location_code"].unique():
        node = parent.get(code)
        while node is not None and not pd.isna(node):
            records.append((code, int(node)))
            node = parent.get(int(node))
    links = pd.DataFrame(records, columns=["location_code", "aggregate"])
    summed = countries.merge(links, on="location_code").groupby(
        ["aggregate", "sex", "year"]
    )
    recomputed = summed["value"].sum()
    complete = summed["value"].apply(lambda v: v.notna().all())
    published = (
        migrants[~migrants["is_country"]]
        .drop_duplicates(["location_code", "sex", "year"])
        .set_index(["location_code", "sex", "year"])["value"]
        .rename_axis(["aggregate", "sex", "year"])
    )
    return pd.concat(
        {"recomputed": recomputed, "complete": complete, "published": published},
        axis=1,
        join="inner",
    )


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("fixture", "years", "n_countries"),
    [("table_2019", YEARS_2019, 232), ("table_2020", YEARS_2020, 235)],
)
def test_every_country_and_year_is_read(
    fixture: str, years: list[int], n_countries: int, request: pytest.FixtureRequest
) -> None:
    table = request.getfixturevalue(fixture)
    migrants = table[(table["measure"] == "migrants") & table["is_country"]]
    assert migrants["location_code"].nunique() == n_countries
    per_country = migrants.groupby("location_code")["year"].apply(
        lambda y: sorted(set(y))
    )
    assert all(list(v) == years for v in per_country)
    assert set(table["sex"]) == {"both", "male", "female"}
    assert table.loc[table["location_code"] == 900, "is_country"].eq(False).all()
    usa = migrants[(migrants["location_code"] == 840) & (migrants["sex"] == "both")]
    assert usa["value"].notna().all() and usa["data_type"].eq("B").all()


@pytest.mark.shared_data
@pytest.mark.parametrize("fixture", ["table_2019", "table_2020"])
def test_world_and_regions_recomputed_from_countries(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    """Both sexes add up exactly; by sex, wherever no country cell is hidden."""
    check = _descendant_sums(request.getfixturevalue(fixture))
    assert check.index.get_level_values("aggregate").nunique() >= 20
    both = check.xs("both", level="sex")
    np.testing.assert_allclose(both["recomputed"], both["published"], atol=1)
    exact = check[check["complete"]]
    np.testing.assert_allclose(exact["recomputed"], exact["published"], atol=1)
    assert (check["recomputed"] <= check["published"] + 1).all()


@pytest.mark.shared_data
def test_development_and_income_groups_from_annex(table_2019: pd.DataFrame) -> None:
    annex = pd.read_csv(
        shared_file("migrant_stock", "ims2019_annex_country_classification.csv")
    )
    groups = classification_from_annex(annex)
    migrants = table_2019[
        (table_2019["measure"] == "migrants") & (table_2019["sex"] == "both")
    ]
    countries = migrants[migrants["is_country"]].merge(groups, on="location_code")
    # One income-group cell of the 2019 file (high income, 2005) is 13,100
    # above its countries' sum; hence the relative tolerance there.
    for level, codes, rtol in (
        ("development_group", [901, 902], 0.0),
        ("income_group", [1500, 1501, 1502, 1503], 2e-4),
    ):
        grouped = countries.groupby([level, "year"])["value"]
        complete = grouped.apply(lambda v: v.notna().all())
        recomputed = grouped.sum()[complete]
        published = migrants[migrants["location_code"].isin(codes)].set_index(
            ["location_code", "year"]
        )["value"]
        published.index.names = [level, "year"]
        joined = pd.concat([recomputed, published], axis=1, join="inner")
        assert len(joined) >= len(codes) * 3
        np.testing.assert_allclose(
            joined.iloc[:, 0], joined.iloc[:, 1], atol=1, rtol=rtol
        )


@pytest.mark.shared_data
def test_backtest_reproduces_held_out_years(table_2020: pd.DataFrame) -> None:
    """Census-like years 1990/2000/2010/2020 given; 1995/2005/2015 estimated."""
    from migdev.stats.stock.backtest import backtest, summarize_errors

    wpp = pd.read_csv(
        shared_file("population", "wpp2019_total_population_1950_2100_long.csv")
    )
    population = population_from_wpp(wpp)
    classification = classification_from_un_table(table_2020)
    results = {}
    for method in ("share", "count"):
        errors = backtest(
            table_2020,
            population,
            keep_years=(1990, 2000, 2010, 2020),
            held_out=(1995, 2005, 2015),
            method=method,  # type: ignore[arg-type]
            classification=classification,
        )
        results[method] = summarize_errors(errors)
        assert results[method]["n"] > 600
        assert results[method]["median_ape"] < 5.0
        assert results[method]["p90_ape"] < 30.0
    print("back-test", results)


# Built workbooks in the 2015 and 2024 layouts --------------------------------


def _title_rows(ws, revision: int) -> None:
    ws.cell(2, 5, f"International Migrant Stock {revision}")
    ws.cell(4, 5, f"POP/DB/MIG/Stock/Rev.{revision}")


AREAS = [
    (900, "WORLD", 0, None),
    (903, " AFRICA", 1, None),
    (910, "  Eastern Africa", 2, None),
    (108, "   Burundi", 3, "B R"),
    (404, "   Kenya*", 3, "B"),
    (908, " EUROPE", 1, None),
    (926, "  Western Europe", 2, None),
    (250, "   France", 3, "B"),
]
VALUES = {108: 100.0, 404: 300.0, 250: 1000.0}


def _value(code: int, factor: float) -> float:
    if code == 900:
        return sum(VALUES.values()) * factor
    if code in (903, 910):
        return (VALUES[108] + VALUES[404]) * factor
    if code in (908, 926):
        return VALUES[250] * factor
    return VALUES[code] * factor


def test_2024_layout_with_coverage_and_data_type(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Table 1"
    _title_rows(ws, 2024)
    years = [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    ws.cell(8, 7, "International migrant stock at mid-year, both sexes combined")
    ws.cell(8, 7 + len(years), "International migrant stock at mid-year, males")
    header = [
        "Index",
        "Region, development group, country or area",
        "Notes",
        "Location code",
        "Coverage",
        "Data type",
    ]
    for j, label in enumerate(header + years + years, start=1):
        ws.cell(11, j, label)
    for i, (code, name, _, dtype) in enumerate(AREAS, start=12):
        ws.cell(i, 1, i - 11)
        ws.cell(i, 2, name)
        ws.cell(i, 4, code)
        ws.cell(i, 5, "Complete" if dtype else None)
        ws.cell(i, 6, dtype)
        for j, year in enumerate(years):
            ws.cell(
                i,
                7 + j,
                _value(code, 1 + j / 10) if year != 2024 or code != 108 else "..",
            )
            ws.cell(i, 7 + len(years) + j, _value(code, 0.5))
    path = tmp_path / "ims2024.xlsx"
    book.save(path)
    table = read_un_workbook(path)
    assert table["revision"].eq(2024).all()
    kenya = table[(table["location_code"] == 404) & (table["sex"] == "both")]
    assert kenya["name"].iloc[0] == "Kenya"
    assert kenya["coverage"].iloc[0] == "Complete"
    assert kenya["data_type"].iloc[0] == "B"
    assert sorted(kenya["year"]) == years
    assert np.isnan(
        table.query("location_code == 108 and year == 2024 and sex == 'both'")[
            "value"
        ].item()
    )
    assert set(table["sex"]) == {"both", "male"}
    cls = classification_from_un_table(table)
    assert cls.set_index("location_code").loc[250, "subregion"] == 926
    assert cls.set_index("location_code").loc[250, "region"] == 908


def test_2024_origin_matrix_with_other_north_and_south(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Table 1"
    _title_rows(ws, 2024)
    ws.cell(
        8, 8, "International migrant stock at mid-year by origin, both sexes combined"
    )
    origins = ["Total", "Burundi", "Kenya", "France", "Other North", "Other South"]
    header = [
        "Index",
        "Year",
        "Region, development group, country or area of destination",
        "Notes",
        "Location code",
        "Data type",
    ]
    for j, label in enumerate(header + origins, start=1):
        ws.cell(11, j, label)
    r = 12
    for year in (2020, 2024):
        for code, name, _, dtype in AREAS:
            ws.cell(r, 1, r - 11)
            ws.cell(r, 2, year)
            ws.cell(r, 3, name)
            ws.cell(r, 5, code)
            ws.cell(r, 6, dtype)
            for j in range(len(origins)):
                ws.cell(r, 7 + j, 10.0 * (j + 1))
            r += 1
    path = tmp_path / "ims2024_origin.xlsx"
    book.save(path)
    table = read_un_workbook(path)
    assert set(table["origin_code"]) == {
        ORIGIN_TOTAL,
        108,
        404,
        250,
        ORIGIN_OTHER_NORTH,
        ORIGIN_OTHER_SOUTH,
    }
    assert set(table["year"]) == {2020, 2024}
    assert len(table) == 2 * len(AREAS) * len(origins)


def test_2015_layout_with_year_row_and_age_table(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Table 1"
    ws.cell(9, 5, "Workbook: UN_MigrantStockTotal_2015.xlsx")
    header = [
        "Sort\norder",
        "Major area, region, country or area of destination",
        "Notes",
        "Country code",
        "Type of data (a)",
    ]
    for j, label in enumerate(header, start=1):
        ws.cell(15, j, label)
    ws.cell(15, 6, "International migrant stock at mid-year (both sexes)")
    ws.cell(15, 9, "International migrant stock at mid-year (female)")
    for j, year in enumerate([1990, 2000, 2015] * 2, start=6):
        ws.cell(16, j, year)
    names = [(c, n.strip(), d) for c, n, _, d in AREAS]
    for i, (code, name, dtype) in enumerate(names, start=17):
        ws.cell(i, 1, i - 16)
        ws.cell(i, 2, name.upper() if code >= 900 and code in (903, 908) else name)
        ws.cell(i, 4, code)
        ws.cell(i, 5, dtype)
        for j in range(6):
            ws.cell(i, 6 + j, _value(code, 1.0))
    age = book.create_sheet("Table 2")
    age.cell(9, 5, "Workbook: UN_MigrantStockByAge_2015.xlsx")
    age.cell(14, 7, "International migrant stock by age (males)")
    header = [
        "Year",
        "Sort order",
        "Major area, region, country or area of destination",
        "Notes",
        "Country code",
        "Type of data (a)",
        "Total",
        "0-4",
        "5-64",
        "65+",
    ]
    for j, label in enumerate(header, start=1):
        age.cell(15, j, label)
    for i, (code, name, dtype) in enumerate(names, start=16):
        age.cell(i, 1, 2015)
        age.cell(i, 3, name)
        age.cell(i, 5, code)
        age.cell(i, 6, dtype)
        for j, v in enumerate([10, 1, 7, 2]):
            age.cell(i, 7 + j, v)
    path = tmp_path / "UN_MigrantStockTotal_2015.xlsx"
    book.save(path)
    table = read_un_workbook(path)
    assert table["revision"].eq(2015).all()
    total = table[table["sheet"] == "Table 1"]
    assert set(total["year"]) == {1990, 2000, 2015}
    assert set(total["sex"]) == {"both", "female"}
    burundi = total[total["location_code"] == 108]
    assert burundi["parent_code"].iloc[0] == 910
    ages = table[table["sheet"] == "Table 2"]
    assert set(ages["age"]) == {"total", "0-4", "5-64", "65+"}
    assert ages["sex"].eq("male").all() and ages["year"].eq(2015).all()


def test_unexpected_layout_names_file_sheet_row_and_column(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Table 1"
    for j, label in enumerate(
        [
            "Index",
            "Region, country or area",
            "Notes",
            "Location code",
            "Type of data",
            1990,
        ],
        start=1,
    ):
        ws.cell(11, j, label)
    ws.append([1, "WORLD", None, 900, None, 10])
    ws.append([2, "Kenya", None, 404, "B", "about ten"])
    path = tmp_path / "odd.xlsx"
    book.save(path)
    with pytest.raises(LayoutError) as info:
        read_un_workbook(path)
    assert info.value.file == str(path)
    assert info.value.sheet == "Table 1"
    assert info.value.row == 13
    assert info.value.column == "F"

    empty = Workbook()
    empty.active.title = "Table 1"
    empty.save(tmp_path / "empty.xlsx")
    with pytest.raises(LayoutError, match="no header row"):
        read_un_workbook(tmp_path / "empty.xlsx")


def test_written_workbook_reads_back(tmp_path: Path) -> None:
    """The UN-layout writer produces what the reader understands."""
    from migdev.stats.stock.engine import estimate_stock
    from migdev.stats.stock.synthetic import synthetic_world
    from migdev.stats.stock.writers import write_un_workbook

    world = synthetic_world(
        n_destinations=15, n_origins=4, seed=2, ages=("0-14", "15+")
    )
    result = estimate_stock(
        world.observations, world.population, classification=world.classification
    )
    table = read_un_workbook(write_un_workbook(result, tmp_path / "out.xlsx"))
    migrants = table[(table["measure"] == "migrants") & (table["sex"] == "both")]
    countries = migrants[migrants["is_country"]].set_index(["location_code", "year"])
    expected = result.totals().set_index(["location_code", "year"])["migrants"]
    np.testing.assert_allclose(countries["value"].sort_index(), expected.sort_index())
    world_rows = migrants[migrants["location_code"] == 900].set_index("year")["value"]
    np.testing.assert_allclose(world_rows.to_numpy(), result.total.sum(axis=0))
    assert set(countries["data_type"]) <= {"B", "C", "I"}


@pytest.fixture(scope="module")
def small_estimate():
    from migdev.stats.stock.engine import estimate_stock
    from migdev.stats.stock.synthetic import synthetic_world

    world = synthetic_world(n_destinations=15, n_origins=4, seed=3)
    return estimate_stock(
        world.observations, world.population, classification=world.classification
    )


def test_written_age_workbook_reads_back(small_estimate, tmp_path: Path) -> None:
    """Age layout: destination rows x age groups by sex, per year, read back."""
    from migdev.stats.stock.writers import write_un_age_workbook

    result = small_estimate
    table = read_un_workbook(write_un_age_workbook(result, tmp_path / "age.xlsx"))
    assert set(table["measure"]) == {"migrants", "age_distribution"}
    assert set(table["age"]) == {"total", *result.ages}
    assert set(table["year"]) == set(result.years.tolist())
    migrants = table[(table["measure"] == "migrants") & table["is_country"]]
    cells = migrants[migrants["sex"] != "both"].set_index(
        ["location_code", "year", "sex", "age"]
    )["value"]
    expected = result.by_sex_age().set_index(["location_code", "year", "sex", "age"])
    np.testing.assert_allclose(
        cells.reindex(expected.index).to_numpy(), expected["migrants"].to_numpy()
    )
    both = migrants[(migrants["sex"] == "both") & (migrants["age"] == "total")]
    np.testing.assert_allclose(
        both.set_index(["location_code", "year"])["value"].sort_index(),
        result.totals().set_index(["location_code", "year"])["migrants"].sort_index(),
    )
    world = table.query(
        "measure == 'migrants' and location_code == 900 and age == 'total' "
        "and sex == 'both'"
    )
    np.testing.assert_allclose(world["value"], result.total.sum(axis=0))
    shares = table[table["measure"] == "age_distribution"]
    per_row = shares[shares["age"] != "total"].groupby(
        ["location_code", "year", "sex"]
    )["value"]
    np.testing.assert_allclose(per_row.sum(), 100.0)
    regions = set(table.loc[~table["is_country"], "location_code"])
    assert 900 in regions and len(regions) > 3
    assert set(migrants["data_type"].dropna()) <= {"B", "C", "I", "B R", "C R", "I R"}


def test_written_origin_workbook_reads_back(small_estimate, tmp_path: Path) -> None:
    """Origin matrix: destination rows x origin columns with the residual."""
    from migdev.stats.stock.writers import write_un_origin_workbook

    result = small_estimate
    path = write_un_origin_workbook(result, tmp_path / "origin.xlsx")
    table = read_un_workbook(path)
    assert set(table["sheet"]) == {"Table 1", "Table 2", "Table 3"}
    assert set(table["origin_code"]) == {ORIGIN_TOTAL, *result.origins.tolist()}
    assert "Other" in set(table["origin_name"])
    countries = table[table["is_country"] & (table["sex"] == "both")]
    cells = countries[countries["origin_code"] != ORIGIN_TOTAL].set_index(
        ["location_code", "year", "origin_code"]
    )["value"]
    expected = pd.Series(
        result.by_origin.ravel(),
        index=pd.MultiIndex.from_product(
            [result.locations, result.years, result.origins]
        ),
    )
    np.testing.assert_allclose(
        cells.reindex(expected.index).to_numpy(), expected.to_numpy(), atol=1e-6
    )
    total = countries[countries["origin_code"] == ORIGIN_TOTAL].set_index(
        ["location_code", "year"]
    )["value"]
    np.testing.assert_allclose(
        total.sort_index(),
        result.totals().set_index(["location_code", "year"])["migrants"].sort_index(),
    )
    by_sex = table[table["is_country"] & (table["sex"] != "both")]
    summed = by_sex.groupby(["location_code", "year", "origin_code"])["value"].sum()
    np.testing.assert_allclose(summed.reindex(cells.index), cells, atol=1e-6)
    world = table.query("location_code == 900 and sex == 'both'").set_index(
        ["year", "origin_code"]
    )["value"]
    np.testing.assert_allclose(
        world.xs(ORIGIN_TOTAL, level="origin_code"), result.total.sum(axis=0)
    )


def test_origin_columns_outside_the_rows_need_their_codes() -> None:
    from migdev.stats.stock.readers import read_un_sheet

    rows = [
        (None,) * 6,
        (None, None, None, None, "Migrants by destination and origin", None),
        (
            "Index",
            "Year",
            "Country or area of destination",
            "Location code",
            "Total",
            "Atlantis",
            "Other",
        ),
        (1, 2020, "Kenya", 404, 30.0, 20.0, 10.0),
    ]
    with pytest.raises(LayoutError, match="Atlantis"):
        read_un_sheet(rows)
    table = read_un_sheet(rows, origin_codes={"ATLANTIS": 999})
    assert dict(
        zip(table["origin_name"].fillna(""), table["origin_code"], strict=True)
    ) == {
        "": ORIGIN_TOTAL,
        "Atlantis": 999,
        "Other": 2003,
    }


def test_group_parents_depth_and_index_of_the_2020_file(table_2020) -> None:
    """Development and income groups hang where they belong; the index is read."""
    areas = table_2020.drop_duplicates("location_code").set_index("location_code")
    expected = {
        941: 902,
        934: 902,
        948: 902,
        1636: 900,
        1637: 900,
        1503: 900,
        1517: 900,
        1502: 1517,
        1501: 1517,
        1500: 900,
        903: 900,
        910: 903,
    }
    assert {c: int(areas.loc[c, "parent_code"]) for c in expected} == expected
    assert areas.loc[1502, "depth"] == 2 and areas.loc[1517, "depth"] == 1
    assert areas.loc[108, "depth"] == 3 and areas.loc[900, "depth"] == 0
    assert areas["sort_order"].notna().all()
    assert areas.loc[900, "sort_order"] == "1"


def test_europe_and_northern_america_of_the_2019_file(table_2019) -> None:
    areas = table_2019.drop_duplicates("location_code").set_index("location_code")
    assert int(areas.loc[917, "parent_code"]) == 1829
    assert int(areas.loc[918, "parent_code"]) == 1829
    assert areas.loc[917, "depth"] == areas.loc[1829, "depth"] + 1


def test_fewer_than_five_is_not_no_data(tmp_path: Path) -> None:
    """``~`` (fewer than 5 persons) and ``..`` (no data) stay distinct."""
    book = Workbook()
    ws = book.active
    ws.title = "Table 1"
    _title_rows(ws, 2020)
    ws.append([])
    ws.cell(11, 2, "Region, development group, country or area")
    ws.cell(11, 3, "Notes")
    ws.cell(11, 4, "Location code")
    ws.cell(11, 5, "Type of data")
    ws.cell(11, 6, 2020)
    for i, (code, name, value) in enumerate(
        [(900, "WORLD", 10), (336, "  Holy See", "~"), (158, "  Taiwan", "..")]
    ):
        ws.cell(12 + i, 1, i + 1)
        ws.cell(12 + i, 2, name)
        ws.cell(12 + i, 4, code)
        ws.cell(12 + i, 6, value)
    path = tmp_path / "small.xlsx"
    book.save(path)
    table = read_un_workbook(path).set_index("location_code")
    assert table.loc[336, "flag"] == "~" and table.loc[158, "flag"] == ".."
    assert pd.isna(table.loc[900, "flag"]) and table.loc[900, "value"] == 10.0
    assert np.isnan(table.loc[336, "value"]) and np.isnan(table.loc[158, "value"])
    assert table["sort_order"].tolist() == ["1", "2", "3"]
