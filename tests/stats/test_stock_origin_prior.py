"""Corridor rates shrunk towards the growth of the same origin's emigrants
in the other destinations (``parts="origin"`` with ``shrinkage``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.inputs import ORIGIN_UNKNOWN
from migdev.stats.stock.interpolate import mid_year
from migdev.stats.stock.parts import origin_rates
from tests.stats.stock_support import growing_population

OBS_YEARS = (2000, 2010, 2020)


def _obs(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    """Observations from ``(location, year, origin, migrants)``, origin 0 the
    total."""
    return pd.DataFrame(
        {
            "location_code": [r[0] for r in rows],
            "source_type": "census",
            "reference_date": [f"{r[1]}-07-01" for r in rows],
            "definition": "foreign-born",
            "sex": "both",
            "age": "total",
            "origin_code": [r[2] for r in rows],
            "migrants": [r[3] for r in rows],
        }
    )


# Origin 100: growing in destination 4, flat in destination 8 (the others).
# Origin 200: only in destination 4, shrinking: no emigrants elsewhere.
TO_4 = {100: [100.0, 200.0, 400.0], 200: [300.0, 150.0, 100.0]}
TO_8 = {100: [1000.0, 1000.0, 1000.0], 300: [50.0, 60.0, 70.0]}


def _world() -> pd.DataFrame:
    rows = []
    for k, year in enumerate(OBS_YEARS):
        for dest, corridors in ((4, TO_4), (8, TO_8)):
            rows.append((dest, year, 0, sum(v[k] for v in corridors.values())))
            rows += [(dest, year, o, v[k]) for o, v in corridors.items()]
    return _obs(rows)


def test_origin_rates_read_the_other_destinations() -> None:
    t = np.tile(mid_year(np.asarray(OBS_YEARS)), (4, 1))
    counts = np.array([TO_4[100], TO_4[200], TO_8[100], [5.0, 10.0, 20.0]])
    origin = np.array([100, 200, 100, ORIGIN_UNKNOWN])
    rates = origin_rates(t, counts, origin, max_rate=0.05)
    # Destination 4's corridor from 100 reads destination 8's (flat), and
    # the reverse (ln 2 over 10 years).
    assert rates[0] == pytest.approx(0.0)
    assert rates[2] == pytest.approx(np.log(2.0) / 10)
    # No emigrants of 200 elsewhere; the unknown origin is not an origin.
    assert np.isnan(rates[1])
    assert np.isnan(rates[3])


@pytest.mark.parametrize("method", ["count", "share"])
def test_corridor_extrapolated_at_its_origins_rate(method: str) -> None:
    common = {
        "years": (2005, 2024),
        "method": method,
        "parts": "origin",
        "refugee_trend": False,
        "damping": 1.0,
    }
    population = growing_population((4, 8))
    pulled = estimate_stock(_world(), population, shrinkage=1.0, **common)
    own = estimate_stock(_world(), population, shrinkage=0.0, **common)
    row = list(pulled.locations).index(4)
    # Corridor 100 holds at 400 (its origin is flat elsewhere); corridor
    # 200 keeps its own rate (no emigrants elsewhere).
    rate_200 = np.log(100.0 / 150.0) / 10
    expected = 400.0 + 100.0 * np.exp(4 * rate_200)
    assert pulled.total[row][1] == pytest.approx(expected, rel=1e-3)
    # Unshrunk, corridor 100 grows at the capped 5 % a year (of the share:
    # the population adds 1 % a year).
    capped = 0.05 if method == "count" else 0.06
    assert own.total[row][1] == pytest.approx(
        400.0 * np.exp(4 * capped) + 100.0 * np.exp(4 * rate_200), rel=1e-3
    )
    # Between the observations the pull does not act.
    assert pulled.total[row][0] == pytest.approx(own.total[row][0], rel=1e-12)
