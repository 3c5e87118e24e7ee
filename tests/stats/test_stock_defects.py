"""Defects found by an independent check of the engine, each pinned by a test."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from stock_support import observations, population, shared_file

from migdev.stats.stock.engine import NOT_IN_UN_TOTALS, estimate_stock
from migdev.stats.stock.errors import StockInputError, StockWarning
from migdev.stats.stock.inputs import (
    population_from_wpp,
    refugees_from_unhcr,
    validate_refugees,
)
from migdev.stats.stock.interpolate import IMPUTED
from migdev.stats.stock.refugees import refugee_addition

ISO = {"AZE": 31, "MWI": 454, "SYR": 760, "AFG": 4}


def _unhcr(rows: list[tuple[int, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(y, a, o, "refugee", n) for y, a, o, n in rows],
        columns=["year", "asylum_iso3", "origin_iso3", "group", "persons"],
    )


def _added(table: pd.DataFrame, code: int, years: list[int]) -> np.ndarray:
    ref = refugee_addition(
        validate_refugees(table),
        locations=np.array([code]),
        years=np.array(years),
        origins=np.array([4, 760, 2003]),
    )
    return ref.total[0]


def test_zero_corridor_years_are_zeros_not_gaps() -> None:
    """A corridor absent in a covered year adds nothing, not an interpolation."""
    raw = _unhcr(
        [
            (2003, "AZE", "AFG", 100_000),
            (2004, "MWI", "SYR", 10),  # the table covers 2004 and 2005
            (2005, "MWI", "SYR", 10),
            (2006, "AZE", "AFG", 100_000),
        ]
    )
    table = refugees_from_unhcr(raw, iso3_to_m49=ISO)
    added = _added(table, 31, [2003, 2004, 2005, 2006])
    # Mid-year = mean of the end-year figures of the year and the one before.
    np.testing.assert_allclose(added, [100_000.0, 50_000.0, 0.0, 50_000.0])


def test_midyear_averages_with_the_previous_calendar_year() -> None:
    """With 2001 missing from the table, 2002 is not averaged with 2000."""
    raw = _unhcr([(2000, "AZE", "AFG", 1_000), (2002, "AZE", "AFG", 3_000)])
    table = refugees_from_unhcr(raw, iso3_to_m49=ISO).set_index("year")
    assert table.loc[2002, "refugees"] == 3_000.0
    assert 2001 not in table.index


def _refugee_world() -> tuple[pd.DataFrame, pd.DataFrame]:
    refugees = pd.DataFrame(
        {
            "location_code": 4,
            "year": np.arange(2015, 2024),
            "refugees": 5_000.0,
            "counted_in_census": False,
        }
    )
    return observations(), refugees


def test_refugees_after_the_table_are_carried_and_flagged() -> None:
    obs, refugees = _refugee_world()
    with pytest.warns(StockWarning, match=r"carried unchanged.*2024 from 2023"):
        result = estimate_stock(
            obs, population(), refugees=refugees, years=(2020, 2024)
        )
    totals = result.totals().set_index(["location_code", "year"])
    assert totals.loc[(4, 2024), "refugees_added"] == 5_000.0
    assert totals.loc[(4, 2024), "data_type"].endswith("R")
    assert totals.loc[(4, 2024), "refugees_note"] == "carried from 2023"
    assert totals.loc[(4, 2020), "refugees_note"] == "refugee table"
    with pytest.raises(StockInputError, match=r"covers 2015-2023 .* 2024"):
        estimate_stock(
            obs,
            population(),
            refugees=refugees,
            years=(2024,),
            refugees_beyond="error",
        )


def test_population_after_the_table_follows_its_trend_and_is_flagged() -> None:
    years = np.arange(2000, 2021)
    pop = pd.DataFrame(
        [
            (code, y, 100_000.0 * np.exp(0.02 * (y - 2000)))
            for code in (4, 8)
            for y in years
        ],
        columns=["location_code", "year", "population"],
    )
    with pytest.warns(StockWarning, match="population table ends before 2024"):
        result = estimate_stock(observations(), pop, years=(2020, 2024))
    np.testing.assert_allclose(
        result.population[:, 1] / result.population[:, 0], np.exp(0.08), rtol=1e-9
    )
    totals = result.totals().set_index(["location_code", "year"])
    assert totals.loc[(4, 2024), "population_note"] == "extrapolated beyond 2020"
    assert totals.loc[(4, 2020), "population_note"] == ""


def test_wpp_projection_variant_is_used() -> None:
    rows = [("Estimates", 4, 2020, 100.0), ("Estimates", 4, 2019, 99.0)]
    rows += [("Medium variant", 4, y, 100.0 + (y - 2020)) for y in range(2020, 2031)]
    rows += [("High variant", 4, y, 900.0) for y in range(2020, 2031)]
    wpp = pd.DataFrame(
        rows, columns=["variant", "location_code", "year", "pop_thousands"]
    )
    tidy = population_from_wpp(wpp).set_index("year")["population"]
    assert tidy[2020] == 100_000.0 and tidy[2025] == 105_000.0
    assert tidy.index.is_unique


def test_imputation_without_donors_is_refused() -> None:
    classification = pd.DataFrame(
        {
            "location_code": [4, 8, 12],
            "name": ["a", "b", "c"],
            "region": [902] * 3,
            "subregion": [915] * 3,
        }
    )
    with pytest.raises(StockInputError, match="no comparable country"):
        estimate_stock(
            observations().iloc[:0], population(), classification=classification
        )


def test_world_total_leaves_out_what_the_published_tables_leave_out() -> None:
    classification = pd.DataFrame(
        {
            "location_code": [4, 8, 158],
            "name": ["a", "b", "Taiwan"],
            "region": [935] * 3,
            "subregion": [5501] * 3,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = estimate_stock(
            observations(),
            population((4, 8, 158)),
            classification=classification,
            years=(2005,),
        )
    assert list(result.imputed_codes) == [158]
    assert 158 in NOT_IN_UN_TOTALS
    world = result.aggregates().set_index(["location_code", "year"])
    countries = result.totals().set_index("location_code")["migrants"]
    assert world.loc[(900, 2005), "migrants"] == pytest.approx(
        countries[4] + countries[8]
    )
    assert world.loc[(900, 2005), "n_imputed"] == 0
    everything = result.aggregates(exclude=()).set_index(["location_code", "year"])
    assert everything.loc[(900, 2005), "n_imputed"] == 1
    assert everything.loc[(900, 2005), "migrants_imputed"] == pytest.approx(
        countries[158]
    )
    assert (result.status[result.locations == 158] == IMPUTED).all()


@pytest.mark.shared_data
def test_real_refugees_added_equal_the_unhcr_series() -> None:
    """Every added value equals UNHCR's mid-year figure (zeros included)."""
    unhcr = pd.read_csv(
        shared_file(
            "refugees", "unhcr_forcibly_displaced_by_asylum_origin_1990_2024.csv"
        )
    )
    names = pd.read_csv(
        shared_file("country_codes", "iom_gdidata_countrynames.csv"),
        keep_default_na=False,
    )
    names = names[names["m49"].astype(str).str.strip() != ""]
    iso = dict(zip(names["iso3"], names["m49"].astype(int), strict=True))
    table = refugees_from_unhcr(unhcr, iso3_to_m49=iso)
    years = np.arange(1991, 2021)
    locations = np.array(sorted(table["location_code"].unique()))
    ref = refugee_addition(
        validate_refugees(table),
        locations=locations,
        years=years,
        origins=np.array([2003]),
    )
    keep = unhcr[unhcr["group"].isin(["refugee", "asylum"])]
    end = (
        keep.assign(code=keep["asylum_iso3"].map(iso))
        .dropna(subset=["code"])
        .pivot_table(index="code", columns="year", values="persons", aggfunc="sum")
        .reindex(index=locations, columns=np.arange(1990, 2021))
        .fillna(0.0)
    )
    expected = (end.to_numpy()[:, 1:] + end.to_numpy()[:, :-1]) / 2.0
    np.testing.assert_allclose(ref.total, expected, rtol=1e-9, atol=1e-6)
    aze = int(np.flatnonzero(locations == 31)[0])
    assert ref.total[aze, years == 2005][0] == pytest.approx(expected[aze, 14])


def _wpp_by_age(
    codes_old: tuple[int, ...], codes_young: tuple[int, ...]
) -> pd.DataFrame:
    rows = []
    for code in codes_old + codes_young:
        old = code in codes_old
        for year in range(1990, 2031):
            for age, young_pop, old_pop in (("0-39", 70, 30), ("40+", 30, 70)):
                pop = old_pop if old else young_pop
                rows.append((code, year, age, pop / 2, pop / 2, pop))
    return pd.DataFrame(
        rows, columns=["LocID", "Time", "AgeGrp", "PopMale", "PopFemale", "PopTotal"]
    )


def test_no_ages_anywhere_gives_the_model_pattern_not_a_flat_one() -> None:
    """Without any source by age, migrants are not spread evenly over ages."""
    ages = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "75+")
    result = estimate_stock(
        observations().query("sex == 'both'"), population(), years=(2005,), ages=ages
    )
    cells = result.by_sex_age().set_index(["location_code", "sex", "age"]).sort_index()
    male = cells.loc[(4, "male"), "migrants"]
    assert male["30-34"] > 2 * male["0-4"]
    assert set(cells["distribution"]) == {"model"}
    np.testing.assert_allclose(
        cells.groupby("location_code")["migrants"].sum().to_numpy(), result.total[:, 0]
    )


def test_borrowed_age_pattern_follows_the_country_population() -> None:
    """An older population gets an older borrowed migrant pattern."""
    result = estimate_stock(
        observations().query("sex == 'both'"),
        population_from_wpp(_wpp_by_age((4,), (8,))),
        years=(2005,),
        ages=("0-39", "40+"),
    )
    cells = (
        result.by_sex_age()
        .set_index(["location_code", "sex", "age"])["migrants"]
        .sort_index()
    )
    old = cells.loc[(4, "female", "40+")] / cells.loc[(4, "female")].sum()
    young = cells.loc[(8, "female", "40+")] / cells.loc[(8, "female")].sum()
    assert old > young + 0.2


def test_cross_validation_folds_never_use_held_out_years() -> None:
    from migdev.stats.stock.backtest import cross_validation_folds

    within = cross_validation_folds((1990, 2000, 2010, 2020), (1995, 2005, 2015))
    assert within == [((1990, 2010, 2020), (2000,)), ((1990, 2000, 2020), (2010,))]
    beyond = cross_validation_folds((1990, 1995, 2000, 2005, 2010), (2015, 2020))
    assert beyond == [
        ((1990, 1995, 2000, 2005), (2010,)),
        ((1990, 1995, 2000), (2005, 2010)),
    ]
    for base, target in within:
        assert not set(base + target) & {1995, 2005, 2015}
    for base, target in beyond:
        assert not set(base + target) & {2015, 2020}


def test_refugee_trend_keeps_a_surge_out_of_the_other_migrants() -> None:
    """Counted refugees arriving between censuses do not bend the trend."""
    obs = observations().query("location_code == 4 and sex == 'both'")
    obs = obs.assign(migrants=[1000.0, 12000.0])  # 10 000 refugees by 2010
    refugees = pd.DataFrame(
        {
            "location_code": 4,
            "year": np.arange(1990, 2025),
            "refugees": np.where(np.arange(1990, 2025) >= 2008, 10_000.0, 0.0),
            "counted_in_census": True,
        }
    )
    with_trend = estimate_stock(obs, population(), refugees=refugees, years=(2005,))
    without = estimate_stock(
        obs, population(), refugees=refugees, years=(2005,), refugee_trend=False
    )
    assert with_trend.total[0, 0] == pytest.approx(1000 * 2**0.5, rel=1e-3)
    assert without.total[0, 0] == pytest.approx(1000 * 12**0.5, rel=1e-3)
    assert with_trend.refugees_added[0, 0] == 0.0
