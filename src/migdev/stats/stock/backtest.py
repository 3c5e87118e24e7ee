"""Back-test: re-estimate published years from the other published years.

The published country totals of one revision are taken as if they were
observations (dated 1 July, of the definition the table's data type
names); the engine estimates the years held out, and the absolute
percentage errors against the published values show how well each
interpolation method reproduces the official tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, cast

import numpy as np
import pandas as pd

from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.interpolate import InterpolationMethod, InterpolationPath
from migdev.stats.stock.intervals import situations
from migdev.stats.stock.parts import PARTS, Parts

__all__ = [
    "CANDIDATES",
    "ENSEMBLE_SIZES",
    "backtest",
    "choose_by_cross_validation",
    "cross_validation_folds",
    "cv_loss",
    "forward_selection",
    "horizon_exponent",
    "horizon_folds",
    "interpolation_scale",
    "naive_backtest",
    "nested_selection",
    "observations_from_published",
    "refugee_added_codes",
    "summarize_errors",
]


Settings = dict[str, Any]


def observations_from_published(
    table: pd.DataFrame, /, *, years: Sequence[int]
) -> pd.DataFrame:
    """Turn published country totals into an observations table.

    Parameters
    ----------
    table :
        Tidy output of :func:`~migdev.stats.stock.readers.read_un_workbook`
        (the ``migrants`` measure is used, all three sexes).
    years :
        Published years to keep as observations.

    Returns
    -------
    pandas.DataFrame
        A tidy observations table (``source_type`` ``estimate``).
    """
    rows = table[
        (table["measure"] == "migrants")
        & table["is_country"]
        & table["year"].isin(list(years))
        & table["value"].notna()
    ].drop_duplicates(["location_code", "sex", "year"])
    rows = rows.groupby(["location_code", "year"]).filter(
        lambda g: "both" in set(g["sex"])
    )
    both = rows[rows["sex"] == "both"].set_index(["location_code", "year"])["value"]
    sexes = rows[rows["sex"] != "both"]
    # Keep the sexes only where both are given (a hidden sex cell means the
    # breakdown would not add up).
    n_sex = sexes.groupby(["location_code", "year"])["sex"].transform("size")
    rows = pd.concat([rows[rows["sex"] == "both"], sexes[n_sex == 2]])
    del both
    definition = np.where(
        rows["data_type"].fillna("").str.contains("C"), "citizenship", "foreign-born"
    )
    return pd.DataFrame(
        {
            "location_code": rows["location_code"].to_numpy(),
            "source_type": "estimate",
            "reference_date": pd.to_datetime(
                rows["year"].astype(int).astype(str) + "-07-01"
            ).to_numpy(),
            "definition": definition,
            "sex": rows["sex"].to_numpy(),
            "age": "total",
            "origin_code": 0,
            "migrants": rows["value"].to_numpy(dtype=np.float64),
            "observation_id": _published_ids(rows),
        }
    ).reset_index(drop=True)


def _published_ids(rows: pd.DataFrame) -> np.ndarray:
    """An observation's id from the published table: location and year."""
    return (
        "published-"
        + rows["location_code"].astype(str)
        + "-"
        + rows["year"].astype(str)
    ).to_numpy()


def _origin_observations(
    origins: pd.DataFrame, observations: pd.DataFrame, years: Sequence[int]
) -> pd.DataFrame:
    """Observations by origin (both sexes) of the kept years, for the
    destination-years that have a total among ``observations``."""
    kept = origins[origins["year"].isin(list(years)) & (origins["migrants"] > 0)]
    rows = pd.DataFrame(
        kept.groupby(["location_code", "origin_code", "year"], as_index=False)[
            "migrants"
        ].sum()
    )
    heads = observations[observations["sex"] == "both"].assign(
        year=pd.to_datetime(observations["reference_date"]).dt.year
    )
    rows = rows.merge(
        heads[["location_code", "year", "reference_date", "definition"]],
        on=["location_code", "year"],
    )
    return pd.DataFrame(
        {
            "location_code": rows["location_code"].to_numpy(),
            "source_type": "estimate",
            "reference_date": rows["reference_date"].to_numpy(),
            "definition": rows["definition"].to_numpy(),
            "sex": "both",
            "age": "total",
            "origin_code": rows["origin_code"].to_numpy(dtype=np.int64),
            "migrants": rows["migrants"].to_numpy(dtype=np.float64),
            "observation_id": _published_ids(rows),
        }
    )


def _published(table: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pub = table[
        (table["measure"] == "migrants")
        & table["is_country"]
        & (table["sex"] == "both")
        & table["year"].isin(list(years))
    ].drop_duplicates(["location_code", "year"])[
        ["location_code", "year", "value", "data_type"]
    ]
    return pub.astype({"year": "int64"})


def refugee_added_codes(table: pd.DataFrame, /, *, years: Sequence[int]) -> set[int]:
    """Countries whose published data type says refugees were added (``R``)
    in any of ``years``."""
    pub = _published(table, years)
    flagged = pub["data_type"].fillna("").str.contains("R")
    return {int(c) for c in pub.loc[flagged, "location_code"]}


def backtest(
    table: pd.DataFrame,
    population: pd.DataFrame,
    /,
    *,
    keep_years: Sequence[int],
    held_out: Sequence[int],
    method: InterpolationMethod = "share",
    classification: pd.DataFrame | None = None,
    max_extrapolation_rate: float = 0.05,
    refugees: pd.DataFrame | None = None,
    linear_weight: float = 0.0,
    damping: float = 1.0,
    refugee_trend: bool = False,
    shrinkage: float = 0.0,
    path: InterpolationPath = "piecewise",
    trend_damping: float = 1.0,
    parts: Parts = "total",
    ensemble: Sequence[Settings] | None = None,
    impute_every: int = 0,
    origins: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Estimate held-out published years and return the errors.

    Parameters
    ----------
    table :
        Tidy published tables (one revision).
    population :
        Tidy population table covering the countries.
    keep_years :
        Years given to the engine as observations.
    held_out :
        Years to estimate and compare.
    method, max_extrapolation_rate, linear_weight, damping, refugee_trend, shrinkage, path, trend_damping, parts, ensemble :
        Passed to the engine.
    origins :
        Published stock by destination and origin (``location_code``,
        ``origin_code``, ``year``, ``migrants``, both sexes), of which the
        kept years are given as observations by origin when ``parts`` (or
        a member of ``ensemble``) is ``"origin"``.
    classification :
        Country classification (comparable countries).
    impute_every :
        If above 0, every n-th country (in code order) loses all its
        observations and is imputed; only those countries' errors are
        returned (the errors of the ``imputed`` situation).
    refugees :
        A refugee series (UNHCR, mid-year, tidy refugees table) known at
        the target dates. Countries whose published data type is ``R`` in
        the kept years are observed without these refugees (as a census
        that leaves them out) and the engine adds them; elsewhere they are
        flagged as counted in the sources.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``year``, ``published``, ``estimated``, ``ape``
        (absolute percentage error), ``log_ratio`` (``ln(estimated /
        published)``), ``status`` and ``distance`` (years from the nearest
        kept year) — for countries with a positive published value and at
        least one observation.
    """
    obs = observations_from_published(table, years=keep_years)
    wanted = {parts, *(m.get("parts", parts) for m in ensemble or ())}
    if "sex" not in wanted:
        obs = obs[obs["sex"] == "both"]
    if "origin" in wanted:
        if origins is None:
            raise ValueError("parts='origin' needs the published stock by origin")
        obs = pd.concat(
            [obs, _origin_observations(origins, obs, keep_years)], ignore_index=True
        )
    pop_codes = set(population["location_code"].unique())
    obs = obs[obs["location_code"].isin(pop_codes)]
    if classification is not None:
        classification = classification[classification["location_code"].isin(pop_codes)]
    hidden: list[int] = []
    if impute_every > 0:
        hidden = sorted(obs["location_code"].unique())[::impute_every]
        obs = obs[~obs["location_code"].isin(hidden)]
    ref_table = None
    if refugees is not None:
        known = pop_codes
        if classification is not None:
            known = known & set(classification["location_code"])
        refugees = refugees[refugees["location_code"].isin(list(known))]
        added = refugee_added_codes(table, years=keep_years)
        ref_table = refugees.assign(
            counted_in_census=~refugees["location_code"].isin(list(added))
        )
        per_year = (
            refugees[refugees["location_code"].isin(list(added))]
            .groupby(["location_code", "year"])["refugees"]
            .sum()
        )
        obs = obs.copy()
        year = pd.to_datetime(obs["reference_date"]).dt.year
        key = pd.MultiIndex.from_arrays([obs["location_code"], year])
        both = (obs["sex"] == "both") & (obs["origin_code"] == 0)
        total = pd.Series(
            obs.loc[both, "migrants"].to_numpy(dtype=np.float64),
            index=key[both.to_numpy()],
        )
        total = total[~total.index.duplicated()]
        minus = per_year.reindex(total.index).fillna(0.0)
        # A census that leaves refugees out: never below a tenth of the total;
        # its breakdowns (sexes, origins) shrink in proportion.
        kept_total = pd.Series(
            np.maximum(total.to_numpy() - minus.to_numpy(), 0.1 * total.to_numpy()),
            index=total.index,
        )
        ratio = kept_total / total.where(total > 0)
        values = obs["migrants"].to_numpy(dtype=np.float64)
        obs["migrants"] = values * ratio.reindex(key).fillna(1.0).to_numpy()
        by_origin = (obs["origin_code"] != 0).to_numpy()
        if by_origin.any() and "origin_code" in refugees:
            # Refugees leave the corridor of their origin, then the corridors
            # are brought to the total left.
            per_origin = (
                refugees[refugees["location_code"].isin(list(added))]
                .groupby(["location_code", "origin_code", "year"])["refugees"]
                .sum()
            )
            okey = pd.MultiIndex.from_arrays(
                [
                    obs["location_code"].to_numpy()[by_origin],
                    obs["origin_code"].to_numpy()[by_origin],
                    year.to_numpy()[by_origin],
                ]
            )
            left = np.maximum(
                values[by_origin]
                - per_origin.reindex(okey).fillna(0.0).to_numpy(dtype=np.float64),
                0.0,
            )
            lkey = pd.MultiIndex.from_arrays(
                [okey.get_level_values(0), okey.get_level_values(2)],
                names=kept_total.index.names,
            )
            sums = pd.Series(left, index=lkey).groupby(level=[0, 1]).sum()
            scale = (kept_total.reindex(sums.index) / sums.where(sums > 0)).reindex(
                lkey
            )
            scale = scale.fillna(1.0)
            obs.loc[by_origin, "migrants"] = left * np.minimum(scale.to_numpy(), 1.0)
    result = estimate_stock(
        obs,
        population,
        classification=classification,
        refugees=ref_table,
        years=held_out,
        method=method,
        max_extrapolation_rate=max_extrapolation_rate,
        linear_weight=linear_weight,
        damping=damping,
        refugee_trend=refugee_trend,
        shrinkage=shrinkage,
        path=path,
        trend_damping=trend_damping,
        parts=parts,
        ensemble=ensemble,
    )
    est = result.totals()[["location_code", "year", "migrants", "status"]]
    assert result.distance is not None and result.n_obs is not None
    labels = situations(result.status, result.distance, result.n_obs)
    est = est.assign(situation=labels.ravel())
    pub = _published(table, held_out)[["location_code", "year", "value"]]
    merged = est.merge(pub, on=["location_code", "year"])
    if impute_every > 0:
        merged = merged[(merged["value"] > 0) & merged["location_code"].isin(hidden)]
    else:
        merged = merged[(merged["value"] > 0) & (merged["status"] != "imputed")]
    merged = merged.rename(columns={"value": "published", "migrants": "estimated"})
    merged["ape"] = (
        100.0 * (merged["estimated"] - merged["published"]).abs() / merged["published"]
    )
    with np.errstate(all="ignore"):
        merged["log_ratio"] = np.log(merged["estimated"] / merged["published"])
    kept = np.asarray(sorted(keep_years), dtype=np.float64)
    merged["distance"] = np.abs(
        merged["year"].to_numpy(dtype=np.float64)[:, None] - kept[None, :]
    ).min(axis=1)
    return merged.reset_index(drop=True)


def naive_backtest(
    table: pd.DataFrame,
    /,
    *,
    keep_years: Sequence[int],
    held_out: Sequence[int],
    kind: str,
) -> pd.DataFrame:
    """Errors of a textbook formula on the published counts.

    ``kind="linear"``: straight lines between the kept years, the slope of
    the nearest interval beyond them (never below zero);
    ``kind="exponential"``: constant rate between the kept years, the rate
    of the nearest interval beyond them (uncapped). A country with one kept
    value keeps it. Same columns as :func:`backtest`.
    """
    keep = _published(table, keep_years)
    keep = keep[keep["value"] > 0]
    wide = keep.pivot_table(index="location_code", columns="year", values="value")
    wide = wide.reindex(columns=sorted(keep_years))
    times = wide.columns.to_numpy(dtype=np.float64)
    values = wide.to_numpy(dtype=np.float64)
    targets = np.asarray(sorted(held_out), dtype=np.float64)
    out = np.full((len(wide), len(targets)), np.nan)
    for i, row in enumerate(values):
        ok = np.isfinite(row)
        t, y = times[ok], row[ok]
        if len(t) == 1:
            out[i] = y[0]
            continue
        for j, target in enumerate(targets):
            k = int(np.clip(np.searchsorted(t, target) - 1, 0, len(t) - 2))
            t0, t1, y0, y1 = t[k], t[k + 1], y[k], y[k + 1]
            if kind == "linear":
                out[i, j] = max(y0 + (y1 - y0) * (target - t0) / (t1 - t0), 0.0)
            else:
                out[i, j] = y0 * np.exp(np.log(y1 / y0) * (target - t0) / (t1 - t0))
    est = pd.DataFrame(out, index=wide.index, columns=targets.astype(np.int64))
    est.columns.name = "year"
    long = cast(pd.Series, est.stack()).rename("estimated").reset_index()
    pub = _published(table, held_out)[["location_code", "year", "value"]]
    merged = long.merge(pub, on=["location_code", "year"])
    merged = merged[merged["value"] > 0].rename(columns={"value": "published"})
    merged["ape"] = (
        100.0 * (merged["estimated"] - merged["published"]).abs() / merged["published"]
    )
    return merged.reset_index(drop=True)


def cross_validation_folds(
    keep_years: Sequence[int], held_out: Sequence[int], /
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Back-tests inside the kept years that mimic the real one.

    Held-out years between kept years: each interior kept year is left out
    in turn and estimated from the others. Held-out years after the kept
    ones: the last kept years are dropped (5 and 10 years) and the same
    horizons are estimated from what remains. Never uses a held-out year.
    """
    kept = sorted(int(y) for y in keep_years)
    held = sorted(int(y) for y in held_out)
    folds: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    if held[0] > kept[-1]:
        horizons = [y - kept[-1] for y in held]
        for drop in (5, 10):
            last = kept[-1] - drop
            base = tuple(y for y in kept if y <= last)
            target = tuple(last + h for h in horizons if last + h in kept)
            if len(base) >= 2 and target:
                folds.append((base, target))
    else:
        for y in kept[1:-1]:
            folds.append((tuple(k for k in kept if k != y), (y,)))
    return folds


def horizon_folds(
    keep_years: Sequence[int], /
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Extrapolations over one and two steps, inside the kept years.

    The first two kept years estimate the others, and the last two the
    others: errors at several distances from the nearest observation
    (with 1990/2000/2010/2020: 10 and 20 years), from which
    :func:`horizon_exponent` measures how fast the error grows. Never uses
    a year outside ``keep_years``.
    """
    kept = sorted(int(y) for y in keep_years)
    if len(kept) < 4:
        return []
    return [(tuple(kept[:2]), tuple(kept[2:])), (tuple(kept[-2:]), tuple(kept[:-2]))]


def horizon_exponent(errors: pd.DataFrame, /) -> float:
    """Exponent ``a`` of the growth of the error with the distance.

    The width of the central 80 % of the errors ``ln(estimate /
    published)`` at each distance (years from the nearest observation) is
    fitted as ``c * distance**a`` by least squares on the logarithms. A
    random walk gives ``a = 1/2`` (the Brownian bridge), a random trend
    ``a = 3/2``.

    Parameters
    ----------
    errors :
        ``distance`` and ``log_ratio`` per back-tested cell (at least two
        distinct distances), e.g. of :func:`horizon_folds`.
    """
    frame = errors[np.isfinite(errors["log_ratio"]) & (errors["distance"] > 0)]
    points = [
        (float(d), float(np.quantile(g, 0.9) - np.quantile(g, 0.1)))
        for d, g in frame.groupby("distance")["log_ratio"]
        if len(g) >= 10
    ]
    if len(points) < 2:
        raise ValueError("need errors at two distances (10 or more each)")
    x = np.log([d for d, _ in points])
    y = np.log([w for _, w in points])
    return float(np.polyfit(x, y, 1)[0])


def interpolation_scale(
    keep_years: Sequence[int], held_out: Sequence[int], /, *, exponent: float
) -> float:
    """Factor carrying interpolation errors of the cross-validation folds to
    the held-out years.

    The folds of :func:`cross_validation_folds` leave out an interior kept
    year, so they interpolate over gaps twice as long as the gaps in which
    the held-out years lie; the error at the middle of a gap is taken to
    grow with its length as the extrapolation error grows with the
    distance (``exponent`` from :func:`horizon_exponent`): the factor is
    ``(mean held-out gap / mean fold gap) ** exponent``.
    """
    kept = sorted(int(y) for y in keep_years)

    def gap(years: Sequence[int], target: int) -> float | None:
        before = [y for y in years if y < target]
        after = [y for y in years if y > target]
        return float(min(after) - max(before)) if before and after else None

    held = [g for y in held_out if (g := gap(kept, int(y))) is not None]
    folds = [
        g
        for base, targets in cross_validation_folds(keep_years, held_out)
        for y in targets
        if (g := gap(base, y)) is not None
    ]
    if not held or not folds:
        return 1.0
    return float((np.mean(held) / np.mean(folds)) ** exponent)


CANDIDATES: Final[tuple[Settings, ...]] = tuple(
    {
        "method": method,
        "linear_weight": weight,
        "damping": damping,
        "refugee_trend": trend,
        "shrinkage": shrinkage,
        "path": path,
        "parts": parts,
    }
    for parts in PARTS
    for method in ("share", "count")
    for path in ("piecewise", "pchip", "spline")
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0)
    for damping in (1.0, 0.5)
    for trend in (False, True)
    for shrinkage in (0.0, 0.5)
    # The parts (sexes, origins) are interpolated along straight lines of
    # the logarithm; the rates of the sexes are not shrunk (the comparable
    # countries' rate is one of totals), those of the origins may be, towards
    # the growth of the same origin's emigrants elsewhere.
    if parts == "total"
    or (path == "piecewise" and (shrinkage == 0.0 or parts == "origin"))
)
"""The settings compared by cross-validation."""


ENSEMBLE_SIZES: Final = (2, 3, 5, 8, 12, 20, 0)
"""Ensembles compared by cross-validation: the geometric mean of the paths
of the ``k`` best candidates (0: all candidates compared)."""

SELECTION_STEPS: Final = 20
"""Steps of the forward selection of a weighted ensemble (Caruana et al.
2004): each step adds, with replacement, the candidate that most lowers the
cross-validation loss, so weights are multiples of 1/20 at the finest."""


def _ensemble_errors(members: list[pd.DataFrame]) -> pd.DataFrame:
    """Errors of the geometric mean of several settings' estimates, from
    their errors on the same cells: the mean of the ``ln(estimate /
    published)``."""
    keys = ["fold", "location_code", "year"]
    first = members[0].set_index(keys)
    ratios = pd.concat(
        [m.set_index(keys)["log_ratio"] for m in members], axis=1, join="inner"
    )
    out = first.loc[ratios.index].copy()
    out["log_ratio"] = ratios.mean(axis=1)
    with np.errstate(all="ignore"):
        out["estimated"] = out["published"] * np.exp(out["log_ratio"])
    out["ape"] = 100.0 * np.abs(np.exp(out["log_ratio"]) - 1.0)
    return out.reset_index()[members[0].columns]


def forward_selection(
    pooled: dict[int, pd.DataFrame], /, *, steps: int = SELECTION_STEPS
) -> list[int]:
    """Weighted ensemble by forward selection with replacement.

    Caruana, Niculescu-Mizil, Crew & Ksikes (2004), *Ensemble selection from
    libraries of models*: start from the candidate with the lowest
    :func:`cv_loss`, then ``steps - 1`` times add (again, if it is the best
    choice) the candidate whose addition gives the lowest loss of the
    ensemble's errors (the mean of the members' ``ln(estimate /
    published)``, as the engine's geometric mean); return the draws of the
    step with the lowest loss. A candidate drawn ``n`` times of ``N``
    weighs ``n / N``. Only the cross-validation errors passed in are used.

    Parameters
    ----------
    pooled :
        Fold errors per candidate index (same cells for every candidate).
    """
    keys = ["fold", "location_code", "year"]
    order = list(pooled)
    frame = pd.concat(
        [pooled[i].set_index(keys)["log_ratio"] for i in order], axis=1, join="inner"
    )
    ratios = frame.to_numpy(dtype=np.float64)
    ok = np.isfinite(ratios).all(axis=1)
    ratios = ratios[ok]

    def loss(log_ratio: np.ndarray) -> np.ndarray:
        ape = 100.0 * np.abs(np.expm1(log_ratio))
        return np.asarray(np.median(ape, axis=0) + 0.2 * np.percentile(ape, 90, axis=0))

    total = np.zeros(len(ratios))
    draws: list[int] = []
    history: list[tuple[float, int]] = []
    for step in range(1, steps + 1):
        trial = (total[:, None] + ratios) / step
        scores = loss(trial)
        best = int(np.argmin(scores))
        draws.append(order[best])
        total = total + ratios[:, best]
        history.append((float(scores[best]), step))
    best_step = min(history)[1]
    return draws[:best_step]


def _best_ensemble(
    scores: pd.DataFrame,
    pooled: dict[int, pd.DataFrame],
    candidates: Sequence[Settings],
    sizes: Sequence[int],
) -> tuple[list[dict[str, Any]], dict[int, pd.DataFrame]]:
    """Score the ensembles of the best ``k`` candidates, and the weighted
    ensemble of :func:`forward_selection`, by the same folds."""
    ranked = [int(i) for i in scores["index"]]
    rows: list[dict[str, Any]] = []
    errors: dict[int, pd.DataFrame] = {}
    if sizes and len(ranked) >= 2:
        draws = forward_selection(pooled)
        if len(set(draws)) >= 2:
            selected = _ensemble_errors([pooled[i] for i in draws])
            key = -(len(ranked) + 1)
            errors[-key] = selected
            rows.append(
                {
                    "method": f"weighted ensemble of {len(set(draws))}",
                    "path": "",
                    "linear_weight": np.nan,
                    "damping": np.nan,
                    "refugee_trend": False,
                    "shrinkage": np.nan,
                    "members": [dict(candidates[i]) for i in draws],
                    **summarize_errors(selected),
                    "loss": cv_loss(selected),
                    "index": key,
                }
            )
    for k in sorted({min(k or len(ranked), len(ranked)) for k in sizes}):
        if k < 2:
            continue
        ensemble = _ensemble_errors([pooled[i] for i in ranked[:k]])
        errors[k] = ensemble
        rows.append(
            {
                "method": f"ensemble of {k}",
                "path": "",
                "linear_weight": np.nan,
                "damping": np.nan,
                "refugee_trend": False,
                "shrinkage": np.nan,
                "members": [dict(candidates[i]) for i in ranked[:k]],
                **summarize_errors(ensemble),
                "loss": cv_loss(ensemble),
                "index": -k,
            }
        )
    return rows, errors


def cv_loss(errors: pd.DataFrame, /) -> float:
    """Median APE plus a fifth of the 90th percentile (both targets count)."""
    s = summarize_errors(errors)
    return s["median_ape"] + 0.2 * s["p90_ape"]


def choose_by_cross_validation(
    table: pd.DataFrame,
    population: pd.DataFrame,
    /,
    *,
    keep_years: Sequence[int],
    held_out: Sequence[int],
    classification: pd.DataFrame | None = None,
    refugees: pd.DataFrame | None = None,
    candidates: Sequence[Settings] = CANDIDATES,
    ensembles: Sequence[int] = ENSEMBLE_SIZES,
    origins: pd.DataFrame | None = None,
    nested: bool = True,
    rule: str = "one-se",
) -> tuple[Settings, pd.DataFrame, pd.DataFrame]:
    """Choose the engine settings on back-tests inside the kept years.

    With ``nested`` (the default) the ways of choosing are scored out of
    fold (:func:`nested_selection`) and :func:`choose_way` picks one by
    ``rule``: ``"one-se"`` (the default) the simplest way within one
    standard error of the lowest loss, ``"lowest"`` the lowest loss.

    Each candidate is scored on the pooled folds of
    :func:`cross_validation_folds`; so is the geometric mean of the ``k``
    best candidates' estimates for each ``k`` of ``ensembles`` (its fold
    errors are the mean of the members' ``ln(estimate / published)``).

    Returns
    -------
    best, scores, errors :
        The settings with the lowest :func:`cv_loss` (an ensemble is
        ``{"ensemble": [settings, ...]}``); one row per candidate and
        ensemble with its pooled median, p90 and loss (``members`` lists an
        ensemble's settings); the pooled fold errors of the chosen settings
        (for the intervals), with the fold's number in ``fold``.
    """
    folds = cross_validation_folds(keep_years, held_out)
    interpolating = min(held_out) < max(keep_years)
    rows: list[dict[str, Any]] = []
    pooled: dict[int, pd.DataFrame] = {}
    for i, settings in enumerate(candidates):
        if interpolating and (
            settings.get("damping", 1.0) != 1.0 or settings.get("shrinkage", 0.0) != 0.0
        ):
            continue  # damping and shrinkage act only beyond the observations
        if not interpolating and settings.get("path", "piecewise") != "piecewise":
            continue  # the path acts only between the observations
        if settings.get("linear_weight", 0.0) == 1.0 and (
            settings.get("path", "piecewise") != "piecewise"
            or settings.get("shrinkage", 0.0) != 0.0
        ):
            continue  # the linear path has no curve and no shrunk rate
        if (
            interpolating
            and settings.get("linear_weight", 0.0) == 1.0
            and settings.get("parts", "total") != "total"
        ):
            continue  # between observations, straight lines add up to the total's
        if settings.get("parts", "total") == "origin" and origins is None:
            continue
        errors: pd.DataFrame = pd.concat(
            [
                backtest(
                    table,
                    population,
                    keep_years=base,
                    held_out=target,
                    classification=classification,
                    refugees=refugees,
                    origins=origins,
                    **settings,
                ).assign(fold=k)
                for k, (base, target) in enumerate(folds)
            ],
            ignore_index=True,
        )
        pooled[i] = errors
        s = summarize_errors(errors)
        rows.append({**settings, **s, "loss": cv_loss(errors), "index": i})
    scores = pd.DataFrame(rows).sort_values("loss", kind="stable")
    extra, ensemble_errors = _best_ensemble(scores, pooled, candidates, ensembles)
    if extra:
        scores = pd.concat([scores, pd.DataFrame(extra)], ignore_index=True)
        scores = scores.sort_values("loss", kind="stable")
    best = int(scores["index"].iloc[0])
    scores = scores.drop(columns="index").reset_index(drop=True)
    if nested and len(pooled) >= 2 and len(folds) >= 2:
        table_n = nested_selection(pooled, ensembles)
        procedure = choose_way(table_n, rule=rule)
        chosen = _select(pooled, procedure)
        scores.attrs["nested"] = table_n.to_dict("records")
        scores.attrs["procedure"] = procedure
        scores.attrs["rule"] = rule
        if len(chosen) == 1:
            return dict(candidates[chosen[0]]), scores, pooled[chosen[0]]
        members = [dict(candidates[i]) for i in chosen]
        return (
            {"ensemble": members},
            scores,
            _ensemble_errors([pooled[i] for i in chosen]),
        )
    if best < 0:
        members = scores["members"].iloc[0]
        return {"ensemble": members}, scores, ensemble_errors[-best]
    return dict(candidates[best]), scores, pooled[best]


def _procedures(sizes: Sequence[int], n: int) -> list[str]:
    """Names of the ways of choosing compared by :func:`nested_selection`."""
    names = ["best candidate"]
    if sizes and n >= 2:
        names.append("forward selection")
        names += [f"top {k}" for k in sorted({min(k or n, n) for k in sizes}) if k >= 2]
    return names


BOOTSTRAP_DRAWS: Final = 200
"""Bootstrap draws of the standard error of an out-of-fold loss."""


RULES: Final = ("one-se", "lowest")
"""Rules of :func:`choose_way`."""


def _freedom(procedure: str, /) -> tuple[int, int]:
    """Order of the ways of choosing from the least free to the freest.

    The mean of all candidates chooses nothing; the ``k`` best choose a
    set, the more freely the smaller ``k``; the best candidate is the top
    1; forward selection chooses up to :data:`SELECTION_STEPS` weights.
    """
    if procedure.startswith("top "):
        return (0, -int(procedure.split()[1]))
    if procedure == "best candidate":
        return (0, -1)
    return (1, 0)


def choose_way(table: pd.DataFrame, /, *, rule: str = "one-se") -> str:
    """The way of choosing to apply, from the table of :func:`nested_selection`.

    ``"lowest"``: the lowest out-of-fold loss. ``"one-se"``: the one-
    standard-error rule (Hastie, Tibshirani & Friedman, *The Elements of
    Statistical Learning*, 2nd ed., 7.10): the least free way (see
    :func:`_freedom`) whose loss is within one standard error (``se``,
    bootstrap over locations) of the lowest. With two folds, ways a few
    tenths apart are within the noise of the choice; the rule then
    prefers the way that chooses least from it.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    best = table.iloc[0]
    if rule == "lowest":
        return str(best["procedure"])
    bound = float(best["loss"]) + float(best["se"])
    within = [
        str(p)
        for p, loss in zip(table["procedure"], table["loss"], strict=True)
        if loss <= bound
    ]
    return min(within, key=_freedom)


def _loss_se(errors: pd.DataFrame, /, *, draws: int = BOOTSTRAP_DRAWS) -> float:
    """Standard error of :func:`cv_loss` by the bootstrap over locations
    (a location's cells move together; fixed seed: deterministic)."""
    frame = errors[["location_code", "ape"]]
    codes = frame["location_code"].to_numpy()
    unique, inverse = np.unique(codes, return_inverse=True)
    ape = frame["ape"].to_numpy(dtype=np.float64)
    rng = np.random.default_rng(0)
    losses = []
    for _ in range(draws):
        counts = np.bincount(
            rng.integers(0, len(unique), len(unique)), minlength=len(unique)
        )
        sample = np.repeat(ape, counts[inverse])
        if len(sample):
            losses.append(np.median(sample) + 0.2 * np.percentile(sample, 90))
    return float(np.std(losses, ddof=1)) if len(losses) >= 2 else 0.0


def _select(pooled: dict[int, pd.DataFrame], procedure: str, /) -> list[int]:
    """The candidates (with repetition: weights) a way of choosing picks on
    the errors passed in."""
    loss = {i: cv_loss(e) for i, e in pooled.items()}
    ranked = sorted(pooled, key=lambda i: loss[i])  # stable: ties keep their order
    if procedure == "best candidate":
        return ranked[:1]
    if procedure == "forward selection":
        return forward_selection({i: pooled[i] for i in ranked})
    if procedure.startswith("top "):
        return ranked[: int(procedure.split()[1])]
    raise ValueError(f"unknown way of choosing {procedure!r}")


def nested_selection(
    pooled: dict[int, pd.DataFrame], /, sizes: Sequence[int] = ENSEMBLE_SIZES
) -> pd.DataFrame:
    """Score the ways of choosing out of fold.

    A way of choosing (the best candidate, the ``k`` best, the weighted
    ensemble of :func:`forward_selection`) scored on the very errors it was
    chosen on is optimistic, the more so the more freely it chooses. Here
    each fold in turn is left out: the choice is made on the other folds'
    errors and scored on the fold left out; the left-out errors of all
    folds are pooled into :func:`cv_loss`. Only the cross-validation
    errors passed in are used.

    Parameters
    ----------
    pooled :
        Fold errors per candidate index, with ``fold``.

    Returns
    -------
    pandas.DataFrame
        ``procedure``, ``n``, ``median_ape``, ``p90_ape``, ``loss`` of the
        left-out errors and ``se``, the loss's standard error (bootstrap
        over locations), best first.
    """
    first = next(iter(pooled.values()))
    folds = sorted(first["fold"].unique())
    rows = []
    for procedure in _procedures(sizes, len(pooled)):
        out = []
        for fold in folds:
            train = {i: e[e["fold"] != fold] for i, e in pooled.items()}
            test = {i: e[e["fold"] == fold] for i, e in pooled.items()}
            picked = _select(train, procedure)
            out.append(
                test[picked[0]]
                if len(picked) == 1
                else _ensemble_errors([test[i] for i in picked])
            )
        errors = pd.concat(out, ignore_index=True)
        rows.append(
            {
                "procedure": procedure,
                **summarize_errors(errors),
                "loss": cv_loss(errors),
                "se": _loss_se(errors),
            }
        )
    return pd.DataFrame(rows).sort_values("loss", kind="stable").reset_index(drop=True)


def summarize_errors(errors: pd.DataFrame, /) -> dict[str, float]:
    """Median and 90th percentile of the absolute percentage error.

    Returns
    -------
    dict
        ``n``, ``median_ape`` and ``p90_ape`` (percent).
    """
    ape = errors["ape"].to_numpy(dtype=np.float64)
    return {
        "n": float(len(ape)),
        "median_ape": float(np.median(ape)) if len(ape) else float("nan"),
        "p90_ape": float(np.percentile(ape, 90)) if len(ape) else float("nan"),
    }
