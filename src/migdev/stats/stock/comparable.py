"""Comparable countries: the donors of trends and distributions.

A country without enough data borrows from countries of its subregion,
else of its region, else of the world, taking the first level where at
least ``min_donors`` countries have data.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*, section
"Countries or areas with no data": estimates are imputed from countries in
the same region (or with similar characteristics).
"""

from __future__ import annotations

from typing import Final, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["LEVELS", "WORLD_CODE", "ComparableGroups"]

WORLD_CODE: Final = 900
LEVELS: Final = ("subregion", "region", "world")

Statistic = Literal["median", "mean"]


class ComparableGroups:
    """The group each location borrows from, and the statistics per group.

    Parameters
    ----------
    locations :
        ``[location]`` M49 codes.
    classification :
        A validated classification table (may lack some locations: they
        fall back to the world).
    donors :
        ``[location]`` mask of the locations that have data.
    min_donors :
        Smallest number of donors for a group to be used.
    """

    def __init__(
        self,
        locations: npt.NDArray[np.int64],
        classification: pd.DataFrame | None,
        donors: npt.NDArray[np.bool_],
        *,
        min_donors: int = 3,
    ) -> None:
        n = len(locations)
        self.codes_by_level: dict[str, npt.NDArray[np.int64]] = {}
        for level in LEVELS[:-1]:
            if classification is None or level not in classification.columns:
                codes = np.full(n, -1, dtype=np.int64)
            else:
                series = classification.set_index("location_code")[level]
                codes = (
                    series.reindex(locations).astype("Int64").fillna(-1).to_numpy()
                ).astype(np.int64)
            self.codes_by_level[level] = codes
        self.codes_by_level["world"] = np.full(n, WORLD_CODE, dtype=np.int64)
        self.donors = donors.astype(bool)
        self.level = np.full(n, "world", dtype=object)
        self.code = np.full(n, WORLD_CODE, dtype=np.int64)
        chosen = np.zeros(n, dtype=bool)
        for level in LEVELS:
            codes = self.codes_by_level[level]
            count = pd.Series(self.donors.astype(int)).groupby(codes).transform("sum")
            ok = (count.to_numpy() >= min_donors) & (codes >= 0) & ~chosen
            if level == "world":
                ok = ~chosen
            self.level[ok] = level
            self.code[ok] = codes[ok]
            chosen |= ok

    def statistic(
        self,
        values: npt.NDArray[np.float64],
        /,
        *,
        how: Statistic = "median",
        weights: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Return, for every location, the statistic of its group's donors.

        Parameters
        ----------
        values :
            ``[location, ...]``; rows of non-donors are ignored.
        how :
            ``"median"`` (ignoring ``NaN``) or ``"mean"``.
        weights :
            ``[location]`` weights of the mean.

        Returns
        -------
        numpy.ndarray
            Same shape as ``values``; ``NaN`` where a group has no donor.
        """
        out = np.full(values.shape, np.nan)
        pairs = pd.DataFrame({"level": self.level, "code": self.code})
        for key, rows in pairs.groupby(["level", "code"]).groups.items():
            level, code = cast(tuple[str, int], key)
            members = self.donors & (self.codes_by_level[str(level)] == code)
            if not members.any():
                continue
            sample = values[members]
            if how == "median":
                with np.errstate(all="ignore"):
                    valid = ~np.isnan(sample).all(axis=0)
                    stat = np.full(sample.shape[1:], np.nan)
                    if valid.any():
                        stat[valid] = np.nanmedian(sample[:, valid], axis=0)
            else:
                w = (
                    np.ones(len(sample))
                    if weights is None
                    else np.asarray(weights)[members]
                )
                w = w.reshape((-1,) + (1,) * (sample.ndim - 1))
                ok = ~np.isnan(sample)
                num = np.where(ok, sample * w, 0.0).sum(axis=0)
                den = np.where(ok, w, 0.0).sum(axis=0)
                with np.errstate(all="ignore"):
                    stat = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
            out[np.asarray(rows)] = stat
        return out
