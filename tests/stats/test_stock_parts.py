"""Interpolating below the total (each sex, each origin) and summing, and the
out-of-fold scoring of the ways of choosing the settings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from migdev.stats.stock.backtest import (
    CANDIDATES,
    _ensemble_errors,
    cv_loss,
    nested_selection,
)
from migdev.stats.stock.engine import check_ensemble_member, estimate_stock
from migdev.stats.stock.interpolate import interpolate_exponential, mid_year
from tests.stats.stock_support import growing_population

OBS_YEARS = (2000, 2010, 2020)
TARGETS = (2005, 2015, 2024)


def _obs(rows: list[tuple[int, int, str, int, float]]) -> pd.DataFrame:
    """Observations from ``(location, year, sex, origin, migrants)``."""
    return pd.DataFrame(
        {
            "location_code": [r[0] for r in rows],
            "source_type": "census",
            "reference_date": [f"{r[1]}-07-01" for r in rows],
            "definition": "foreign-born",
            "sex": [r[2] for r in rows],
            "age": "total",
            "origin_code": [r[3] for r in rows],
            "migrants": [r[4] for r in rows],
        }
    )


def _path(values: list[float], **settings: object) -> np.ndarray:
    """The engine's path of one series alone (count)."""
    t = mid_year(np.asarray(OBS_YEARS))[None, :]
    out, _ = interpolate_exponential(
        t,
        np.asarray([values], dtype=np.float64),
        mid_year(np.asarray(TARGETS)),
        **settings,  # type: ignore[arg-type]
    )
    return np.asarray(out[0])


# Two corridors moving apart: the sum of their exponential paths is not the
# exponential path of their sum.
GROWING = [100.0, 200.0, 400.0]
SHRINKING = [300.0, 150.0, 100.0]


def _by_origin(extra_unknown: float = 0.0) -> pd.DataFrame:
    rows = []
    for k, year in enumerate(OBS_YEARS):
        a, b = GROWING[k], SHRINKING[k]
        rows += [
            (4, year, "both", 0, a + b + extra_unknown),
            (4, year, "both", 100, a),
            (4, year, "both", 200, b),
        ]
    return _obs(rows)


@pytest.mark.parametrize("damping", [1.0, 0.5])
def test_origin_parts_sum_each_corridor_path(damping: float) -> None:
    common = {"method": "count", "damping": damping, "refugee_trend": False}
    result = estimate_stock(
        _by_origin(), growing_population((4,)), years=TARGETS, **common
    )
    summed = estimate_stock(
        _by_origin(), growing_population((4,)), years=TARGETS, parts="origin", **common
    )
    settings = {"damping": damping}
    expected = _path(GROWING, **settings) + _path(SHRINKING, **settings)
    np.testing.assert_allclose(summed.total[0], expected, rtol=1e-9)
    total = [a + b for a, b in zip(GROWING, SHRINKING, strict=True)]
    np.testing.assert_allclose(result.total[0], _path(total, **settings), rtol=1e-9)
    assert not np.allclose(summed.total[0], result.total[0], rtol=1e-3)
    assert summed.provenance["estimation"].str.endswith("summed over the origins").all()
    # The distributions are those of the steps below, on the new totals.
    assert np.allclose(summed.by_origin.sum(axis=2), summed.total)


def test_unknown_origins_are_a_part() -> None:
    """What the known origins leave of the total moves as its own part."""
    summed = estimate_stock(
        _by_origin(extra_unknown=50.0),
        growing_population((4,)),
        years=TARGETS,
        method="count",
        parts="origin",
        damping=1.0,
    )
    expected = _path(GROWING) + _path(SHRINKING) + _path([50.0, 50.0, 50.0])
    np.testing.assert_allclose(summed.total[0], expected, rtol=1e-9)


def test_sex_parts_sum_each_sex_path() -> None:
    rows = []
    for k, year in enumerate(OBS_YEARS):
        rows += [
            (4, year, "both", 0, GROWING[k] + SHRINKING[k]),
            (4, year, "male", 0, GROWING[k]),
            (4, year, "female", 0, SHRINKING[k]),
        ]
    summed = estimate_stock(
        _obs(rows),
        growing_population((4,)),
        years=TARGETS,
        method="count",
        parts="sex",
        damping=1.0,
    )
    np.testing.assert_allclose(
        summed.total[0], _path(GROWING) + _path(SHRINKING), rtol=1e-9
    )
    assert summed.provenance["estimation"].str.endswith("summed over the sexes").all()


def test_share_parts_scale_with_thegrowing_population() -> None:
    """With the share, each part's share of the population is interpolated."""
    pop = growing_population((4,))
    summed = estimate_stock(
        _by_origin(), pop, years=TARGETS, method="share", parts="origin", damping=1.0
    )
    p = pop.set_index("year")["population"]
    p_obs = np.asarray([p[y] for y in OBS_YEARS])
    p_tgt = np.asarray([p[y] for y in TARGETS])
    expected = (
        _path(list(np.asarray(GROWING) / p_obs))
        + _path(list(np.asarray(SHRINKING) / p_obs))
    ) * p_tgt
    np.testing.assert_allclose(summed.total[0], expected, rtol=1e-6)


def test_a_date_without_the_breakdown_keeps_the_total_path() -> None:
    """A location lacking the breakdown at one of its dates is interpolated
    as a total; another with it everywhere is summed."""
    full = _by_origin()
    other = full.assign(location_code=8)
    # Location 8 loses its origins in 2010.
    other = other[
        ~((other["origin_code"] != 0) & (other["reference_date"] == "2010-07-01"))
    ]
    obs = pd.concat([full, other], ignore_index=True)
    alone = estimate_stock(
        obs, growing_population((4, 8)), years=TARGETS, method="count"
    )
    summed = estimate_stock(
        obs, growing_population((4, 8)), years=TARGETS, method="count", parts="origin"
    )
    assert list(summed.locations) == [4, 8]
    np.testing.assert_allclose(summed.total[1], alone.total[1], rtol=1e-12)
    assert not np.allclose(summed.total[0], alone.total[0], rtol=1e-3)


def test_observed_cells_keep_their_value() -> None:
    summed = estimate_stock(
        _by_origin(),
        growing_population((4,)),
        years=OBS_YEARS,
        method="count",
        parts="origin",
    )
    np.testing.assert_allclose(
        summed.total[0], [a + b for a, b in zip(GROWING, SHRINKING, strict=True)]
    )


def test_bad_parts_are_refused() -> None:
    with pytest.raises(ValueError, match="parts must be one of"):
        estimate_stock(_by_origin(), growing_population((4,)), parts="age")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="parts must be one of"):
        check_ensemble_member({"parts": "corridor"})
    check_ensemble_member({"parts": "origin"})


def test_candidates_cross_the_parts() -> None:
    parts = {c["parts"] for c in CANDIDATES}
    assert parts == {"total", "sex", "origin"}
    # The parts are interpolated along straight lines of the log; only the
    # origins' rates are shrunk (towards their origin's emigrants elsewhere).
    for c in CANDIDATES:
        if c["parts"] != "total":
            assert c["path"] == "piecewise"
            assert c["shrinkage"] == 0.0 or c["parts"] == "origin"
    assert any(c["parts"] == "origin" and c["shrinkage"] > 0 for c in CANDIDATES)


def _fold_errors(log_ratios: dict[int, list[float]]) -> pd.DataFrame:
    """Errors of one candidate: fold -> log ratios of its cells."""
    rows = [
        {"fold": fold, "location_code": i, "year": 2000 + 10 * fold, "log_ratio": x}
        for fold, values in log_ratios.items()
        for i, x in enumerate(values)
    ]
    frame = pd.DataFrame(rows)
    frame["published"] = 100.0
    frame["estimated"] = 100.0 * np.exp(frame["log_ratio"])
    frame["ape"] = 100.0 * np.abs(np.expm1(frame["log_ratio"]))
    return frame


def test_ways_of_choosing_are_scored_out_of_fold() -> None:
    """Candidate 0 is excellent on fold 0 and poor on fold 1, candidate 1
    the reverse, candidate 2 middling on both: the best candidate chosen on
    one fold is scored on the other, where it is poor."""
    n = 20
    good, poor, middle = [0.01] * n, [0.5] * n, [0.1] * n
    pooled = {
        0: _fold_errors({0: good, 1: poor}),
        1: _fold_errors({0: poor, 1: good}),
        2: _fold_errors({0: middle, 1: middle}),
    }
    table = nested_selection(pooled, (2,)).set_index("procedure")
    # Chosen on fold 1, candidate 1 is scored on fold 0 (poor), and the
    # reverse: the best single candidate is poor out of fold.
    expected = cv_loss(
        pd.concat(
            [pooled[1][pooled[1]["fold"] == 0], pooled[0][pooled[0]["fold"] == 1]]
        )
    )
    assert table.loc["best candidate", "loss"] == pytest.approx(expected)
    # In fold, candidates 0 and 1 tie and look better than they are.
    assert cv_loss(pooled[0]) < table.loc["best candidate", "loss"]
    top2 = [
        _ensemble_errors(
            [pooled[1][pooled[1]["fold"] == 0], pooled[2][pooled[2]["fold"] == 0]]
        ),
        _ensemble_errors(
            [pooled[0][pooled[0]["fold"] == 1], pooled[2][pooled[2]["fold"] == 1]]
        ),
    ]
    assert table.loc["top 2", "loss"] == pytest.approx(cv_loss(pd.concat(top2)))
    assert set(table.index) == {"best candidate", "forward selection", "top 2"}


def test_counted_refugees_leave_the_corridor_of_their_origin() -> None:
    """Under the refugee trend, the refugees the sources count are taken out
    of their own corridor (not of every corridor in proportion), the
    corridors are interpolated, and the refugees of the target date added."""
    years = np.arange(1995, 2031)
    refugees = pd.DataFrame(
        {
            "location_code": 4,
            "origin_code": 100,
            "year": years,
            "refugees": 60.0,
            "counted_in_census": True,
        }
    )
    summed = estimate_stock(
        _by_origin(),
        growing_population((4,)),
        refugees=refugees,
        years=TARGETS,
        method="count",
        parts="origin",
        damping=1.0,
        refugee_trend=True,
    )
    mine = [g - 60.0 for g in GROWING]
    expected = _path(mine) + _path(SHRINKING) + 60.0
    np.testing.assert_allclose(summed.total[0], expected, rtol=1e-9)
