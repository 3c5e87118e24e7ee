"""Aggregation of country estimates to regions, groups and the world.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*, section
"Regional aggregates": aggregates are sums of their countries; percentages
and rates of change are computed from the summed numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.comparable import WORLD_CODE
from migdev.stats.stock.inputs import CLASSIFICATION_GROUPS

__all__ = ["Membership", "aggregate_array", "growth_rate", "membership"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Membership:
    """Which countries make up each aggregate.

    Attributes
    ----------
    codes :
        ``[group]`` M49 codes of the aggregates (900 is the world).
    levels :
        ``[group]`` level of each aggregate: ``world``, ``region``,
        ``subregion``, ``development_group`` or ``income_group``.
    matrix :
        ``[group, location]`` 0/1 membership.
    """

    codes: npt.NDArray[np.int64]
    levels: npt.NDArray[np.object_]
    matrix: FloatArray


def membership(
    locations: npt.NDArray[np.int64], classification: pd.DataFrame | None, /
) -> Membership:
    """Build the membership matrix of every aggregate.

    Parameters
    ----------
    locations :
        ``[location]`` country codes.
    classification :
        A validated classification table, or ``None`` (world only).

    Returns
    -------
    Membership
    """
    codes: list[int] = [WORLD_CODE]
    levels: list[str] = ["world"]
    rows: list[FloatArray] = [np.ones(len(locations))]
    if classification is not None:
        table = classification.set_index("location_code").reindex(locations)
        for level in CLASSIFICATION_GROUPS:
            if level not in table.columns:
                continue
            column = table[level].astype("Int64")
            for code in sorted(int(c) for c in column.dropna().unique()):
                codes.append(code)
                levels.append(level)
                member = (column == code).fillna(False).to_numpy(dtype=bool)
                rows.append(member.astype(np.float64))
    return Membership(
        codes=np.array(codes, dtype=np.int64),
        levels=np.array(levels, dtype=object),
        matrix=np.vstack(rows),
    )


def aggregate_array(values: FloatArray, groups: Membership, /) -> FloatArray:
    """Sum ``[location, ...]`` values into ``[group, ...]``.

    Parameters
    ----------
    values :
        Country values; the first axis follows the membership's locations.
    groups :
        The result of :func:`membership`.

    Returns
    -------
    numpy.ndarray
        ``[group, ...]`` sums (``NaN`` counted as zero).
    """
    flat = np.nan_to_num(values).reshape(values.shape[0], -1)
    return (groups.matrix @ flat).reshape((groups.matrix.shape[0], *values.shape[1:]))


def growth_rate(values: FloatArray, times: FloatArray, /) -> FloatArray:
    """Annual rate of change, in percent, over each interval of ``times``.

    Parameters
    ----------
    values :
        ``[..., year]`` positive numbers.
    times :
        ``[year]`` decimal years.

    Returns
    -------
    numpy.ndarray
        ``[..., year]``; the rate of the interval ending at each year
        (``100 * ln(v2 / v1) / (t2 - t1)``), ``NaN`` for the first year or
        where a value is not positive. This is the rate of Table 5 of the
        official files.
    """
    out = np.full(values.shape, np.nan)
    prev, curr = values[..., :-1], values[..., 1:]
    ok = (prev > 0) & (curr > 0)
    with np.errstate(all="ignore"):
        rate = 100.0 * np.log(np.where(ok, curr / np.where(ok, prev, 1.0), 1.0))
    out[..., 1:] = np.where(ok, rate / np.diff(times), np.nan)
    return out
