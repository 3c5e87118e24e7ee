"""Distribution of the migrant stock by country of origin.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*, section
"Estimating the origin of international migrants": the distribution by
country of birth (or citizenship) comes from the sources; migrants whose
origin is not reported are kept as "Other" (code 2003 in the published
files) rather than being spread over known origins.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.inputs import AGE_TOTAL, ORIGIN_TOTAL, ORIGIN_UNKNOWN
from migdev.stats.stock.interpolate import interpolate_linear, pad_by_location

__all__ = ["OriginDistribution", "origin_distribution"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class OriginDistribution:
    """Proportions by origin at the reference dates.

    Attributes
    ----------
    origins :
        ``[origin]`` M49 codes; :data:`~migdev.stats.stock.inputs.ORIGIN_UNKNOWN`
        is always present.
    proportions :
        ``[location, year, origin]``, summing to 1 over origins.
    status :
        ``[location]``: ``observed`` or ``unknown`` (no origin data: the
        whole stock is "unknown/other").
    """

    origins: npt.NDArray[np.int64]
    proportions: FloatArray
    status: npt.NDArray[np.object_]


def origin_distribution(
    observations: pd.DataFrame,
    /,
    *,
    locations: npt.NDArray[np.int64],
    targets: FloatArray,
    origins: npt.NDArray[np.int64] | None = None,
) -> OriginDistribution:
    """Estimate the distribution by origin of each destination's stock.

    Parameters
    ----------
    observations :
        Observations of the chosen definition and source, with ``t``.
    locations :
        ``[location]`` codes, the order of the output.
    targets :
        ``[year]`` decimal years.
    origins :
        Origin codes to lay out; by default those in the observations.
        "Unknown/other" is added if absent.

    Returns
    -------
    OriginDistribution

    Notes
    -----
    Counts by origin are taken for both sexes (the sum of the sexes where
    only they are given). Whatever the known origins leave of the total is
    put in "unknown/other". Proportions are interpolated linearly between
    dates and held constant beyond them.
    """
    age_total = (observations["age"] == AGE_TOTAL).to_numpy()
    origin_total = (observations["origin_code"] == ORIGIN_TOTAL).to_numpy()
    rows = observations[age_total & ~origin_total]
    totals = observations[age_total & origin_total]
    if origins is None:
        origins = np.unique(rows["origin_code"].to_numpy(dtype=np.int64))
    if ORIGIN_UNKNOWN not in set(origins.tolist()):
        origins = np.append(origins, ORIGIN_UNKNOWN)
    origins = np.asarray(origins, dtype=np.int64)
    unknown_index = int(np.flatnonzero(origins == ORIGIN_UNKNOWN)[0])
    n_loc, n_orig = len(locations), len(origins)

    # Prefer the both-sexes breakdown; else add up the sexes. One integer
    # per (location, date) keeps the grouping cheap on many origin rows.
    set_key = pd.factorize(
        rows["location_code"].to_numpy(dtype=np.float64) * 1e4
        + rows["t"].to_numpy(dtype=np.float64)
    )[0]
    is_both = (rows["sex"] == "both").to_numpy()
    set_has_both = np.zeros(set_key.max() + 1 if len(set_key) else 0, dtype=bool)
    set_has_both[set_key[is_both]] = True
    keep = is_both | ~set_has_both[set_key]
    picked = rows[keep]
    # Sum by (set, origin) with one bincount rather than a three-key groupby.
    _, first, d = np.unique(set_key[keep], return_index=True, return_inverse=True)
    sets = pd.DataFrame(
        {
            "location_code": picked["location_code"].to_numpy()[first],
            "t": picked["t"].to_numpy(dtype=np.float64)[first],
        }
    )
    t_obs, _ = pad_by_location(locations, sets, [])
    set_index = pd.MultiIndex.from_frame(sets)
    o = pd.Index(origins).get_indexer(pd.Index(picked["origin_code"]))
    o = np.where(o < 0, unknown_index, o)
    counts = (
        np.bincount(
            d.ravel().astype(np.int64) * n_orig + o,
            weights=np.nan_to_num(picked["migrants"].to_numpy(dtype=np.float64)),
            minlength=len(sets) * n_orig,
        )
        .astype(np.float64)
        .reshape(len(sets), n_orig)
    )

    tot = totals[totals["sex"] == "both"].drop_duplicates(["location_code", "t"])
    tot_index = pd.MultiIndex.from_frame(tot[["location_code", "t"]])
    pos = tot_index.get_indexer(set_index)
    total = np.where(
        pos >= 0,
        tot["migrants"].to_numpy()[np.clip(pos, 0, None)] if len(tot) else 0.0,
        0.0,
    )
    residual = np.clip(total - counts.sum(axis=1), 0.0, None)
    counts[:, unknown_index] += residual
    with np.errstate(all="ignore"):
        props = counts / counts.sum(axis=1, keepdims=True)
    props = np.nan_to_num(props)
    empty = counts.sum(axis=1) == 0
    props[empty, unknown_index] = 1.0

    loc = pd.Index(locations).get_indexer(pd.Index(sets["location_code"]))
    order = sets.sort_values(["location_code", "t"]).groupby("location_code")
    k = order.cumcount().reindex(sets.index).to_numpy()
    values = np.full((n_loc, t_obs.shape[1], n_orig), np.nan)
    ok = loc >= 0
    values[loc[ok], k[ok]] = props[ok]
    result = interpolate_linear(t_obs, values, targets)
    have = np.asarray(~np.isnan(t_obs).all(axis=1), dtype=bool)
    default = np.zeros(n_orig)
    default[unknown_index] = 1.0
    result = np.where(have[:, None, None], result, default)
    status = np.where(have, "observed", "unknown").astype(object)
    return OriginDistribution(origins=origins, proportions=result, status=status)
