"""Distribution of the migrant stock by sex and age.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*, section
"Estimating the age and sex distribution": distributions are taken from
the sources where available and, where missing, from the average of
countries in the same region; the distribution is applied to the total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from migdev.stats.stock.comparable import ComparableGroups
from migdev.stats.stock.inputs import AGE_TOTAL, ORIGIN_TOTAL, parse_age_group
from migdev.stats.stock.interpolate import interpolate_linear, pad_by_location

__all__ = [
    "IMS_AGE_GROUPS",
    "SEXES_OUT",
    "WPP_AGE_GROUPS",
    "SexAgeDistribution",
    "age_mapping",
    "fit_margins",
    "model_age_pattern",
    "sex_age_distribution",
]

FloatArray = npt.NDArray[np.float64]

IMS_AGE_GROUPS: Final = (
    *(f"{a}-{a + 4}" for a in range(0, 75, 5)),
    "75+",
)
"""The age groups of the official by-age tables (0-4 … 70-74, 75+)."""
WPP_AGE_GROUPS: Final = (*(f"{a}-{a + 4}" for a in range(0, 100, 5)), "100+")
"""The 21 five-year groups of World Population Prospects (0-4 … 95-99, 100+)."""
SEXES_OUT: Final = ("male", "female")

MODEL_MALE: Final = (
    3.0,
    3.2,
    3.4,
    4.4,
    6.9,
    10.1,
    11.4,
    11.2,
    10.1,
    8.7,
    7.3,
    5.8,
    4.5,
    3.5,
    2.6,
    3.8,
)
MODEL_FEMALE: Final = (
    3.1,
    3.3,
    3.5,
    4.5,
    6.7,
    9.4,
    10.3,
    10.0,
    9.2,
    8.2,
    7.2,
    6.2,
    5.2,
    4.1,
    3.2,
    5.7,
)
MODEL_FEMALE_SHARE: Final = 0.483
"""Model age pattern of the migrant stock, used where no country has ages:
the world's percentage distribution by age of male and female migrants in
2015 (UN DESA, *International Migrant Stock 2017*, by age, groups
:data:`IMS_AGE_GROUPS`) and the world's female share in 2015 (IMS 2020,
Table 4)."""


def model_age_pattern(ages: tuple[str, ...]) -> FloatArray:
    """``[sex, age]`` proportions (summing to 1) of :data:`MODEL_MALE` and
    :data:`MODEL_FEMALE`, mapped to ``ages`` by years of overlap."""
    mapping = age_mapping(IMS_AGE_GROUPS, ages)
    male = np.asarray(MODEL_MALE) / sum(MODEL_MALE) @ mapping
    female = np.asarray(MODEL_FEMALE) / sum(MODEL_FEMALE) @ mapping
    return np.stack([male * (1 - MODEL_FEMALE_SHARE), female * MODEL_FEMALE_SHARE])


def age_mapping(
    source: tuple[str, ...] | list[str], target: tuple[str, ...] | list[str]
) -> FloatArray:
    """Return the share of each source age group falling in each target group.

    Parameters
    ----------
    source, target :
        Age-group labels (see :func:`~migdev.stats.stock.inputs.parse_age_group`).

    Returns
    -------
    numpy.ndarray
        ``[source, target]``; rows sum to 1. A source group spanning several
        target groups is split in proportion to the years of overlap, the
        open-ended groups being closed ten years after the last target
        group starts.

    Notes
    -----
    UN DESA splits broad groups with model age patterns; the even split by
    years is a migdev simplification.
    """
    tb = [parse_age_group(t) for t in target]
    cap = max(max(s for s, _ in tb) + 10.0, 100.0)
    sb = [parse_age_group(s) for s in source]
    out = np.zeros((len(sb), len(tb)))
    for i, (s0, s1) in enumerate(sb):
        s1c = min(s1, cap) if math.isinf(s1) else s1
        for j, (t0, t1) in enumerate(tb):
            t1c = cap if math.isinf(t1) else t1
            out[i, j] = max(0.0, min(s1c, t1c) - max(s0, t0))
            if math.isinf(t1) and s0 >= t0:
                out[i, j] = max(out[i, j], 1.0)
        total = out[i].sum()
        if total > 0:
            out[i] /= total
    return out


def fit_margins(
    seed: FloatArray,
    row_targets: FloatArray,
    col_targets: FloatArray,
    /,
    *,
    iterations: int = 100,
    tol: float = 1e-10,
) -> FloatArray:
    """Iterative proportional fitting of ``[..., sex, age]`` tables.

    Parameters
    ----------
    seed :
        ``[..., S, A]`` positive starting table (the pattern to keep).
    row_targets :
        ``[..., S]`` totals by sex; ``NaN`` rows leave that margin free.
    col_targets :
        ``[..., A]`` totals by age; ``NaN`` rows leave that margin free.
        When both margins are given they are first made to agree on the
        grand total (the sex totals win).
    iterations, tol :
        Stop after this many sweeps or once no cell moves more than ``tol``
        (relative).

    Returns
    -------
    numpy.ndarray
        Fitted table with the given margins.

    References
    ----------
    Deming, W. E. and Stephan, F. F. (1940). On a least squares adjustment
    of a sampled frequency table when the expected marginal totals are
    known. *Annals of Mathematical Statistics* 11(4), 427-444.
    """
    x = np.array(seed, dtype=np.float64, copy=True)
    has_row = np.asarray(~np.isnan(row_targets).any(axis=-1), dtype=bool)
    has_col = np.asarray(~np.isnan(col_targets).any(axis=-1), dtype=bool)
    rows = np.nan_to_num(row_targets)
    cols = np.nan_to_num(col_targets)
    both = has_row & has_col
    col_sum = cols.sum(axis=-1)
    with np.errstate(all="ignore"):
        factor = np.where(both & (col_sum > 0), rows.sum(axis=-1) / col_sum, 1.0)
    cols = cols * factor[..., None]
    for _ in range(iterations):
        before = x
        if has_row.any():
            rs = x.sum(axis=-1)
            with np.errstate(all="ignore"):
                f = np.where(rs > 0, rows / np.where(rs > 0, rs, 1.0), 0.0)
            x = np.where(has_row[..., None, None], x * f[..., None], x)
        if has_col.any():
            cs = x.sum(axis=-2)
            with np.errstate(all="ignore"):
                f = np.where(cs > 0, cols / np.where(cs > 0, cs, 1.0), 0.0)
            x = np.where(has_col[..., None, None], x * f[..., None, :], x)
        if np.allclose(x, before, rtol=tol, atol=0.0):
            break
    return x


@dataclass(frozen=True)
class SexAgeDistribution:
    """Proportions by sex and age at the reference dates.

    Attributes
    ----------
    proportions :
        ``[location, year, sex, age]``, summing to 1 over sex and age.
    status :
        ``[location]``: ``observed`` (sex and age from the sources),
        ``partial`` (one margin from the sources, the rest imputed and
        fitted), ``imputed`` (comparable countries) or ``model`` (no
        comparable country has ages: the model pattern
        :func:`model_age_pattern`).
    source_group :
        ``[location]`` M49 code of the group the imputed part came from.
    """

    proportions: FloatArray
    status: npt.NDArray[np.object_]
    source_group: npt.NDArray[np.int64]


def _detail_arrays(
    obs: pd.DataFrame, ages: tuple[str, ...]
) -> tuple[pd.DataFrame, FloatArray, FloatArray, FloatArray]:
    """Per observation set: cells [D,S,A], age (both) [D,A], sex totals [D,S]."""
    rows = obs[obs["origin_code"] == ORIGIN_TOTAL]
    sets = (
        rows[["location_code", "t"]]
        .drop_duplicates()
        .sort_values(["location_code", "t"])
        .reset_index(drop=True)
    )
    set_index = pd.MultiIndex.from_frame(sets)
    d_of_row = set_index.get_indexer(
        pd.MultiIndex.from_frame(rows[["location_code", "t"]])
    )
    n_sets, n_age = len(sets), len(ages)
    labels = rows["age"].to_numpy()
    is_group = labels != AGE_TOTAL
    uniq = pd.unique(labels[is_group])
    mapping = (
        age_mapping(list(map(str, uniq)), ages) if len(uniq) else np.zeros((0, n_age))
    )
    label_idx = pd.Index(uniq).get_indexer(labels)
    values = rows["migrants"].to_numpy(dtype=np.float64)
    sex = rows["sex"].to_numpy()

    cells = np.zeros((n_sets, 2, n_age))
    cell_seen = np.zeros((n_sets, 2), dtype=bool)
    age_both = np.zeros((n_sets, n_age))
    age_seen = np.zeros(n_sets, dtype=bool)
    sex_tot = np.full((n_sets, 2), np.nan)
    for s, name in enumerate(("male", "female")):
        m = is_group & (sex == name)
        np.add.at(cells[:, s, :], d_of_row[m], values[m, None] * mapping[label_idx[m]])
        cell_seen[d_of_row[m], s] = True
        t = ~is_group & (sex == name)
        sex_tot[d_of_row[t], s] = values[t]
    m = is_group & (sex == "both")
    np.add.at(age_both, d_of_row[m], values[m, None] * mapping[label_idx[m]])
    age_seen[d_of_row[m]] = True
    full = np.asarray(cell_seen.all(axis=1), dtype=bool)
    cells[~full] = np.nan
    age_both[~age_seen] = np.nan
    derived = full[:, None] & np.isnan(sex_tot)
    sex_tot = np.where(derived, np.nan_to_num(cells).sum(axis=-1), sex_tot)
    one_sex = np.isnan(sex_tot).sum(axis=1) == 1
    if one_sex.any():
        # A total and one sex give the other sex.
        both_tot = rows[~is_group & (sex == "both")]
        tot = np.full(n_sets, np.nan)
        tot[d_of_row[(~is_group) & (sex == "both")]] = both_tot["migrants"].to_numpy()
        fill = np.where(
            np.isnan(sex_tot),
            (tot[:, None] - np.nansum(sex_tot, axis=1, keepdims=True)).clip(0),
            sex_tot,
        )
        sex_tot = np.where(one_sex[:, None], fill, sex_tot)
    return sets, cells, age_both, sex_tot


def _adjust_to_population(pattern: FloatArray, population: FloatArray) -> FloatArray:
    """Tilt borrowed ``[location, year, sex, age]`` proportions towards each
    country's own age structure (see :func:`sex_age_distribution`)."""
    with np.errstate(all="ignore"):
        share = population / population.sum(axis=-1, keepdims=True)
    ok = np.isfinite(share).all(axis=(-2, -1))
    if not ok.any():
        return pattern
    reference = (
        np.where(ok[..., None, None], share, 0.0).sum(axis=0)
        / np.maximum(ok.sum(axis=0), 1)[:, None, None]
    )
    with np.errstate(all="ignore"):
        ratio = np.where(reference[None] > 0, share / reference[None], 1.0)
        tilted = pattern * ratio
        tilted = tilted / tilted.sum(axis=(-2, -1), keepdims=True)
    return np.where((ok[..., None, None]) & np.isfinite(tilted), tilted, pattern)


def sex_age_distribution(
    observations: pd.DataFrame,
    /,
    *,
    locations: npt.NDArray[np.int64],
    targets: FloatArray,
    ages: tuple[str, ...] = IMS_AGE_GROUPS,
    classification: pd.DataFrame | None = None,
    min_donors: int = 3,
    population: FloatArray | None = None,
) -> SexAgeDistribution:
    """Estimate the sex and age distribution of the stock at the targets.

    Parameters
    ----------
    observations :
        Observations of the chosen definition and source, with a decimal
        year column ``t``.
    locations :
        ``[location]`` codes, the order of the output.
    targets :
        ``[year]`` decimal years of the reference dates.
    ages :
        Output age groups; sources in any other grouping are mapped with
        :func:`age_mapping`.
    classification :
        Country classification for comparable countries.
    min_donors :
        See :class:`~migdev.stats.stock.comparable.ComparableGroups`.
    population :
        ``[location, year, sex, age]`` population in ``ages`` (``NaN``
        where not given). A borrowed pattern is adjusted to the country's
        population by age: multiplied, age group by age group, by the
        country's share of its population in the group over the mean share
        of the countries with a population by age.

    Returns
    -------
    SexAgeDistribution

    Notes
    -----
    For each observation date: full sex-by-age cells are used as they are,
    scaled within each sex to the source's total for that sex where it
    gives one (so that both margins agree); otherwise the comparable countries' pattern is fitted by iterative
    proportional fitting (:func:`fit_margins`) to whatever margins the
    source gives (totals by sex, by age for both sexes). Between dates the
    proportions are interpolated linearly, beyond them held constant.
    """
    n_age = len(ages)
    sets, cells, age_both, sex_tot = _detail_arrays(observations, ages)
    full = np.asarray(~np.isnan(cells).any(axis=(1, 2)), dtype=bool)
    informative = (
        full | ~np.isnan(age_both).any(axis=1) | ~np.isnan(sex_tot).any(axis=1)
    )
    loc_of_set = pd.Index(locations).get_indexer(pd.Index(sets["location_code"]))

    # Donor pattern: mean proportions of each location's full observations.
    with np.errstate(all="ignore"):
        prop_full = cells / cells.sum(axis=(1, 2), keepdims=True)
    pattern = np.zeros((len(locations), 2, n_age))
    count = np.zeros(len(locations))
    ok = full & (loc_of_set >= 0) & np.isfinite(prop_full).all(axis=(1, 2))
    np.add.at(pattern, loc_of_set[ok], prop_full[ok])
    np.add.at(count, loc_of_set[ok], 1.0)
    donors = count > 0
    pattern = np.where(
        donors[:, None, None], pattern / np.maximum(count, 1)[:, None, None], np.nan
    )
    groups = ComparableGroups(locations, classification, donors, min_donors=min_donors)
    group_pattern = groups.statistic(pattern.reshape(len(locations), -1), how="mean")
    group_pattern = group_pattern.reshape(len(locations), 2, n_age)
    # No comparable country has ages: the model pattern, not a flat one.
    modelled = np.asarray(np.isnan(group_pattern).any(axis=(1, 2)), dtype=bool)
    group_pattern = np.where(
        modelled[:, None, None], model_age_pattern(ages)[None], group_pattern
    )
    group_pattern = group_pattern / group_pattern.sum(axis=(1, 2), keepdims=True)

    # Per observation set: fit the pattern to the available margins.
    seed = group_pattern[np.clip(loc_of_set, 0, None)] + 1e-12
    fitted = fit_margins(seed, sex_tot, age_both)
    # Full cells keep their age pattern within each sex but are scaled to
    # the totals by sex the source prints, where those differ (rounded
    # percentages, cells that do not quite add up to the total).
    cell_sex = np.nan_to_num(cells).sum(axis=-1)
    with np.errstate(all="ignore"):
        scale = np.where(np.isfinite(sex_tot) & (cell_sex > 0), sex_tot / cell_sex, 1.0)
    fitted = np.where(
        full[:, None, None], np.nan_to_num(cells) * scale[..., None], fitted
    )
    with np.errstate(all="ignore"):
        props = fitted / fitted.sum(axis=(1, 2), keepdims=True)
    use = informative & (loc_of_set >= 0) & np.isfinite(props).all(axis=(1, 2))
    flat = pd.DataFrame(
        {"location_code": sets["location_code"][use], "t": sets["t"][use]}
    )
    t_obs, _ = pad_by_location(locations, flat, [])
    values = np.full((*t_obs.shape, 2 * n_age), np.nan)
    k = flat.groupby("location_code").cumcount().to_numpy()
    values[loc_of_set[use], k] = props[use].reshape(-1, 2 * n_age)
    interpolated = interpolate_linear(t_obs, values, targets)
    have = np.asarray(~np.isnan(t_obs).all(axis=1), dtype=bool)
    borrowed = np.broadcast_to(
        group_pattern[:, None], (len(locations), len(targets), 2, n_age)
    )
    if population is not None:
        borrowed = _adjust_to_population(borrowed, population)
    result = np.where(
        have[:, None, None],
        interpolated,
        borrowed.reshape(len(locations), len(targets), -1),
    ).reshape(len(locations), len(targets), 2, n_age)

    any_full = pd.Series(full[use]).groupby(loc_of_set[use]).any()
    status = np.where(modelled, "model", "imputed").astype(object)
    status[have] = "partial"
    full_locs = any_full[any_full].index.to_numpy(dtype=np.int64)
    status[full_locs] = "observed"
    return SexAgeDistribution(
        proportions=result, status=status, source_group=groups.code
    )
