"""Write estimates as tidy files and in the official table layout."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from openpyxl import Workbook

from migdev.stats.stock.aggregate import aggregate_array, membership
from migdev.stats.stock.engine import StockEstimate
from migdev.stats.stock.inputs import (
    ORIGIN_OTHER_NORTH,
    ORIGIN_OTHER_SOUTH,
    ORIGIN_UNKNOWN,
)
from migdev.stats.stock.intervals import aggregate_intervals, cell_intervals

__all__ = [
    "AGGREGATE_NAMES",
    "RESIDUAL_ORIGIN_NAMES",
    "write_tidy",
    "write_un_age_workbook",
    "write_un_origin_workbook",
    "write_un_workbook",
]

TidyFormat = Literal["csv", "parquet"]

AGGREGATE_NAMES: Final = {
    900: "WORLD",
    901: "Developed regions",
    902: "Less developed regions",
    1500: "Low-income countries",
    1501: "Lower-middle-income countries",
    1502: "Upper-middle-income countries",
    1503: "High-income countries",
    1518: "No income group available",
}
"""Names of the aggregates the classification cannot name itself."""

RESIDUAL_ORIGIN_NAMES: Final = {
    ORIGIN_OTHER_NORTH: "Other North",
    ORIGIN_OTHER_SOUTH: "Other South",
    ORIGIN_UNKNOWN: "Other",
}
"""Column labels of the residual origins in the origin-destination tables."""


def _atomic_write(path: Path, write: Any) -> None:
    """Write through a temporary file so that a failure leaves nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tidy(
    result: StockEstimate,
    directory: str | Path,
    /,
    *,
    format: TidyFormat = "csv",
    intervals: bool = False,
) -> list[Path]:
    """Write the tidy tables of an estimate.

    Parameters
    ----------
    result :
        The estimate.
    directory :
        Output directory (created if needed).
    format :
        ``"csv"`` or ``"parquet"``.
    intervals :
        Add the 80 % and 95 % intervals (:mod:`~migdev.stats.stock.intervals`)
        to ``totals`` (``situation``, ``migrants_lower_80`` …, also by sex)
        and ``aggregates`` (``migrants_lower_80`` …).

    Returns
    -------
    list of pathlib.Path
        ``totals``, ``aggregates``, ``by_sex_age``, ``by_origin`` and
        ``definitions`` files.
    """
    out = Path(directory)
    totals, aggregates = _with_intervals(result, intervals)
    tables = {
        "totals": totals,
        "aggregates": aggregates,
        "by_sex_age": result.by_sex_age(),
        "by_origin": result.by_origin_table(),
        "definitions": result.definitions.reset_index(),
    }
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{format}"
        if format == "csv":
            _atomic_write(path, lambda p, f=frame: f.to_csv(p, index=False))
        else:
            _atomic_write(path, lambda p, f=frame: f.to_parquet(p, index=False))
        written.append(path)
    return written


def _ordered_rows(
    result: StockEstimate, names: Mapping[int, str]
) -> list[tuple[int, str, int]]:
    """(code, printed name, depth): world, groups, then regions with countries."""
    classification = result.classification
    rows: list[tuple[int, str, int]] = [(900, names.get(900, "WORLD"), 0)]
    if classification is None:
        rows += [(int(c), names.get(int(c), str(c)), 3) for c in result.locations]
        return rows
    table = classification.set_index("location_code").reindex(result.locations)
    for level in ("development_group", "income_group"):
        for code in sorted(table[level].dropna().unique()):
            rows.append((int(code), names.get(int(code), str(code)), 1))
    region = table["region"].fillna(-1).astype(int)
    subregion = table["subregion"].fillna(-1).astype(int)
    for reg in sorted(region.unique()):
        if reg >= 0:
            rows.append((reg, names.get(reg, str(reg)).upper(), 1))
        in_reg = region == reg
        for sub in sorted(subregion[in_reg].unique()):
            if sub >= 0:
                rows.append((sub, names.get(sub, str(sub)), 2))
            members = table.index[in_reg & (subregion == sub)]
            rows += [(int(c), names.get(int(c), str(c)), 3) for c in members]
    return rows


def _labels(result: StockEstimate, names: Mapping[int, str] | None) -> dict[int, str]:
    label: dict[int, str] = dict(AGGREGATE_NAMES)
    if result.classification is not None and "name" in result.classification:
        label.update(
            zip(
                result.classification["location_code"].astype(int),
                result.classification["name"].astype(str),
                strict=True,
            )
        )
    if names:
        label.update(names)
    return label


def _with_intervals(
    result: StockEstimate, intervals: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    totals = result.totals()
    aggregates = result.aggregates()
    if intervals:
        keys = ["location_code", "year"]
        totals = totals.merge(cell_intervals(result), on=keys, how="left")
        aggregates = aggregates.merge(aggregate_intervals(result), on=keys, how="left")
    return totals, aggregates


INTERVAL_COLUMNS: Final = (
    ("migrants_lower_80", "lower bound of the 80% interval"),
    ("migrants_upper_80", "upper bound of the 80% interval"),
    ("migrants_lower_95", "lower bound of the 95% interval"),
    ("migrants_upper_95", "upper bound of the 95% interval"),
)


def write_un_workbook(
    result: StockEstimate,
    path: str | Path,
    /,
    *,
    title: str = "International Migrant Stock (migdev estimates)",
    names: Mapping[int, str] | None = None,
    intervals: bool = False,
) -> Path:
    """Write the estimate in the layout of the 2020 "Destination" workbook.

    Tables 1 (migrants by sex), 2 (population, thousands), 3 (percentage of
    population), 4 (female percentage), 5 (annual rate of change) and 6
    (refugees added), with the title rows, the header on row 11, region
    rows between country rows (indented with spaces), ``..`` for missing
    values and the data type column. :func:`~migdev.stats.stock.readers.read_un_workbook`
    reads it back.

    Parameters
    ----------
    result :
        The estimate.
    path :
        Output ``.xlsx`` file.
    title :
        Printed on row 2 of every sheet.
    names :
        Names of locations and aggregates (default: the classification's
        ``name`` column and :data:`AGGREGATE_NAMES`).
    intervals :
        Add Table 7: the bounds of the 80 % and 95 % intervals of the
        migrant stock (both sexes), one block per bound.

    Returns
    -------
    pathlib.Path
    """
    label = _labels(result, names)
    totals_frame, aggs_frame = _with_intervals(result, intervals)
    totals = totals_frame.set_index(["location_code", "year"])
    aggs = aggs_frame.drop_duplicates(["location_code", "year"])
    aggs = aggs.set_index(["location_code", "year"])
    rows = _ordered_rows(result, label)
    years = [int(y) for y in result.years]
    periods = [f"{a}-{b}" for a, b in itertools.pairwise(years)]
    tables: list[tuple[str, str, list[str], list[int] | list[str], float]] = [
        (
            "Table 1",
            "International migrant stock at mid-year",
            ["migrants", "migrants_male", "migrants_female"],
            years,
            1.0,
        ),
        (
            "Table 2",
            "Total population at mid-year (thousands)",
            ["population", "population_male", "population_female"],
            years,
            1e-3,
        ),
        (
            "Table 3",
            "International migrant stock as a percentage of the total population",
            ["migrant_share", "migrant_share_male", "migrant_share_female"],
            years,
            1.0,
        ),
        (
            "Table 4",
            "Female migrants as a percentage of the international migrant stock",
            ["female_share"],
            years,
            1.0,
        ),
        (
            "Table 5",
            "Annual rate of change of the migrant stock",
            ["growth_rate"],
            periods,
            1.0,
        ),
        (
            "Table 6",
            "Refugees and asylum seekers added at mid-year",
            ["refugees_added"],
            years,
            1.0,
        ),
    ]
    if intervals:
        tables.append(
            (
                "Table 7",
                "International migrant stock at mid-year, both sexes combined",
                [c for c, _ in INTERVAL_COLUMNS],
                years,
                1.0,
            )
        )
    bound_titles = dict(INTERVAL_COLUMNS)
    sex_titles = {
        f"{measure}{suffix}": sex
        for measure in ("migrants", "population", "migrant_share")
        for suffix, sex in (
            ("", "both sexes combined"),
            ("_male", "males"),
            ("_female", "females"),
        )
    }

    def build(target: Path) -> None:
        book = Workbook()
        book.remove(book.active)
        for sheet, heading, columns, labels, scale in tables:
            ws = book.create_sheet(sheet)
            ws.cell(2, 5, title)
            ws.cell(3, 5, f"{sheet}: {heading}")
            ws.cell(4, 5, "Estimated with migdev.stats.stock")
            ws.cell(11, 2, "Region, development group, country or area")
            ws.cell(11, 3, "Notes")
            ws.cell(11, 4, "Location code")
            ws.cell(11, 5, "Type of data")
            col = 6
            for column in columns:
                block = heading
                if column in sex_titles:
                    block = f"{heading}, {sex_titles[column]}"
                if column in bound_titles:
                    block = f"{heading}, {bound_titles[column]}"
                ws.cell(8, col, block)
                for lab in labels:
                    ws.cell(11, col, lab)
                    col += 1
            for i, (code, name, depth) in enumerate(rows, start=1):
                r = 11 + i
                is_country = code < 900
                source = totals if is_country else aggs
                ws.cell(r, 1, i)
                ws.cell(r, 2, " " * depth + name)
                ws.cell(r, 4, code)
                col = 6
                for column in columns:
                    for lab in labels:
                        year = int(str(lab).split("-")[-1])
                        try:
                            value = float(source.at[(code, year), column])  # type: ignore[arg-type]
                        except KeyError:
                            value = np.nan
                        if is_country and col == 6:
                            ws.cell(r, 5, str(totals.at[(code, year), "data_type"]))
                        ws.cell(r, col, ".." if pd.isna(value) else value * scale)
                        col += 1
        book.save(target)

    out = Path(path)
    _atomic_write(out, build)
    return out


_ID_HEADER: Final = (
    "Index",
    "Year",
    "Region, development group, country or area of destination",
    "Notes",
    "Location code",
    "Type of data",
)


def _title_rows(title: str, sheet: str, heading: str) -> list[list[Any]]:
    """Rows 1 to 10 of a sheet: blank, title, table heading, note, blanks."""
    rows: list[list[Any]] = [[] for _ in range(10)]
    rows[1] = [None, None, None, None, title]
    rows[2] = [None, None, None, None, f"{sheet}: {heading}"]
    rows[3] = [None, None, None, None, "Estimated with migdev.stats.stock"]
    rows[4] = [
        None,
        None,
        None,
        None,
        "Values are persons at 1 July; '..' means not available.",
    ]
    return rows


def _block_row(blocks: list[tuple[str, int]]) -> list[Any]:
    """Row 10: each block's title above its first data column."""
    row: list[Any] = [None] * len(_ID_HEADER)
    for block_title, width in blocks:
        row += [block_title] + [None] * (width - 1)
    return row


def _cell(value: float) -> float | str:
    return ".." if not np.isfinite(value) else float(value)


def _area_rows(
    result: StockEstimate, label: Mapping[int, str]
) -> tuple[list[tuple[int, str, int]], npt.NDArray[np.int64], Any]:
    """Printed rows, and for each the index into ``[countries; aggregates]``."""
    rows = _ordered_rows(result, label)
    groups = membership(result.locations, result.classification)
    n_loc = len(result.locations)
    where = {int(c): i for i, c in enumerate(result.locations)}
    where.update({int(c): n_loc + i for i, c in enumerate(groups.codes)})
    rows = [r for r in rows if r[0] in where]
    index = np.array([where[code] for code, _, _ in rows], dtype=np.int64)
    return rows, index, groups


def _write_sheets(
    target: Path,
    sheets: list[tuple[str, str, list[tuple[str, int]], list[str], Any]],
    rows: list[tuple[int, str, int]],
    years: list[int],
    data_type: Mapping[tuple[int, int], str],
    title: str,
) -> None:
    """Write sheets of ``[area, year, column]`` values, one row per area and year.

    ``sheets`` holds (name, heading, blocks, column labels, values) with
    values ``[area, year, column]`` in the order of ``rows``.
    """
    book = Workbook(write_only=True)
    for sheet, heading, blocks, labels, values in sheets:
        ws = book.create_sheet(sheet)
        for row in _title_rows(title, sheet, heading):
            ws.append(row)
        ws.append(_block_row(blocks))
        ws.append([*_ID_HEADER, *labels])
        index = 0
        for y, year in enumerate(years):
            for a, (code, name, depth) in enumerate(rows):
                index += 1
                ws.append(
                    [
                        index,
                        year,
                        " " * depth + name,
                        None,
                        code,
                        data_type.get((code, year)),
                        *map(_cell, values[a, y]),
                    ]
                )
    book.save(target)


def _data_types(result: StockEstimate) -> dict[tuple[int, int], str]:
    return {
        (int(code), int(year)): str(result.data_type[i, j])
        for i, code in enumerate(result.locations)
        for j, year in enumerate(result.years)
    }


def write_un_age_workbook(
    result: StockEstimate,
    path: str | Path,
    /,
    *,
    title: str = "International Migrant Stock by age and sex (migdev estimates)",
    names: Mapping[int, str] | None = None,
) -> Path:
    """Write the estimate by age and sex in the layout of the "Age" workbooks.

    As in the 2019 and 2020 by-age files: title rows, a header row with
    ``Index``, ``Year``, the area name (regions indented with spaces
    between the country rows), ``Notes``, ``Location code`` and ``Type of
    data``, then for both sexes, males and females a block of ``Total``
    and one column per age group, one row per area and reference year.
    Table 1 holds the migrants, Table 2 the percentage distribution by age
    within each sex (``Total`` = 100) and, where the population is given by
    sex and age, Table 3 the population (thousands) and Table 4 the
    migrants as a percentage of it. Aggregates carry their M49 codes
    (900 and above). :func:`~migdev.stats.stock.readers.read_un_workbook`
    reads it back (measures ``migrants`` and ``age_distribution``).

    Parameters
    ----------
    result :
        The estimate.
    path :
        Output ``.xlsx`` file.
    title :
        Printed on row 2 of every sheet.
    names :
        Names of locations and aggregates (default: the classification's
        ``name`` column and :data:`AGGREGATE_NAMES`).

    Returns
    -------
    pathlib.Path
    """
    label = _labels(result, names)
    rows, index, groups = _area_rows(result, label)
    years = [int(y) for y in result.years]
    # [area, year, sex (both, male, female), age]
    by_sex = np.concatenate(
        [result.sex_age.sum(axis=2, keepdims=True), result.sex_age], axis=2
    )
    values = np.concatenate([by_sex, aggregate_array(by_sex, groups)])[index]
    with_total = np.concatenate([values.sum(axis=3, keepdims=True), values], axis=3)
    with np.errstate(all="ignore"):
        percent = 100.0 * with_total / with_total[..., :1]
    n_area, n_year = len(rows), len(years)
    ages = ["Total", *result.ages]
    tables = [
        (
            "Table 1",
            "International migrant stock at mid-year by age and sex",
            with_total,
        ),
        (
            "Table 2",
            "Percentage distribution of the international migrant stock by age and sex",
            percent,
        ),
    ]
    pop = result.population_sex_age
    if np.isfinite(pop).any():
        pop_both = np.concatenate([pop.sum(axis=2, keepdims=True), pop], axis=2)
        gaps = aggregate_array(np.isnan(pop_both).astype(float), groups)
        pop_agg = np.where(gaps > 0, np.nan, aggregate_array(pop_both, groups))
        pop_all = np.concatenate([pop_both, pop_agg])[index]
        pop_all = np.concatenate([pop_all.sum(axis=3, keepdims=True), pop_all], axis=3)
        with np.errstate(all="ignore"):
            pop_share = 100.0 * with_total / pop_all
        tables += [
            (
                "Table 3",
                "Total population at mid-year by age and sex (thousands)",
                pop_all / 1000.0,
            ),
            (
                "Table 4",
                "International migrant stock as a percentage of the total "
                "population by age and sex",
                pop_share,
            ),
        ]
    sexes = ("both sexes combined", "males", "females")
    sheets = [
        (
            sheet,
            heading,
            [(f"{heading}, {sex}", len(ages)) for sex in sexes],
            ages * 3,
            table.reshape(n_area, n_year, -1),
        )
        for sheet, heading, table in tables
    ]
    out = Path(path)
    _atomic_write(
        out,
        lambda p: _write_sheets(p, sheets, rows, years, _data_types(result), title),
    )
    return out


def write_un_origin_workbook(
    result: StockEstimate,
    path: str | Path,
    /,
    *,
    title: str = "International Migrant Stock by destination and origin "
    "(migdev estimates)",
    names: Mapping[int, str] | None = None,
) -> Path:
    """Write the origin-destination matrix in the layout of the official files.

    One sheet per sex (Table 1 both sexes, Table 2 males, Table 3 females)
    as in the 2019 and 2020 "destination and origin" workbooks: title rows,
    a header row with ``Index``, ``Year``, the destination name (regions
    between the country rows, indented), ``Notes``, ``Location code`` and
    ``Type of data``, a ``Total`` column, one column per origin country
    (named as the destination rows) and the residual columns
    :data:`RESIDUAL_ORIGIN_NAMES` ("Other North" and "Other South" where the
    sources give them, "Other" for the unknown remainder). One row per
    destination and reference year. By sex the origin mix of both sexes
    is applied to each sex's total (the assumption of
    :meth:`~migdev.stats.stock.engine.StockEstimate.cube`).

    Parameters
    ----------
    result :
        The estimate.
    path :
        Output ``.xlsx`` file.
    title :
        Printed on row 2 of every sheet.
    names :
        Names of locations, origins and aggregates.

    Returns
    -------
    pathlib.Path
        Read it back with
        ``read_un_workbook(path, origin_codes=...)`` when some origins are
        not among the destination rows.
    """
    label = _labels(result, names)
    rows, index, groups = _area_rows(result, label)
    years = [int(y) for y in result.years]
    origins = [int(o) for o in result.origins]
    residual = [o for o in RESIDUAL_ORIGIN_NAMES if o in origins]
    countries = [o for o in origins if o not in RESIDUAL_ORIGIN_NAMES]
    order = [origins.index(o) for o in countries + residual]
    headers = [label.get(o, str(o)) for o in countries] + [
        RESIDUAL_ORIGIN_NAMES[o] for o in residual
    ]
    total = result.total
    sex_tot = result.sex_age.sum(axis=3)
    with np.errstate(all="ignore"):
        sex_share = np.where(total[..., None] > 0, sex_tot / total[..., None], 0.0)
    # [location, year, sex (both, male, female), origin]
    matrix = result.by_origin[..., order]
    by_sex = np.concatenate(
        [matrix[:, :, None, :], matrix[:, :, None, :] * sex_share[..., None]], axis=2
    )
    values = np.concatenate([by_sex, aggregate_array(by_sex, groups)])[index]
    values = np.concatenate([values.sum(axis=3, keepdims=True), values], axis=3)
    labels = ["Total", *headers]
    heading = "International migrant stock at mid-year by destination and origin"
    sheets = [
        (
            f"Table {k + 1}",
            f"{heading}, {sex}",
            [(f"{heading}, {sex}", len(labels))],
            labels,
            values[:, :, k, :],
        )
        for k, sex in enumerate(("both sexes combined", "males", "females"))
    ]
    out = Path(path)
    _atomic_write(
        out,
        lambda p: _write_sheets(p, sheets, rows, years, _data_types(result), title),
    )
    return out
