"""Tidy input tables of the migrant-stock engine and their validators.

Four tables feed :func:`migdev.stats.stock.engine.estimate_stock`; each has a
``validate_*`` function that returns a clean copy or raises
:class:`~migdev.stats.stock.errors.StockInputError` naming the row and
column at fault.

``observations``
    One row per published count: ``location_code`` (M49 code of the
    destination), ``source_type`` (``census``, ``register``, ``survey`` or
    ``estimate``), ``reference_date`` (day precision), ``definition``
    (``foreign-born`` or ``citizenship``), ``sex`` (``both``, ``male``,
    ``female``), ``age`` (``total`` or a group label: ``"0-4"``, ``"37"``,
    ``"65+"``), ``origin_code`` (M49 code of the country of birth or
    citizenship; :data:`ORIGIN_TOTAL` for all origins, :data:`ORIGIN_UNKNOWN`
    for "unknown/other"; optional, defaults to all origins), ``migrants``
    (persons) and optionally ``observation_id``.
``population``
    Total population (World Population Prospects, persons, 1 July):
    ``location_code``, ``year``, ``sex``, ``age`` and ``population``.
    :func:`population_from_wpp` converts the WPP layouts.
``refugees``
    Refugees and asylum-seekers by country of asylum (persons, mid-year):
    ``location_code``, ``year``, ``refugees``, ``counted_in_census`` (whether
    the country's sources already count them) and optionally
    ``origin_code``. :func:`refugees_from_unhcr` converts the UNHCR layout.
``classification``
    ``location_code`` and the M49 code (900 and above) of the ``region``,
    ``subregion``, ``development_group`` and ``income_group`` the country
    belongs to (missing allowed), optionally ``name``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Final, cast

import numpy as np
import pandas as pd

from migdev.stats.stock.errors import StockInputError

__all__ = [
    "AGE_TOTAL",
    "CLASSIFICATION_GROUPS",
    "DEFINITIONS",
    "ORIGIN_OTHER_NORTH",
    "ORIGIN_OTHER_SOUTH",
    "ORIGIN_TOTAL",
    "ORIGIN_UNKNOWN",
    "SEXES",
    "SOURCE_TYPES",
    "parse_age_group",
    "population_from_wpp",
    "refugees_from_unhcr",
    "validate_classification",
    "validate_observations",
    "validate_population",
    "validate_refugees",
]

ORIGIN_TOTAL: Final = 0
"""``origin_code`` of a count over all origins."""
ORIGIN_UNKNOWN: Final = 2003
"""``origin_code`` of "unknown/other" origin (the code UN DESA files use)."""
ORIGIN_OTHER_NORTH: Final = 2001
"""``origin_code`` of the 2024 origin matrices' "Other North" residual."""
ORIGIN_OTHER_SOUTH: Final = 2002
"""``origin_code`` of the 2024 origin matrices' "Other South" residual."""
SPECIAL_ORIGINS: Final = frozenset(
    {ORIGIN_TOTAL, ORIGIN_UNKNOWN, ORIGIN_OTHER_NORTH, ORIGIN_OTHER_SOUTH}
)

AGE_TOTAL: Final = "total"
SEXES: Final = ("both", "male", "female")
SOURCE_TYPES: Final = ("census", "register", "survey", "estimate")
DEFINITIONS: Final = ("foreign-born", "citizenship")
CLASSIFICATION_GROUPS: Final = (
    "region",
    "subregion",
    "development_group",
    "income_group",
)
DEFAULT_DATE_RANGE: Final = (date(1950, 1, 1), date(2035, 12, 31))

_AGE_RE = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+)|(\+))?\s*$")


@lru_cache(maxsize=4096)
def parse_age_group(label: str) -> tuple[float, float]:
    """Return the half-open interval ``[start, end)`` of an age-group label.

    Parameters
    ----------
    label :
        ``"total"`` (all ages), ``"0-4"`` (ages 0 to 4 inclusive), ``"37"``
        (single year) or ``"75+"`` (open-ended).

    Returns
    -------
    tuple of float
        Start and exclusive end in completed years; the end of an
        open-ended group is ``inf``.

    Raises
    ------
    ValueError
        If the label is none of these forms.
    """
    text = str(label).strip().lower()
    if text in (AGE_TOTAL, "all ages", "total"):
        return (0.0, math.inf)
    match = _AGE_RE.match(text)
    if match is None:
        raise ValueError(
            f"age group {label!r} is not understood; write 'total', a range "
            "such as '0-4', a single year such as '37' or an open group "
            "such as '75+'"
        )
    start = float(match.group(1))
    if match.group(3):
        return (start, math.inf)
    if match.group(2) is not None:
        end = float(match.group(2)) + 1.0
        if end <= start:
            raise ValueError(f"age group {label!r} ends before it starts")
        return (start, end)
    return (start, start + 1.0)


def _fail(message: str, *, row: int | None, column: str | None) -> StockInputError:
    return StockInputError(message, row=row, column=column)


def _require_columns(
    frame: pd.DataFrame, required: Iterable[str], *, table: str
) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise StockInputError(
            f"the {table} table lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, frame.columns))}",
            column=missing[0],
        )


def _first_position(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _check_numeric_nonnegative(
    frame: pd.DataFrame, column: str, *, table: str, row_base: int
) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna().to_numpy() & frame[column].notna().to_numpy()
    if bad.any():
        pos = _first_position(bad)
        raise _fail(
            f"{column} {frame[column].iloc[pos]!r} in the {table} table is "
            "not a number; write digits only (no thousands separators)",
            row=pos + row_base,
            column=column,
        )
    missing = values.isna().to_numpy()
    if missing.any():
        pos = _first_position(missing)
        raise _fail(
            f"{column} is missing in the {table} table; drop the row or give the count",
            row=pos + row_base,
            column=column,
        )
    negative = (values < 0).to_numpy()
    if negative.any():
        pos = _first_position(negative)
        raise _fail(
            f"{column} is negative ({values.iloc[pos]}); counts must be 0 or more",
            row=pos + row_base,
            column=column,
        )
    return values.astype("float64")


def _check_choice(
    frame: pd.DataFrame,
    column: str,
    choices: Iterable[str],
    *,
    table: str,
    row_base: int,
) -> pd.Series:
    allowed = tuple(choices)
    # Normalise the distinct labels only (a few), then spread them back.
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    labels = [str(u).strip().lower() for u in uniques]
    known = np.array([label in allowed for label in labels] + [False])
    bad = ~known[codes]
    if bad.any():
        pos = _first_position(bad)
        raise _fail(
            f"{column} {frame[column].iloc[pos]!r} in the {table} table is not "
            f"one of {', '.join(allowed)}",
            row=pos + row_base,
            column=column,
        )
    clean = np.array([*labels, None], dtype=object)[codes]
    return pd.Series(clean, index=frame.index, dtype=object)


def _check_codes(
    frame: pd.DataFrame,
    column: str,
    *,
    table: str,
    row_base: int,
    known: frozenset[int] | None,
    extra: frozenset[int] = frozenset(),
) -> pd.Series:
    raw = frame[column]
    if pd.api.types.is_integer_dtype(raw.dtype) and not isinstance(
        raw.dtype, pd.api.extensions.ExtensionDtype
    ):
        codes = raw  # plain integers: nothing to convert or reject
        bad = np.zeros(len(raw), dtype=bool)
    else:
        codes = pd.to_numeric(raw, errors="coerce")
        bad = codes.isna().to_numpy() | (codes % 1 != 0).fillna(True).to_numpy()
    if bad.any():
        pos = _first_position(bad)
        raise _fail(
            f"{column} {frame[column].iloc[pos]!r} in the {table} table is not "
            "an M49 numerical code",
            row=pos + row_base,
            column=column,
        )
    codes = codes.astype("int64")
    if known is not None:
        allowed = np.asarray(sorted(known | extra), dtype=np.int64)
        # Check the distinct codes, then find the first row of a bad one.
        distinct = pd.unique(codes.to_numpy())
        unknown_codes = distinct[~np.isin(distinct, allowed)]
        if len(unknown_codes):
            unknown = np.isin(codes.to_numpy(), unknown_codes)
            pos = _first_position(unknown)
            raise _fail(
                f"unknown country code {int(codes.iloc[pos])} in the {table} "
                "table; it is not in the classification table (add it there "
                "or correct the code)",
                row=pos + row_base,
                column=column,
            )
    return codes


def _age_intervals(
    labels: pd.Series, *, table: str, row_base: int
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    # Normalise and parse the distinct labels only, then spread by code.
    codes, raw = pd.factorize(labels, use_na_sentinel=True)
    normal = (
        pd.Series(raw, dtype="string").str.strip().str.lower().to_numpy(dtype=object)
    )
    normal = np.append(normal, AGE_TOTAL)  # code -1: a missing label
    codes = np.where(codes < 0, len(normal) - 1, codes)
    bounds: dict[str, tuple[float, float]] = {}
    for i, label in enumerate(normal):
        if str(label) in bounds:
            continue
        try:
            bounds[str(label)] = parse_age_group(str(label))
        except ValueError as exc:
            pos = _first_position(codes == i)
            raise _fail(str(exc), row=pos + row_base, column="age") from None
    canonical = np.array(
        [
            AGE_TOTAL
            if bounds[str(v)] == (0.0, math.inf) and str(v) in ("total", "all ages")
            else str(v)
            for v in normal
        ],
        dtype=object,
    )
    start = np.array([bounds[str(v)][0] for v in normal])
    end = np.array([bounds[str(v)][1] for v in normal])
    text = pd.Series(canonical[codes], index=labels.index, dtype=object)
    return text, start[codes], end[codes]


def _check_age_partition(
    frame: pd.DataFrame,
    keys: list[str],
    start: np.ndarray,
    end: np.ndarray,
    *,
    table: str,
    row_base: int,
) -> None:
    """Each group of age rows must tile [0, inf) without overlap or gap."""
    is_group = frame["age"].to_numpy() != AGE_TOTAL
    if not is_group.any():
        return
    work = frame.loc[is_group, keys].copy()
    work["_start"] = start[is_group]
    work["_end"] = end[is_group]
    work["_pos"] = np.flatnonzero(is_group)
    work = work.sort_values([*keys, "_start", "_end"], kind="stable")
    group_id = work.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    s = work["_start"].to_numpy()
    e = work["_end"].to_numpy()
    pos = work["_pos"].to_numpy()
    first = np.r_[True, group_id[1:] != group_id[:-1]]
    last = np.r_[group_id[1:] != group_id[:-1], True]
    prev_end = np.r_[np.nan, e[:-1]]

    def label(i: int) -> str:
        return str(frame["age"].iloc[pos[i]])

    bad = first & (s != 0)
    if bad.any():
        i = _first_position(bad)
        raise _fail(
            f"age groups leave a gap: the first group is {label(i)!r}, they "
            "must start at age 0",
            row=int(pos[i]) + row_base,
            column="age",
        )
    overlap = ~first & (s < prev_end)
    if overlap.any():
        i = _first_position(overlap)
        raise _fail(
            f"age groups overlap: {label(i)!r} starts before the previous "
            f"group {label(i - 1)!r} ends; give disjoint groups",
            row=int(pos[i]) + row_base,
            column="age",
        )
    gap = ~first & (s > prev_end)
    if gap.any():
        i = _first_position(gap)
        raise _fail(
            f"age groups leave a gap between {label(i - 1)!r} and "
            f"{label(i)!r}; add the missing ages",
            row=int(pos[i]) + row_base,
            column="age",
        )
    unbounded = last & np.isfinite(e)
    if unbounded.any():
        i = _first_position(unbounded)
        raise _fail(
            f"age groups leave a gap: the last group {label(i)!r} is not "
            "open-ended; end with a group such as '75+'",
            row=int(pos[i]) + row_base,
            column="age",
        )


def _check_sums(
    frame: pd.DataFrame,
    value: str,
    keys: list[str],
    part: str,
    total_label: object,
    parts: Iterable[object] | None,
    *,
    table: str,
    tolerance: float,
    row_base: int,
    partial: bool = False,
) -> None:
    """Parts of ``part`` must sum to the row where ``part == total_label``.

    With ``partial`` the parts may fall short of the total (the rest is
    unknown) but not exceed it.
    """
    is_total = frame[part].to_numpy() == total_label
    if parts is None:
        is_part = ~is_total
    else:
        is_part = frame[part].isin(list(parts)).to_numpy()
    if not is_total.any() or not is_part.any():
        return
    # One integer per group: sums and counts by bincount, not a groupby.
    if len(keys) == 1:
        key = frame[keys[0]].to_numpy()
    else:
        key = frame.groupby(keys, dropna=False, sort=True).ngroup().to_numpy()
    inv = pd.factorize(key, use_na_sentinel=False)[0]
    n = int(inv.max()) + 1
    values = frame[value].to_numpy(dtype=np.float64)
    sums = np.bincount(inv[is_part], weights=values[is_part], minlength=n)
    counts = np.bincount(inv[is_part], minlength=n)
    total = np.full(n, np.nan)
    first_total = np.flatnonzero(is_total)[::-1]  # the first row wins
    total[inv[first_total]] = values[first_total]
    joined = np.isfinite(total) & (counts > 0)
    if parts is not None:
        joined &= counts == len(list(parts))
    diff = sums - total
    if not partial:
        diff = np.abs(diff)
    with np.errstate(invalid="ignore"):
        bad = joined & (diff > tolerance * np.clip(total, 1.0, None) + 0.5)
    if bad.any():
        group = int(np.flatnonzero(bad)[0])
        pos = _first_position((inv == group) & is_total)
        raise _fail(
            f"the by-{part} rows sum to {sums[group]:,.0f} but the total row "
            f"says {total[group]:,.0f} (beyond the {tolerance:.1%} tolerance); "
            f"correct the {part} breakdown or the total",
            row=pos + row_base,
            column=value,
        )


def _to_dates(
    frame: pd.DataFrame, *, date_range: tuple[date, date], row_base: int
) -> pd.Series:
    raw = frame["reference_date"]
    dates = pd.to_datetime(raw, errors="coerce", format="mixed")
    bad = dates.isna().to_numpy()
    if bad.any():
        pos = _first_position(bad)
        raise _fail(
            f"reference_date {raw.iloc[pos]!r} is not a date; write it as YYYY-MM-DD",
            row=pos + row_base,
            column="reference_date",
        )
    dates = dates.dt.normalize().astype("datetime64[s]")
    lo = pd.Timestamp(date_range[0])
    hi = pd.Timestamp(date_range[1])
    out = ((dates < lo) | (dates > hi)).to_numpy()
    if out.any():
        pos = _first_position(out)
        raise _fail(
            f"reference_date {dates.iloc[pos].date()} is out of range "
            f"{date_range[0]} to {date_range[1]}; check the year",
            row=pos + row_base,
            column="reference_date",
        )
    return dates


def validate_observations(
    observations: pd.DataFrame,
    /,
    *,
    known_codes: Iterable[int] | None = None,
    date_range: tuple[date, date] = DEFAULT_DATE_RANGE,
    tolerance: float = 0.01,
    row_base: int = 0,
) -> pd.DataFrame:
    """Check an observations table and return a clean copy.

    Parameters
    ----------
    observations :
        The tidy observations table (see the module documentation).
    known_codes :
        M49 codes of the countries the classification knows; destination
        and origin codes outside it are rejected. ``None`` skips the check.
    date_range :
        Earliest and latest acceptable reference dates.
    tolerance :
        Relative tolerance for breakdowns (by sex, age or origin) that must
        sum to their total.
    row_base :
        Added to 0-based row positions in error messages (2 for the line
        numbers of a CSV file with a header line).

    Returns
    -------
    pandas.DataFrame
        Same rows, canonical dtypes: ``reference_date`` as ``datetime64[s]``,
        lower-case labels, ``origin_code`` filled with :data:`ORIGIN_TOTAL`,
        ``observation_id`` filled with ``"obs<row>"`` where absent, and the
        extra float columns ``age_start`` and ``age_end``.

    Raises
    ------
    StockInputError
        Negative or missing counts, dates out of range, unknown codes, age
        groups that overlap or leave gaps, breakdowns that do not sum to
        their total beyond ``tolerance``.
    """
    table = "observations"
    required = (
        "location_code",
        "source_type",
        "reference_date",
        "definition",
        "sex",
        "age",
        "migrants",
    )
    _require_columns(observations, required, table=table)
    frame = observations.reset_index(drop=True).copy()
    if "origin_code" not in frame.columns:
        frame["origin_code"] = ORIGIN_TOTAL
    frame["origin_code"] = frame["origin_code"].fillna(ORIGIN_TOTAL)
    if "observation_id" not in frame.columns:
        frame["observation_id"] = [f"obs{i}" for i in range(len(frame))]
    frame["observation_id"] = frame["observation_id"].astype(str)
    known = None if known_codes is None else frozenset(int(c) for c in known_codes)
    frame["location_code"] = _check_codes(
        frame, "location_code", table=table, row_base=row_base, known=known
    )
    frame["origin_code"] = _check_codes(
        frame,
        "origin_code",
        table=table,
        row_base=row_base,
        known=known,
        extra=SPECIAL_ORIGINS,
    )
    frame["source_type"] = _check_choice(
        frame, "source_type", SOURCE_TYPES, table=table, row_base=row_base
    )
    frame["definition"] = _check_choice(
        frame, "definition", DEFINITIONS, table=table, row_base=row_base
    )
    frame["sex"] = _check_choice(frame, "sex", SEXES, table=table, row_base=row_base)
    frame["migrants"] = _check_numeric_nonnegative(
        frame, "migrants", table=table, row_base=row_base
    )
    frame["reference_date"] = _to_dates(frame, date_range=date_range, row_base=row_base)
    frame["age"], start, end = _age_intervals(
        frame["age"], table=table, row_base=row_base
    )
    frame["age_start"] = start
    frame["age_end"] = end
    # One integer per series (and per series and sex): the checks below
    # group by these instead of by four columns of codes, labels and dates.
    series_id = np.zeros(len(frame), dtype=np.int64)
    for column in ("location_code", "source_type", "reference_date", "definition"):
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        combined = series_id * (len(uniques) + 1) + codes
        series_id = pd.factorize(combined)[0].astype(np.int64)
    frame["_series"] = series_id
    sex_code = pd.Categorical(frame["sex"], categories=list(SEXES)).codes
    frame["_series_sex"] = 4 * frame["_series"].to_numpy() + sex_code
    series = ["_series"]
    _check_age_partition(
        frame,
        ["_series_sex", "origin_code"],
        start,
        end,
        table=table,
        row_base=row_base,
    )
    dup = frame.duplicated(
        ["_series_sex", "age_start", "age_end", "origin_code"]
    ).to_numpy()
    if dup.any():
        pos = _first_position(dup)
        raise _fail(
            "duplicate observation: the same location, source, date, "
            "definition, sex, age and origin appear twice; keep one",
            row=pos + row_base,
            column="migrants",
        )
    _check_sums(
        frame[(frame["age"] == AGE_TOTAL) & (frame["origin_code"] == ORIGIN_TOTAL)],
        "migrants",
        series,
        "sex",
        "both",
        ("male", "female"),
        table=table,
        tolerance=tolerance,
        row_base=row_base,
    )
    _check_sums(
        frame[frame["origin_code"] == ORIGIN_TOTAL],
        "migrants",
        ["_series_sex"],
        "age",
        AGE_TOTAL,
        None,
        table=table,
        tolerance=tolerance,
        row_base=row_base,
    )
    _check_sums(
        frame[frame["age"] == AGE_TOTAL],
        "migrants",
        ["_series_sex"],
        "origin_code",
        ORIGIN_TOTAL,
        None,
        table=table,
        tolerance=tolerance,
        row_base=row_base,
        partial=True,
    )
    return frame.drop(columns=["_series", "_series_sex"])


def validate_population(
    population: pd.DataFrame,
    /,
    *,
    known_codes: Iterable[int] | None = None,
    row_base: int = 0,
) -> pd.DataFrame:
    """Check a population table and return a clean copy.

    Parameters
    ----------
    population :
        ``location_code``, ``year``, ``population`` (persons) and
        optionally ``sex`` (default ``both``) and ``age`` (default
        ``total``).
    known_codes :
        M49 codes the classification knows, or ``None``.
    row_base :
        Added to row positions in error messages.

    Returns
    -------
    pandas.DataFrame
        Canonical copy with ``sex``, ``age``, ``age_start`` and ``age_end``.

    Raises
    ------
    StockInputError
        Missing columns, negative values, unknown codes, bad age groups.
    """
    table = "population"
    _require_columns(population, ("location_code", "year", "population"), table=table)
    frame = population.reset_index(drop=True).copy()
    if "sex" not in frame.columns:
        frame["sex"] = "both"
    if "age" not in frame.columns:
        frame["age"] = AGE_TOTAL
    known = None if known_codes is None else frozenset(int(c) for c in known_codes)
    frame["location_code"] = _check_codes(
        frame, "location_code", table=table, row_base=row_base, known=known
    )
    frame["sex"] = _check_choice(frame, "sex", SEXES, table=table, row_base=row_base)
    frame["population"] = _check_numeric_nonnegative(
        frame, "population", table=table, row_base=row_base
    )
    years = pd.to_numeric(frame["year"], errors="coerce")
    bad = (years.isna() | (years < 1900) | (years > 2150)).to_numpy()
    if bad.any():
        pos = _first_position(bad)
        raise _fail(
            f"year {frame['year'].iloc[pos]!r} is out of range 1900 to 2150",
            row=pos + row_base,
            column="year",
        )
    frame["year"] = years.astype("int64")
    frame["age"], start, end = _age_intervals(
        frame["age"], table=table, row_base=row_base
    )
    frame["age_start"] = start
    frame["age_end"] = end
    _check_age_partition(
        frame,
        ["location_code", "year", "sex"],
        start,
        end,
        table=table,
        row_base=row_base,
    )
    dup = frame.duplicated(["location_code", "year", "sex", "age"]).to_numpy()
    if dup.any():
        pos = _first_position(dup)
        raise _fail(
            "duplicate population row for the same location, year, sex and "
            "age; keep one",
            row=pos + row_base,
            column="population",
        )
    return frame


def validate_refugees(
    refugees: pd.DataFrame,
    /,
    *,
    known_codes: Iterable[int] | None = None,
    row_base: int = 0,
) -> pd.DataFrame:
    """Check a refugees table and return a clean copy.

    Parameters
    ----------
    refugees :
        ``location_code`` (country of asylum), ``year``, ``refugees``
        (persons, mid-year), ``counted_in_census`` (bool, the same for every
        row of a country) and optionally ``origin_code``.
    known_codes :
        M49 codes the classification knows, or ``None``.
    row_base :
        Added to row positions in error messages.

    Returns
    -------
    pandas.DataFrame
        Canonical copy; ``origin_code`` defaults to :data:`ORIGIN_UNKNOWN`.

    Raises
    ------
    StockInputError
        Missing columns, negative counts, unknown codes, a flag that
        differs between rows of the same country.
    """
    table = "refugees"
    _require_columns(
        refugees,
        ("location_code", "year", "refugees", "counted_in_census"),
        table=table,
    )
    frame = refugees.reset_index(drop=True).copy()
    if "origin_code" not in frame.columns:
        frame["origin_code"] = ORIGIN_UNKNOWN
    known = None if known_codes is None else frozenset(int(c) for c in known_codes)
    frame["location_code"] = _check_codes(
        frame, "location_code", table=table, row_base=row_base, known=known
    )
    frame["origin_code"] = _check_codes(
        frame.fillna({"origin_code": ORIGIN_UNKNOWN}),
        "origin_code",
        table=table,
        row_base=row_base,
        known=known,
        extra=SPECIAL_ORIGINS,
    )
    frame["refugees"] = _check_numeric_nonnegative(
        frame, "refugees", table=table, row_base=row_base
    )
    frame["year"] = pd.to_numeric(frame["year"], errors="raise").astype("int64")
    # Read the distinct values only, then spread them back.
    codes, uniques = pd.factorize(frame["counted_in_census"], use_na_sentinel=False)
    truthy = [str(v).strip().lower() in ("true", "1", "yes", "y") for v in uniques]
    frame["counted_in_census"] = np.asarray(truthy, dtype=bool)[codes]
    mixed = frame.groupby("location_code")["counted_in_census"].nunique() > 1
    if mixed.any():
        code = int(mixed[mixed].index[0])
        pos = _first_position((frame["location_code"] == code).to_numpy())
        raise _fail(
            f"counted_in_census differs between rows of country {code}; it is "
            "a per-country flag, give the same value on every row",
            row=pos + row_base,
            column="counted_in_census",
        )
    return frame


def validate_classification(
    classification: pd.DataFrame, /, *, row_base: int = 0
) -> pd.DataFrame:
    """Check a country classification table and return a clean copy.

    Parameters
    ----------
    classification :
        ``location_code`` plus any of ``region``, ``subregion``,
        ``development_group``, ``income_group`` (aggregate M49 codes, 900 and
        above; missing allowed) and optionally ``name``.
    row_base :
        Added to row positions in error messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by nothing, one row per country, every group column present
        as nullable ``Int64``.

    Raises
    ------
    StockInputError
        Duplicate or aggregate-range country codes, country-range group
        codes.
    """
    table = "classification"
    _require_columns(classification, ("location_code",), table=table)
    frame = classification.reset_index(drop=True).copy()
    frame["location_code"] = _check_codes(
        frame, "location_code", table=table, row_base=row_base, known=None
    )
    dup = frame["location_code"].duplicated().to_numpy()
    if dup.any():
        pos = _first_position(dup)
        raise _fail(
            f"location_code {frame['location_code'].iloc[pos]} appears twice; "
            "a country belongs to one row",
            row=pos + row_base,
            column="location_code",
        )
    for group in CLASSIFICATION_GROUPS:
        if group not in frame.columns:
            frame[group] = pd.NA
        codes = pd.to_numeric(frame[group], errors="coerce").astype("Int64")
        bad = (codes.notna() & (codes < 900)).fillna(False).to_numpy(dtype=bool)
        if bad.any():
            pos = _first_position(bad)
            raise _fail(
                f"{group} code {codes.iloc[pos]} is below 900; aggregates use "
                "M49 codes 900 and above",
                row=pos + row_base,
                column=group,
            )
        frame[group] = codes
    if "name" not in frame.columns:
        frame["name"] = frame["location_code"].astype(str)
    return frame


def population_from_wpp(
    wpp: pd.DataFrame, /, *, variant: str = "Medium"
) -> pd.DataFrame:
    """Convert a World Population Prospects table to the tidy population table.

    Parameters
    ----------
    wpp :
        Either the WPP CSV layout (``LocID``, ``Time``, optional ``AgeGrp``,
        ``Variant``, ``PopMale``, ``PopFemale``, ``PopTotal`` in thousands)
        or the long layout with ``location_code``, ``year``,
        ``pop_thousands`` and optional ``variant``.
    variant :
        The projection variant kept where the table has several (matched
        case-insensitively at the start of the variant's name, so
        ``"Medium"`` keeps "Medium variant"); the estimates are always
        kept and win where both give a year. The projection carries the
        population beyond the estimates instead of holding it constant.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``year``, ``sex``, ``age``, ``population``
        (persons).

    Raises
    ------
    StockInputError
        If neither layout is recognised.
    """
    cols = set(wpp.columns)
    for name in ("Variant", "variant"):
        if name in cols:
            label = wpp[name].astype(str).str.strip().str.lower()
            estimates = label.str.startswith("estimate")
            wanted = label.str.startswith(variant.strip().lower())
            if not (estimates | wanted).any():
                raise StockInputError(
                    f"column {name!r} has no variant {variant!r} and no estimates; "
                    f"it has {', '.join(sorted(set(wpp[name].astype(str)))[:5])}",
                    column=name,
                )
            rank = np.where(estimates, 0, 1)
            wpp = (
                wpp[estimates | wanted]
                .assign(_rank=rank[(estimates | wanted).to_numpy()])
                .sort_values("_rank", kind="stable")
            )
            keys = ["LocID", "Time"] if "LocID" in cols else ["location_code", "year"]
            keys += [c for c in ("AgeGrp",) if c in cols]
            wpp = wpp.drop_duplicates(keys, keep="first").drop(columns="_rank")
    if {"LocID", "Time", "PopTotal"} <= cols:
        keep = {"PopTotal": "both", "PopMale": "male", "PopFemale": "female"}
        id_vars = ["LocID", "Time"] + (["AgeGrp"] if "AgeGrp" in cols else [])
        long = wpp.melt(
            id_vars=id_vars,
            value_vars=[c for c in keep if c in cols],
            var_name="sex",
            value_name="population",
        )
        long["sex"] = long["sex"].map(keep)
        out = pd.DataFrame(
            {
                "location_code": long["LocID"].astype("int64"),
                "year": long["Time"].astype("int64"),
                "sex": long["sex"],
                "age": long["AgeGrp"].astype(str) if "AgeGrp" in cols else AGE_TOTAL,
                "population": long["population"].astype("float64") * 1000.0,
            }
        )
        return out.dropna(subset=["population"]).reset_index(drop=True)
    if {"location_code", "year", "pop_thousands"} <= cols:
        frame = wpp
        return pd.DataFrame(
            {
                "location_code": frame["location_code"].astype("int64"),
                "year": frame["year"].astype("int64"),
                "sex": "both",
                "age": AGE_TOTAL,
                "population": frame["pop_thousands"].astype("float64") * 1000.0,
            }
        ).reset_index(drop=True)
    raise StockInputError(
        "not a World Population Prospects layout: expected columns LocID, "
        "Time, PopTotal (thousands) or location_code, year, pop_thousands"
    )


def refugees_from_unhcr(
    unhcr: pd.DataFrame,
    /,
    *,
    iso3_to_m49: Mapping[str, int],
    counted_in_census: Iterable[int] = (),
    groups: Iterable[str] = ("refugee", "asylum"),
    timing: str = "end-year",
) -> pd.DataFrame:
    """Convert the UNHCR population statistics layout to the refugees table.

    Parameters
    ----------
    unhcr :
        ``year``, ``asylum_iso3``, ``origin_iso3``, ``group``, ``persons``.
    iso3_to_m49 :
        ISO-3 to M49 code mapping; unmapped asylum countries are dropped,
        unmapped origins become :data:`ORIGIN_UNKNOWN`.
    counted_in_census :
        M49 codes of countries whose census already counts refugees.
    groups :
        UNHCR population groups to keep (refugees and asylum-seekers).
    timing :
        ``"end-year"`` (UNHCR's 31 December figures, turned into 1 July
        figures by averaging each year with the previous calendar year;
        where the table lacks the previous year, the year alone) or
        ``"mid-year"``. A corridor absent in a year the table covers
        counts zero.

    Returns
    -------
    pandas.DataFrame
        The tidy refugees table.
    """
    frame = unhcr[unhcr["group"].isin(list(groups))]
    dest = frame["asylum_iso3"].map(iso3_to_m49)
    origin = frame["origin_iso3"].map(iso3_to_m49).fillna(ORIGIN_UNKNOWN)
    tidy = pd.DataFrame(
        {
            "location_code": dest,
            "year": frame["year"].astype("int64"),
            "origin_code": origin.astype("int64"),
            "refugees": frame["persons"].astype("float64"),
        }
    ).dropna(subset=["location_code"])
    tidy["location_code"] = tidy["location_code"].astype("int64")
    tidy = tidy.groupby(["location_code", "origin_code", "year"])[["refugees"]].sum()
    tidy = tidy.reset_index()
    if timing == "end-year":
        wide = tidy.pivot_table(
            index=["location_code", "origin_code"],
            columns="year",
            values="refugees",
            fill_value=0.0,
        )
        # A corridor absent in a year the table covers is a zero (UNHCR
        # lists no empty corridors); a year the table lacks altogether is
        # unknown. Shift by calendar year, not by column, so that a missing
        # year is not averaged with an earlier one.
        span = np.arange(int(wide.columns.min()), int(wide.columns.max()) + 1)
        wide = wide.reindex(columns=span)
        prev = wide.shift(1, axis=1).fillna(wide)
        mid = (wide + prev) / 2.0
        stacked = cast(pd.Series, mid.stack(future_stack=True)).dropna()
        tidy = stacked.to_frame("refugees").reset_index()
    codes = frozenset(int(c) for c in counted_in_census)
    tidy["counted_in_census"] = tidy["location_code"].isin(list(codes))
    return tidy.reset_index(drop=True)
