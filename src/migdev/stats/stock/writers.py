"""Write estimates as tidy files and in the official table layout."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook

from migdev.stats.stock.engine import StockEstimate

__all__ = ["AGGREGATE_NAMES", "write_tidy", "write_un_workbook"]

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

    Returns
    -------
    list of pathlib.Path
        ``totals``, ``aggregates``, ``by_sex_age``, ``by_origin`` and
        ``definitions`` files.
    """
    out = Path(directory)
    tables = {
        "totals": result.totals(),
        "aggregates": result.aggregates(),
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


def write_un_workbook(
    result: StockEstimate,
    path: str | Path,
    /,
    *,
    title: str = "International Migrant Stock (migdev estimates)",
    names: Mapping[int, str] | None = None,
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

    Returns
    -------
    pathlib.Path
    """
    label = dict(AGGREGATE_NAMES)
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
    totals = result.totals().set_index(["location_code", "year"])
    aggs = result.aggregates().drop_duplicates(["location_code", "year"])
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
            ["population"],
            years,
            1e-3,
        ),
        (
            "Table 3",
            "International migrant stock as a percentage of the total population",
            ["migrant_share"],
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
    sex_titles = {
        "migrants": "both sexes combined",
        "migrants_male": "males",
        "migrants_female": "females",
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
