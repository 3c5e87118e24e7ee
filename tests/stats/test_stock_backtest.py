"""The back-test machinery: choice of settings and interval calibration
inside the kept years, never on the held-out years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from migdev.stats.stock.backtest import (
    backtest,
    choose_by_cross_validation,
    horizon_exponent,
    horizon_folds,
    interpolation_scale,
)

YEARS = tuple(range(1990, 2021, 5))
KEEP = (1990, 2000, 2010, 2020)
HELD = (1995, 2005, 2015)
CODES = tuple(range(1, 41))


def _world(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A published table (``read_un_workbook`` layout) of 40 countries whose
    stocks follow random log-paths with changing trends, with populations
    and a classification in two regions."""
    rng = np.random.default_rng(seed)
    rows = []
    pop_rows = []
    for code in CODES:
        level = np.log(rng.uniform(1e4, 1e6))
        rate = rng.normal(0.02, 0.02)
        for year in YEARS:
            rows.append((code, year, float(np.exp(level))))
            rate += rng.normal(0.0, 0.01)
            level += 5 * rate
        pop_rows += [(code, y, 1e7 * 1.01 ** (y - 1950)) for y in range(1950, 2031)]
    table = pd.DataFrame(rows, columns=["location_code", "year", "value"]).assign(
        measure="migrants", is_country=True, sex="both", data_type="B"
    )
    population = pd.DataFrame(pop_rows, columns=["location_code", "year", "population"])
    classification = pd.DataFrame(
        {
            "location_code": CODES,
            "region": [903 if c <= 20 else 935 for c in CODES],
            "subregion": [910 if c <= 20 else 5500 for c in CODES],
        }
    )
    return table, population, classification


CANDIDATES = (
    {"method": "share", "linear_weight": 0.0},
    {"method": "count", "linear_weight": 0.0},
    {"method": "count", "linear_weight": 1.0},
)


def test_choice_never_reads_the_held_out_years() -> None:
    """Scrambling (or deleting) the held-out years' values changes neither
    the chosen settings nor any cross-validation score or error."""
    table, population, classification = _world()
    held = table["year"].isin(HELD)
    scrambled = table.assign(
        value=np.where(held, table["value"] * 37.0 + 1e6, table["value"])
    )
    deleted = table[~held]
    runs = [
        choose_by_cross_validation(
            t,
            population,
            keep_years=KEEP,
            held_out=HELD,
            classification=classification,
            candidates=CANDIDATES,
        )
        for t in (table, scrambled, deleted)
    ]
    (best, scores, errors), *others = runs
    # Each cross-validation error says which fold it comes from (the
    # leave-one-fold-out check of the intervals reads it).
    assert set(errors["fold"]) == {0, 1}
    assert set(errors.loc[errors["fold"] == 0, "year"]) == {2000}
    for other_best, other_scores, other_errors in others:
        assert other_best == best
        pd.testing.assert_frame_equal(other_scores, scores)
        # The ways of choosing scored out of fold, and the one chosen.
        assert other_scores.attrs == scores.attrs
        pd.testing.assert_frame_equal(other_errors, errors)
        assert set(other_errors["year"]) <= set(KEEP)
    # ... while the back-test on the held-out years does read them.
    true = backtest(table, population, keep_years=KEEP, held_out=HELD)
    fake = backtest(scrambled, population, keep_years=KEEP, held_out=HELD)
    assert not np.allclose(true["ape"], fake["ape"])


def test_horizon_folds_stay_inside_the_kept_years() -> None:
    folds = horizon_folds(KEEP)
    assert folds == [((1990, 2000), (2010, 2020)), ((2010, 2020), (1990, 2000))]
    for base, target in folds:
        assert set(base) | set(target) <= set(KEEP)
    assert horizon_folds((1990, 2000, 2010)) == []


@pytest.mark.parametrize("exponent", [0.5, 1.0, 1.5])
def test_horizon_exponent_recovers_the_growth_of_the_error(exponent: float) -> None:
    rng = np.random.default_rng(1)
    distance = np.repeat([5.0, 10.0, 20.0], 4000)
    errors = pd.DataFrame(
        {
            "distance": distance,
            "log_ratio": rng.normal(0.0, 0.1 * distance**exponent),
        }
    )
    assert horizon_exponent(errors) == pytest.approx(exponent, abs=0.05)


def test_horizon_exponent_needs_two_distances() -> None:
    errors = pd.DataFrame(
        {"distance": [10.0] * 20, "log_ratio": np.linspace(-1, 1, 20)}
    )
    with pytest.raises(ValueError, match="two distances"):
        horizon_exponent(errors)


def test_interpolation_scale_carries_fold_gaps_to_held_out_gaps() -> None:
    # Folds interpolate over 20 years, the held-out years lie in 10-year gaps.
    assert interpolation_scale(KEEP, HELD, exponent=1.0) == pytest.approx(0.5)
    assert interpolation_scale(KEEP, HELD, exponent=0.5) == pytest.approx(0.5**0.5)
    # Extrapolation: the folds extrapolate over the same horizons; no scaling.
    assert interpolation_scale(
        (1990, 1995, 2000, 2005, 2010), (2015, 2020), exponent=1.0
    ) == pytest.approx(1.0)


def test_horizon_errors_grow_with_the_distance_on_a_trending_world() -> None:
    table, population, classification = _world(seed=2)
    errors = pd.concat(
        [
            backtest(
                table,
                population,
                keep_years=base,
                held_out=target,
                classification=classification,
                method="count",
            )
            for base, target in horizon_folds(KEEP)
        ],
        ignore_index=True,
    )
    assert set(errors["distance"]) == {10.0, 20.0}
    assert horizon_exponent(errors) > 0.5


def test_interpolated_intervals_widen_with_the_gap() -> None:
    from migdev.stats.stock.intervals import DEFAULT_ERRORS, gap_factor

    # The middle of a 10-year gap is the reference; 20 years at the middle
    # is 2**a wider; next to an observation narrower.
    factor = gap_factor(
        np.array([10.0, 20.0, 10.0, np.nan]),
        np.array([5.0, 10.0, 1.0, 3.0]),
        reference_gap=10.0,
        exponent=0.87,
    )
    np.testing.assert_allclose(factor, [1.0, 2**0.87, 1.8**0.87 / 5**0.87, 1.0])
    labels = np.array(
        ["interpolated", "interpolated", "extrapolated 1-5"], dtype=object
    )
    q = DEFAULT_ERRORS.bounds(
        labels, gap=np.array([10.0, 20.0, np.nan]), distance=np.array([5.0, 10.0, 3.0])
    )
    plain = DEFAULT_ERRORS.bounds(labels)
    np.testing.assert_allclose(q[0], plain[0])
    np.testing.assert_allclose(q[1], plain[1] * 2**0.87)
    np.testing.assert_allclose(q[2], plain[2])


def test_engine_records_the_gap_of_interpolated_cells() -> None:
    from stock_support import observations, population

    from migdev.stats.stock.engine import estimate_stock
    from migdev.stats.stock.intervals import cell_intervals

    result = estimate_stock(observations(), population(), years=(2001, 2005, 2012))
    assert result.gap is not None
    np.testing.assert_allclose(result.gap[0], [10.0, 10.0, np.nan], atol=0.01)
    cells = cell_intervals(result).set_index(["location_code", "year"])
    width = np.log(cells["migrants_upper_80"] / cells["migrants_lower_80"])
    # 2001 lies a year from the 2000 census: narrower than 2005, mid-gap.
    assert width.loc[(4, 2001)] < 0.6 * width.loc[(4, 2005)]


def test_intervals_beyond_ten_years_are_measured_not_assumed() -> None:
    """'extrapolated 11+' comes from back-tested 20-year extrapolations
    (``benchmarks/stock_backtest.py``), not from a factor on 6-10 years;
    it is wider than 6-10 years and its cells' intervals are too."""
    from stock_support import observations, population

    from migdev.stats.stock.engine import estimate_stock
    from migdev.stats.stock.intervals import DEFAULT_ERRORS, cell_intervals

    table = DEFAULT_ERRORS.table
    far, mid = table.loc["extrapolated 11+"], table.loc["extrapolated 6-10"]
    assert far["n"] > 0
    assert far["q90"] - far["q10"] > mid["q90"] - mid["q10"]
    assert far["q975"] - far["q025"] > mid["q975"] - mid["q025"]
    assert "times 1.5" not in DEFAULT_ERRORS.source
    result = estimate_stock(observations(), population(), years=(2018, 2024))
    cells = cell_intervals(result).set_index(["location_code", "year"])
    width = np.log(cells["migrants_upper_80"] / cells["migrants_lower_80"])
    assert cells.loc[(4, 2018), "situation"] == "extrapolated 6-10"
    assert cells.loc[(4, 2024), "situation"] == "extrapolated 11+"
    assert width.loc[(4, 2024)] == pytest.approx(far["q90"] - far["q10"])
    assert width.loc[(4, 2024)] > width.loc[(4, 2018)]


def _origins(table: pd.DataFrame) -> pd.DataFrame:
    """Each country's stock split between two origins whose mix drifts."""
    frame = table[["location_code", "year", "value"]]
    first = (
        0.2 + 0.6 * (frame["location_code"] % 7) / 7 + 0.004 * (frame["year"] - 1990)
    )
    return pd.concat(
        [
            frame.assign(origin_code=39, migrants=frame["value"] * first),
            frame.assign(origin_code=40, migrants=frame["value"] * (1 - first)),
        ]
    )[["location_code", "origin_code", "year", "migrants"]]


def test_parts_by_origin_never_read_the_held_out_years() -> None:
    """The stock by origin of the held-out years (scrambled, or deleted)
    changes neither the choice nor the cross-validation, and the parts by
    origin do change the estimates."""
    table, population, classification = _world()
    origins = _origins(table)
    held = origins["year"].isin(HELD)
    scrambled = origins.assign(
        migrants=np.where(held, origins["migrants"] * 11.0, origins["migrants"])
    )
    candidates = [
        {"method": "share", "parts": "origin"},
        {"method": "share", "parts": "total"},
        {"method": "count", "parts": "origin", "linear_weight": 0.5},
    ]
    runs = [
        choose_by_cross_validation(
            table,
            population,
            keep_years=KEEP,
            held_out=HELD,
            classification=classification,
            candidates=candidates,
            origins=o,
        )
        for o in (origins, scrambled, origins[~held])
    ]
    (best, scores, errors), *others = runs
    for other_best, other_scores, other_errors in others:
        assert other_best == best
        pd.testing.assert_frame_equal(other_scores, scores)
        pd.testing.assert_frame_equal(other_errors, errors)
    by_origin, total = (
        backtest(
            table,
            population,
            keep_years=KEEP,
            held_out=HELD,
            origins=origins,
            parts=parts,
        )
        for parts in ("origin", "total")
    )
    assert not np.allclose(by_origin["estimated"], total["estimated"])
