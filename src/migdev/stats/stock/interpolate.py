"""Interpolation and extrapolation of migrant stocks between observation dates.

All functions work on every country at once: observations are padded
arrays ``[location, k]`` sorted by time (``NaN`` after the last one), targets
a shared vector of decimal years.

References
----------
United Nations, Department of Economic and Social Affairs, Population
Division (2020). *International Migrant Stock 2020: Methodology*
(POP/DB/MIG/Stock/Rev.2020), section "Estimation of the migrant stock":
two or more observations are interpolated and extrapolated exponentially,
one observation is carried with the trend of comparable countries, none
is imputed from a model of comparable countries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "EXTRAPOLATED",
    "IMPUTED",
    "INTERPOLATED",
    "NO_DATA",
    "OBSERVED",
    "STATUS_LABELS",
    "Bracket",
    "InterpolationMethod",
    "bracket_targets",
    "decimal_year",
    "interpolate_exponential",
    "interpolate_linear",
    "mid_year",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NO_DATA: Final = 0
OBSERVED: Final = 1
INTERPOLATED: Final = 2
EXTRAPOLATED: Final = 3
IMPUTED: Final = 4
STATUS_LABELS: Final = ("none", "observed", "interpolated", "extrapolated", "imputed")

InterpolationMethod = Literal["share", "count"]
"""What is interpolated exponentially: the migrant share of the population
(then multiplied by the population, the default) or the count itself."""


def decimal_year(dates: npt.ArrayLike) -> FloatArray:
    """Return dates as decimal years (1 January 2000 is 2000.0).

    Parameters
    ----------
    dates :
        Anything :func:`numpy.asarray` turns into ``datetime64``.

    Returns
    -------
    numpy.ndarray
        Float years; 1 July of a common year is ``year + 181/365``.
    """
    values = np.asarray(dates, dtype="datetime64[s]")
    years = values.astype("datetime64[Y]")
    start = years.astype("datetime64[s]")
    end = (years + 1).astype("datetime64[s]")
    frac = (values - start).astype(np.float64) / (end - start).astype(np.float64)
    return np.asarray(years.astype(np.float64) + 1970.0 + frac, dtype=np.float64)


def mid_year(years: npt.ArrayLike) -> FloatArray:
    """Return 1 July of each year as a decimal year (UN DESA reference date)."""
    ys = np.asarray(years, dtype=np.int64)
    dates = np.array([np.datetime64(date(int(y), 7, 1), "s") for y in ys.ravel()])
    return decimal_year(dates).reshape(ys.shape)


@dataclass(frozen=True)
class Bracket:
    """Where each target time falls among a location's observations.

    Attributes
    ----------
    left, right :
        ``[location, target]`` indices of the two observations used (equal
        when only one is used).
    anchor :
        Index of the observation the value is anchored on: ``left`` when
        interpolating or extrapolating backwards, ``right`` when
        extrapolating forwards.
    status :
        :data:`OBSERVED`, :data:`INTERPOLATED`, :data:`EXTRAPOLATED` or
        :data:`NO_DATA`.
    n_obs :
        Observations per location.
    """

    left: IntArray
    right: IntArray
    anchor: IntArray
    status: IntArray
    n_obs: IntArray


def bracket_targets(
    t_obs: FloatArray, targets: FloatArray, /, *, atol: float = 1.5 / 365
) -> Bracket:
    """Locate each target time among each location's observation times.

    Parameters
    ----------
    t_obs :
        ``[location, k]`` decimal years, ascending, ``NaN``-padded at the end.
    targets :
        ``[target]`` decimal years.
    atol :
        Observations closer than this to a target count as taken on it.

    Returns
    -------
    Bracket
    """
    n_obs = (~np.isnan(t_obs)).sum(axis=1).astype(np.int64)
    t = np.where(np.isnan(t_obs), np.inf, t_obs)
    pos = (t[:, :, None] <= targets[None, None, :] + atol).sum(axis=1)
    n = n_obs[:, None]
    prev = np.clip(pos - 1, 0, None)
    t_prev = np.take_along_axis(t, prev, axis=1)
    exact = (pos > 0) & (np.abs(t_prev - targets[None, :]) <= atol)

    left = np.where(pos >= n, n - 2, pos - 1)
    left = np.clip(left, 0, None)
    right = np.minimum(left + 1, np.maximum(n - 1, 0))
    status = np.where((pos == 0) | (pos >= n), EXTRAPOLATED, INTERPOLATED).astype(
        np.int64
    )
    anchor = np.where(pos >= n, right, left)
    single = n == 1
    left = np.where(single, 0, left)
    right = np.where(single, 0, right)
    anchor = np.where(single, 0, anchor)
    status = np.where(single, EXTRAPOLATED, status)
    left = np.where(exact, prev, left)
    right = np.where(exact, prev, right)
    anchor = np.where(exact, prev, anchor)
    status = np.where(exact, OBSERVED, status)
    status = np.where(n == 0, NO_DATA, status)
    zero = np.zeros_like(left)
    return Bracket(
        left=np.where(n == 0, zero, left).astype(np.int64),
        right=np.where(n == 0, zero, right).astype(np.int64),
        anchor=np.where(n == 0, zero, anchor).astype(np.int64),
        status=status,
        n_obs=n_obs,
    )


def _take(values: FloatArray, index: IntArray) -> FloatArray:
    """``values[l, index[l, j], ...]`` for every location and target."""
    idx = index.reshape(index.shape + (1,) * (values.ndim - 2))
    return np.take_along_axis(values, idx, axis=1)


def interpolate_exponential(
    t_obs: FloatArray,
    y_obs: FloatArray,
    targets: FloatArray,
    /,
    *,
    max_rate: float = 0.05,
    bracket: Bracket | None = None,
    linear_weight: float = 0.0,
    damping: float = 1.0,
    prior_rate: FloatArray | None = None,
    shrinkage: float = 0.0,
) -> tuple[FloatArray, Bracket]:
    """Interpolate and extrapolate values exponentially to target times.

    Parameters
    ----------
    t_obs :
        ``[location, k]`` observation times (see :func:`bracket_targets`).
    y_obs :
        ``[location, k]`` observed values (share or count), non-negative.
    targets :
        ``[target]`` decimal years.
    max_rate :
        Cap on the absolute annual exponential rate used to extrapolate
        beyond the first or last observation (0.05 is 5 % a year); the
        interpolated part is never capped.
    bracket :
        A bracket already computed for the same ``t_obs`` and ``targets``.
    linear_weight :
        Weight of the linear path in a blend with the exponential one (0,
        the default, is the exponential path of the UN method; 1 is linear
        interpolation). Beyond the observations the linear path continues
        the slope of the nearest interval, kept within the capped
        exponential rate on either side.
    damping :
        Factor applied to the rate (or slope) used beyond the observations
        (1 keeps it, 0 holds the nearest observation constant).
    prior_rate, shrinkage :
        ``[location]`` annual rates (e.g. of comparable countries) towards
        which the rate used beyond the observations is pulled:
        ``(1 - shrinkage) * own + shrinkage * prior``.

    Returns
    -------
    values : numpy.ndarray
        ``[location, target]``; ``NaN`` where a location has no observation.
        Between two observations ``y(t) = y1 * exp(r (t - t1))`` with
        ``r = ln(y2 / y1) / (t2 - t1)``; a zero at either end falls back to
        linear interpolation; a single observation is carried constant.
    bracket : Bracket

    Notes
    -----
    UN DESA extrapolates with the rate of the nearest interval. Capping the
    rate keeps a short, steep interval from exploding decades away; this
    is a migdev departure, set ``max_rate=np.inf`` to remove it.
    """
    b = bracket if bracket is not None else bracket_targets(t_obs, targets)
    t = np.nan_to_num(t_obs, nan=0.0)
    y = np.nan_to_num(y_obs, nan=0.0)
    tl, tr, ta = _take(t, b.left), _take(t, b.right), _take(t, b.anchor)
    yl, yr, ya = _take(y, b.left), _take(y, b.right), _take(y, b.anchor)
    dt = np.where(tr > tl, tr - tl, 1.0)
    positive = (yl > 0) & (yr > 0)
    with np.errstate(all="ignore"):
        log_ratio = np.log(np.where(positive, yr, 1.0)) - np.log(
            np.where(positive, yl, 1.0)
        )
        rate = np.where(positive, log_ratio / dt, 0.0)
    extrap = b.status == EXTRAPOLATED
    if prior_rate is not None and shrinkage > 0:
        prior = np.nan_to_num(np.asarray(prior_rate, dtype=np.float64))[:, None]
        pulled = (1.0 - shrinkage) * rate + shrinkage * prior
        rate = np.where(extrap & positive, pulled, rate)
    rate = np.where(extrap, np.clip(rate, -max_rate, max_rate) * damping, rate)
    step = targets[None, :] - ta
    with np.errstate(all="ignore"):
        expo = ya * np.exp(rate * step)
    linear = np.where(extrap, ya, yl + (yr - yl) * (targets[None, :] - tl) / dt)
    out = np.where(positive, expo, linear)
    if linear_weight > 0:
        slope = (yr - yl) / dt
        straight = np.where(extrap, ya + damping * slope * step, linear)
        with np.errstate(all="ignore"):
            bound = np.exp(max_rate * np.abs(step))
        straight = np.where(extrap, np.clip(straight, ya / bound, ya * bound), straight)
        out = linear_weight * straight + (1.0 - linear_weight) * out
    out = np.where(b.status == OBSERVED, ya, out)
    out = np.where(b.status == NO_DATA, np.nan, np.maximum(out, 0.0))
    return out, b


def interpolate_linear(
    t_obs: FloatArray,
    y_obs: FloatArray,
    targets: FloatArray,
    /,
    *,
    bracket: Bracket | None = None,
) -> FloatArray:
    """Interpolate linearly between observations, constant beyond them.

    Used for distributions (by sex and age, by origin), which must stay
    proportions.

    Parameters
    ----------
    t_obs :
        ``[location, k]`` observation times.
    y_obs :
        ``[location, k, ...]`` values; trailing dimensions are carried.
    targets :
        ``[target]`` decimal years.
    bracket :
        A bracket already computed for the same ``t_obs`` and ``targets``.

    Returns
    -------
    numpy.ndarray
        ``[location, target, ...]``, ``NaN`` where there is no observation.
    """
    b = bracket if bracket is not None else bracket_targets(t_obs, targets)
    t = np.nan_to_num(t_obs, nan=0.0)
    y = np.nan_to_num(y_obs, nan=0.0)
    tl, tr = _take(t, b.left), _take(t, b.right)
    yl, yr, ya = _take(y, b.left), _take(y, b.right), _take(y, b.anchor)
    dt = np.where(tr > tl, tr - tl, 1.0)
    w = np.clip((targets[None, :] - tl) / dt, 0.0, 1.0)
    w = np.where(b.status == INTERPOLATED, w, 0.0)
    extra = (1,) * (y.ndim - 2)
    w = w.reshape(w.shape + extra)
    out = np.where((b.status == INTERPOLATED).reshape(w.shape), yl + (yr - yl) * w, ya)
    return np.where((b.status == NO_DATA).reshape(w.shape), np.nan, out)


def pad_by_location(
    locations: npt.NDArray[np.int64],
    frame: pd.DataFrame,
    columns: list[str],
) -> tuple[FloatArray, list[FloatArray]]:
    """Pad a long ``(location_code, t, columns...)`` frame to ``[location, k]``.

    Parameters
    ----------
    locations :
        Location codes, in the order of the output's first axis.
    frame :
        ``location_code``, ``t`` (decimal year) and ``columns``; one row per
        location and time.
    columns :
        Value columns to pad.

    Returns
    -------
    t_obs : numpy.ndarray
        ``[location, k]`` times, ascending, ``NaN``-padded.
    values : list of numpy.ndarray
        One ``[location, k]`` array per column.
    """
    work = frame.sort_values(["location_code", "t"], kind="stable")
    loc_index = pd.Index(locations).get_indexer(pd.Index(work["location_code"]))
    keep = loc_index >= 0
    loc_index = loc_index[keep]
    k = work.groupby("location_code").cumcount().to_numpy()[keep]
    width = int(k.max()) + 1 if len(k) else 1
    t_obs = np.full((len(locations), width), np.nan)
    t_obs[loc_index, k] = work["t"].to_numpy(dtype=np.float64)[keep]
    out = []
    for column in columns:
        arr = np.full((len(locations), width), np.nan)
        arr[loc_index, k] = work[column].to_numpy(dtype=np.float64)[keep]
        out.append(arr)
    return t_obs, out
