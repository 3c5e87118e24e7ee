"""Validation of the tidy inputs of the migrant-stock engine."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from stock_support import observations, population

from migdev.stats.stock.errors import StockInputError
from migdev.stats.stock.inputs import (
    parse_age_group,
    population_from_wpp,
    validate_classification,
    validate_observations,
    validate_population,
    validate_refugees,
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("0-4", (0.0, 5.0)),
        ("37", (37.0, 38.0)),
        ("75+", (75.0, math.inf)),
        ("total", (0.0, math.inf)),
        pytest.param("4-0", None, marks=pytest.mark.xfail(raises=ValueError)),
        pytest.param("old", None, marks=pytest.mark.xfail(raises=ValueError)),
    ],
)
def test_parse_age_group(label: str, expected: tuple[float, float]) -> None:
    assert parse_age_group(label) == expected


def test_valid_observations_get_canonical_columns() -> None:
    """A valid table comes back with dates, ids and age bounds, input untouched."""
    raw = observations()
    before = raw.copy()
    clean = validate_observations(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert str(clean["reference_date"].dtype) == "datetime64[s]"
    assert clean["observation_id"].tolist()[0] == "obs0"
    assert {"age_start", "age_end"} <= set(clean.columns)


def _age_rows(groups: list[str]) -> pd.DataFrame:
    base = observations().iloc[[3]]
    rows = [base.assign(age=g, migrants=1.0) for g in groups]
    return pd.concat([observations(), *rows], ignore_index=True)


@pytest.mark.parametrize(
    ("frame", "row", "column", "fragment"),
    [
        (
            observations().assign(migrants=[1.0, 1.0, -1.0, 1.0, 1.0]),
            2,
            "migrants",
            "negative",
        ),
        (
            observations().assign(reference_date=["1890-01-01"] + ["2000-07-01"] * 4),
            0,
            "reference_date",
            "out of range",
        ),
        (
            observations().assign(reference_date=["soon"] * 5),
            0,
            "reference_date",
            "not a date",
        ),
        (
            observations().assign(sex=["both", "men", "female", "both", "both"]),
            1,
            "sex",
            "not one of",
        ),
        (_age_rows(["0-14", "10-64", "65+"]), 6, "age", "overlap"),
        (_age_rows(["0-14", "20-64", "65+"]), 6, "age", "gap"),
        (_age_rows(["5-14", "15-64", "65+"]), 5, "age", "start at age 0"),
        (_age_rows(["0-14", "15-64"]), 6, "age", "open-ended"),
        (
            observations().assign(migrants=[1000.0, 700.0, 400.0, 2000.0, 500.0]),
            0,
            "migrants",
            "by-sex rows sum to 1,100",
        ),
    ],
)
def test_bad_observations_name_row_and_column(
    frame: pd.DataFrame, row: int, column: str, fragment: str
) -> None:
    with pytest.raises(StockInputError) as info:
        validate_observations(frame)
    assert info.value.row == row
    assert info.value.column == column
    assert fragment in str(info.value)


def test_unknown_country_code() -> None:
    with pytest.raises(StockInputError, match="unknown country code 8") as info:
        validate_observations(observations(), known_codes=[4])
    assert info.value.row == 4


def test_row_base_gives_csv_line_numbers() -> None:
    frame = observations().assign(migrants=[1.0, 1.0, -1.0, 1.0, 1.0])
    with pytest.raises(StockInputError, match="row 4"):
        validate_observations(frame, row_base=2)


def test_missing_column_is_named() -> None:
    with pytest.raises(StockInputError, match="lacks column") as info:
        validate_observations(observations().drop(columns="definition"))
    assert info.value.column == "definition"


def test_origin_breakdown_may_fall_short_of_total() -> None:
    """Known origins short of the total are fine; the rest is unknown."""
    frame = pd.concat(
        [
            observations(),
            observations().iloc[[3]].assign(origin_code=8, migrants=900.0),
        ],
        ignore_index=True,
    )
    validate_observations(frame)
    too_many = frame.assign(migrants=frame["migrants"].where(frame.index != 5, 2500.0))
    with pytest.raises(StockInputError, match="by-origin_code"):
        validate_observations(too_many)


def test_population_and_wpp_layouts() -> None:
    clean = validate_population(population())
    assert set(clean["sex"]) == {"both"}
    wpp = pd.DataFrame(
        {"LocID": [4], "Time": [2000], "PopTotal": [1.5], "PopMale": [1.0]}
    )
    tidy = population_from_wpp(wpp)
    assert tidy.loc[tidy["sex"] == "both", "population"].item() == 1500.0
    with pytest.raises(StockInputError, match="negative"):
        validate_population(population().assign(population=-1.0))


def test_refugee_flag_is_per_country() -> None:
    frame = pd.DataFrame(
        {
            "location_code": [4, 4],
            "year": [2000, 2001],
            "refugees": [10, 20],
            "counted_in_census": [True, False],
        }
    )
    with pytest.raises(StockInputError, match="per-country flag"):
        validate_refugees(frame)


def test_classification_rejects_country_range_group_codes() -> None:
    with pytest.raises(StockInputError, match="below 900"):
        validate_classification(pd.DataFrame({"location_code": [4], "region": [12]}))
