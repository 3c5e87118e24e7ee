"""Ensembles of interpolation settings: the engine's geometric mean of
several paths, and their choice by cross-validation inside the kept years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migdev.stats.stock.backtest import (
    _ensemble_errors,
    choose_by_cross_validation,
    choose_way,
)
from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.interpolate import EXTRAPOLATED, INTERPOLATED
from migdev.stats.stock.synthetic import synthetic_world

YEARS = (1992, 2001, 2005, 2013, 2024)


@pytest.fixture(scope="module")
def world():
    return synthetic_world(
        n_destinations=30, n_origins=3, seed=3, process="shocks", ages=("0-14", "15+")
    )


def _estimate(world, **kwargs):
    return estimate_stock(
        world.observations,
        world.population,
        classification=world.classification,
        refugees=world.refugees,
        years=YEARS,
        ages=("0-14", "15+"),
        **kwargs,
    )


member = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["share", "count"]),
        "linear_weight": st.sampled_from([0.0, 0.5, 1.0]),
        "damping": st.sampled_from([1.0, 0.5]),
        "refugee_trend": st.booleans(),
    }
)


@given(members=st.lists(member, min_size=2, max_size=3))
@settings(max_examples=15, deadline=None)
def test_ensemble_is_the_geometric_mean_of_its_members(world, members) -> None:
    """Between and beyond the observations, each cell is the geometric mean
    of the members' own estimates (refugees added from the table on top);
    observed and imputed cells do not depend on the members."""
    together = _estimate(world, ensemble=members)
    alone = [_estimate(world, **m) for m in members]
    added = together.refugees_added
    moving = np.isin(together.status, (INTERPOLATED, EXTRAPOLATED))
    own = np.stack([a.total - added for a in alone])
    with np.errstate(all="ignore"):
        expected = np.where(
            (own > 0).all(axis=0), np.exp(np.log(own).mean(axis=0)), own.mean(axis=0)
        )
    np.testing.assert_allclose(
        (together.total - added)[moving], expected[moving], rtol=1e-9
    )
    for a in alone:
        np.testing.assert_array_equal(a.status, together.status)
        observed = together.status == 1
        np.testing.assert_allclose(a.total[observed], together.total[observed])
    estimation = together.provenance["estimation"]
    distinct = {tuple(sorted(m.items())) for m in members}
    if len(distinct) == len(members):
        label = f"geometric mean of {len(members)} interpolation rules"
    else:  # a repeated member weighs more
        label = f"weighted geometric mean of {len(distinct)} interpolation rules"
    assert estimation.str.contains(label).any()


def test_one_member_is_the_plain_estimate(world) -> None:
    settings_ = {"method": "count", "linear_weight": 0.5, "damping": 0.5}
    np.testing.assert_allclose(
        _estimate(world, ensemble=[settings_]).total,
        _estimate(world, **settings_).total,
    )


def test_unknown_member_setting_is_refused(world) -> None:
    with pytest.raises(ValueError, match="max_rate"):
        _estimate(world, ensemble=[{"method": "count"}, {"max_rate": 0.1}])
    with pytest.raises(ValueError, match="method"):
        _estimate(world, ensemble=[{"method": "counts"}, {"method": "share"}])


def test_ensemble_errors_average_the_log_ratios() -> None:
    base = pd.DataFrame(
        {
            "fold": [0, 0, 1],
            "location_code": [4, 8, 4],
            "year": [2000, 2000, 2010],
            "published": [100.0, 200.0, 300.0],
            "estimated": [110.0, 180.0, 300.0],
        }
    )
    a = base.assign(log_ratio=np.log(base["estimated"] / base["published"]))
    b = a.assign(estimated=[121.0, 200.0, 270.0])
    b = b.assign(log_ratio=np.log(b["estimated"] / b["published"]))
    for frame in (a, b):
        frame["ape"] = 100 * (frame["estimated"] / frame["published"] - 1).abs()
    both = _ensemble_errors([a, b[::-1].reset_index(drop=True)])
    geometric = np.sqrt(a["estimated"] * b["estimated"])
    np.testing.assert_allclose(both["estimated"], geometric)
    np.testing.assert_allclose(
        both["ape"], 100 * (geometric / a["published"] - 1).abs()
    )


def test_cross_validation_scores_ensembles_on_the_kept_years() -> None:
    """Ensembles of the best candidates are scored on the same folds; when
    one wins, its settings are returned as an ensemble."""
    from test_stock_backtest import HELD, KEEP, _world

    table, population, classification = _world(seed=4)
    candidates = (
        {"method": "count", "linear_weight": 0.0},
        {"method": "count", "linear_weight": 1.0},
        {"method": "share", "linear_weight": 0.0},
    )
    best, scores, errors = choose_by_cross_validation(
        table,
        population,
        keep_years=KEEP,
        held_out=HELD,
        classification=classification,
        candidates=candidates,
        ensembles=(2, 0),
        nested=False,
    )
    ensembles = scores[scores["method"].str.startswith("ensemble")]
    assert list(ensembles["method"].sort_values()) == [
        "ensemble of 2",
        "ensemble of 3",
    ]
    assert scores["loss"].is_monotonic_increasing
    assert set(errors["year"]) <= set(KEEP)
    if str(scores["method"].iloc[0]).startswith("ensemble"):
        assert best == {"ensemble": scores["members"].iloc[0]}
    else:
        assert "ensemble" not in best
    # Scored out of fold (the default), the way of choosing with the lowest
    # left-out loss is applied to both folds.
    best, scores, errors = choose_by_cross_validation(
        table,
        population,
        keep_years=KEEP,
        held_out=HELD,
        classification=classification,
        candidates=candidates,
        ensembles=(2, 0),
    )
    ways = pd.DataFrame(scores.attrs["nested"])
    assert set(ways["procedure"]) == {
        "best candidate",
        "forward selection",
        "top 2",
        "top 3",
    }
    assert ways["loss"].is_monotonic_increasing
    procedure = scores.attrs["procedure"]
    assert procedure == choose_way(ways)
    if procedure == "best candidate":
        assert "ensemble" not in best
    elif procedure.startswith("top"):
        ranked = scores[~scores["method"].str.contains("ensemble")]
        k = int(procedure.split()[1])
        expected = [
            {key: r[key] for key in candidates[0]} for _, r in ranked.head(k).iterrows()
        ]
        assert [
            {key: m[key] for key in candidates[0]} for m in best["ensemble"]
        ] == expected
    assert set(errors["year"]) <= set(KEEP)


def test_a_repeated_member_weighs_as_often_as_it_appears(world) -> None:
    """``[a, a, b]`` is the geometric mean with weights 2/3 and 1/3, and the
    provenance says the mean is weighted."""
    a = {"method": "count", "linear_weight": 0.5}
    b = {"method": "share", "damping": 1.0}
    weighted = _estimate(world, ensemble=[a, a, b])
    one, other = _estimate(world, **a), _estimate(world, **b)
    added = weighted.refugees_added
    moving = (
        np.isin(weighted.status, (INTERPOLATED, EXTRAPOLATED))
        & (weighted.n_obs >= 2)[:, None]
    )
    x, y = one.total - added, other.total - added
    ok = moving & (x > 0) & (y > 0)
    assert ok.any()
    expected = np.exp((2 * np.log(x[ok]) + np.log(y[ok])) / 3)
    np.testing.assert_allclose((weighted.total - added)[ok], expected, rtol=1e-9)
    text = weighted.totals()["estimation"]
    assert text.str.contains("weighted geometric mean of 2 interpolation rules").any()


def _fold_errors(log_ratio: np.ndarray) -> pd.DataFrame:
    n = len(log_ratio)
    return pd.DataFrame(
        {
            "fold": np.arange(n) % 2,
            "location_code": np.arange(n),
            "year": 2000,
            "published": 100.0,
            "estimated": 100.0 * np.exp(log_ratio),
            "log_ratio": log_ratio,
            "ape": 100.0 * np.abs(np.expm1(log_ratio)),
        }
    )


def test_forward_selection_weighs_candidates_that_err_in_opposite_ways() -> None:
    """Two candidates biased up and down by different amounts, one noisy
    useless candidate: the selection takes the two in proportion to offset
    their biases and leaves the third out; its loss is below each alone."""
    from migdev.stats.stock.backtest import cv_loss, forward_selection

    rng = np.random.default_rng(0)
    noise = rng.normal(0.0, 0.01, 400)
    pooled = {
        0: _fold_errors(0.10 + noise),
        1: _fold_errors(-0.05 + noise),
        2: _fold_errors(rng.normal(0.0, 0.5, 400)),
    }
    draws = forward_selection(pooled, steps=12)
    assert set(draws) == {0, 1}
    weight_up = draws.count(0) / len(draws)
    assert 0.25 <= weight_up <= 0.42  # 1/3 cancels the biases
    mean = np.mean([pooled[i]["log_ratio"].to_numpy() for i in draws], axis=0)
    assert cv_loss(_fold_errors(mean)) < min(cv_loss(p) for p in pooled.values())


def test_cross_validation_may_choose_a_weighted_ensemble() -> None:
    """The weighted ensemble is scored with the others on the kept years; a
    chosen one comes back with its members repeated by weight."""
    from test_stock_backtest import HELD, KEEP, _world

    table, population, classification = _world(seed=4)
    candidates = (
        {"method": "count", "linear_weight": 0.0},
        {"method": "count", "linear_weight": 1.0},
        {"method": "share", "linear_weight": 0.0},
    )
    best, scores, errors = choose_by_cross_validation(
        table,
        population,
        keep_years=KEEP,
        held_out=HELD,
        classification=classification,
        candidates=candidates,
        ensembles=(2,),
    )
    weighted = scores[scores["method"].str.startswith("weighted ensemble")]
    assert len(weighted) <= 1
    assert scores["loss"].is_monotonic_increasing
    assert set(errors["year"]) <= set(KEEP)
    if len(weighted):
        members = weighted["members"].iloc[0]
        assert all(m in candidates for m in members)
        if str(scores["method"].iloc[0]).startswith("weighted"):
            assert best == {"ensemble": members}
