"""Read the IMS origin × destination × sex table.

UN DESA publishes the international migrant stock by country of destination,
country of origin and sex as a workbook ("Destination and origin": Tables 1,
2 and 3 for both sexes, males and females; one row per destination and year,
one column per origin, residual "Other"). Copies of the same content also
circulate as a long CSV (``year, dest_iso3, dest_m49, orig_iso3, orig_m49,
sex, migrants`` and the data-type flags ``type_b``, ``type_c``, ``type_r``,
``type_i``), with the sexes only. :func:`read_origin_destination` reads
either into one tidy table:

``year``, ``destination_code``, ``origin_code``, ``sex`` (``male``,
``female``, and ``both`` where the file gives it), ``migrants`` (persons) and
``data_type`` (B, C, I, with R appended, as the official column).

A table with a hole, so that it cannot be the whole official table, is
refused: a destination-year with one sex only, or a sex or a year missing
from the workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from migdev.stats.stock.errors import LayoutError
from migdev.stats.stock.inputs import ORIGIN_TOTAL
from migdev.stats.stock.readers.un_desa import read_un_workbook

__all__ = ["ORIGIN_COLUMNS", "read_origin_destination"]

ORIGIN_COLUMNS: Final = (
    "year",
    "destination_code",
    "origin_code",
    "sex",
    "migrants",
    "data_type",
)
"""Columns of the table :func:`read_origin_destination` returns."""

_CSV_REQUIRED: Final = ("year", "dest_m49", "orig_m49", "sex", "migrants")
_CSV_FLAGS: Final = (("type_b", "B"), ("type_c", "C"), ("type_i", "I"))


def read_origin_destination(path: str | Path, /) -> pd.DataFrame:
    """Read the origin × destination × sex table, official workbook or CSV copy.

    Parameters
    ----------
    path :
        ``.xlsx`` in the official "Destination and origin" layout, or the
        long ``.csv`` copy.

    Returns
    -------
    pandas.DataFrame
        :data:`ORIGIN_COLUMNS`, one row per destination, origin, sex and
        year; country rows only (aggregates of the workbook are left out,
        they are sums of these). The total over origins is not a row.

    Raises
    ------
    LayoutError
        Unknown layout, a missing column, sheet or sex, a duplicate key, a
        negative or non-numeric count; the message names the file, the sheet
        where there is one, the row and the column.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _from_workbook(path)
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    raise LayoutError(
        "neither an .xlsx workbook nor a .csv table; give the official "
        "'Destination and origin' workbook or its long CSV copy",
        file=str(path),
    )


def _from_csv(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype={"sex": "string"}, keep_default_na=True)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise LayoutError(f"cannot read as CSV ({exc})", file=str(path)) from None
    missing = [c for c in _CSV_REQUIRED if c not in frame.columns]
    if missing:
        raise LayoutError(
            f"no column {missing[0]!r}; the origin-destination table needs "
            f"{', '.join(_CSV_REQUIRED)} (columns found: "
            f"{', '.join(map(str, frame.columns[:12]))})",
            file=str(path),
            row=1,
            column=missing[0],
        )
    for column in ("year", "dest_m49", "orig_m49", "migrants"):
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise LayoutError(
                f"{frame[column].iloc[i]!r} is not a number of 0 or more",
                file=str(path),
                row=i + 2,
                column=column,
            )
        frame[column] = values
    sex = frame["sex"].str.strip().str.lower()
    bad_sex = ~sex.isin(("male", "female", "both")).fillna(False)
    if bad_sex.any():
        i = int(np.flatnonzero(bad_sex.to_numpy())[0])
        raise LayoutError(
            f"sex {frame['sex'].iloc[i]!r} is not male, female or both",
            file=str(path),
            row=i + 2,
            column="sex",
        )
    data_type = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    for column, letter in _CSV_FLAGS:
        if column in frame.columns:
            data_type = data_type.where(frame[column] != 1, data_type + letter)
    if "type_r" in frame.columns:
        data_type = data_type.where(frame["type_r"] != 1, data_type + " R")
    out = pd.DataFrame(
        {
            "year": frame["year"].astype("int64"),
            "destination_code": frame["dest_m49"].astype("int64"),
            "origin_code": frame["orig_m49"].astype("int64"),
            "sex": sex.astype(object),
            "migrants": frame["migrants"].astype("float64"),
            "data_type": data_type.str.strip().replace("", None),
        }
    )
    _check(out, file=str(path), row_of=lambda i: i + 2)
    return out


def _from_workbook(path: Path) -> pd.DataFrame:
    table = read_un_workbook(path)
    origin = table["origin_code"]
    if not (origin.notna() & (origin != ORIGIN_TOTAL)).any():
        raise LayoutError(
            "no origin columns: this is not the 'Destination and origin' "
            "workbook (a destination-only workbook is read by 'migdev data "
            "import-un' as such)",
            file=str(path),
        )
    table = table[table["measure"] == "migrants"]
    sexes = set(table["sex"])
    for needed in ("both", "male", "female"):
        if needed not in sexes:
            raise LayoutError(
                f"no table for sex {needed!r}: the official workbook has Tables "
                "1 (both sexes), 2 (males) and 3 (females); this is part of it",
                file=str(path),
            )
    table = table[
        table["is_country"].astype(bool)
        & table["origin_code"].notna()
        & (table["origin_code"] != ORIGIN_TOTAL)
        & table["value"].notna()
    ]
    out = pd.DataFrame(
        {
            "year": table["year"].astype("int64").to_numpy(),
            "destination_code": table["location_code"].astype("int64").to_numpy(),
            "origin_code": table["origin_code"].astype("int64").to_numpy(),
            "sex": table["sex"].astype(object).to_numpy(),
            "migrants": table["value"].astype("float64").to_numpy(),
            "data_type": table["data_type"].astype(object).to_numpy(),
        }
    )
    sheets = table["sheet"].to_numpy()
    _check(out, file=str(path), row_of=None, sheets=sheets)
    return out


def _check(
    out: pd.DataFrame,
    *,
    file: str,
    row_of: object,
    sheets: np.ndarray | None = None,
) -> None:
    """Refuse duplicate keys and a table with a sex or a year missing."""

    def where(i: int) -> dict[str, object]:
        loc: dict[str, object] = {"file": file}
        if callable(row_of):
            loc["row"] = int(row_of(i))
        if sheets is not None:
            loc["sheet"] = str(sheets[i])
        return loc

    keys = ["year", "destination_code", "origin_code", "sex"]
    dup = out.duplicated(keys, keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        r = out.iloc[i]
        raise LayoutError(
            f"duplicate key: destination {r['destination_code']}, origin "
            f"{r['origin_code']}, sex {r['sex']}, year {r['year']} appears twice",
            column="orig_m49" if sheets is None else None,
            **where(i),  # type: ignore[arg-type]
        )
    if out.empty:
        raise LayoutError("the table holds no count", file=file)
    # Every destination-year must have both sexes, and every destination the
    # same years: otherwise the file is part of an official table.
    groups = out.groupby(["destination_code", "year"]).size().index
    both = (
        out[out["sex"].isin(("male", "female"))]
        .groupby(["destination_code", "year"])["sex"]
        .nunique()
        .reindex(groups, fill_value=0)
    )
    half = both[both < 2]
    if len(half):
        dest, year = half.index[0]
        at = (out["destination_code"] == dest).to_numpy() & (
            out["year"] == year
        ).to_numpy()
        lacking = "female" if (out["sex"].to_numpy()[at] == "male").any() else "male"
        first = int(np.flatnonzero(at)[0])
        raise LayoutError(
            f"destination {dest} in {year} has no {lacking} rows: the file is "
            "part of the official table, not all of it",
            column="sex" if sheets is None else None,
            **where(first),  # type: ignore[arg-type]
        )
    n_years = out["year"].nunique()
    years = out.groupby("destination_code")["year"].nunique()
    short = years[years < n_years]
    if len(short):
        dest = short.index[0]
        every = set(out["year"].tolist())
        have = set(out.loc[out["destination_code"] == dest, "year"].tolist())
        lacking_years = sorted(every - have)
        first = int(np.flatnonzero((out["destination_code"] == dest).to_numpy())[0])
        raise LayoutError(
            f"destination {dest} has no rows for {', '.join(map(str, lacking_years))}"
            ": the file is part of the official table, not all of it",
            column="year" if sheets is None else None,
            **where(first),  # type: ignore[arg-type]
        )
