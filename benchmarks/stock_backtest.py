"""Back-test the migrant-stock engine on the real UN DESA 2020 tables.

Published country totals (IMS 2020, Table 1, both sexes) of the kept years
are given to the engine as observations; the held-out years are estimated
and compared with the published values. What the engine may use is what an
estimator had at the time: the population (WPP 2019, the denominator of
IMS 2020), the UNHCR refugee series up to the target year, the
classification and the comparable countries; never a held-out value nor an
aggregate containing one.

For each scheme the engine's settings are chosen by cross-validation
inside the kept years only (``choose_by_cross_validation``); the chosen
engine is printed beside the UN method (exponential, the engine's default
settings) and the two textbook formulas (linear, exponential) computed in
the same run. Then the 80 % and 95 % intervals, built from the
cross-validation errors alone, are checked on the held-out years, and the
error percentiles by data situation that ``migdev stock estimate
--intervals`` uses are printed.

Needs ../shared/data (public copies of the UN DESA, WPP and UNHCR files).
Run: .venv/bin/python benchmarks/stock_backtest.py [--quick] [--parts total,sex,origin]
[--in-fold] [--lowest-loss]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from migdev.stats.stock.backtest import (
    CANDIDATES,
    backtest,
    choose_by_cross_validation,
    cross_validation_folds,
    cv_loss,
    horizon_exponent,
    horizon_folds,
    interpolation_scale,
    naive_backtest,
    summarize_errors,
)
from migdev.stats.stock.engine import ENSEMBLE_KEYS, estimate_stock
from migdev.stats.stock.inputs import population_from_wpp, refugees_from_unhcr
from migdev.stats.stock.intervals import SITUATIONS, ErrorQuantiles, error_quantiles
from migdev.stats.stock.parts import PARTS
from migdev.stats.stock.readers import classification_from_un_table, read_un_workbook


def _data_dir() -> Path:
    env = os.environ.get("MIGDEV_SHARED_DATA")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[1]
    for base in (root, *root.parents):
        if (base.parent / "shared" / "data").is_dir():
            return base.parent / "shared" / "data"
    return root.parent / "shared" / "data"


DATA = _data_dir()
SCHEMES = (
    (
        "within revision: keep 1990/2000/2010/2020, estimate 1995/2005/2015",
        (1990, 2000, 2010, 2020),
        (1995, 2005, 2015),
        (2.0, 15.0),
    ),
    (
        "extrapolation: keep 1990-2010, estimate 2015/2020",
        (1990, 1995, 2000, 2005, 2010),
        (2015, 2020),
        (5.0, 20.0),
    ),
)


ORIGIN_FILE = "ims2020_origin_destination_by_sex_1990_2020.csv"


def _origins() -> pd.DataFrame:
    """Published stock by destination and origin, both sexes (IMS 2020)."""
    od = pd.read_csv(DATA / "migrant_stock" / ORIGIN_FILE)
    both = od.groupby(["dest_m49", "orig_m49", "year"], as_index=False)[
        "migrants"
    ].sum()
    return both.rename(columns={"dest_m49": "location_code", "orig_m49": "origin_code"})


def _load() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    table = read_un_workbook(
        DATA / "migrant_stock" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
        sheets=["Table 1"],
    )
    population = population_from_wpp(
        pd.read_csv(DATA / "population" / "wpp2019_total_population_1950_2100_long.csv")
    )
    classification = classification_from_un_table(table)
    names = pd.read_csv(
        DATA / "country_codes" / "iom_gdidata_countrynames.csv", keep_default_na=False
    )
    names = names[names["m49"].astype(str).str.strip() != ""]
    iso = dict(zip(names["iso3"], names["m49"].astype(int), strict=True))
    unhcr = pd.read_csv(
        DATA / "refugees" / "unhcr_forcibly_displaced_by_asylum_origin_1990_2024.csv"
    )
    refugees = refugees_from_unhcr(unhcr, iso3_to_m49=iso)
    return table, population, classification, refugees


SETTING_KEYS = (
    "method",
    "path",
    "linear_weight",
    "damping",
    "refugee_trend",
    "shrinkage",
    "parts",
)
FAMILIES = (
    (
        "exponential path",
        lambda r: (
            r["parts"] == "total"
            and r["path"] == "piecewise"
            and r["linear_weight"] == 0
            and r["shrinkage"] == 0
        ),
    ),
    (
        "blend of linear and exponential",
        lambda r: (
            r["parts"] == "total"
            and r["path"] == "piecewise"
            and 0 < r["linear_weight"] < 1
        ),
    ),
    ("linear path", lambda r: r["parts"] == "total" and r["linear_weight"] == 1),
    ("monotone cubic of the log (pchip)", lambda r: r["path"] == "pchip"),
    ("spline of the log (trend smoother)", lambda r: r["path"] == "spline"),
    (
        "damped extrapolation",
        lambda r: r["parts"] == "total" and r["damping"] < 1 and r["shrinkage"] == 0,
    ),
    (
        "shrunk towards comparable countries",
        lambda r: r["parts"] == "total" and r["shrinkage"] > 0,
    ),
    ("each sex interpolated, summed", lambda r: r["parts"] == "sex"),
    (
        "each origin interpolated, summed",
        lambda r: r["parts"] == "origin" and r["shrinkage"] == 0,
    ),
    (
        "each origin shrunk towards its emigrants elsewhere",
        lambda r: r["parts"] == "origin" and r["shrinkage"] > 0,
    ),
)

SMOOTHING = (0.01, 0.1, 1.0, 10.0, 100.0)
"""Ratios of observation noise to trend noise compared for the smoother."""


def _smoother_errors(
    table: pd.DataFrame,
    population: pd.DataFrame,
    keep: tuple[int, ...],
    held: tuple[int, ...],
    *,
    method: str,
    smoothing: float,
    damping: float,
) -> pd.DataFrame:
    """Errors of the local-linear-trend smoother with observation noise.

    The logarithm of the share (or count) follows an integrated random walk
    (local linear trend) observed with noise at the kept years; its
    smoothed state on the annual grid is the Kalman smoother's, computed
    as the equivalent penalised least squares (Whittaker-Henderson: fit
    plus ``smoothing`` times the squared second differences). Beyond the
    last kept year the smoothed level continues with ``damping`` times the
    smoothed slope (capped at 5 % a year, as the engine). Countries with
    a kept year missing or zero are left out.
    """
    pub = table[
        (table["measure"] == "migrants")
        & table["is_country"]
        & (table["sex"] == "both")
    ].drop_duplicates(["location_code", "year"])
    wide = pub.pivot_table(index="location_code", columns="year", values="value")
    pop = population[(population["sex"] == "both") & (population["age"] == "total")]
    pop_w = pop.pivot_table(index="location_code", columns="year", values="population")
    codes = wide.index.intersection(pop_w.index)
    years = sorted(set(keep) | set(held))
    obs = wide.reindex(index=codes, columns=list(keep)).to_numpy(dtype=np.float64)
    denominator = pop_w.reindex(index=codes, columns=years)
    if method == "share":
        obs = obs / denominator[list(keep)].to_numpy()
    ok = np.isfinite(obs).all(axis=1) & (obs > 0).all(axis=1)
    grid = np.arange(min(keep), max(keep) + 1)
    h = (grid[None, :] == np.asarray(keep)[:, None]).astype(np.float64)
    d = np.diff(np.eye(len(grid)), 2, axis=0)
    smooth = np.linalg.solve(h.T @ h + smoothing * d.T @ d, h.T @ np.log(obs[ok]).T).T
    slope = np.clip(smooth[:, -1] - smooth[:, -2], -0.05, 0.05) * damping
    out = []
    for year in held:
        if year <= grid[-1]:
            value = smooth[:, year - grid[0]]
        else:
            value = smooth[:, -1] + slope * (year - grid[-1])
        est = np.exp(value)
        if method == "share":
            est = est * denominator.loc[codes[ok], year].to_numpy()
        out.append(
            pd.DataFrame({"location_code": codes[ok], "year": year, "estimated": est})
        )
    frame = pd.concat(out, ignore_index=True)
    truth = pub[pub["year"].isin(list(held))][["location_code", "year", "value"]]
    frame = frame.merge(truth.astype({"year": "int64"}), on=["location_code", "year"])
    frame = frame[frame["value"] > 0].rename(columns={"value": "published"})
    frame["ape"] = 100 * (frame["estimated"] / frame["published"] - 1).abs()
    return frame


def _smoother_row(
    table: pd.DataFrame,
    population: pd.DataFrame,
    keep: tuple[int, ...],
    held: tuple[int, ...],
) -> tuple[str, pd.DataFrame]:
    """The smoother with its settings chosen by the same folds as the engine."""
    folds = cross_validation_folds(keep, held)
    dampings = (1.0,) if min(held) < max(keep) else (1.0, 0.5)
    best: tuple[float, dict[str, object]] | None = None
    for method in ("share", "count"):
        for smoothing in SMOOTHING:
            for damping in dampings:
                options = {"method": method, "smoothing": smoothing, "damping": damping}
                errors = pd.concat(
                    [
                        _smoother_errors(table, population, base, target, **options)
                        for base, target in folds
                    ]
                )
                loss = cv_loss(errors)
                if best is None or loss < best[0]:
                    best = (loss, options)
    assert best is not None
    options = best[1]
    label = (
        f"{options['method']}, noise ratio {options['smoothing']:g}, "
        f"damping {options['damping']:g}"
    )
    return label, _smoother_errors(table, population, keep, held, **options)


def _in_fold_choice(row: pd.Series) -> dict[str, object]:
    """The settings of a row of the cross-validation scores (the row with
    the lowest loss on the folds it was chosen on)."""
    if isinstance(row.get("members"), list):
        return {"ensemble": row["members"]}
    settings = {k: row[k] for k in SETTING_KEYS}
    settings["refugee_trend"] = bool(settings["refugee_trend"])
    return settings


def _engine_defaults() -> dict[str, object]:
    """The path settings ``estimate_stock`` uses when none are given."""
    parameters = inspect.signature(estimate_stock).parameters
    return {key: parameters[key].default for key in ENSEMBLE_KEYS}


def _brief(settings: dict[str, object]) -> str:
    settings = {
        "method": "share",
        "path": "piecewise",
        "linear_weight": 0.0,
        "damping": 1.0,
        "shrinkage": 0.0,
        "refugee_trend": False,
        "parts": "total",
        **settings,
    }
    return (
        f"{settings['method']}, {settings['path']}, linear {settings['linear_weight']:g}, "
        f"damping {settings['damping']:g}, shrinkage {settings['shrinkage']:g}, "
        f"refugee trend {'on' if settings['refugee_trend'] else 'off'}"
        + ("" if settings["parts"] == "total" else f", by {settings['parts']}")
    )


def _row(label: str, s: dict[str, float], target: tuple[float, float] | None) -> str:
    met = ""
    if target is not None:
        ok_med, ok_p90 = s["median_ape"] <= target[0], s["p90_ape"] <= target[1]
        met = f"  median {'met' if ok_med else 'MISSED'}, p90 {'met' if ok_p90 else 'MISSED'}"
    return f"  {label:<44} {int(s['n']):>5} {s['median_ape']:>7.2f} {s['p90_ape']:>7.2f}{met}"


def _coverage(errors: pd.DataFrame, quantiles: ErrorQuantiles) -> dict[str, float]:
    q = quantiles.bounds(errors["situation"].to_numpy(dtype=object))
    lr = errors["log_ratio"].to_numpy(dtype=np.float64)
    in80 = (lr >= q[:, 1]) & (lr <= q[:, 2])
    in95 = (lr >= q[:, 0]) & (lr <= q[:, 3])
    return {"80": 100 * float(in80.mean()), "95": 100 * float(in95.mean())}


def _fold_calibration(errors: pd.DataFrame, /) -> tuple[float, float]:
    """Factors on the 80 % and 95 % percentiles, by leave-one-fold-out.

    The percentiles of each situation are taken from all folds but one and
    checked on the fold left out, for every fold in turn; the factor of a
    level is the smallest multiplier of those percentiles under which the
    left-out errors are covered at the level's rate (80 %, 95 %). A factor
    below 1 says that percentiles carried from some folds to another cover
    too much (the errors of the other folds were wider), above 1 too
    little. Only the errors passed in are used (the cross-validation folds
    inside the kept years), so the intervals are never fitted on the
    points they are scored on.

    ``errors``: ``fold``, ``situation`` and ``log_ratio`` per cell (of
    ``choose_by_cross_validation``). Returns ``(k80, k95)``, ``(1.0, 1.0)``
    with fewer than two folds.
    """
    frame = errors[np.isfinite(errors["log_ratio"])]
    folds = sorted(frame["fold"].unique()) if "fold" in frame else []
    if len(folds) < 2:
        return 1.0, 1.0
    factors = []
    for level in (0.80, 0.95):
        alpha = (1.0 - level) / 2
        needed: list[np.ndarray] = []
        for fold in folds:
            train = frame[frame["fold"] != fold]
            test = frame[(frame["fold"] == fold)]
            q = train.groupby("situation")["log_ratio"].quantile([alpha, 1 - alpha])
            q = q.unstack()
            test = test[test["situation"].isin(q.index)]
            if test.empty:
                continue
            lo = np.minimum(q.loc[test["situation"], alpha].to_numpy(), -1e-12)
            hi = np.maximum(q.loc[test["situation"], 1 - alpha].to_numpy(), 1e-12)
            x = test["log_ratio"].to_numpy(dtype=np.float64)
            # The smallest multiplier of (lo, hi) that covers x.
            needed.append(np.where(x >= 0, x / hi, x / lo))
        if not needed:
            return 1.0, 1.0
        k = np.concatenate(needed)
        factors.append(float(np.quantile(k, level, method="inverted_cdf")))
    return factors[0], factors[1]


def _print_default_errors(
    table: pd.DataFrame,
    population: pd.DataFrame,
    refugees: pd.DataFrame,
    common: dict[str, pd.DataFrame],
) -> None:
    """Print the error percentiles by situation of the engine's defaults."""
    # Error percentiles for every situation, for `--intervals`: those of the
    # engine's default settings (what `migdev stock estimate` runs) on the
    # same folds inside the kept years of both schemes, plus single
    # observations, imputation and 20-year extrapolations.
    defaults = _engine_defaults()
    print(f"\nengine defaults ({_brief(defaults)}), for the intervals:")
    all_cv = []
    for _label, keep, held, _ in SCHEMES:
        interpolating = min(held) < max(keep)
        settings = {**defaults, "damping": 1.0} if interpolating else defaults
        _, _, errors = choose_by_cross_validation(
            table,
            population,
            keep_years=keep,
            held_out=held,
            refugees=refugees,
            candidates=[settings],
            ensembles=(),
            **common,
        )
        if interpolating:
            horizon = pd.concat(
                [
                    backtest(
                        table,
                        population,
                        keep_years=base,
                        held_out=target,
                        refugees=refugees,
                        **settings,
                        **common,
                    )
                    for base, target in horizon_folds(keep)
                ],
                ignore_index=True,
            )
            exponent = horizon_exponent(horizon)
            factor = interpolation_scale(keep, held, exponent=exponent)
            print(
                f"  growth of the error with the distance: exponent {exponent:.2f}, "
                f"interpolation errors scaled by {factor:.3f}"
            )
            errors = errors.assign(
                log_ratio=np.where(
                    errors["situation"] == "interpolated",
                    errors["log_ratio"] * factor,
                    errors["log_ratio"],
                )
            )
        all_cv.append(errors)
    extra = [
        backtest(
            table,
            population,
            keep_years=(2010,),
            held_out=(2000, 2005, 2015, 2020),
            refugees=refugees,
            **defaults,
            **common,
        ),
        backtest(
            table,
            population,
            keep_years=(1990, 2000, 2010, 2020),
            held_out=(1995, 2005, 2015),
            refugees=refugees,
            impute_every=4,
            **defaults,
            **common,
        ),
    ]
    # More than 10 years from an observation: measured by extrapolating 20
    # years inside 1990/2000/2010/2020 (1990/2000 estimate 2020, 2010/2020
    # estimate 1990).
    far = pd.concat(
        [
            backtest(
                table,
                population,
                keep_years=base,
                held_out=target,
                refugees=refugees,
                **defaults,
                **common,
            )
            for base, target in horizon_folds(SCHEMES[0][1])
        ],
        ignore_index=True,
    )
    far = far[far["situation"] == "extrapolated 11+"]
    extra.append(far)
    pooled = error_quantiles(pd.concat([*all_cv, *extra], ignore_index=True))
    print(
        "\nerror percentiles of ln(estimate / published) by data situation "
        "(engine defaults; intervals.DEFAULT_ERRORS)"
    )
    print(
        f"  {'situation':<20} {'n':>5} {'q2.5':>8} {'q10':>8} {'q90':>8} {'q97.5':>8}"
    )
    for name in SITUATIONS[1:]:
        if name not in pooled.table.index:
            print(f"  {name:<20} {0:>5}   (none in the back-tests)")
            continue
        r = pooled.table.loc[name]
        print(
            f"  {name:<20} {int(r['n']):>5} {r['q025']:>8.3f} {r['q10']:>8.3f} "
            f"{r['q90']:>8.3f} {r['q975']:>8.3f}"
        )
    table_q = pooled.table
    if {"extrapolated 6-10", "extrapolated 11+"} <= set(table_q.index):
        mid, beyond = table_q.loc["extrapolated 6-10"], table_q.loc["extrapolated 11+"]
        print(
            "  'extrapolated 11+' (20 years from the nearest observation) against "
            "'extrapolated 6-10': width of the 80% range "
            f"{(beyond['q90'] - beyond['q10']) / (mid['q90'] - mid['q10']):.2f}x, "
            f"of the 95% range {(beyond['q975'] - beyond['q025']) / (mid['q975'] - mid['q025']):.2f}x"
        )


def _print_choice(best: dict[str, object], scores: pd.DataFrame) -> None:
    """Print the cross-validation scores, the ways of choosing scored out of
    fold and the settings chosen."""
    print("  cross-validation inside the kept years (best 5 of", len(scores), "):")
    for _, r in scores.head(5).iterrows():
        print(
            f"    method={r['method']:<5} path={r['path']:<9} "
            f"linear_weight={r['linear_weight']:.2f} "
            f"damping={r['damping']:.1f} refugee_trend={bool(r['refugee_trend'])!s:<5} "
            f"shrinkage={r['shrinkage']:.1f} parts={r['parts'] if isinstance(r['parts'], str) else ''}"
            f"  median {r['median_ape']:.2f} p90 {r['p90_ape']:.2f} loss {r['loss']:.2f}"
        )
    nested = scores.attrs.get("nested")
    if nested is not None:
        print(
            "  ways of choosing, scored out of fold (chosen on the other fold's "
            "errors, scored on the fold left out):"
        )
        for _, r in pd.DataFrame(nested).iterrows():
            print(
                f"    {r['procedure']:<20} n {int(r['n']):>4}  median {r['median_ape']:.2f} "
                f"p90 {r['p90_ape']:.2f} loss {r['loss']:.2f} (se {r['se']:.2f})"
            )
        rule = (
            "the least free way within one standard error of the lowest loss"
            if scores.attrs.get("rule") == "one-se"
            else "the lowest loss"
        )
        print(
            f"  chosen way ({rule}): {scores.attrs['procedure']}, applied to both folds"
        )
    if "ensemble" in best:
        draws = Counter(tuple(sorted(m.items())) for m in best["ensemble"])
        if len(draws) < len(best["ensemble"]):
            print(
                f"  chosen: the weighted geometric mean of {len(draws)} candidates' "
                f"paths (forward selection, {len(best['ensemble'])} draws):"
            )
            for key, n in draws.most_common():
                print(
                    f"    weight {n / len(best['ensemble']):.2f}: {_brief(dict(key))}"
                )
        else:
            print(
                f"  chosen: the geometric mean of the {len(best['ensemble'])} best "
                "candidates' paths:"
            )
            for member in best["ensemble"][:6]:
                print(f"    {_brief(member)}")
            if len(best["ensemble"]) > 6:
                print(f"    ... and {len(best['ensemble']) - 6} more")
        members = [
            {k: (v.item() if hasattr(v, "item") else v) for k, v in m.items()}
            for m in best["ensemble"]
        ]
        print(f"  as --ensemble: {json.dumps(members, separators=(',', ':'))}")
    else:
        print(f"  chosen: {_brief(best)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="compare only a few candidate settings"
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="what the candidates may interpolate: comma-separated among "
        f"{', '.join(PARTS)} (default: all)",
    )
    parser.add_argument(
        "--in-fold",
        action="store_true",
        help="choose by the loss on the folds the choice is made on, as before "
        "the ways of choosing were scored out of fold",
    )
    parser.add_argument(
        "--lowest-loss",
        action="store_true",
        help="apply the way of choosing with the lowest out-of-fold loss, as "
        "before the one-standard-error rule",
    )
    args = parser.parse_args(argv)
    parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    if not parts or set(parts) - set(PARTS):
        parser.error(f"--parts takes {', '.join(PARTS)}, not {args.parts!r}")
    needed = [
        DATA / "migrant_stock" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
        DATA / "population" / "wpp2019_total_population_1950_2100_long.csv",
        DATA / "refugees" / "unhcr_forcibly_displaced_by_asylum_origin_1990_2024.csv",
        DATA / "country_codes" / "iom_gdidata_countrynames.csv",
    ]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        sys.stderr.write(f"../shared/data is absent: need {', '.join(missing)}\n")
        return 2
    started = time.perf_counter()
    table, population, classification, refugees = _load()
    candidates = tuple(c for c in CANDIDATES if c["parts"] in parts)
    if args.quick:
        candidates = tuple(
            c for c in candidates if c["method"] == "count" and c["refugee_trend"]
        )
    common = {"classification": classification, "origins": _origins()}
    print(
        "IMS 2020 Table 1 (both sexes); population WPP 2019; refugees UNHCR (mid-year)"
    )
    print("APE = absolute percentage error, in percent")
    for label, keep, held, target in SCHEMES:
        print(f"\n{label}")
        best, scores, cv_errors = choose_by_cross_validation(
            table,
            population,
            keep_years=keep,
            held_out=held,
            refugees=refugees,
            candidates=candidates,
            nested=not args.in_fold,
            rule="lowest" if args.lowest_loss else "one-se",
            **common,
        )
        _print_choice(best, scores)
        in_fold = _in_fold_choice(scores.iloc[0])
        nested = scores.attrs.get("nested")

        def held_out_errors(settings: dict, keep=keep, held=held) -> pd.DataFrame:
            """The errors on the held-out years of ``settings``."""
            return backtest(
                table,
                population,
                keep_years=keep,
                held_out=held,
                refugees=refugees,
                **settings,
                **common,
            )

        chosen = held_out_errors(best)
        un_method = backtest(
            table, population, keep_years=keep, held_out=held, **common
        )
        print(f"  {'held-out years':<44} {'n':>5} {'median':>7} {'p90':>7}")
        print(
            _row(
                "engine, settings chosen by cross-validation",
                summarize_errors(chosen),
                target,
            )
        )
        if nested is not None:
            before = held_out_errors(in_fold)
            print(
                _row(
                    "engine, lowest in-fold loss (not chosen)",
                    summarize_errors(before),
                    None,
                )
                + f"  [{scores['method'].iloc[0]}]"
            )
        print(
            _row(
                "engine, UN method (exponential share)",
                summarize_errors(un_method),
                None,
            )
        )
        for kind in ("linear", "exponential"):
            naive = naive_backtest(table, keep_years=keep, held_out=held, kind=kind)
            print(_row(f"naive {kind} (counts)", summarize_errors(naive), None))
        label_s, smoother = _smoother_row(table, population, keep, held)
        print(
            _row("noisy local-linear-trend smoother", summarize_errors(smoother), None)
            + f"  [chosen by the same folds: {label_s}; no refugee series]"
        )
        print(
            "  each family's best settings by cross-validation, on the held-out years:"
        )
        for name, pick in FAMILIES:
            family = scores[[bool(pick(r)) for _, r in scores.iterrows()]]
            if family.empty:
                continue
            settings = {k: family.iloc[0][k] for k in SETTING_KEYS}
            settings["refugee_trend"] = bool(settings["refugee_trend"])
            errors = held_out_errors(settings)
            print(
                _row(f"  {name}", summarize_errors(errors), None)
                + f"  [{_brief(settings)}]"
            )
        scale = None
        if min(held) < max(keep):
            # Cross-validation inside 1990/2000/2010/2020 interpolates over
            # 20-year gaps, the held-out years lie in 10-year gaps: how the
            # error grows with the distance is measured inside the kept years
            # (extrapolating one and two steps from either end).
            horizon = pd.concat(
                [
                    backtest(
                        table,
                        population,
                        keep_years=base,
                        held_out=target,
                        refugees=refugees,
                        **best,
                        **common,
                    )
                    for base, target in horizon_folds(keep)
                ],
                ignore_index=True,
            )
            exponent = horizon_exponent(horizon)
            factor = interpolation_scale(keep, held, exponent=exponent)
            scale = {"interpolated": factor}
            widths = ", ".join(
                f"{int(d)} years {np.quantile(g, 0.9) - np.quantile(g, 0.1):.3f}"
                for d, g in horizon[np.isfinite(horizon["log_ratio"])].groupby(
                    "distance"
                )["log_ratio"]
            )
            print(
                f"  error growth inside the kept years (width of the central 80% of "
                f"ln(estimate/published) by distance: {widths}): exponent "
                f"{exponent:.2f}; interpolation errors scaled by {factor:.3f} from "
                "the folds' gaps to the held-out years' gaps"
            )
        quantiles = error_quantiles(cv_errors, scale=scale)
        cover = _coverage(chosen, quantiles)
        ok80 = 75.0 <= cover["80"] <= 85.0
        ok95 = 90.0 <= cover["95"] <= 98.0
        print(
            f"  interval calibration on the held-out years (intervals from the "
            f"cross-validation errors): 80% interval covers {cover['80']:.1f}% "
            f"({'met' if ok80 else 'MISSED'}, target 75-85), 95% interval covers "
            f"{cover['95']:.1f}% ({'met' if ok95 else 'MISSED'}, target 90-98)"
        )
        k80, k95 = _fold_calibration(cv_errors)
        print(
            "  leave-one-fold-out check inside the kept years: the percentiles of "
            f"the other folds need factors {k80:.2f} (80%) and {k95:.2f} (95%) to "
            "cover the left-out fold at the nominal rate (not applied)"
        )

    _print_default_errors(table, population, refugees, common)
    print(f"\ntotal time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
