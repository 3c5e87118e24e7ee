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
    "InterpolationPath",
    "bracket_targets",
    "curved_log_path",
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


InterpolationPath = Literal["piecewise", "pchip", "spline"]
"""The path of the logarithm between observations: ``"piecewise"`` (straight
lines, the exponential interpolation of the UN method), ``"pchip"`` (a
monotone, shape-preserving cubic, Fritsch & Carlson 1980) or ``"spline"``
(the natural cubic spline: the smoothed state of a local linear trend
model, an integrated random walk, observed without noise; Wahba 1978)."""


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
    path: InterpolationPath = "piecewise",
    trend_damping: float = 1.0,
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
    path :
        Path of ``ln y`` between observations (see
        :data:`InterpolationPath`); beyond them the rate is that of the
        nearest interval whatever the path. Locations with a zero
        observation keep the piecewise path.
    trend_damping :
        Gardner & McKenzie's (1985) damped trend, ``phi`` per year: ``h``
        years beyond the observations the rate has decayed to ``r phi**h``,
        so the change of ``ln y`` is ``r (phi**h - 1) / ln(phi)`` instead
        of ``r h`` (it levels off at ``r / -ln(phi)``); 1 keeps the trend.
        Applied on top of ``damping``; the linear path is damped alike.

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
    if trend_damping < 1.0:
        # Damped trend: the effective number of years of trend.
        phi = max(trend_damping, 1e-9)
        step = np.where(
            extrap,
            np.sign(step) * (phi ** np.abs(step) - 1.0) / np.log(phi),
            step,
        )
    with np.errstate(all="ignore"):
        expo = ya * np.exp(rate * step)
    linear = np.where(extrap, ya, yl + (yr - yl) * (targets[None, :] - tl) / dt)
    if path != "piecewise":
        curved = curved_log_path(t_obs, y_obs, targets, bracket=b, path=path)
        use = (b.status == INTERPOLATED) & np.isfinite(curved)
        expo = np.where(use, curved, expo)
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


def _pchip_slopes(h: FloatArray, delta: FloatArray, n: IntArray) -> FloatArray:
    """Node derivatives of the monotone cubic (Fritsch-Carlson/Butland).

    ``h`` and ``delta`` are ``[location, k - 1]`` interval lengths and
    slopes (``NaN`` beyond a location's observations); ``n`` the number of
    observations. Interior nodes take the weighted harmonic mean of the
    neighbouring slopes (0 where they differ in sign), end nodes the
    shape-preserving three-point formula.
    """
    n_loc, m = delta.shape
    d = np.zeros((n_loc, m + 1))
    if m >= 2:
        h0, h1 = h[:, :-1], h[:, 1:]
        s0, s1 = delta[:, :-1], delta[:, 1:]
        w1, w2 = 2 * h1 + h0, h1 + 2 * h0
        with np.errstate(all="ignore"):
            mean = (w1 + w2) / (w1 / s0 + w2 / s1)
        same = (np.sign(s0) * np.sign(s1) > 0) & np.isfinite(mean)
        d[:, 1:m] = np.where(same, mean, 0.0)

    def end(
        h0: FloatArray, h1: FloatArray, s0: FloatArray, s1: FloatArray
    ) -> FloatArray:
        with np.errstate(all="ignore"):
            v = ((2 * h0 + h1) * s0 - h0 * s1) / (h0 + h1)
        v = np.where(np.sign(v) != np.sign(s0), 0.0, v)
        steep = (np.sign(s0) != np.sign(s1)) & (np.abs(v) > 3 * np.abs(s0))
        return np.where(steep, 3 * s0, v)

    rows = np.arange(n_loc)
    last = np.clip(n - 1, 0, m)
    three = n >= 3
    if m >= 2:
        d[:, 0] = np.where(three, end(h[:, 0], h[:, 1], delta[:, 0], delta[:, 1]), 0.0)
        i = np.clip(n - 2, 1, m - 1)
        d[rows, last] = np.where(
            three,
            end(h[rows, i], h[rows, i - 1], delta[rows, i], delta[rows, i - 1]),
            d[rows, last],
        )
    two = n == 2
    if m >= 1:
        d[:, 0] = np.where(two, delta[:, 0], d[:, 0])
        d[rows, last] = np.where(two, delta[:, 0], d[rows, last])
    return np.nan_to_num(d)


def _natural_spline_slopes(t: FloatArray, v: FloatArray) -> FloatArray:
    """Node derivatives of the natural cubic spline through ``(t, v)``."""
    k = len(t)
    h = np.diff(t)
    delta = np.diff(v) / h
    a = np.zeros((k, k))
    rhs = np.zeros(k)
    a[0, 0], a[0, 1], rhs[0] = 2.0, 1.0, 3.0 * delta[0]
    a[-1, -2], a[-1, -1], rhs[-1] = 1.0, 2.0, 3.0 * delta[-1]
    for i in range(1, k - 1):
        a[i, i - 1] = h[i]
        a[i, i] = 2.0 * (h[i - 1] + h[i])
        a[i, i + 1] = h[i - 1]
        rhs[i] = 3.0 * (h[i] * delta[i - 1] + h[i - 1] * delta[i])
    return np.asarray(np.linalg.solve(a, rhs), dtype=np.float64)


def curved_log_path(
    t_obs: FloatArray,
    y_obs: FloatArray,
    targets: FloatArray,
    /,
    *,
    path: InterpolationPath,
    bracket: Bracket | None = None,
) -> FloatArray:
    """``exp`` of a cubic Hermite path of ``ln y`` through the observations.

    Parameters
    ----------
    t_obs, y_obs, targets :
        As :func:`interpolate_exponential`.
    path :
        ``"pchip"`` or ``"spline"`` (see :data:`InterpolationPath`).
    bracket :
        A bracket already computed for the same ``t_obs`` and ``targets``.

    Returns
    -------
    numpy.ndarray
        ``[location, target]``, meaningful where the target is interpolated
        and every observation of the location is positive; ``NaN``
        elsewhere. With two observations both paths are the exponential
        one; at the observations they return the observations.
    """
    b = bracket if bracket is not None else bracket_targets(t_obs, targets)
    n = b.n_obs
    with np.errstate(all="ignore"):
        logy = np.log(y_obs)
    valid = ~np.isnan(t_obs)
    usable = (np.isfinite(logy) | ~valid).all(axis=1) & (n >= 2)
    t = np.nan_to_num(t_obs, nan=0.0)
    v = np.where(valid & np.isfinite(logy), logy, 0.0)
    h = np.diff(t, axis=1)
    with np.errstate(all="ignore"):
        delta = np.where(valid[:, 1:], np.diff(v, axis=1) / h, np.nan)
    if path == "pchip":
        d = _pchip_slopes(h, delta, n)
    elif path == "spline":
        d = np.zeros_like(t)
        for i in np.flatnonzero(usable):
            k = int(n[i])
            d[i, :k] = _natural_spline_slopes(t[i, :k], v[i, :k])
    else:
        raise ValueError(f"path must be 'pchip' or 'spline', not {path!r}")
    tl, tr = _take(t, b.left), _take(t, b.right)
    vl, vr = _take(v, b.left), _take(v, b.right)
    dl, dr = _take(d, b.left), _take(d, b.right)
    width = np.where(tr > tl, tr - tl, 1.0)
    s = (targets[None, :] - tl) / width
    h00 = (1 + 2 * s) * (1 - s) ** 2
    h10 = s * (1 - s) ** 2
    h01 = s**2 * (3 - 2 * s)
    h11 = s**2 * (s - 1)
    value = h00 * vl + h10 * width * dl + h01 * vr + h11 * width * dr
    ok = usable[:, None] & (b.status == INTERPOLATED)
    with np.errstate(over="ignore"):
        return np.where(ok, np.exp(value), np.nan)


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
