"""Read the UN DESA International Migrant Stock tables in their Excel layouts.

The workbooks of the 2015, 2019, 2020 and 2024 revisions share a shape:
title and copyright rows, a header row (sort order, area name, notes,
location code, type of data; the 2024 revision adds "Coverage" and calls
it "Data type"), sometimes a row of years under it, block titles naming
the measure and the sex above the data columns, then one row per area
with region rows between the country rows. Missing values are ``..``,
values hidden for privacy ``~``. By-age tables carry a ``Year`` column
and age groups as data columns; origin-destination tables carry origin
names as data columns, with "Other North" and "Other South" (2024) or
"Other" residuals.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from migdev.stats.stock.errors import LayoutError
from migdev.stats.stock.inputs import (
    AGE_TOTAL,
    ORIGIN_OTHER_NORTH,
    ORIGIN_OTHER_SOUTH,
    ORIGIN_TOTAL,
    ORIGIN_UNKNOWN,
)

__all__ = [
    "TIDY_COLUMNS",
    "classification_from_annex",
    "classification_from_un_table",
    "read_un_sheet",
    "read_un_workbook",
]

TIDY_COLUMNS: Final = (
    "revision",
    "sheet",
    "measure",
    "sort_order",
    "name",
    "notes",
    "location_code",
    "is_country",
    "depth",
    "parent_code",
    "data_type",
    "coverage",
    "sex",
    "age",
    "origin_code",
    "origin_name",
    "year",
    "period",
    "value",
    "flag",
)
"""Columns of the tidy table every reader returns. ``flag`` keeps the
symbol of a missing value as printed: ``..`` (not available) or ``~``
(fewer than 5 persons); ``None`` where a number is printed."""

KNOWN_PARENTS: Final = {
    901: 900,
    902: 900,
    934: 902,
    948: 902,
    941: 902,
    1636: 900,
    1637: 900,
    1503: 900,
    1517: 900,
    1502: 1517,
    1501: 1517,
    1500: 900,
    1518: 900,
    947: 900,
    1833: 900,
    921: 900,
    1832: 900,
    1830: 900,
    1835: 900,
    1829: 900,
    917: 1829,
    918: 1829,
}
"""Parents of the development, income and SDG groups, whose indentation in
the published tables does not follow the hierarchy (the 2020 file indents
Least developed countries, LLDC, SIDS and the income groups unevenly; the
2019 file prints Europe and Northern America at the level of their SDG
region). Applied where the parent is a row of the same sheet."""

SPECIAL_ORIGINS: Final = {
    "other north": ORIGIN_OTHER_NORTH,
    "other south": ORIGIN_OTHER_SOUTH,
    "other": ORIGIN_UNKNOWN,
    "unknown": ORIGIN_UNKNOWN,
    "other/unknown": ORIGIN_UNKNOWN,
    "total": ORIGIN_TOTAL,
}
_MISSING: Final = frozenset({"..", "...", "~", "", "n/a", "x"})
_ZERO: Final = frozenset({"—", "–", "-", "0.0"})
_YEAR_RE = re.compile(r"^(19|20|21)\d\d$")
_PERIOD_RE = re.compile(r"^((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)$")
_AGE_RE = re.compile(r"^(\d+\s*[-–]\s*\d+|\d+\s*\+|total)$", re.IGNORECASE)
_REVISION_RE = re.compile(
    r"Rev\.?\s*(20\d\d)|Migrant\s*Stock\s*(?:Total_|by\w*_)?(20\d\d)|"
    r"International Migrant Stock (20\d\d)",
    re.IGNORECASE,
)

_MEASURES: Final = (
    ("lower bound of the 80% interval", "migrants_lower_80"),
    ("upper bound of the 80% interval", "migrants_upper_80"),
    ("lower bound of the 95% interval", "migrants_lower_95"),
    ("upper bound of the 95% interval", "migrants_upper_95"),
    ("migrant stock as a percentage", "migrant_share"),
    ("female migrants as a percentage", "female_share"),
    ("refugees and asylum seekers as a percentage", "refugee_share"),
    ("refugee and asylum seekers as a percentage", "refugee_share"),
    ("annual rate of change of the refugee", "refugee_growth_rate"),
    ("annual rate of change", "growth_rate"),
    ("percentage distribution", "age_distribution"),
    ("refugee", "refugees"),
    ("total population", "population_thousands"),
    ("population", "population_thousands"),
    ("international migrant stock", "migrants"),
    ("migrant", "migrants"),
)


@dataclass(frozen=True)
class _Header:
    row: int  # 0-based index of the row holding the id column labels
    value_row: int  # 0-based index of the row holding years / ages / origins
    name_col: int
    code_col: int
    notes_col: int | None
    sort_col: int | None
    type_col: int | None
    coverage_col: int | None
    year_col: int | None
    first_data_col: int


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _find_header(rows: Sequence[Sequence[object]], *, file: str, sheet: str) -> _Header:
    for i, row in enumerate(rows[:40]):
        labels = [_text(c).lower() for c in row]
        code_col = next(
            (j for j, s in enumerate(labels) if s.endswith("code") and "sort" not in s),
            None,
        )
        name_col = next(
            (
                j
                for j, s in enumerate(labels)
                if ("area" in s or "country" in s or "region" in s) and "code" not in s
            ),
            None,
        )
        if code_col is None or name_col is None:
            continue

        def find(*keys: str, labels: list[str] = labels) -> int | None:
            return next(
                (j for j, s in enumerate(labels) if any(k in s for k in keys)), None
            )

        type_col = find("type of data", "data type")
        coverage_col = find("coverage")
        notes_col = find("notes")
        sort_col = find("sort", "index")
        if sort_col is None and name_col > 0 and not labels[0]:
            # The 2020 files print the row index under a blank header.
            sort_col = 0
        year_col = next((j for j, s in enumerate(labels) if s == "year"), None)
        id_cols = [
            c
            for c in (
                code_col,
                name_col,
                type_col,
                coverage_col,
                notes_col,
                sort_col,
                year_col,
            )
            if c is not None
        ]
        first_data = max(id_cols) + 1
        value_row = i
        if not any(_text(c) for c in row[first_data:]) or all(
            not _YEAR_RE.match(_text(c)) and not _PERIOD_RE.match(_text(c))
            for c in row[first_data:]
            if _text(c)
        ):
            nxt = rows[i + 1] if i + 1 < len(rows) else ()
            no_name = name_col >= len(nxt) or not _text(nxt[name_col])
            if no_name and any(
                _YEAR_RE.match(_text(c)) or _PERIOD_RE.match(_text(c))
                for c in nxt[first_data:]
            ):
                value_row = i + 1
        return _Header(
            row=i,
            value_row=value_row,
            name_col=name_col,
            code_col=code_col,
            notes_col=notes_col,
            sort_col=sort_col,
            type_col=type_col,
            coverage_col=coverage_col,
            year_col=year_col,
            first_data_col=first_data,
        )
    raise LayoutError(
        "no header row with an area-name column and a 'Code' or 'Location "
        "code' column in the first 40 rows; this is not a UN DESA migrant "
        "stock table",
        file=file,
        sheet=sheet,
    )


def _measure_and_sex(title: str) -> tuple[str, str]:
    low = title.lower()
    measure = next((m for key, m in _MEASURES if key in low), "value")
    if re.search(r"\bfemales?\b", low) and measure != "female_share":
        sex = "female"
    elif re.search(r"\bmales?\b", low):
        sex = "male"
    else:
        sex = "both"
    return measure, sex


def _block_titles(
    rows: Sequence[Sequence[object]], header: _Header, width: int
) -> list[str]:
    start = header.row if header.value_row > header.row else header.row - 1
    for i in range(start, max(start - 6, -1), -1):
        row = rows[i]
        cells = [_text(row[j]) if j < len(row) else "" for j in range(width)]
        if i == header.row and header.value_row == header.row:
            continue
        if cells[header.first_data_col]:
            titles, current = [], ""
            for j in range(width):
                if j >= header.first_data_col and cells[j]:
                    current = cells[j]
                titles.append(current)
            return titles
    return [""] * width


def _parse_value(value: object, *, file: str, sheet: str, row: int, col: int) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool):
        raise LayoutError(
            f"unexpected value {value!r}",
            file=file,
            sheet=sheet,
            row=row,
            column=get_column_letter(col + 1),
        )
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text in _MISSING:
        return math.nan
    if text in _ZERO:
        return 0.0
    try:
        return float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        raise LayoutError(
            f"cell holds {text!r}, not a number or '..'; the table is not in "
            "the expected layout",
            file=file,
            sheet=sheet,
            row=row,
            column=get_column_letter(col + 1),
        ) from None


def _revision(rows: Sequence[Sequence[object]], path: Path) -> int | None:
    for row in rows[:12]:
        for cell in row:
            match = _REVISION_RE.search(_text(cell))
            if match:
                return int(next(g for g in match.groups() if g))
    match = re.search(r"(20\d\d)", path.name)
    return int(match.group(1)) if match else None


def _depth(raw_name: str, code: int | None) -> int:
    spaces = len(raw_name) - len(raw_name.lstrip(" "))
    if spaces:
        return spaces
    name = raw_name.strip().rstrip("*")
    if name.upper() == "WORLD":
        return 0
    if code is not None and code < 900:
        return 3
    letters = [c for c in name if c.isalpha()]
    return 1 if letters and all(c.isupper() for c in letters) else 2


def _iter_data_rows(
    rows: Sequence[Sequence[object]], header: _Header
) -> Iterator[tuple[int, Sequence[object]]]:
    for i in range(header.value_row + 1, len(rows)):
        row = rows[i]
        if header.name_col >= len(row):
            continue
        if not _text(row[header.name_col]):
            continue
        yield i, row


def _data_columns(
    rows: Sequence[Sequence[object]], header: _Header, *, file: str, sheet: str
) -> list[dict[str, Any]]:
    """What each data column of the header row holds: a year, a period, an
    age group or an origin, with the measure and sex of its block."""
    width = max(len(r) for r in rows)
    titles = _block_titles(rows, header, width)
    head = rows[header.value_row]
    columns: list[dict[str, Any]] = []
    for j in range(header.first_data_col, width):
        label = _text(head[j]) if j < len(head) else ""
        if not label:
            continue
        measure, sex = _measure_and_sex(titles[j])
        spec: dict[str, Any] = {
            "col": j,
            "measure": measure,
            "sex": sex,
            "year": None,
            "period": None,
            "age": AGE_TOTAL,
            "origin_name": None,
        }
        if _YEAR_RE.match(label.split(".")[0]):
            spec["year"] = int(float(label))
        elif _PERIOD_RE.match(label):
            spec["period"] = label.replace("–", "-").replace(" ", "")
        elif _AGE_RE.match(label) and header.year_col is not None:
            spec["age"] = AGE_TOTAL if label.lower() == "total" else label
        else:
            spec["origin_name"] = label
        columns.append(spec)
    if not columns:
        raise LayoutError(
            "no data columns after the identification columns",
            file=file,
            sheet=sheet,
            row=header.value_row + 1,
        )
    return columns


def read_un_sheet(
    rows: Sequence[Sequence[object]],
    /,
    *,
    file: str = "<workbook>",
    sheet: str = "<sheet>",
    revision: int | None = None,
    origin_codes: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Parse the rows of one table sheet into the tidy layout.

    Parameters
    ----------
    rows :
        Cell values, row by row, as ``openpyxl`` gives them.
    file, sheet :
        Named in error messages.
    revision :
        Revision year written to the ``revision`` column.
    origin_codes :
        Codes of origin columns that name no row of the sheet (name →
        M49 code, case-insensitive); the names of the rows and
        :data:`SPECIAL_ORIGINS` are known without it.

    Returns
    -------
    pandas.DataFrame
        :data:`TIDY_COLUMNS`; one row per area and data column. Aggregate
        rows without a code (section titles) are dropped.

    Raises
    ------
    LayoutError
        No header row, an unparsable cell, or a data column that is neither
        a year, a period, an age group nor an origin.
    """
    header = _find_header(rows, file=file, sheet=sheet)
    columns = _data_columns(rows, header, file=file, sheet=sheet)

    records: list[dict[str, Any]] = []
    code_of_name: dict[str, int] = {}
    stack: list[tuple[int, int]] = []  # (depth, code)
    for i, row in _iter_data_rows(rows, header):
        raw_name = str(row[header.name_col]).rstrip()
        code_raw = row[header.code_col] if header.code_col < len(row) else None
        if code_raw is None or _text(code_raw) == "":
            continue
        try:
            code = int(float(str(code_raw).strip()))
        except ValueError:
            raise LayoutError(
                f"location code {code_raw!r} is not a number",
                file=file,
                sheet=sheet,
                row=i + 1,
                column=get_column_letter(header.code_col + 1),
            ) from None
        name = raw_name.strip().rstrip("*").strip()
        code_of_name.setdefault(name.lower(), code)
        depth = _depth(raw_name, code)
        if header.year_col is None or not stack or stack[-1][1] != code:
            while stack and stack[-1][0] >= depth:
                stack.pop()
        parent = stack[-1][1] if stack and stack[-1][1] != code else None
        if not stack or stack[-1][1] != code:
            stack.append((depth, code))

        def cell(col: int | None, row: Sequence[object] = row) -> str | None:
            if col is None or col >= len(row):
                return None
            return _text(row[col]) or None

        year_value = cell(header.year_col)
        base = {
            "revision": revision,
            "sheet": sheet,
            "sort_order": cell(header.sort_col),
            "name": name,
            "notes": cell(header.notes_col),
            "location_code": code,
            "is_country": code < 900,
            "depth": depth,
            "parent_code": parent,
            "data_type": cell(header.type_col),
            "coverage": cell(header.coverage_col),
        }
        for spec in columns:
            j = spec["col"]
            raw = row[j] if j < len(row) else None
            value = _parse_value(raw, file=file, sheet=sheet, row=i + 1, col=j)
            printed = _text(raw) if isinstance(raw, str) else ""
            flag = printed if printed in _MISSING and printed else None
            year = spec["year"]
            if year is None and year_value is not None:
                year = int(float(year_value))
            records.append(
                {
                    **base,
                    "measure": spec["measure"],
                    "sex": spec["sex"],
                    "age": spec["age"],
                    "origin_name": spec["origin_name"],
                    "year": year,
                    "period": spec["period"],
                    "value": value,
                    "flag": flag,
                }
            )
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        raise LayoutError(
            "no area rows with a location code under the header",
            file=file,
            sheet=sheet,
            row=header.row + 1,
        )
    origin = frame["origin_name"]
    has_origin = origin.notna()
    lowered = origin.str.lower()
    codes = lowered.map(SPECIAL_ORIGINS)
    codes = codes.fillna(lowered.map(code_of_name))
    if origin_codes:
        extra = {str(k).strip().lower(): int(v) for k, v in origin_codes.items()}
        codes = codes.fillna(lowered.map(extra))
    if has_origin.any():
        unmapped = has_origin & codes.isna()
        if unmapped.any():
            bad = str(origin[unmapped].iloc[0])
            col = next(s["col"] for s in columns if s["origin_name"] == bad)
            raise LayoutError(
                f"origin column {bad!r} names no area of the sheet; the table "
                "is not in the expected layout",
                file=file,
                sheet=sheet,
                row=header.value_row + 1,
                column=get_column_letter(col + 1),
            )
    frame["origin_code"] = codes.where(has_origin, ORIGIN_TOTAL).astype("int64")
    _fix_hierarchy(frame)
    frame["year"] = frame["year"].astype("Int64")
    frame["parent_code"] = frame["parent_code"].astype("Int64")
    frame["revision"] = frame["revision"].astype("Int64")
    return frame.loc[:, list(TIDY_COLUMNS)]


def _fix_hierarchy(frame: pd.DataFrame) -> None:
    """Set the parents of :data:`KNOWN_PARENTS` and recompute every depth
    from the parents (the world 0, each level one more)."""
    present = set(frame["location_code"].unique())
    fixed = {
        code: parent
        for code, parent in KNOWN_PARENTS.items()
        if code in present and parent in present
    }
    if fixed:
        known = frame["location_code"].map(fixed)
        frame["parent_code"] = known.where(known.notna(), frame["parent_code"])
    areas = frame.drop_duplicates("location_code", keep="last")
    parent_of = {
        int(c): (int(p) if pd.notna(p) else None)
        for c, p in zip(areas["location_code"], areas["parent_code"], strict=True)
    }
    depth: dict[int, int] = {}

    def depth_of(code: int) -> int:
        # Walk up to the root (or a parent that is no row of the sheet).
        chain: list[int] = []
        current: int | None = code
        while current is not None and current not in depth and current not in chain:
            chain.append(current)
            current = parent_of.get(current)
        base = -1 if current is None else depth.get(current, 0)
        for c in reversed(chain):
            base += 1
            depth[c] = base
        return depth[code]

    frame["depth"] = [
        0 if pd.isna(p) else depth_of(int(p)) + 1 for p in frame["parent_code"]
    ]


def read_un_workbook(
    path: str | Path,
    /,
    *,
    sheets: Sequence[str] | None = None,
    revision: int | None = None,
    origin_codes: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Read every table of an official International Migrant Stock workbook.

    Parameters
    ----------
    path :
        The ``.xlsx`` file (2015, 2019, 2020 or 2024 revision; total, by
        sex, by age, or by origin and destination).
    sheets :
        Sheets to read; by default every sheet whose name starts with
        "Table".
    revision :
        Revision year; by default read from the title rows or the file
        name.
    origin_codes :
        See :func:`read_un_sheet`.

    Returns
    -------
    pandas.DataFrame
        :data:`TIDY_COLUMNS`, the tables one after the other.

    Raises
    ------
    LayoutError
        If the file is not a workbook, has no table sheet, or a sheet is
        not in the expected layout. The message names the file, sheet, row
        and column.
    """
    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise LayoutError(
            f"cannot open as an Excel workbook ({exc.__class__.__name__}: {exc})",
            file=str(path),
        ) from None
    try:
        names = [
            s for s in book.sheetnames if re.match(r"^table\s*\d+", s.strip().lower())
        ]
        if sheets is not None:
            missing = [s for s in sheets if s not in book.sheetnames]
            if missing:
                raise LayoutError(
                    f"no sheet {missing[0]!r}; the workbook has "
                    f"{', '.join(book.sheetnames)}",
                    file=str(path),
                )
            names = list(sheets)
        if not names:
            raise LayoutError(
                "no sheet named 'Table …'; this is not a UN DESA migrant stock "
                f"workbook (sheets: {', '.join(book.sheetnames)})",
                file=str(path),
            )
        frames = []
        for name in names:
            rows = [tuple(r) for r in book[name].iter_rows(values_only=True)]
            rev = revision if revision is not None else _revision(rows, path)
            frames.append(
                read_un_sheet(
                    rows,
                    file=str(path),
                    sheet=name,
                    revision=rev,
                    origin_codes=origin_codes,
                )
            )
    finally:
        book.close()
    return pd.concat(frames, ignore_index=True)


def classification_from_un_table(table: pd.DataFrame, /) -> pd.DataFrame:
    """Derive the geographic classification from the row hierarchy of a table.

    Parameters
    ----------
    table :
        Output of :func:`read_un_workbook` (one sheet is enough).

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``name``, ``subregion`` (the aggregate a country
        row sits under) and ``region`` (the aggregate above that), ready for
        :func:`~migdev.stats.stock.inputs.validate_classification`.
    """
    areas = table.drop_duplicates("location_code", keep="last")[
        ["location_code", "name", "parent_code", "depth"]
    ]
    parent_of = dict(zip(areas["location_code"], areas["parent_code"], strict=True))
    depth_of = dict(zip(areas["location_code"], areas["depth"], strict=True))
    countries = areas[areas["location_code"] < 900]
    sub, reg = [], []
    for parent in countries["parent_code"]:
        grand = parent_of.get(parent) if pd.notna(parent) else None
        if (
            pd.notna(parent)
            and grand is not None
            and pd.notna(grand)
            and grand != 900
            and depth_of.get(grand, 0) > 0
        ):
            sub.append(parent)
            reg.append(grand)
        else:
            sub.append(pd.NA)
            reg.append(parent)
    return pd.DataFrame(
        {
            "location_code": countries["location_code"].to_numpy(),
            "name": countries["name"].to_numpy(),
            "region": pd.array(reg, dtype="Int64"),
            "subregion": pd.array(sub, dtype="Int64"),
        }
    )


_ANNEX_GROUPS: Final = {
    "more developed regions": ("development_group", 901),
    "less developed regions": ("development_group", 902),
    "high-income countries": ("income_group", 1503),
    "upper-middle-income countries": ("income_group", 1502),
    "lower-middle-income countries": ("income_group", 1501),
    "low-income countries": ("income_group", 1500),
    "no income group available": ("income_group", 1518),
}


def classification_from_annex(annex: pd.DataFrame, /) -> pd.DataFrame:
    """Read development and income groups from the 2019 workbook's ANNEX.

    Parameters
    ----------
    annex :
        The ANNEX sheet as a frame: ``location_code`` (or ``Code``) and one
        ``Y``-flag column per group (``More Developed Regions``, ``High-income
        Countries`` …). Read the sheet with ``pandas.read_excel(path,
        sheet_name="ANNEX", header=15)`` or use the CSV copy.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``development_group`` (901 or 902) and
        ``income_group`` (1500–1503, 1518) for every country row.
    """
    frame = annex.rename(columns={"Code": "location_code"})
    frame = frame[pd.to_numeric(frame["location_code"], errors="coerce") < 900]
    out = pd.DataFrame(
        {"location_code": frame["location_code"].astype("int64").to_numpy()}
    )
    out["development_group"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["income_group"] = pd.array([pd.NA] * len(out), dtype="Int64")
    for column in frame.columns:
        key = str(column).strip().lower()
        if key not in _ANNEX_GROUPS:
            continue
        level, code = _ANNEX_GROUPS[key]
        flag = frame[column].astype("string").str.strip().str.upper().eq("Y")
        out.loc[flag.fillna(False).to_numpy(dtype=bool), level] = code
    return out
