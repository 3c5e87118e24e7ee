"""Refugees and asylum-seekers left out of the sources.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*, section
"Refugees": where the census or register does not count refugees and
asylum-seekers, the UNHCR (and, for Palestine refugees, UNRWA) figures
are added to the estimate; such cells carry the data type "R".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.inputs import ORIGIN_UNKNOWN

__all__ = ["RefugeeAddition", "refugee_addition"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RefugeeAddition:
    """Refugees to add, by destination, year and origin.

    Attributes
    ----------
    by_origin :
        ``[location, year, origin]`` persons to add (zero where the
        sources already count them).
    total :
        ``[location, year]``.
    """

    by_origin: FloatArray
    total: FloatArray


def refugee_addition(
    refugees: pd.DataFrame | None,
    /,
    *,
    locations: npt.NDArray[np.int64],
    years: npt.NDArray[np.int64],
    origins: npt.NDArray[np.int64],
) -> RefugeeAddition:
    """Lay out the refugees to add at the reference years.

    Parameters
    ----------
    refugees :
        A validated refugees table, or ``None``.
    locations, years, origins :
        The output axes. Origins missing from ``origins`` go to
        "unknown/other".

    Returns
    -------
    RefugeeAddition

    Notes
    -----
    Reference years missing from the table are interpolated linearly
    between the nearest years given; outside them nothing is added.
    """
    n_loc, n_year, n_orig = len(locations), len(years), len(origins)
    out = np.zeros((n_loc, n_year, n_orig))
    if refugees is None or refugees.empty:
        return RefugeeAddition(by_origin=out, total=out.sum(axis=2))
    frame = refugees[~refugees["counted_in_census"]]
    frame = (
        frame.groupby(["location_code", "origin_code", "year"])[["refugees"]]
        .sum()
        .reset_index()
    )
    wide = frame.pivot_table(
        index=["location_code", "origin_code"], columns="year", values="refugees"
    )
    all_years = np.union1d(wide.columns.to_numpy(dtype=np.int64), years)
    wide = wide.reindex(columns=all_years).interpolate(axis=1, limit_area="inside")
    wide = wide.reindex(columns=years).fillna(0.0)
    loc = pd.Index(locations).get_indexer(wide.index.get_level_values(0))
    unknown = int(np.flatnonzero(origins == ORIGIN_UNKNOWN)[0])
    org = pd.Index(origins).get_indexer(wide.index.get_level_values(1))
    org = np.where(org < 0, unknown, org)
    ok = loc >= 0
    year_index = np.arange(n_year)[None, :]
    np.add.at(
        out,
        (loc[ok][:, None], year_index, org[ok][:, None]),
        wide.to_numpy(dtype=np.float64)[ok],
    )
    return RefugeeAddition(by_origin=out, total=out.sum(axis=2))
