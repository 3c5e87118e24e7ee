"""The vectorised totals and origin steps give what the plain groupby
formulation gives, on random observation tables (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from migdev.stats.stock.engine import observation_totals
from migdev.stats.stock.inputs import AGE_TOTAL, ORIGIN_TOTAL, ORIGIN_UNKNOWN
from migdev.stats.stock.origin import origin_distribution

KINDS = ("total", "male", "female", "age", "origin")


def _reference_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """The totals as a chain of groupbys: the total row, else the two
    sexes, else the age groups, else the origins."""
    keys = ["location_code", "t"]
    age_tot = obs["age"] == AGE_TOTAL
    origin_tot = obs["origin_code"] == ORIGIN_TOTAL
    both = obs["sex"] == "both"
    sexes = obs[age_tot & origin_tot & ~both].groupby(keys)["migrants"]
    candidates = [
        obs[age_tot & origin_tot & both].groupby(keys)[["migrants"]].sum(),
        sexes.sum()[sexes.size() == 2].to_frame(),
        obs[~age_tot & origin_tot & both].groupby(keys)[["migrants"]].sum(),
        obs[age_tot & ~origin_tot & both].groupby(keys)[["migrants"]].sum(),
    ]
    total = candidates[0]
    for other in candidates[1:]:
        total = total.combine_first(other)
    ids = obs.groupby(keys)["observation_id"].first()
    total["observation_id"] = ids.reindex(total.index)
    return total.reset_index()


@st.composite
def observation_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    n_series = draw(st.integers(1, 12))
    for i in range(n_series):
        location = draw(st.sampled_from([4, 8, 12, 24]))
        t = draw(st.sampled_from([1990.5, 2000.5, 2005.2, 2010.5]))
        kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
        for kind in kinds:
            value = float(draw(st.integers(0, 10_000)))
            sex = kind if kind in ("male", "female") else "both"
            age = "15-64" if kind == "age" else AGE_TOTAL
            origin = draw(st.sampled_from([50, 356])) if kind == "origin" else 0
            rows.append((location, t, sex, age, origin, value, f"s{i}-{kind}"))
    frame = pd.DataFrame(
        rows,
        columns=[
            "location_code",
            "t",
            "sex",
            "age",
            "origin_code",
            "migrants",
            "observation_id",
        ],
    )
    return frame.astype({"sex": object, "age": object, "observation_id": object})


@settings(max_examples=40, deadline=None)
@given(observation_tables())
def test_totals_equal_the_groupby_formulation(obs: pd.DataFrame) -> None:
    got = observation_totals(obs)
    want = _reference_totals(obs)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True),
        want[got.columns].reset_index(drop=True),
        check_dtype=False,
    )


@settings(max_examples=40, deadline=None)
@given(observation_tables())
def test_origin_counts_add_up_by_origin(obs: pd.DataFrame) -> None:
    """Each destination's origin shares at an observation date are its
    summed counts by origin (both sexes, else the sum of the sexes), the
    rest of the total in unknown/other."""
    locations = np.asarray(sorted(obs["location_code"].unique()), dtype=np.int64)
    targets = np.sort(obs["t"].unique()).astype(np.float64)
    result = origin_distribution(obs, locations=locations, targets=targets)
    props = result.proportions
    assert np.allclose(props.sum(axis=2), 1.0)
    origins = list(result.origins)
    for (location, t), group in obs.groupby(["location_code", "t"]):
        rows = group[(group["age"] == AGE_TOTAL) & (group["origin_code"] != 0)]
        if rows.empty:
            continue
        j = int(np.flatnonzero(targets == t)[0])
        i = int(np.flatnonzero(locations == location)[0])
        both = rows[rows["sex"] == "both"]
        rows = both if len(both) else rows
        counts = rows.groupby("origin_code")["migrants"].sum()
        total = group[
            (group["age"] == AGE_TOTAL)
            & (group["origin_code"] == 0)
            & (group["sex"] == "both")
        ]["migrants"]
        whole = max(float(total.iloc[0]) if len(total) else 0.0, counts.sum())
        if whole == 0:
            assert props[i, j, origins.index(ORIGIN_UNKNOWN)] == 1.0
            continue
        for code, count in counts.items():
            assert np.isclose(props[i, j, origins.index(code)], count / whole)
