"""Interpolate below the total and sum: the stock by sex or by origin.

UN DESA builds its totals from the cells below them (destination by origin,
sex and age), each interpolated on its own; a sum of exponentials is not an
exponential, so the total's path between and beyond the observations
differs from the exponential path of the total. :func:`observation_parts`
lays the observed breakdown of each location out beside its totals, and
:func:`parts_path` interpolates each part with the settings of the total
and sums them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.inputs import AGE_TOTAL, ORIGIN_TOTAL, ORIGIN_UNKNOWN

__all__ = ["PARTS", "Parts", "PartsLayout", "observation_parts", "parts_path"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Parts = Literal["total", "sex", "origin"]
"""What is interpolated: the total itself, each sex, or each origin
(corridor), the parts being summed to the total."""

PARTS: Final[tuple[Parts, ...]] = ("total", "sex", "origin")


@dataclass(frozen=True)
class PartsLayout:
    """The observed parts of each location, at its observation dates.

    Attributes
    ----------
    location :
        ``[part row]`` index of the location (first axis of ``t_obs``).
    part :
        ``[part row]`` the part: origin code, or 0 (males) and 1 (females).
    values :
        ``[part row, k]`` persons of the part at the location's ``k``-th
        observation (``NaN`` after its last one).
    covered :
        ``[location]`` every observation date of the location has the
        breakdown; only those locations are estimated from their parts.
    """

    location: IntArray
    part: IntArray
    values: FloatArray
    covered: BoolArray


def observation_parts(
    observations: pd.DataFrame,
    /,
    *,
    locations: IntArray,
    t_obs: FloatArray,
    m_obs: FloatArray,
    kind: Parts,
) -> PartsLayout:
    """Lay out the observed sexes or origins at each observation date.

    Parameters
    ----------
    observations :
        Observations of the chosen definition and source (with ``t``).
    locations, t_obs, m_obs :
        The locations and their padded observation times and totals (as
        the engine's totals).
    kind :
        ``"sex"``: the all-ages, all-origins male and female rows, both
        needed at every date. ``"origin"``: the both-sexes, all-ages rows
        by origin; the part of the total the known origins leave is added
        to origin 2003 (unknown/other), a corridor absent at a date that
        has a breakdown is 0.

    Returns
    -------
    PartsLayout
    """
    n_loc, width = t_obs.shape
    age_tot = (observations["age"] == AGE_TOTAL).to_numpy()
    origin = observations["origin_code"].to_numpy(dtype=np.int64)
    sex = observations["sex"].astype(str).to_numpy()
    if kind == "sex":
        mask = age_tot & (origin == ORIGIN_TOTAL) & (sex != "both")
        part = np.where(sex[mask] == "male", 0, 1)
    elif kind == "origin":
        mask = age_tot & (origin != ORIGIN_TOTAL) & (sex == "both")
        part = origin[mask]
    else:
        raise ValueError(f"parts must be one of {', '.join(PARTS)}, not {kind!r}")
    rows = observations[mask]
    loc = pd.Index(locations).get_indexer(pd.Index(rows["location_code"]))
    t = rows["t"].to_numpy(dtype=np.float64)
    # Column of each row's date among its location's observations.
    k = np.full(len(rows), -1, dtype=np.int64)
    ok = loc >= 0
    hit = t_obs[np.where(ok, loc, 0)] == t[:, None]
    k = np.where(ok & hit.any(axis=1), hit.argmax(axis=1), -1)
    keep = k >= 0
    frame = pd.DataFrame(
        {
            "loc": loc[keep],
            "k": k[keep],
            "part": part[keep],
            "value": rows["migrants"].to_numpy(dtype=np.float64)[keep],
        }
    )
    summed = frame.groupby(["loc", "k", "part"], sort=True)["value"].sum()
    dates = np.zeros((n_loc, width), dtype=np.int64)
    if len(summed):
        at = summed.index.to_frame(index=False)
        seen = at.drop_duplicates(["loc", "k", "part"])
        np.add.at(dates, (seen["loc"].to_numpy(), seen["k"].to_numpy()), 1)
    has_obs = ~np.isnan(t_obs)
    if kind == "sex":
        complete = dates == 2
    else:
        complete = dates >= 1
    covered = (has_obs.sum(axis=1) >= 1) & (complete | ~has_obs).all(axis=1)
    if kind == "origin" and len(summed):
        # What the known origins leave of the total is unknown/other.
        known = np.zeros((n_loc, width))
        at = summed.index.to_frame(index=False)
        np.add.at(known, (at["loc"].to_numpy(), at["k"].to_numpy()), summed.to_numpy())
        rest = np.maximum(np.nan_to_num(m_obs) - known, 0.0)
        li, ki = np.nonzero(covered[:, None] & has_obs & (rest > 0))
        extra = pd.Series(
            rest[li, ki],
            index=pd.MultiIndex.from_arrays(
                [li, ki, np.full(len(li), ORIGIN_UNKNOWN)], names=["loc", "k", "part"]
            ),
        )
        summed = pd.concat([summed, extra]).groupby(level=[0, 1, 2]).sum()
    at = summed.index.to_frame(index=False)
    values_in = summed.to_numpy()
    if len(at):
        pick = covered[at["loc"].to_numpy()]
        at, values_in = at[pick], values_in[pick]
    pairs = np.stack(
        [at["loc"].to_numpy(dtype=np.int64), at["part"].to_numpy(dtype=np.int64)],
        axis=1,
    ).reshape(-1, 2)
    row_key, row_index = np.unique(pairs, axis=0, return_inverse=True)
    row_index = np.asarray(row_index).ravel()
    values = np.zeros((len(row_key), width))
    values[row_index, at["k"].to_numpy(dtype=np.int64)] = values_in
    part_loc = row_key[:, 0].astype(np.int64)
    values = np.where(has_obs[part_loc], values, np.nan)
    return PartsLayout(
        location=part_loc,
        part=row_key[:, 1].astype(np.int64),
        values=values,
        covered=covered,
    )


def parts_path(
    layout: PartsLayout,
    y_obs: FloatArray,
    interpolate: Callable[[IntArray, FloatArray], FloatArray],
    *,
    n_locations: int,
    minus: FloatArray | None = None,
) -> tuple[FloatArray, BoolArray]:
    """Interpolate each part and sum them per location.

    Parameters
    ----------
    layout :
        Of :func:`observation_parts`.
    y_obs :
        ``[location, k]`` the total as interpolated (share or count,
        possibly without the refugees the sources count): the parts are
        scaled so that at every date they sum to it.
    interpolate :
        ``interpolate(location_index, y_parts)`` returns ``[part row,
        target]`` values with the settings of the total.
    n_locations :
        Number of locations (first axis of the result).
    minus :
        ``[part row, k]`` persons to take out of each part before the
        scaling (the refugees the sources count, by origin, under the
        refugee trend), never below 0; ``None``: the parts lose what the
        total lost in proportion.

    Returns
    -------
    values, covered :
        ``[location, target]`` sums of the parts (``NaN`` where not
        covered) and which locations they cover.
    """
    loc = layout.location
    values = layout.values
    if minus is not None:
        values = np.where(np.isnan(values), np.nan, np.maximum(values - minus, 0.0))
    parts_sum = np.zeros_like(y_obs)
    np.add.at(parts_sum, loc, np.nan_to_num(values))
    with np.errstate(all="ignore"):
        factor = np.where(parts_sum > 0, y_obs / parts_sum, 0.0)
    y_parts = values * factor[loc]
    est = interpolate(loc, y_parts)
    out = np.zeros((n_locations, est.shape[1]))
    np.add.at(out, loc, np.nan_to_num(est))
    covered = layout.covered.copy()
    covered[np.unique(loc[~np.isfinite(est).all(axis=1)])] = False
    return np.where(covered[:, None], out, np.nan), covered
