"""Uncertainty intervals of the estimated migrant stock.

No official migrant-stock table gives an interval. migdev derives them
from its own back-tests: the published figures of the kept years are
re-estimated by cross-validation (see :mod:`migdev.stats.stock.backtest`),
and the spread of the errors ``ln(estimate / published)`` in each *data
situation* gives the interval of every cell in that situation:

* ``observed`` — the cell is an observation (no interval is given: the
  value is the source's);
* ``interpolated`` — between two observations (the percentiles are those
  of the middle of a 10-year gap, scaled to the cell's gap and position
  by :func:`gap_factor` with the growth of the error measured in the
  back-test);
* ``extrapolated 1-5``, ``extrapolated 6-10``, ``extrapolated 11+`` —
  beyond the observations, by years from the nearest one (``11+`` is
  measured 20 years out, so it is on the wide side for 11 to 19 years);
* ``single observation`` — carried with the comparable countries' trend;
* ``imputed`` — no observation.

An 80 % interval of a cell estimated at ``x`` is
``[x exp(-q90), x exp(-q10)]`` where ``q10`` and ``q90`` are the 10th and
90th percentiles of the errors of its situation (2.5th and 97.5th for the
95 % interval). Aggregates add their countries' errors as independent,
each with the normal spread that matches its 80 % interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.aggregate import membership
from migdev.stats.stock.interpolate import EXTRAPOLATED, IMPUTED, INTERPOLATED, OBSERVED

if TYPE_CHECKING:
    from migdev.stats.stock.engine import StockEstimate

__all__ = [
    "DEFAULT_ERRORS",
    "SITUATIONS",
    "ErrorQuantiles",
    "aggregate_intervals",
    "cell_intervals",
    "error_quantiles",
    "gap_factor",
    "situations",
]

FloatArray = npt.NDArray[np.float64]

SITUATIONS: Final = (
    "observed",
    "interpolated",
    "extrapolated 1-5",
    "extrapolated 6-10",
    "extrapolated 11+",
    "single observation",
    "imputed",
)
QUANTILES: Final = (0.025, 0.10, 0.90, 0.975)
Z80: Final = 1.2815515655446004


def situations(
    status: npt.NDArray[np.int64],
    distance: FloatArray,
    n_obs: npt.NDArray[np.int64],
) -> npt.NDArray[np.object_]:
    """``[location, year]`` data situation of each cell (see the module)."""
    d = np.nan_to_num(distance, nan=np.inf, posinf=np.inf)
    out = np.full(status.shape, "imputed", dtype=object)
    out[status == OBSERVED] = "observed"
    out[status == INTERPOLATED] = "interpolated"
    ext = status == EXTRAPOLATED
    out[ext & (d <= 5.5)] = "extrapolated 1-5"
    out[ext & (d > 5.5) & (d <= 10.5)] = "extrapolated 6-10"
    out[ext & (d > 10.5)] = "extrapolated 11+"
    single = (n_obs == 1)[:, None] & (status != OBSERVED)
    out[single] = "single observation"
    out[status == IMPUTED] = "imputed"
    return out


@dataclass(frozen=True)
class ErrorQuantiles:
    """Percentiles of ``ln(estimate / published)`` by data situation.

    Attributes
    ----------
    table :
        Indexed by situation; columns ``q025``, ``q10``, ``q90``, ``q975``
        and ``n`` (errors behind them).
    source :
        How the figures were obtained.
    """

    table: pd.DataFrame
    source: str = ""
    reference_gap: float = 10.0
    """Gap between observations, in years, at whose middle the
    ``interpolated`` percentiles were measured."""
    exponent: float = 0.0
    """Growth of the error with the distance (``horizon_exponent`` of the
    back-test; 0 leaves the ``interpolated`` percentiles as they are)."""

    def bounds(
        self,
        labels: npt.NDArray[np.object_],
        /,
        *,
        gap: FloatArray | None = None,
        distance: FloatArray | None = None,
    ) -> FloatArray:
        """``[..., 4]`` quantiles for each label (zeros for ``observed``).

        With ``gap`` and ``distance`` (same shape as ``labels``), an
        interpolated cell's percentiles are scaled by ``(e / (reference_gap
        / 2)) ** exponent`` where ``e = 2 d (G - d) / G`` is its effective
        distance (``d`` years from the nearest observation in a gap of
        ``G`` years; ``e = G / 2`` at the middle of the gap, ``e`` near
        ``2 d`` close to an observation).
        """
        table = self.table.reindex(list(SITUATIONS))
        table = _fill_missing(table)
        values = table[["q025", "q10", "q90", "q975"]].to_numpy(dtype=np.float64)
        index = pd.Index(list(SITUATIONS)).get_indexer(pd.Index(labels.ravel()))
        out = values[index].reshape((*labels.shape, 4))
        if gap is not None and distance is not None and self.exponent != 0.0:
            out = (
                out
                * gap_factor(
                    gap,
                    distance,
                    reference_gap=self.reference_gap,
                    exponent=self.exponent,
                )[..., None]
            )
        return out


def gap_factor(
    gap: FloatArray,
    distance: FloatArray,
    /,
    *,
    reference_gap: float,
    exponent: float,
) -> FloatArray:
    """Scale of an interpolated cell's error relative to the middle of a
    ``reference_gap`` (1 where ``gap`` is ``NaN``: not interpolated)."""
    g = np.asarray(gap, dtype=np.float64)
    d = np.minimum(np.asarray(distance, dtype=np.float64), g / 2)
    with np.errstate(all="ignore"):
        effective = 2 * d * (g - d) / g
        factor = (effective / (reference_gap / 2)) ** exponent
    return np.where(np.isfinite(factor) & (factor > 0), factor, 1.0)


def _fill_missing(table: pd.DataFrame) -> pd.DataFrame:
    # A situation the back-tests did not see borrows the next wider one.
    order = list(SITUATIONS)
    table = table.copy()
    table.loc["observed", ["q025", "q10", "q90", "q975"]] = 0.0
    for i, name in enumerate(order[1:], start=1):
        if table.loc[name, ["q025", "q10", "q90", "q975"]].isna().any():
            have = table["q10"].notna()
            wider = [n for n in order[i + 1 :] if bool(have[n])]
            donor = wider[0] if wider else order[i - 1]
            table.loc[name, ["q025", "q10", "q90", "q975"]] = table.loc[
                donor, ["q025", "q10", "q90", "q975"]
            ]
    return table


def error_quantiles(
    errors: pd.DataFrame, /, *, scale: dict[str, float] | None = None, source: str = ""
) -> ErrorQuantiles:
    """Percentiles of the back-test errors by situation.

    Parameters
    ----------
    errors :
        ``situation`` and ``log_ratio`` (``ln(estimate / published)``) per
        back-tested cell.
    scale :
        Factor per situation applied to the errors (e.g. to carry errors
        measured over a wider gap to a narrower one).
    """
    frame = errors[np.isfinite(errors["log_ratio"])]
    rows = {}
    for name, part in frame.groupby("situation"):
        lr = part["log_ratio"].to_numpy(dtype=np.float64)
        lr = lr * (scale or {}).get(str(name), 1.0)
        q = np.quantile(lr, QUANTILES)
        rows[str(name)] = {
            "q025": q[0],
            "q10": q[1],
            "q90": q[2],
            "q975": q[3],
            "n": len(lr),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    return ErrorQuantiles(table=table, source=source)


def _interval(x: FloatArray, q: FloatArray) -> dict[str, FloatArray]:
    # truth = estimate / exp(error): high errors give the lower bound.
    return {
        "lower_95": x * np.exp(-q[..., 3]),
        "lower_80": x * np.exp(-q[..., 2]),
        "upper_80": x * np.exp(-q[..., 1]),
        "upper_95": x * np.exp(-q[..., 0]),
    }


def cell_intervals(
    result: StockEstimate, errors: ErrorQuantiles | None = None, /
) -> pd.DataFrame:
    """80 % and 95 % intervals of every country total, by sex too.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``year``, ``situation`` and, for ``migrants``,
        ``migrants_male`` and ``migrants_female``, the columns
        ``<measure>_lower_80``, ``_upper_80``, ``_lower_95``, ``_upper_95``.
        Refugees added from the refugee table are taken as known.
    """
    errors = errors or DEFAULT_ERRORS
    labels = _labels(result)
    q = errors.bounds(labels, gap=result.gap, distance=result.distance)
    n_loc, n_year = result.total.shape
    frame: dict[str, object] = {
        "location_code": np.repeat(result.locations, n_year),
        "year": np.tile(result.years, n_loc),
        "situation": labels.ravel(),
    }
    sex_tot = result.sex_age.sum(axis=3)
    with np.errstate(all="ignore"):
        ref_share = np.where(
            result.total > 0, result.refugees_added / result.total, 0.0
        )
    for name, values in (
        ("migrants", result.total),
        ("migrants_male", sex_tot[:, :, 0]),
        ("migrants_female", sex_tot[:, :, 1]),
    ):
        known = values * ref_share
        for key, bound in _interval(values - known, q).items():
            frame[f"{name}_{key}"] = (bound + known).ravel()
    return pd.DataFrame(frame)


def _labels(result: StockEstimate) -> npt.NDArray[np.object_]:
    distance = (
        result.distance
        if result.distance is not None
        else np.full(result.total.shape, np.inf)
    )
    n_obs = (
        result.n_obs
        if result.n_obs is not None
        else np.full(len(result.locations), 2, dtype=np.int64)
    )
    return situations(result.status, distance, n_obs)


def aggregate_intervals(
    result: StockEstimate,
    errors: ErrorQuantiles | None = None,
    /,
    *,
    classification: pd.DataFrame | None = None,
    exclude: frozenset[int] | None = None,
) -> pd.DataFrame:
    """80 % and 95 % intervals of the aggregates.

    Each country's error is taken as normal on the count scale, centred on
    the middle of its interval with the spread of its 80 % (95 %)
    interval; countries are independent. Returns ``location_code``,
    ``year`` and ``migrants_lower_80`` … ``migrants_upper_95``.
    """
    from migdev.stats.stock.engine import NOT_IN_UN_TOTALS

    errors = errors or DEFAULT_ERRORS
    q = errors.bounds(_labels(result), gap=result.gap, distance=result.distance)
    with np.errstate(all="ignore"):
        ref_share = np.where(
            result.total > 0, result.refugees_added / result.total, 0.0
        )
    x = result.total * (1 - ref_share)
    known = result.total * ref_share
    b = _interval(x, q)
    groups = membership(result.locations, classification or result.classification)
    drop = np.isin(result.locations, np.asarray(sorted(exclude or NOT_IN_UN_TOTALS)))
    matrix = groups.matrix * ~drop[None, :]
    n_group, n_year = matrix.shape[0], len(result.years)
    out: dict[str, object] = {
        "location_code": np.repeat(groups.codes, n_year),
        "year": np.tile(result.years, n_group),
    }
    for level, lo, hi, z in (
        ("80", "lower_80", "upper_80", Z80),
        ("95", "lower_95", "upper_95", 1.959963984540054),
    ):
        centre = (b[lo] + b[hi]) / 2 + known
        sd = (b[hi] - b[lo]) / (2 * z)
        mid = np.nan_to_num(matrix @ np.nan_to_num(centre))
        spread = np.sqrt(matrix @ np.nan_to_num(sd) ** 2)
        out[f"migrants_lower_{level}"] = np.maximum(mid - z * spread, 0.0).ravel()
        out[f"migrants_upper_{level}"] = (mid + z * spread).ravel()
    return pd.DataFrame(out)


DEFAULT_ERRORS: Final = ErrorQuantiles(
    table=pd.DataFrame(
        {
            "q025": [0.0, -0.219, -0.405, -0.668, -0.974, -0.531, -2.180],
            "q10": [0.0, -0.106, -0.175, -0.358, -0.542, -0.241, -1.679],
            "q90": [0.0, 0.095, 0.116, 0.265, 0.569, 0.239, 1.763],
            "q975": [0.0, 0.232, 0.251, 0.516, 1.230, 0.504, 2.895],
            "n": [0, 456, 456, 228, 456, 926, 172],
        },
        index=list(SITUATIONS),
    ),
    reference_gap=10.0,
    exponent=0.87,
    source=(
        "benchmarks/stock_backtest.py on IMS 2020 Table 1 with WPP 2019 and UNHCR, "
        "the engine's default settings: "
        "cross-validation errors inside the kept years of both schemes "
        "(interpolation errors carried from 20- to 10-year gaps by (1/2)**0.87, "
        "the growth of the error with the distance measured inside the kept "
        "years), "
        "single observations (keep 2010), imputation (every 4th country "
        "hidden) and 20-year extrapolations inside 1990/2000/2010/2020 "
        "(1990/2000 estimate 2020, 2010/2020 estimate 1990) for "
        "'extrapolated 11+'"
    ),
)
"""Error percentiles by situation measured by ``benchmarks/stock_backtest.py``
(see :attr:`ErrorQuantiles.source`); used by :func:`cell_intervals` and
:func:`aggregate_intervals` unless other percentiles are given."""
