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
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.errors import StockInputError
from migdev.stats.stock.inputs import ORIGIN_UNKNOWN

__all__ = [
    "RefugeeAddition",
    "RefugeesBeyond",
    "refugee_addition",
    "refugees_counted_at",
]

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
    years :
        ``[year]`` the reference years.
    source_year :
        ``[year]`` the year of the refugee table each reference year's
        figures come from: the year itself, or the table's last (first)
        year where the reference year lies beyond (before) the table and
        the figures are carried; ``-1`` where nothing could be taken.
    """

    by_origin: FloatArray
    total: FloatArray
    source_year: npt.NDArray[np.int64]
    years: npt.NDArray[np.int64]

    @property
    def carried(self) -> npt.NDArray[np.bool_]:
        """``[year]`` reference years whose figures were carried from another year."""
        return np.asarray((self.source_year >= 0) & (self.source_year != self.years))


RefugeesBeyond = Literal["carry", "error"]
"""What to do with reference years outside the refugee table: carry the
nearest year's figures (flagged) or raise :class:`StockInputError`."""


def refugee_addition(
    refugees: pd.DataFrame | None,
    /,
    *,
    locations: npt.NDArray[np.int64],
    years: npt.NDArray[np.int64],
    origins: npt.NDArray[np.int64],
    beyond: RefugeesBeyond = "carry",
) -> RefugeeAddition:
    """Lay out the refugees to add at the reference years.

    Parameters
    ----------
    refugees :
        A validated refugees table, or ``None``.
    locations, years, origins :
        The output axes. Origins missing from ``origins`` go to
        "unknown/other".
    beyond :
        Rule for reference years before the table's first or after its
        last year (see :data:`RefugeesBeyond`).

    Returns
    -------
    RefugeeAddition

    Raises
    ------
    StockInputError
        With ``beyond="error"``, when a reference year lies outside the
        table.

    Notes
    -----
    A corridor absent in a year the table covers counts zero refugees (a
    zero is a value). Years the table lacks altogether are interpolated
    linearly between the nearest years given. Beyond the table the
    figures of its last (or first) year are carried unchanged, and
    :attr:`RefugeeAddition.source_year` records it.
    """
    n_loc, n_year, n_orig = len(locations), len(years), len(origins)
    out = np.zeros((n_loc, n_year, n_orig))
    none = np.full(n_year, -1, dtype=np.int64)
    if refugees is None or refugees.empty:
        return RefugeeAddition(out, out.sum(axis=2), none, years)
    table_years = np.unique(refugees["year"].to_numpy(dtype=np.int64))
    first, last = int(table_years[0]), int(table_years[-1])
    outside = (years < first) | (years > last)
    if beyond == "error" and outside.any():
        bad = int(years[outside][0])
        raise StockInputError(
            f"the refugee table covers {first}-{last} and has no figures for "
            f"{bad}; extend the table or ask for years within it",
            column="year",
        )
    frame = refugees[~refugees["counted_in_census"]]
    frame = (
        frame.groupby(["location_code", "origin_code", "year"])[["refugees"]]
        .sum()
        .reset_index()
    )
    source_year = np.clip(years, first, last).astype(np.int64)
    if frame.empty:
        return RefugeeAddition(out, out.sum(axis=2), source_year, years)
    wide = frame.pivot_table(
        index=["location_code", "origin_code"], columns="year", values="refugees"
    )
    # Absent in a year the table covers: zero; a year the table lacks: NaN.
    wide = wide.reindex(columns=table_years).fillna(0.0)
    span = np.arange(first, last + 1)
    wide = wide.reindex(columns=span).interpolate(axis=1, limit_area="inside")
    wide = wide.reindex(columns=source_year).fillna(0.0)
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
    return RefugeeAddition(out, out.sum(axis=2), source_year, years)


def refugees_counted_at(
    refugees: pd.DataFrame | None,
    /,
    *,
    locations: npt.NDArray[np.int64],
    times: FloatArray,
) -> FloatArray:
    """Refugees the sources already count, per location, at decimal times.

    Parameters
    ----------
    refugees :
        A validated refugees table, or ``None``.
    locations :
        ``[location]`` codes.
    times :
        ``[location, k]`` decimal years (``NaN`` allowed).

    Returns
    -------
    numpy.ndarray
        ``[location, k]`` persons of the countries flagged
        ``counted_in_census``, interpolated linearly between 1 July
        figures and carried beyond the table; 0 elsewhere.
    """
    out = np.zeros(times.shape)
    if refugees is None or refugees.empty:
        return out
    frame = refugees[refugees["counted_in_census"]]
    if frame.empty:
        return out
    wide = frame.pivot_table(
        index="location_code", columns="year", values="refugees", aggfunc="sum"
    )
    years = np.arange(int(wide.columns.min()), int(wide.columns.max()) + 1)
    table_years = np.unique(refugees["year"].to_numpy(dtype=np.int64))
    wide = wide.reindex(columns=table_years).fillna(0.0).reindex(columns=years)
    wide = wide.interpolate(axis=1, limit_area="inside").reindex(locations)
    grid = wide.to_numpy(dtype=np.float64)
    have = ~np.isnan(grid).all(axis=1)
    grid = np.nan_to_num(grid)
    grid_t = years + 0.5
    t = np.nan_to_num(times, nan=grid_t[0])
    if len(grid_t) == 1:
        return np.where(have[:, None], grid[:, :1] * np.ones_like(t), 0.0)
    pos = np.clip(np.searchsorted(grid_t, t, side="right") - 1, 0, len(grid_t) - 2)
    w = np.clip((t - grid_t[pos]) / (grid_t[pos + 1] - grid_t[pos]), 0.0, 1.0)
    rows = np.arange(len(locations))[:, None]
    value = grid[rows, pos] * (1 - w) + grid[rows, pos + 1] * w
    return np.where(have[:, None] & ~np.isnan(times), value, 0.0)
