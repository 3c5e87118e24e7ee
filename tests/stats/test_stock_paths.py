"""Curved paths between observations: monotone cubic and natural spline of
the logarithm (the local-linear-trend smoother observed without noise)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stock_support import population

from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.interpolate import (
    bracket_targets,
    curved_log_path,
    interpolate_exponential,
)

T = np.array([[2000.0, 2001.0, 2002.0]])


def test_spline_matches_the_natural_cubic_spline_by_hand() -> None:
    # ln y = 0, 1, 0 at 2000, 2001, 2002: natural spline with M1 = -3, so
    # S(2000.5) = 0.5 + (0.125 - 0.5) / 6 * (-3) = 0.6875.
    y = np.exp(np.array([[0.0, 1.0, 0.0]]))
    out = curved_log_path(T, y, np.array([2000.5, 2001.5]), path="spline")
    np.testing.assert_allclose(np.log(out), [[0.6875, 0.6875]], rtol=1e-12)


def test_pchip_flattens_at_a_turning_point() -> None:
    # Slopes +1 and -1 meet at 2001: the monotone cubic has slope 0 there
    # and so does not overshoot the peak.
    y = np.exp(np.array([[0.0, 1.0, 0.0]]))
    targets = np.linspace(2000.01, 2001.99, 50)
    out = np.log(curved_log_path(T, y, targets, path="pchip"))
    assert np.nanmax(out) <= 1.0 + 1e-12
    close = np.array([2000.999, 2001.001])
    b = bracket_targets(T, close, atol=1e-9)
    near = curved_log_path(T, y, close, path="pchip", bracket=b)
    np.testing.assert_allclose(np.log(near), 1.0, atol=1e-5)


@pytest.mark.parametrize("path", ["pchip", "spline"])
def test_two_observations_give_the_exponential_path(path: str) -> None:
    t = np.array([[1990.0, 2010.0, np.nan]])
    y = np.array([[1000.0, 4000.0, np.nan]])
    targets = np.array([1995.0, 2000.0, 2005.0])
    curved = curved_log_path(t, y, targets, path=path)  # type: ignore[arg-type]
    np.testing.assert_allclose(curved, [[1000 * 4**0.25, 2000.0, 1000 * 4**0.75]])


@pytest.mark.parametrize("path", ["pchip", "spline"])
def test_exponential_data_stay_exponential(path: str) -> None:
    t = np.array([[1990.0, 1997.0, 2011.0, 2020.0]])
    y = 500.0 * np.exp(0.03 * (t - 1990.0))
    targets = np.arange(1991.0, 2020.0, 1.0)
    out, _ = interpolate_exponential(t, y, targets, path=path)  # type: ignore[arg-type]
    np.testing.assert_allclose(out[0], 500.0 * np.exp(0.03 * (targets - 1990)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.5, 8.0), min_size=2, max_size=5),
    st.lists(st.floats(0.0, 0.5), min_size=6, max_size=6),
)
def test_pchip_keeps_monotone_data_monotone(
    gaps: list[float], steps: list[float]
) -> None:
    t = 1990.0 + np.concatenate([[0.0], np.cumsum(gaps)])
    logy = np.cumsum(steps[: len(t)])
    targets = np.linspace(t[0] + 0.01, t[-1] - 0.01, 80)
    b = bracket_targets(t[None, :], targets, atol=1e-9)
    out = np.log(
        curved_log_path(
            t[None, :], np.exp(logy)[None, :], targets, path="pchip", bracket=b
        )
    )[0]
    inside = np.isfinite(out)
    assert np.all(np.diff(out[inside]) >= -1e-9)
    assert out[inside].min() >= logy[0] - 1e-9 and out[inside].max() <= logy[-1] + 1e-9


@pytest.mark.parametrize("path", ["pchip", "spline"])
def test_curved_paths_pass_through_the_observations(path: str) -> None:
    t = np.array([[1990.0, 2000.0, 2010.0, 2020.0]])
    y = np.array([[100.0, 300.0, 200.0, 900.0]])
    eps = 1e-6
    targets = np.array([2000.0 - eps, 2000.0 + eps, 2010.0 - eps, 2010.0 + eps])
    b = bracket_targets(t, targets, atol=1e-9)
    out = curved_log_path(t, y, targets, path=path, bracket=b)  # type: ignore[arg-type]
    np.testing.assert_allclose(out[0], [300.0, 300.0, 200.0, 200.0], rtol=1e-4)


def test_a_zero_observation_keeps_the_piecewise_path() -> None:
    t = np.array([[1990.0, 2000.0, 2010.0]])
    y = np.array([[0.0, 300.0, 200.0]])
    targets = np.array([1995.0, 2005.0])
    plain, _ = interpolate_exponential(t, y, targets)
    curved, _ = interpolate_exponential(t, y, targets, path="spline")
    np.testing.assert_allclose(curved, plain)


def test_engine_uses_the_path_and_says_so() -> None:
    rows = [
        (4, f"{year}-07-01", value)
        for year, value in ((1990, 1000.0), (2000, 3000.0), (2010, 2000.0))
    ]
    obs = pd.DataFrame(rows, columns=["location_code", "reference_date", "migrants"])
    obs = obs.assign(
        source_type="census", definition="foreign-born", sex="both", age="total"
    )
    plain = estimate_stock(obs, population(), years=(1995, 2005), method="count")
    spline = estimate_stock(
        obs, population(), years=(1995, 2005), method="count", path="spline"
    )
    t = np.array([[1990.5, 2000.5, 2010.5]])
    expected = curved_log_path(
        t,
        np.array([[1000.0, 3000.0, 2000.0]]),
        np.array([1995.5, 2005.5]),
        path="spline",
    )
    np.testing.assert_allclose(spline.total[0], expected[0], rtol=1e-3)
    assert not np.allclose(plain.total[0], spline.total[0], rtol=1e-3)
    assert set(spline.totals()["estimation"]) == {
        "cubic spline (log) interpolation of the migrant count"
    }


@given(
    st.floats(-0.04, 0.04),
    st.floats(0.5, 0.99),
    st.lists(st.floats(0.5, 30.0), min_size=1, max_size=4),
)
@settings(max_examples=40, deadline=None)
def test_damped_trend_follows_gardner_mckenzie(
    rate: float, phi: float, horizons: list[float]
) -> None:
    """``h`` years beyond the last observation the log changes by
    ``r (phi**h - 1) / ln phi`` (the sum of the rates decaying by ``phi`` a
    year), before it the same backwards; the trend levels off at
    ``r / -ln phi``; between the observations nothing changes."""
    t = np.array([[2000.0, 2010.0]])
    y = np.array([[1.0, np.exp(10 * rate)]])
    h = np.asarray(horizons)
    targets = np.concatenate([2010.0 + h, 2000.0 - h, [2005.0]])
    out, _ = interpolate_exponential(t, y, targets, trend_damping=phi, max_rate=1.0)
    plain, _ = interpolate_exponential(t, y, targets, max_rate=1.0)
    years = rate * (phi**h - 1.0) / np.log(phi)
    np.testing.assert_allclose(np.log(out[0, : len(h)] / y[0, 1]), years, atol=1e-12)
    np.testing.assert_allclose(
        np.log(out[0, len(h) : -1] / y[0, 0]), -years, atol=1e-12
    )
    assert out[0, -1] == pytest.approx(plain[0, -1], rel=1e-12)
    assert np.all(
        np.abs(np.log(out[0, : len(h)] / y[0, 1])) <= abs(rate) / -np.log(phi) + 1e-12
    )
    undamped, _ = interpolate_exponential(
        t, y, targets, trend_damping=1.0, max_rate=1.0
    )
    np.testing.assert_array_equal(undamped, plain)


def test_engine_damps_the_trend_and_says_so() -> None:
    obs = pd.DataFrame(
        {
            "location_code": 4,
            "source_type": "census",
            "reference_date": ["2000-07-01", "2010-07-01"],
            "definition": "foreign-born",
            "sex": "both",
            "age": "total",
            "migrants": [10_000.0, 15_000.0],
        }
    )
    pop = population()
    plain = estimate_stock(obs, pop, years=[2020], damping=1.0)
    damped = estimate_stock(obs, pop, years=[2020], damping=1.0, trend_damping=0.8)
    assert damped.total[0, 0] < plain.total[0, 0]
    assert "trend damped by 0.8 a year" in damped.totals()["estimation"].iloc[0]
    assert "damped" not in plain.totals()["estimation"].iloc[0]
