"""The whole estimation: from tidy inputs to the migrant stock by
destination, origin, sex, age and reference year.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*
(POP/DB/MIG/Stock/Rev.2020). ``docs/stats-stock.md`` maps each step below to
the section it implements and lists where migdev departs from it.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.aggregate import aggregate_array, growth_rate, membership
from migdev.stats.stock.comparable import ComparableGroups
from migdev.stats.stock.definitions import (
    choose_definition,
    observations_for_definition,
)
from migdev.stats.stock.errors import StockInputError, StockWarning
from migdev.stats.stock.inputs import (
    AGE_TOTAL,
    ORIGIN_TOTAL,
    validate_classification,
    validate_observations,
    validate_population,
    validate_refugees,
)
from migdev.stats.stock.interpolate import (
    EXTRAPOLATED,
    IMPUTED,
    INTERPOLATED,
    NO_DATA,
    OBSERVED,
    STATUS_LABELS,
    Bracket,
    InterpolationMethod,
    InterpolationPath,
    decimal_year,
    interpolate_exponential,
    mid_year,
    pad_by_location,
)
from migdev.stats.stock.origin import origin_distribution
from migdev.stats.stock.parts import (
    PARTS,
    Parts,
    PartsLayout,
    observation_parts,
    origin_rates,
    parts_path,
)
from migdev.stats.stock.refugees import (
    RefugeesBeyond,
    refugee_addition,
    refugees_counted_at,
)
from migdev.stats.stock.sexage import (
    IMS_AGE_GROUPS,
    SEXES_OUT,
    age_mapping,
    sex_age_distribution,
)

__all__ = [
    "DEFAULT_YEARS",
    "ENSEMBLE_KEYS",
    "NOT_IN_UN_TOTALS",
    "SOURCE_PRIORITY",
    "StockEstimate",
    "check_ensemble_member",
    "estimate_stock",
    "observation_totals",
    "population_at",
]

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_YEARS: Final = (1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024)
"""Reference years of the 2024 revision (1 July of each)."""
SOURCE_PRIORITY: Final = {"census": 0, "register": 1, "survey": 2, "estimate": 3}
NOT_IN_UN_TOTALS: Final = frozenset({158, 652, 663})
"""Areas the published tables leave ``..`` and out of every aggregate:
China, Taiwan Province of China (158), Saint Barthélemy (652) and Saint
Martin (French part) (663). migdev estimates them (imputed where no source
is given) but, by default, sums them into no aggregate."""
"""When several sources give the same date, the lowest rank is kept."""


@dataclass(frozen=True)
class StockEstimate:
    """Estimated migrant stock and how each number was obtained.

    Arrays are indexed ``[location, year]`` and, for the breakdowns,
    ``[location, year, sex, age]`` or ``[location, year, origin]``;
    :meth:`cube` gives ``[location, origin, sex, age, year]``. Counts are
    persons at 1 July; refugees added are included.

    Attributes
    ----------
    locations, years, times, origins, sexes, ages :
        The axes (``times`` are the decimal years of the reference dates).
    method :
        The interpolation method used.
    total, refugees_added, population :
        ``[location, year]`` persons.
    population_by_sex :
        ``[location, year, sex]`` persons (males, females); ``NaN`` where
        the population table gives no population by sex.
    population_sex_age :
        ``[location, year, sex, age]`` persons in the output age groups;
        ``NaN`` where the population table gives no ages for that sex.
    sex_age :
        ``[location, year, sex, age]`` persons; sums to ``total``.
    by_origin :
        ``[location, year, origin]`` persons; sums to ``total``.
    status :
        ``[location, year]`` codes of :data:`~migdev.stats.stock.interpolate.STATUS_LABELS`.
    data_type :
        ``[location, year]`` the official table's data type: ``B``, ``C`` or
        ``I``, followed by `` R`` where refugees were added.
    provenance :
        One row per location and year: ``observation_ids`` (those the value
        rests on), ``estimation`` (the rule used), ``imputation_group``
        (M49 code of the comparable countries, if any), ``sex_age`` and
        ``origin`` (``observed``, ``partial``, ``imputed``, ``unknown``).
    definitions :
        The per-country choice of definition (see
        :func:`~migdev.stats.stock.definitions.choose_definition`).
    """

    locations: IntArray
    years: IntArray
    times: FloatArray
    origins: IntArray
    sexes: tuple[str, ...]
    ages: tuple[str, ...]
    method: InterpolationMethod
    total: FloatArray
    refugees_added: FloatArray
    population: FloatArray
    population_by_sex: FloatArray
    population_sex_age: FloatArray
    sex_age: FloatArray
    by_origin: FloatArray
    status: IntArray
    data_type: npt.NDArray[np.object_]
    provenance: pd.DataFrame
    definitions: pd.DataFrame
    classification: pd.DataFrame | None = field(default=None, repr=False)
    distance: FloatArray | None = field(default=None, repr=False)
    """``[location, year]`` years from the nearest observation (``inf``
    without any); with :attr:`status` it gives the data situation of each
    cell (see :mod:`migdev.stats.stock.intervals`)."""
    n_obs: IntArray | None = field(default=None, repr=False)
    """``[location]`` observation dates used per location."""
    gap: FloatArray | None = field(default=None, repr=False)
    """``[location, year]`` years between the two observations an
    interpolated cell lies between (``NaN`` for other cells); the intervals
    widen with it."""

    def cube(self, *, dtype: npt.DTypeLike = np.float64) -> npt.NDArray[np.floating]:
        """Return ``[location, origin, sex, age, year]`` persons.

        Origin and sex-by-age are combined assuming the origin mix is the
        same in every sex and age group (the sources seldom cross them).
        """
        with np.errstate(all="ignore"):
            sa = (
                self.sex_age
                / np.where(self.total > 0, self.total, 1.0)[..., None, None]
            )
        origin = self.by_origin.astype(dtype, copy=False)
        sa_t = np.ascontiguousarray(sa.transpose(0, 2, 3, 1).astype(dtype))
        out = origin.transpose(0, 2, 1)[:, :, None, None, :] * sa_t[:, None, :, :, :]
        return np.asarray(out)

    def totals(self) -> pd.DataFrame:
        """Tidy table: one row per location and year.

        Returns
        -------
        pandas.DataFrame
            ``location_code``, ``year``, ``migrants``, ``migrants_male``,
            ``migrants_female``, ``population``, ``population_male``,
            ``population_female``, ``migrant_share`` (percent of
            population), ``migrant_share_male`` and ``migrant_share_female``
            (percent of the population of that sex, where it is given),
            ``female_share`` (percent of migrants),
            ``growth_rate`` (annual %, interval ending that year),
            ``refugees_added``, ``status``, ``data_type`` and the provenance
            columns.
        """
        n_loc, n_year = self.total.shape
        sex_tot = self.sex_age.sum(axis=3)
        with np.errstate(all="ignore"):
            share = 100.0 * self.total / self.population
            share_sex = 100.0 * sex_tot / self.population_by_sex
            female = 100.0 * sex_tot[:, :, 1] / self.total
        frame = pd.DataFrame(
            {
                "location_code": np.repeat(self.locations, n_year),
                "year": np.tile(self.years, n_loc),
                "migrants": self.total.ravel(),
                "migrants_male": sex_tot[:, :, 0].ravel(),
                "migrants_female": sex_tot[:, :, 1].ravel(),
                "population": self.population.ravel(),
                "population_male": self.population_by_sex[:, :, 0].ravel(),
                "population_female": self.population_by_sex[:, :, 1].ravel(),
                "migrant_share": share.ravel(),
                "migrant_share_male": share_sex[:, :, 0].ravel(),
                "migrant_share_female": share_sex[:, :, 1].ravel(),
                "female_share": female.ravel(),
                "growth_rate": growth_rate(self.total, self.times).ravel(),
                "refugees_added": self.refugees_added.ravel(),
                "status": np.asarray(STATUS_LABELS, dtype=object)[self.status.ravel()],
                "data_type": self.data_type.ravel(),
            }
        )
        prov = self.provenance.drop(columns=["location_code", "year"])
        return pd.concat([frame, prov.reset_index(drop=True)], axis=1)

    def by_sex_age(self) -> pd.DataFrame:
        """Tidy table: ``location_code``, ``year``, ``sex``, ``age``, ``migrants``,
        ``population``, ``migrant_share`` (percent of the population of
        that sex and age; ``NaN`` where the population is not given by age)
        and ``distribution`` (where the sex-age distribution comes from:
        ``observed``, ``partial``, ``imputed`` from comparable countries or
        ``model``, the model age pattern).
        """
        idx = pd.MultiIndex.from_product(
            [self.locations, self.years, self.sexes, self.ages],
            names=["location_code", "year", "sex", "age"],
        )
        with np.errstate(all="ignore"):
            share = 100.0 * self.sex_age / self.population_sex_age
        return pd.DataFrame(
            {
                "migrants": self.sex_age.ravel(),
                "population": self.population_sex_age.ravel(),
                "migrant_share": share.ravel(),
                "distribution": np.repeat(
                    self.provenance["sex_age"].to_numpy(dtype=object),
                    len(self.sexes) * len(self.ages),
                ),
            },
            index=idx,
        ).reset_index()

    def by_origin_table(self) -> pd.DataFrame:
        """Tidy table: ``location_code``, ``year``, ``origin_code``, ``migrants``.

        Zero cells are left out.
        """
        idx = pd.MultiIndex.from_product(
            [self.locations, self.years, self.origins],
            names=["location_code", "year", "origin_code"],
        )
        frame = pd.DataFrame({"migrants": self.by_origin.ravel()}, index=idx)
        return frame[frame["migrants"] > 0].reset_index()

    def aggregates(
        self,
        classification: pd.DataFrame | None = None,
        *,
        exclude: Iterable[int] = NOT_IN_UN_TOTALS,
    ) -> pd.DataFrame:
        """Sum the countries to the world and every group of the classification.

        Parameters
        ----------
        classification :
            Defaults to the classification given to :func:`estimate_stock`.
        exclude :
            Locations left out of every aggregate; by default
            :data:`NOT_IN_UN_TOTALS`, so that the totals are comparable with
            the published ones. Pass ``()`` to sum every location.

        Returns
        -------
        pandas.DataFrame
            ``location_code`` (aggregate M49 code), ``level``, ``year``,
            ``migrants``, ``migrants_male``, ``migrants_female``,
            ``population``, ``population_male``, ``population_female``,
            ``migrant_share``, ``migrant_share_male``,
            ``migrant_share_female``, ``female_share``, ``growth_rate``,
            ``refugees_added``, ``n_imputed`` (members imputed for want of
            data) and ``migrants_imputed`` (their migrants). Populations by
            sex (and the shares) are missing for aggregates with a member
            lacking them.
        """
        groups = membership(self.locations, classification or self.classification)
        dropped = np.isin(self.locations, np.asarray(list(exclude), dtype=np.int64))
        if dropped.any():
            groups = replace(groups, matrix=groups.matrix * ~dropped[None, :])
        imputed = (self.status == IMPUTED).astype(np.float64)
        sex_tot = self.sex_age.sum(axis=3)
        stacked = np.stack(
            [
                self.total,
                sex_tot[:, :, 0],
                sex_tot[:, :, 1],
                self.population,
                self.refugees_added,
                self.population_by_sex[:, :, 0],
                self.population_by_sex[:, :, 1],
                imputed,
                imputed * self.total,
            ],
            axis=-1,
        )
        agg = aggregate_array(stacked, groups)
        gaps = aggregate_array(np.isnan(self.population_by_sex).astype(float), groups)
        pop_sex = np.where(gaps > 0, np.nan, agg[..., 5:7])
        n_group, n_year = agg.shape[:2]
        with np.errstate(all="ignore"):
            share = 100.0 * agg[..., 0] / agg[..., 3]
            share_sex = 100.0 * agg[..., 1:3] / pop_sex
            female = 100.0 * agg[..., 2] / agg[..., 0]
        return pd.DataFrame(
            {
                "location_code": np.repeat(groups.codes, n_year),
                "level": np.repeat(groups.levels, n_year),
                "year": np.tile(self.years, n_group),
                "migrants": agg[..., 0].ravel(),
                "migrants_male": agg[..., 1].ravel(),
                "migrants_female": agg[..., 2].ravel(),
                "population": agg[..., 3].ravel(),
                "population_male": pop_sex[..., 0].ravel(),
                "population_female": pop_sex[..., 1].ravel(),
                "migrant_share": share.ravel(),
                "migrant_share_male": share_sex[..., 0].ravel(),
                "migrant_share_female": share_sex[..., 1].ravel(),
                "female_share": female.ravel(),
                "growth_rate": growth_rate(agg[..., 0], self.times).ravel(),
                "refugees_added": agg[..., 4].ravel(),
                "n_imputed": agg[..., 7].ravel().astype(np.int64),
                "migrants_imputed": agg[..., 8].ravel(),
            }
        )

    @property
    def imputed_codes(self) -> IntArray:
        """Locations imputed for want of any observation (data type ``I``)."""
        return np.asarray(self.locations[(self.status == IMPUTED).all(axis=1)])


def observation_totals(observations: pd.DataFrame, /) -> pd.DataFrame:
    """Return one total per location and observation time.

    Parameters
    ----------
    observations :
        Observations of one definition and one source per date, with ``t``.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``t``, ``migrants`` and ``observation_id``. The
        total is the all-ages, all-origins, both-sexes row; failing that the
        sum of the two sexes, of the age groups or of the origins.
    """
    age_tot = (observations["age"] == AGE_TOTAL).to_numpy()
    origin_tot = (observations["origin_code"] == ORIGIN_TOTAL).to_numpy()
    both = (observations["sex"] == "both").to_numpy()
    # One integer per (location, time); sums and counts by bincount.
    loc_codes, _ = pd.factorize(observations["location_code"])
    t_codes, t_uniques = pd.factorize(observations["t"])
    inv, key = pd.factorize(loc_codes.astype(np.int64) * (len(t_uniques) + 1) + t_codes)
    # Keys are numbered in order of first appearance: their first rows.
    first = np.flatnonzero(~pd.Series(inv).duplicated().to_numpy())
    n = len(key)
    values = np.nan_to_num(observations["migrants"].to_numpy(dtype=np.float64))
    total = np.full(n, np.nan)
    # In order of preference: the total row, the two sexes, the age groups,
    # the origins.
    for mask, needed in (
        (age_tot & origin_tot & both, 1),
        (age_tot & origin_tot & ~both, 2),
        (~age_tot & origin_tot & both, 1),
        (age_tot & ~origin_tot & both, 1),
    ):
        sums = np.bincount(inv[mask], weights=values[mask], minlength=n)
        counts = np.bincount(inv[mask], minlength=n)
        ok = (counts == needed) if needed == 2 else (counts > 0)
        total = np.where(np.isnan(total) & ok, sums, total)
    have = ~np.isnan(total)
    out = pd.DataFrame(
        {
            "location_code": observations["location_code"].to_numpy()[first][have],
            "t": observations["t"].to_numpy(dtype=np.float64)[first][have],
            "migrants": total[have],
            "observation_id": observations["observation_id"].to_numpy()[first][have],
        }
    )
    return out.sort_values(["location_code", "t"], kind="stable").reset_index(drop=True)


def population_at(
    grid: FloatArray, grid_years: IntArray, rows: IntArray, t: FloatArray
) -> FloatArray:
    """Population of ``rows`` of an annual ``[location, year]`` grid at times ``t``.

    Interpolated exponentially between the 1 July values; held constant
    before the first and after the last year of the grid.
    """
    grid_t = mid_year(grid_years)
    pos = np.clip(np.searchsorted(grid_t, t) - 1, 0, len(grid_t) - 2)
    if len(grid_t) == 1:
        return np.asarray(grid[rows, 0], dtype=np.float64)
    t0, t1 = grid_t[pos], grid_t[pos + 1]
    w = np.clip((t - t0) / (t1 - t0), 0.0, 1.0)
    p0, p1 = grid[rows, pos], grid[rows, pos + 1]
    with np.errstate(all="ignore"):
        expo = p0 * np.exp(w * np.log(p1 / p0))
    return np.where((p0 > 0) & (p1 > 0), expo, p0 + w * (p1 - p0))


def _pick_sources(observations: pd.DataFrame) -> pd.DataFrame:
    rank = observations["source_type"].map(SOURCE_PRIORITY)
    best = rank.groupby(
        [observations["location_code"], observations["reference_date"]]
    ).transform("min")
    return observations[rank == best]


POPULATION_TREND_YEARS: Final = 5
"""Beyond the population table, the population grows at its average rate
over the table's last five years (flagged)."""


def _extend_wide(
    wide: pd.DataFrame, first_year: int, last_year: int
) -> tuple[pd.DataFrame, FloatArray, FloatArray]:
    """Fill a ``[location, year]`` frame from ``first_year`` to ``last_year``.

    Gaps inside a location's years are interpolated linearly. After its
    last year the population continues at the average exponential rate of
    its last :data:`POPULATION_TREND_YEARS` years (capped at 5 % a year);
    before its first year it is held at the first value.

    Returns
    -------
    frame, first, last :
        The filled frame and, per row, the first and last year given.
    """
    lo = min(first_year, int(wide.columns.min()))
    hi = max(last_year, int(wide.columns.max()))
    wide = wide.reindex(columns=np.arange(lo, hi + 1))
    values = wide.to_numpy(dtype=np.float64)
    finite = np.isfinite(values)
    years = wide.columns.to_numpy(dtype=np.int64)
    has = finite.any(axis=1)
    first_i = np.where(has, finite.argmax(axis=1), 0)
    last_i = np.where(has, values.shape[1] - 1 - finite[:, ::-1].argmax(axis=1), 0)
    inner = wide.interpolate(axis=1, limit_area="inside").to_numpy(dtype=np.float64)
    rows = np.arange(len(values))
    p_last = inner[rows, last_i]
    back_i = np.maximum(last_i - POPULATION_TREND_YEARS, first_i)
    p_back = inner[rows, back_i]
    span = np.maximum(last_i - back_i, 1)
    with np.errstate(all="ignore"):
        rate = np.where(
            (p_last > 0) & (p_back > 0), np.log(p_last / p_back) / span, 0.0
        )
    rate = np.clip(np.nan_to_num(rate), -0.05, 0.05)
    step = np.arange(len(years))[None, :] - last_i[:, None]
    after = p_last[:, None] * np.exp(rate[:, None] * step)
    before = inner[rows, first_i][:, None]
    col = np.arange(len(years))[None, :]
    filled = np.where(col > last_i[:, None], after, inner)
    filled = np.where(col < first_i[:, None], before, filled)
    filled = np.where(has[:, None], filled, np.nan)
    out = pd.DataFrame(filled, index=wide.index, columns=wide.columns)
    first = np.where(has, years[first_i], np.nan).astype(np.float64)
    last = np.where(has, years[last_i], np.nan).astype(np.float64)
    return out, first, last


def _year_span(wide: pd.DataFrame, span: tuple[int, int] | None) -> tuple[int, int]:
    """The years a grid covers: ``span`` if given, else those of the table."""
    if span is not None:
        return span
    return int(wide.columns.min()), int(wide.columns.max())


def _population_grid(
    population: pd.DataFrame,
    locations: IntArray,
    *,
    span: tuple[int, int] | None = None,
) -> tuple[FloatArray, IntArray, FloatArray, FloatArray]:
    # Both sexes, all ages; else the sum of the sexes; else of the age groups.
    keys = ["location_code", "year"]
    is_total = population["age"] == AGE_TOTAL
    is_both = population["sex"] == "both"

    def summed(rows: pd.Series, *, two_sexes: bool = False) -> pd.DataFrame:
        part = population[rows.to_numpy(dtype=bool)]
        grouped = part.groupby(keys)
        out = grouped[["population"]].sum()
        if two_sexes:
            out = out[grouped["sex"].nunique() == 2]
        return out

    masks = [
        (is_both & is_total, False),
        (~is_both & is_total, True),
        (is_both & ~is_total, False),
        (~is_both & ~is_total, True),
    ]
    # Only the layouts the table has (most give both sexes, all ages only).
    candidates = [summed(m, two_sexes=two) for m, two in masks if m.any()]
    combined = candidates[0] if candidates else summed(is_both & is_total)
    for other in candidates[1:]:
        combined = combined.combine_first(other)
    pop = combined.reset_index()
    wide = pop.pivot_table(index="location_code", columns="year", values="population")
    lo, hi = _year_span(wide, span)
    wide, first, last = _extend_wide(wide, lo, hi)
    missing = pd.Index(locations).difference(wide.index)
    if len(missing):
        raise StockInputError(
            f"no total population for location(s) {', '.join(map(str, missing[:5]))}; "
            "add them to the population table",
            column="location_code",
        )
    order = wide.index.get_indexer(pd.Index(locations))
    wide = wide.reindex(locations)
    return (
        wide.to_numpy(dtype=np.float64),
        wide.columns.to_numpy(dtype=np.int64),
        first[order],
        last[order],
    )


def _population_by_sex(
    population: pd.DataFrame,
    locations: IntArray,
    targets: FloatArray,
    ages: tuple[str, ...],
    span: tuple[int, int] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """``[location, target, sex]`` and ``[location, target, sex, age]`` persons.

    The population by sex is the all-ages row of each sex, else the sum of
    its age groups; by age, the source groups are mapped to ``ages`` by
    years of overlap (:func:`~migdev.stats.stock.sexage.age_mapping`).
    ``NaN`` where a sex (or its ages) is not given.
    """
    n_loc, n_t, n_age = len(locations), len(targets), len(ages)
    by_sex = np.full((n_loc, n_t, 2), np.nan)
    by_age = np.full((n_loc, n_t, 2, n_age), np.nan)
    sexed = population[
        population["sex"].isin(SEXES_OUT) & population["location_code"].isin(locations)
    ]
    if sexed.empty:
        return by_sex, by_age
    is_total = sexed["age"] == AGE_TOTAL
    groups = sexed[~is_total]
    if len(groups):
        labels = pd.unique(groups["age"])
        mapping = age_mapping([str(a) for a in labels], ages)
        shares = mapping[pd.Index(labels).get_indexer(pd.Index(groups["age"]))]
        mapped = pd.DataFrame(
            shares * groups["population"].to_numpy()[:, None],
            columns=pd.RangeIndex(n_age),
        )
        keys = [
            groups["location_code"].to_numpy(),
            groups["year"].to_numpy(),
            groups["sex"].to_numpy(),
        ]
        summed = mapped.groupby(keys).sum()
        summed.index.names = ["location_code", "year", "sex"]
        age_sum = summed.sum(axis=1).rename("population").reset_index()
    else:
        summed = None
        age_sum = sexed.iloc[:0][["location_code", "year", "sex", "population"]]
    totals = sexed[is_total][["location_code", "year", "sex", "population"]]
    keys_t = ["location_code", "year", "sex"]
    totals = (
        pd.concat([totals, age_sum], ignore_index=True)
        .drop_duplicates(keys_t, keep="first")
        .reset_index(drop=True)
    )
    rows = np.arange(n_loc * n_t)
    for s, name in enumerate(SEXES_OUT):
        part = totals[totals["sex"] == name]
        if part.empty:
            continue
        grid, grid_years = _wide_grid(part, "population", locations, span)
        at = population_at(
            np.repeat(grid, n_t, axis=0), grid_years, rows, np.tile(targets, n_loc)
        )
        by_sex[:, :, s] = at.reshape(n_loc, n_t)
        if summed is None or name not in summed.index.get_level_values("sex"):
            continue
        frame = summed.xs(name, level="sex")
        for a in range(n_age):
            cells = frame[a].rename("population").reset_index()
            grid, grid_years = _wide_grid(cells, "population", locations, span)
            at = population_at(
                np.repeat(grid, n_t, axis=0),
                grid_years,
                rows,
                np.tile(targets, n_loc),
            )
            by_age[:, :, s, a] = at.reshape(n_loc, n_t)
    return by_sex, by_age


def _wide_grid(
    frame: pd.DataFrame,
    column: str,
    locations: IntArray,
    span: tuple[int, int] | None = None,
) -> tuple[FloatArray, IntArray]:
    """``[location, year]`` grid of one value, ``NaN`` for absent locations."""
    wide = frame.pivot_table(index="location_code", columns="year", values=column)
    lo, hi = _year_span(wide, span)
    wide = _extend_wide(wide, lo, hi)[0].reindex(locations)
    return wide.to_numpy(dtype=np.float64), wide.columns.to_numpy(dtype=np.int64)


TREND_YEARS: Final = np.arange(1950, 2036, dtype=np.int64)
"""Annual grid (1 July) on which comparable countries' trends are taken.

Fixed, so that the estimate for a year never depends on which other
years are asked for."""


def _at_times(grid_t: FloatArray, values: FloatArray, t: FloatArray) -> FloatArray:
    """Linear interpolation of ``[location, grid]`` rows at shared times ``t``;
    times outside the grid take the nearest end."""
    pos = np.clip(np.searchsorted(grid_t, t, side="right") - 1, 0, len(grid_t) - 2)
    w = np.clip((t - grid_t[pos]) / (grid_t[pos + 1] - grid_t[pos]), 0.0, 1.0)
    return np.asarray(values[..., pos] * (1 - w) + values[..., pos + 1] * w)


def _one_observation_trend(
    est: FloatArray,
    n_obs: IntArray,
    t_obs: FloatArray,
    y_obs: FloatArray,
    targets: FloatArray,
    groups: ComparableGroups,
    *,
    max_rate: float,
) -> FloatArray:
    """Carry single observations with their comparable countries' trend.

    The donors' log-paths are taken on the fixed annual grid
    :data:`TREND_YEARS` and centred on their mean over it; the median path
    of the group, read at the target and at the observation date, gives
    the factor applied to the observation.
    """
    if not (n_obs == 1).any():
        return est
    grid_t = mid_year(TREND_YEARS)
    path, _ = interpolate_exponential(t_obs, y_obs, grid_t, max_rate=max_rate)
    with np.errstate(all="ignore"):
        log_path = np.log(np.where(path > 0, path, np.nan))
        finite = np.isfinite(log_path)
        mean = np.where(finite, log_path, 0.0).sum(axis=1, keepdims=True) / np.maximum(
            finite.sum(axis=1, keepdims=True), 1
        )
        relative = log_path - mean
    trend = groups.statistic(relative, how="median")
    filled = pd.DataFrame(trend).interpolate(axis=1, limit_direction="both")
    trend_a = np.nan_to_num(filled.to_numpy(dtype=np.float64))
    at_targets = _at_times(grid_t, trend_a, targets)
    rows = np.arange(len(n_obs))
    t0 = np.nan_to_num(t_obs[:, 0], nan=grid_t[0])
    pos = np.clip(np.searchsorted(grid_t, t0, side="right") - 1, 0, len(grid_t) - 2)
    w = np.clip((t0 - grid_t[pos]) / (grid_t[pos + 1] - grid_t[pos]), 0.0, 1.0)
    at_obs = trend_a[rows, pos] * (1 - w) + trend_a[rows, pos + 1] * w
    carried = y_obs[:, :1] * np.exp(at_targets - at_obs[:, None])
    return np.where((n_obs == 1)[:, None], carried, est)


def _comparable_rate(
    t_obs: FloatArray,
    y_obs: FloatArray,
    locations: IntArray,
    classification: pd.DataFrame | None,
    *,
    min_donors: int,
) -> FloatArray:
    """Median annual rate of each location's comparable countries over the
    interval between its own last two observations (read on their paths)."""
    n_obs = (~np.isnan(t_obs)).sum(axis=1)
    rows = np.arange(len(locations))
    last = np.clip(n_obs - 1, 0, None)
    t1 = t_obs[rows, last]
    t0 = t_obs[rows, np.clip(last - 1, 0, None)]
    t0 = np.where(n_obs >= 2, t0, t1 - 5.0)
    grid_t = mid_year(TREND_YEARS)
    path, _ = interpolate_exponential(t_obs, y_obs, grid_t, max_rate=0.05)
    with np.errstate(all="ignore"):
        log_path = np.log(np.where(path > 0, path, np.nan))
    groups = ComparableGroups(locations, classification, n_obs >= 2, min_donors=1)
    out = np.zeros(len(locations))
    at0 = np.clip(
        np.round(np.nan_to_num(t0) - grid_t[0]).astype(np.int64), 0, len(grid_t) - 1
    )
    at1 = np.clip(
        np.round(np.nan_to_num(t1) - grid_t[0]).astype(np.int64), 0, len(grid_t) - 1
    )
    # One rate per distinct interval, over the donors of each group.
    for a, b in {(int(x), int(y)) for x, y in zip(at0, at1, strict=True)}:
        if b <= a:
            continue
        rate = (log_path[:, b] - log_path[:, a]) / (b - a)
        stat = groups.statistic(rate[:, None], how="median")[:, 0]
        pick = (at0 == a) & (at1 == b)
        out[pick] = stat[pick]
    del min_donors
    return np.nan_to_num(out)


ENSEMBLE_KEYS: Final = (
    "method",
    "linear_weight",
    "damping",
    "refugee_trend",
    "shrinkage",
    "path",
    "trend_damping",
    "parts",
)
"""Settings an ensemble member of :func:`estimate_stock` may set."""


def check_ensemble_member(member: Mapping[str, object], /) -> None:
    """Raise :class:`ValueError` naming what is wrong with one ensemble member.

    Keys must be among :data:`ENSEMBLE_KEYS`; ``method`` is ``"share"`` or
    ``"count"``, ``path`` one of :data:`InterpolationPath`, ``linear_weight``,
    ``damping`` and ``shrinkage`` numbers from 0 to 1, ``trend_damping``
    a number above 0 and at most 1, ``refugee_trend`` a boolean, ``parts``
    one of :data:`~migdev.stats.stock.parts.PARTS`.
    """
    unknown = sorted(set(member) - set(ENSEMBLE_KEYS))
    if unknown:
        raise ValueError(
            f"ensemble member setting(s) {', '.join(unknown)} unknown; "
            f"use {', '.join(ENSEMBLE_KEYS)}"
        )
    if "method" in member and member["method"] not in ("share", "count"):
        raise ValueError(f"method must be 'share' or 'count', not {member['method']!r}")
    paths = ("piecewise", "pchip", "spline")
    if "path" in member and member["path"] not in paths:
        raise ValueError(
            f"path must be one of {', '.join(map(repr, paths))}, not {member['path']!r}"
        )
    for key in ("linear_weight", "damping", "shrinkage"):
        if key not in member:
            continue
        value = member[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= 1
        ):
            raise ValueError(f"{key} must be a number from 0 to 1, not {value!r}")
    if "trend_damping" in member:
        value = member["trend_damping"]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value <= 1
        ):
            raise ValueError(
                f"trend_damping must be a number above 0 and at most 1, not {value!r}"
            )
    if "parts" in member and member["parts"] not in PARTS:
        raise ValueError(
            f"parts must be one of {', '.join(map(repr, PARTS))}, not {member['parts']!r}"
        )
    if "refugee_trend" in member and not isinstance(member["refugee_trend"], bool):
        raise ValueError(
            f"refugee_trend must be true or false, not {member['refugee_trend']!r}"
        )


def _ensemble_members(
    ensemble: Sequence[Mapping[str, object]] | None, **settings: object
) -> list[dict[str, Any]]:
    """The settings of each path: the call's own, or each member's over them."""
    if not ensemble:
        return [dict(settings)]
    members = []
    for member in ensemble:
        check_ensemble_member(member)
        members.append({**settings, **member})
    return members


def _geometric_mean(counts: list[FloatArray]) -> FloatArray:
    """Cell by cell geometric mean of the paths (arithmetic where one is 0)."""
    if len(counts) == 1:
        return counts[0]
    stack = np.stack(counts)
    with np.errstate(all="ignore"):
        geometric = np.exp(np.log(stack).mean(axis=0))
    out = np.where((stack > 0).all(axis=0), geometric, stack.mean(axis=0))
    return np.asarray(out, dtype=np.float64)


def _last_rate(t_obs: FloatArray, y_obs: FloatArray) -> FloatArray:
    """``[row]`` annual rate of ``ln y`` over each row's last interval
    (``NaN`` with fewer than two observations or a zero)."""
    n_obs = (~np.isnan(t_obs)).sum(axis=1)
    rows = np.arange(len(t_obs))
    last = np.clip(n_obs - 1, 0, None)
    before = np.clip(last - 1, 0, None)
    with np.errstate(all="ignore"):
        rate = np.log(y_obs[rows, last] / y_obs[rows, before]) / (
            t_obs[rows, last] - t_obs[rows, before]
        )
    return np.where((n_obs >= 2) & np.isfinite(rate), rate, np.nan)


def _origin_prior(
    t_obs: FloatArray,
    y_parts: FloatArray,
    origin: IntArray,
    p_obs: FloatArray | None,
    *,
    max_rate: float,
) -> FloatArray:
    """``[part row]`` rate towards which each corridor's extrapolated rate is
    shrunk: that of its origin's emigrants in the other destinations
    (:func:`~migdev.stats.stock.parts.origin_rates`), less the growth of the
    destination's population for a share (``p_obs`` given); the corridor's
    own rate (no pull) where the origin has no emigrants elsewhere."""
    counts = y_parts * p_obs if p_obs is not None else y_parts
    prior = origin_rates(t_obs, counts, origin, max_rate=max_rate)
    if p_obs is not None:
        prior = prior - _last_rate(t_obs, p_obs)
    own = _last_rate(t_obs, y_parts)
    return np.nan_to_num(np.where(np.isfinite(prior), prior, own))


def _count_path(
    t_obs: FloatArray,
    m_obs: FloatArray,
    p_obs: FloatArray,
    targets: FloatArray,
    pop_ref: FloatArray,
    counted_obs: FloatArray | None,
    counted_at_targets: FloatArray | None,
    trend_groups: ComparableGroups,
    *,
    locations: IntArray,
    classification: pd.DataFrame | None,
    max_rate: float,
    min_donors: int,
    member: Mapping[str, Any],
    layouts: Mapping[str, PartsLayout] | None = None,
    counted_parts: FloatArray | None = None,
) -> tuple[FloatArray, Bracket]:
    """``[location, target]`` migrants of the locations with observations
    under one setting of the path (``NaN`` elsewhere)."""
    share = member["method"] == "share"
    with np.errstate(all="ignore"):
        y_obs = m_obs / p_obs if share else m_obs
    if counted_obs is not None:
        # The trend of the migrants other than the refugees the sources count.
        with np.errstate(all="ignore"):
            counted = counted_obs / p_obs if share else counted_obs
        y_obs = np.maximum(y_obs - counted, 0.1 * y_obs)
    prior_rate = None
    if member["shrinkage"] > 0:
        prior_rate = _comparable_rate(
            t_obs, y_obs, locations, classification, min_donors=min_donors
        )

    def member_path(
        t: FloatArray, y: FloatArray, prior: FloatArray | None
    ) -> tuple[FloatArray, Bracket]:
        """The member's path through observations (``t``, ``y``)."""
        return interpolate_exponential(
            t,
            y,
            targets,
            max_rate=max_rate,
            linear_weight=member["linear_weight"],
            damping=member["damping"],
            prior_rate=prior,
            shrinkage=member["shrinkage"],
            path=member["path"],
            trend_damping=member["trend_damping"],
        )

    est, bracket = member_path(t_obs, y_obs, prior_rate)
    parts = member.get("parts", "total")
    if parts != "total" and layouts is not None and parts in layouts:

        def each_part(loc: IntArray, y_parts: FloatArray) -> FloatArray:
            prior = None if prior_rate is None else prior_rate[loc]
            if parts == "origin" and prior is not None:
                # A corridor is pulled towards its origin's emigrants
                # elsewhere, not towards the comparable countries' totals.
                prior = _origin_prior(
                    t_obs[loc],
                    y_parts,
                    layouts[parts].part,
                    p_obs[loc] if share else None,
                    max_rate=max_rate,
                )
            return member_path(t_obs[loc], y_parts, prior)[0]

        summed, covered = parts_path(
            layouts[parts],
            y_obs,
            each_part,
            n_locations=len(locations),
            # Counted refugees leave the corridor of their origin.
            minus=counted_parts
            if parts == "origin" and counted_obs is not None
            else None,
        )
        # Sums of parts where every date has the breakdown; the total's own
        # path elsewhere (and for single observations).
        est = np.where((covered & (bracket.n_obs >= 2))[:, None], summed, est)
    est = _one_observation_trend(
        est, bracket.n_obs, t_obs, y_obs, targets, trend_groups, max_rate=max_rate
    )
    count = est * pop_ref if share else est
    if counted_at_targets is not None:
        count = np.where(
            (bracket.n_obs >= 1)[:, None] & (counted_at_targets > 0),
            count + counted_at_targets,
            count,
        )
    return count, bracket


def _validate_all(
    observations: pd.DataFrame,
    population: pd.DataFrame,
    classification: pd.DataFrame | None,
    refugees: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    known: Iterable[int] | None = None
    if classification is not None:
        classification = validate_classification(classification)
        known = classification["location_code"].tolist()
    obs = validate_observations(observations, known_codes=known)
    pop = validate_population(population)
    refs = None if refugees is None else validate_refugees(refugees, known_codes=known)
    return obs, pop, classification, refs


def estimate_stock(
    observations: pd.DataFrame,
    population: pd.DataFrame,
    /,
    *,
    classification: pd.DataFrame | None = None,
    refugees: pd.DataFrame | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    method: InterpolationMethod = "share",
    ages: Sequence[str] = IMS_AGE_GROUPS,
    origins: Sequence[int] | None = None,
    max_extrapolation_rate: float = 0.05,
    min_donors: int = 3,
    refugees_beyond: RefugeesBeyond = "carry",
    linear_weight: float = 0.0,
    damping: float = 0.5,
    refugee_trend: bool = True,
    shrinkage: float = 0.0,
    path: InterpolationPath = "piecewise",
    trend_damping: float = 1.0,
    parts: Parts = "total",
    ensemble: Sequence[Mapping[str, object]] | None = None,
    validate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> StockEstimate:
    """Estimate the international migrant stock at the reference dates.

    Parameters
    ----------
    observations :
        Tidy observations (see :mod:`migdev.stats.stock.inputs`).
    population :
        Tidy total population, covering every location estimated.
    classification :
        Country classification. When given, every country in it that has a
        population is estimated (those without observations are imputed),
        and it defines the comparable countries and the aggregates.
    refugees :
        Tidy refugees table; refugees of countries whose sources leave
        them out are added.
    years :
        Reference years (1 July of each).
    method :
        ``"share"`` (default): the migrant share of the population is
        interpolated exponentially and multiplied by the population;
        ``"count"``: the count itself is interpolated exponentially.
    ages :
        Output age groups.
    origins :
        Origin codes to lay out (default: those observed).
    max_extrapolation_rate :
        Cap on the annual rate used beyond the observations.
    min_donors :
        Fewest countries with data for a group to serve as comparable
        countries (else the next larger group is used).
    linear_weight :
        Weight of the linear path blended with the exponential one (see
        :func:`~migdev.stats.stock.interpolate.interpolate_exponential`);
        0 is the UN method.
    damping :
        Factor on the rate used beyond the observations (1: the rate of
        the nearest interval, as the UN method; 0: held constant). The
        default 0.5 is the choice of the cross-validation in
        ``benchmarks/stock_backtest.py``.
    refugee_trend :
        For countries whose sources count refugees, interpolate the stock
        excluding the refugees of the refugee table and add those at the
        reference date, so that a refugee inflow or return does not bend
        the trend of the other migrants (default, chosen by the
        cross-validation; no effect without a refugee table).
    shrinkage :
        Pull of the rate used beyond a country's observations towards the
        median rate of its comparable countries over the same years (0:
        none, 1: the comparable countries' rate).
    path :
        Path of the logarithm between observations: ``"piecewise"`` (the
        UN method), ``"pchip"`` (monotone cubic) or ``"spline"`` (natural
        cubic spline, the local-linear-trend smoother); see
        :data:`~migdev.stats.stock.interpolate.InterpolationPath`.
    trend_damping :
        Gardner-McKenzie damped trend beyond the observations, ``phi`` per
        year (1: none; see
        :func:`~migdev.stats.stock.interpolate.interpolate_exponential`).
    parts :
        ``"total"`` (default): the total is interpolated; ``"sex"`` or
        ``"origin"``: each sex, or each origin (corridor), of the locations
        whose every observation has that breakdown is interpolated with
        the same settings and the parts are summed, as UN DESA builds its
        totals from the cells below them (see
        :mod:`~migdev.stats.stock.parts`). Only the totals change; the
        distributions by sex, age and origin are those of the steps below.
    ensemble :
        Several settings of the path (dictionaries of the keys in
        :data:`ENSEMBLE_KEYS`, each over this call's own settings): the
        estimate between and beyond the observations is the cell by cell
        geometric mean of their paths (``benchmarks/stock_backtest.py``
        chooses the members by cross-validation). ``None``: one path, this
        call's settings.
    refugees_beyond :
        Reference years outside the refugee table: ``"carry"`` (default)
        carries the figures of its nearest year, flagged in the
        ``refugees_note`` column with a :class:`StockWarning`;
        ``"error"`` raises :class:`StockInputError`.
    validate :
        Validate the inputs first (switch off only for inputs already
        validated).
    progress :
        Called with the name of each step as it starts.

    Returns
    -------
    StockEstimate

    Raises
    ------
    StockInputError
        If an input is invalid, a location lacks a population, or a
        location to impute has no comparable country with data.

    Warns
    -----
    StockWarning
        When the population or refugee table ends before a reference year:
        the population continues at its last five years' rate, refugees are
        carried; the cells are flagged in ``population_note`` and
        ``refugees_note``.

    Notes
    -----
    The steps, each a function of this package: choose the definition
    (:func:`~migdev.stats.stock.definitions.choose_definition`); keep one
    source per date (:data:`SOURCE_PRIORITY`); derive totals
    (:func:`observation_totals`); interpolate and extrapolate
    (:func:`~migdev.stats.stock.interpolate.interpolate_exponential`);
    carry single observations with the comparable countries' trend and
    impute countries without data from their median share; distribute by
    sex and age (:func:`~migdev.stats.stock.sexage.sex_age_distribution`)
    and by origin (:func:`~migdev.stats.stock.origin.origin_distribution`);
    add refugees (:func:`~migdev.stats.stock.refugees.refugee_addition`).
    """

    def step(name: str) -> None:
        log.debug("stock estimation: %s", name)
        if progress is not None:
            progress(name)

    if method not in ("share", "count"):
        raise ValueError(f"method must be 'share' or 'count', not {method!r}")
    if parts not in PARTS:
        raise ValueError(f"parts must be one of {', '.join(PARTS)}, not {parts!r}")
    step("validate")
    if validate:
        obs, pop, classification, refugees = _validate_all(
            observations, population, classification, refugees
        )
    else:
        obs, pop = observations, population
    year_arr = np.asarray(sorted({int(y) for y in years}), dtype=np.int64)
    targets = mid_year(year_arr)
    age_tuple = tuple(str(a) for a in ages)

    step("definitions")
    # Decide on one row per series (location, source, date, definition),
    # then keep the rows of the chosen series: the same choice as on every
    # row, without grouping the breakdown rows again and again.
    series_id = (
        obs.groupby(
            ["location_code", "source_type", "reference_date", "definition"],
            sort=False,
        )
        .ngroup()
        .to_numpy()
    )
    _, first_rows = np.unique(series_id, return_index=True)
    heads = obs.iloc[first_rows].assign(_series=series_id[first_rows])
    choice = choose_definition(heads)
    heads = _pick_sources(observations_for_definition(heads, choice))
    obs = obs[np.isin(series_id, heads["_series"].to_numpy())]
    # Sex and age as categories: the steps below compare them with a label
    # many times, which is then a comparison of small integers.
    obs = obs.assign(
        t=decimal_year(obs["reference_date"].to_numpy()),
        sex=pd.Categorical(obs["sex"]),
        age=pd.Categorical(obs["age"]),
    )

    pop_codes = np.unique(pop["location_code"].to_numpy(dtype=np.int64))
    observed_codes = np.unique(obs["location_code"].to_numpy(dtype=np.int64))
    if classification is not None:
        wanted = classification["location_code"].to_numpy(dtype=np.int64)
        wanted = wanted[np.isin(wanted, pop_codes) | np.isin(wanted, observed_codes)]
        locations = np.union1d(wanted, observed_codes).astype(np.int64)
    else:
        locations = np.unique(observed_codes).astype(np.int64)
    t_all = obs["t"].to_numpy(dtype=np.float64)
    span = (
        int(min(year_arr.min(), np.floor(t_all.min()) if len(t_all) else 9999)),
        int(max(year_arr.max(), np.ceil(t_all.max()) if len(t_all) else 0)),
    )
    grid, grid_years, _pop_first, pop_last = _population_grid(pop, locations, span=span)
    pop_beyond = year_arr[None, :] > pop_last[:, None]
    if pop_beyond.any():
        n_beyond = int(pop_beyond.any(axis=1).sum())
        warnings.warn(
            f"the population table ends before {int(year_arr[pop_beyond.any(axis=0)][0])} "
            f"for {n_beyond} location(s) (e.g. {int(locations[pop_beyond.any(axis=1)][0])}, "
            f"last year {int(pop_last[pop_beyond.any(axis=1)][0])}); their population is "
            "extrapolated at the rate of the table's last five years and the cells are "
            "flagged in the 'population_note' column",
            StockWarning,
            stacklevel=2,
        )
    pop_ref = population_at(
        np.repeat(grid, len(targets), axis=0),
        grid_years,
        np.arange(len(locations) * len(targets)),
        np.tile(targets, len(locations)),
    ).reshape(len(locations), len(targets))
    pop_sex, pop_sex_age = _population_by_sex(pop, locations, targets, age_tuple, span)

    step("totals")
    totals = observation_totals(obs)
    rows = pd.Index(locations).get_indexer(pd.Index(totals["location_code"]))
    totals["pop"] = population_at(grid, grid_years, rows, totals["t"].to_numpy())
    totals["row"] = np.arange(len(totals), dtype=np.float64)
    t_obs, (m_obs, p_obs, row_obs) = pad_by_location(
        locations, totals, ["migrants", "pop", "row"]
    )
    members = _ensemble_members(
        ensemble,
        method=method,
        linear_weight=linear_weight,
        damping=damping,
        refugee_trend=refugee_trend,
        shrinkage=shrinkage,
        path=path,
        trend_damping=trend_damping,
        parts=parts,
    )
    layouts: dict[str, PartsLayout] = {
        kind: observation_parts(
            obs, locations=locations, t_obs=t_obs, m_obs=m_obs, kind=kind
        )
        for kind in PARTS[1:]
        if any(m["parts"] == kind for m in members)
    }
    counted_obs = counted_at_targets = counted_parts = None
    if refugees is not None and any(m["refugee_trend"] for m in members):
        counted_obs = refugees_counted_at(refugees, locations=locations, times=t_obs)
        counted_at_targets = refugees_counted_at(
            refugees,
            locations=locations,
            times=np.broadcast_to(targets, (len(locations), len(targets))),
        )
        if "origin" in layouts:
            # By (location, origin): one key per corridor.
            layout = layouts["origin"]
            counted_parts = refugees_counted_at(
                refugees.assign(
                    location_code=refugees["location_code"] * 10_000
                    + refugees["origin_code"]
                ),
                locations=locations[layout.location] * 10_000 + layout.part,
                times=t_obs[layout.location],
            )

    step("interpolate")
    n_obs = (~np.isnan(t_obs)).sum(axis=1).astype(np.int64)
    trend_groups = ComparableGroups(
        locations, classification, n_obs >= 2, min_donors=min_donors
    )
    # A member repeated in the list weighs as many times as it appears (the
    # weights of an ensemble chosen by forward selection); its path is
    # computed once.
    keys = [tuple(sorted(m.items())) for m in members]
    unique = list(dict.fromkeys(keys))
    distinct = [dict(k) for k in unique]
    paths = [
        _count_path(
            t_obs,
            m_obs,
            p_obs,
            targets,
            pop_ref,
            counted_obs if member["refugee_trend"] else None,
            counted_at_targets if member["refugee_trend"] else None,
            trend_groups,
            locations=locations,
            classification=classification,
            max_rate=max_extrapolation_rate,
            min_donors=min_donors,
            member=member,
            layouts=layouts,
            counted_parts=counted_parts,
        )
        for member in distinct
    ]
    bracket = paths[0][1]
    count = _geometric_mean([paths[unique.index(k)][0] for k in keys])
    with np.errstate(all="ignore"):
        share = count / pop_ref
    impute_groups = ComparableGroups(
        locations, classification, n_obs >= 1, min_donors=min_donors
    )
    model_share = impute_groups.statistic(share, how="median")
    lacking = (n_obs == 0) & np.isnan(model_share).any(axis=1)
    if lacking.any():
        raise StockInputError(
            "no comparable country has data to impute location(s) "
            f"{', '.join(map(str, locations[lacking][:5]))}: give at least one "
            "observation in their subregion, region or the world, or leave them "
            "out of the classification",
            column="location_code",
        )
    count = np.where((n_obs == 0)[:, None], model_share * pop_ref, count)
    status = np.where((n_obs == 0)[:, None], IMPUTED, bracket.status)

    step("sex and age")
    sa = sex_age_distribution(
        obs,
        locations=locations,
        targets=targets,
        ages=age_tuple,
        classification=classification,
        min_donors=min_donors,
        population=pop_sex_age,
    )
    step("origin")
    od = origin_distribution(
        obs,
        locations=locations,
        targets=targets,
        origins=None if origins is None else np.asarray(origins, dtype=np.int64),
    )
    step("refugees")
    ref = refugee_addition(
        refugees,
        locations=locations,
        years=year_arr,
        origins=od.origins,
        beyond=refugees_beyond,
    )
    carried = ref.carried & (ref.total > 0).any(axis=0)
    if carried.any():
        pairs = ", ".join(
            f"{int(y)} from {int(f)}"
            for y, f in zip(year_arr[carried], ref.source_year[carried], strict=True)
        )
        warnings.warn(
            f"the refugee table does not cover every year asked for; refugees "
            f"carried unchanged ({pairs}) and flagged in the 'refugees_note' column",
            StockWarning,
            stacklevel=2,
        )
    total = count + ref.total
    sex_age = total[:, :, None, None] * sa.proportions
    by_origin = count[:, :, None] * od.proportions + ref.by_origin

    step("provenance")
    base = choice["data_type"].reindex(locations).fillna("I").to_numpy(dtype=object)
    base = np.where(n_obs == 0, "I", base)
    data_type = np.where(
        ref.total > 0, (base[:, None] + " R").astype(object), base[:, None]
    ).astype(object)
    provenance = _provenance(
        locations,
        year_arr,
        totals,
        row_obs,
        bracket.left,
        bracket.right,
        n_obs,
        status,
        method,
        max_extrapolation_rate,
        damping,
        linear_weight,
        path,
        trend_damping,
        trend_groups,
        impute_groups,
        sa.status,
        od.status,
    )
    if len(members) > 1:
        moving = (n_obs >= 2)[:, None] & np.isin(status, (INTERPOLATED, EXTRAPOLATED))
        provenance["estimation"] = np.where(
            moving.ravel(),
            (
                f"geometric mean of {len(members)} interpolation rules (ensemble)"
                if len(unique) == len(members)
                else f"weighted geometric mean of {len(unique)} interpolation rules "
                f"(ensemble of {len(members)} draws)"
            ),
            provenance["estimation"].to_numpy(dtype=object),
        )
    if len(unique) == 1 and members[0]["parts"] in layouts:
        kind = str(members[0]["parts"])
        moving = (
            (n_obs >= 2)[:, None]
            & layouts[kind].covered[:, None]
            & np.isin(status, (INTERPOLATED, EXTRAPOLATED))
        )
        provenance["estimation"] = np.where(
            moving.ravel(),
            provenance["estimation"].to_numpy(dtype=object)
            + (
                ", summed over the sexes"
                if kind == "sex"
                else ", summed over the origins"
            ),
            provenance["estimation"].to_numpy(dtype=object),
        )
    provenance["population_note"] = np.where(
        pop_beyond.ravel(),
        np.repeat(
            np.asarray(
                [
                    f"extrapolated beyond {int(y)}" if np.isfinite(y) else ""
                    for y in pop_last
                ],
                dtype=object,
            ),
            len(year_arr),
        ),
        "",
    )
    ref_note = np.where(
        ref.total > 0,
        np.where(
            ref.carried[None, :],
            np.asarray(
                [f"carried from {int(f)}" for f in ref.source_year], dtype=object
            )[None, :],
            "refugee table",
        ),
        "",
    )
    provenance["refugees_note"] = ref_note.ravel()
    definitions = choice.reindex(locations)
    definitions["data_type"] = base
    return StockEstimate(
        locations=locations,
        years=year_arr,
        times=targets,
        origins=od.origins,
        sexes=SEXES_OUT,
        ages=age_tuple,
        method=method,
        total=total,
        refugees_added=ref.total,
        population=pop_ref,
        population_by_sex=pop_sex,
        population_sex_age=pop_sex_age,
        sex_age=sex_age,
        by_origin=by_origin,
        status=status,
        data_type=data_type,
        provenance=provenance,
        definitions=definitions,
        classification=classification,
        distance=np.where(
            (n_obs > 0)[:, None],
            np.nanmin(
                np.abs(
                    np.where(np.isnan(t_obs), np.inf, t_obs)[:, :, None]
                    - targets[None, None, :]
                ),
                axis=1,
            ),
            np.inf,
        ),
        n_obs=n_obs,
        gap=np.where(
            bracket.status == INTERPOLATED,
            np.take_along_axis(np.nan_to_num(t_obs), bracket.right, axis=1)
            - np.take_along_axis(np.nan_to_num(t_obs), bracket.left, axis=1),
            np.nan,
        ),
    )


def _provenance(
    locations: IntArray,
    years: IntArray,
    totals: pd.DataFrame,
    row_obs: FloatArray,
    left: IntArray,
    right: IntArray,
    n_obs: IntArray,
    status: IntArray,
    method: InterpolationMethod,
    max_rate: float,
    damping: float,
    linear_weight: float,
    path: InterpolationPath,
    trend_damping: float,
    trend_groups: ComparableGroups,
    impute_groups: ComparableGroups,
    sexage_status: npt.NDArray[np.object_],
    origin_status: npt.NDArray[np.object_],
) -> pd.DataFrame:
    ids = np.append(totals["observation_id"].to_numpy(dtype=object), "")
    rows = np.nan_to_num(row_obs, nan=-1).astype(np.int64)
    rows = np.where(rows < 0, len(ids) - 1, rows)
    id_left = ids[np.take_along_axis(rows, left, axis=1)]
    id_right = ids[np.take_along_axis(rows, right, axis=1)]
    obs_ids = np.where(id_left == id_right, id_left, id_left + ";" + id_right)
    what = "migrant share" if method == "share" else "migrant count"
    single = (n_obs == 1)[:, None]
    curve = {
        "piecewise": "exponential",
        "pchip": "monotone cubic (log)",
        "spline": "cubic spline (log)",
    }[path]
    labels = {
        OBSERVED: "observation",
        INTERPOLATED: (
            f"{curve} interpolation of the {what}"
            if linear_weight == 0
            else f"{1 - linear_weight:g} {curve} + {linear_weight:g} linear "
            f"interpolation of the {what}"
        ),
        EXTRAPOLATED: f"exponential extrapolation of the {what} "
        f"(annual rate capped at {max_rate:.0%}"
        + (f", times {damping:g}" if damping != 1.0 else "")
        + (
            f", trend damped by {trend_damping:g} a year"
            if trend_damping != 1.0
            else ""
        )
        + ")",
        IMPUTED: "median migrant share of comparable countries",
        NO_DATA: "",
    }
    estimation = np.asarray([labels[i] for i in range(5)], dtype=object)[status]
    estimation = np.where(
        single & (status == EXTRAPOLATED),
        f"single observation carried with the trend of the {what} in comparable countries",
        estimation,
    )
    group = np.where(single, trend_groups.code[:, None], -1)
    group = np.where(n_obs[:, None] == 0, impute_groups.code[:, None], group)
    n_loc, n_year = status.shape
    group = np.broadcast_to(group, status.shape)
    return pd.DataFrame(
        {
            "location_code": np.repeat(locations, n_year),
            "year": np.tile(years, n_loc),
            "observation_ids": obs_ids.ravel(),
            "estimation": estimation.ravel(),
            "imputation_group": pd.Series(group.ravel(), dtype="Int64").mask(
                group.ravel() < 0
            ),
            "sex_age": np.repeat(sexage_status, n_year),
            "origin": np.repeat(origin_status, n_year),
        }
    )
