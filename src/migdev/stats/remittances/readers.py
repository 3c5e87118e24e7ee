"""Readers of the World Bank's remittance tables in their published layouts.

* :func:`read_rpw` — the Remittance Prices Worldwide dataset (workbook sheet
  "Dataset (from Q2 2016)" or a CSV of it): one row per service, corridor and
  quarter, with the ``cc1`` (USD 200) and ``cc2`` (USD 500) blocks.
* :func:`read_wdi` — World Development Indicators: the bulk layout
  (``Country Name, Country Code, Indicator Name, Indicator Code, 1960 …``)
  or the long one (``iso3, year, indicator, wdi_code, value``).
* :func:`read_knomad_matrix` — the KNOMAD bilateral remittance matrix
  (sending countries down, receiving across, ``WORLD`` totals; US$ millions).
* :func:`read_corridor_means` — a table of corridor mean costs (``origin``
  receiving, ``destination`` sending, ``phi`` as a fraction).

Country names of the World Bank are matched to ISO alpha-3 codes through
pycountry and :data:`WB_NAMES`; a name matched by neither is an error naming
its row or column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pycountry

from migdev.stats.remittances.costs import validate_quotes
from migdev.stats.remittances.errors import RemittanceInputError

__all__ = [
    "ISO3_EXTRA_M49",
    "WB_NAMES",
    "WDI_INDICATORS",
    "iso3_of_name",
    "read_corridor_means",
    "read_knomad_matrix",
    "read_rpw",
    "read_wdi",
]

WB_NAMES: Final = {
    "bahamas, the": "BHS",
    "channel islands": "CHI",
    "congo, dem. rep.": "COD",
    "congo, rep.": "COG",
    "cote d'ivoire": "CIV",
    "curacao": "CUW",
    "egypt, arab rep.": "EGY",
    "faeroe islands": "FRO",
    "gambia, the": "GMB",
    "hong kong sar, china": "HKG",
    "iran, islamic rep.": "IRN",
    "korea, dem. rep.": "PRK",
    "korea, rep.": "KOR",
    "kosovo": "XKX",
    "lao pdr": "LAO",
    "macao sar, china": "MAC",
    "macedonia, fyr": "MKD",
    "micronesia, fed. sts.": "FSM",
    "st. kitts and nevis": "KNA",
    "st. lucia": "LCA",
    "st. martin (french part)": "MAF",
    "st. vincent and the grenadines": "VCT",
    "swaziland": "SWZ",
    "turkey": "TUR",
    "venezuela, rb": "VEN",
    "virgin islands (u.s.)": "VIR",
    "west bank and gaza": "PSE",
    "yemen, rep.": "YEM",
}
"""World Bank country names pycountry does not know, with their ISO codes
(``CHI`` and ``XKX`` are the World Bank's own codes for the Channel Islands
and Kosovo)."""

ISO3_EXTRA_M49: Final = {"CHI": 830, "XKX": 412, "TWN": 158}
"""M49-style codes of areas the World Bank codes without an ISO number:
Channel Islands (830, as UN DESA), Kosovo (412, the code UN statistical
tables use for it), Taiwan Province of China (158)."""

WDI_INDICATORS: Final = {
    "BX.TRF.PWKR.CD.DT": "remittances_received",
    "BM.TRF.PWKR.CD.DT": "remittances_paid",
    "NY.GDP.MKTP.CD": "gdp",
    "BX.TRF.PWKR.DT.GD.ZS": "remittances_received_gdp",
}
"""WDI codes read by :func:`read_wdi` (others are kept under their code)."""


def iso3_of_name(name: str) -> str | None:
    """ISO alpha-3 code of a World Bank country name, or ``None``."""
    key = name.strip().lower()
    if key in WB_NAMES:
        return WB_NAMES[key]
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


def _read_table(path: Path, *, sheet: str | int = 0) -> pd.DataFrame:
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame: pd.DataFrame = pd.read_excel(path, sheet_name=sheet)
            return frame
        return pd.read_csv(path)
    except ValueError as exc:
        raise RemittanceInputError(
            f"cannot read the table ({exc})", file=str(path)
        ) from None
    except OSError as exc:
        raise RemittanceInputError(
            f"cannot open ({exc.strerror})", file=str(path)
        ) from None


_RPW_SHEET: Final = "Dataset (from Q2 2016)"
_RPW_REQUIRED: Final = (
    "period",
    "source_code",
    "destination_code",
    "firm",
    "firm_type",
    "cc1 denomination amount",
    "cc1 lcu code",
    "cc1 lcu amount",
    "cc1 lcu fee",
    "cc1 total cost %",
)
_RPW_PERIOD = re.compile(r"^((?:19|20)\d\d)[_ ]?([1-4])Q$|^((?:19|20)\d\d)Q([1-4])$")


def read_rpw(
    path: str | Path,
    /,
    *,
    sheet: str | None = None,
    known_countries: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Read the RPW dataset into price quotes (:data:`~.costs.QUOTE_COLUMNS`).

    Parameters
    ----------
    path :
        The RPW workbook (sheet ``Dataset (from Q2 2016)`` by default, else
        the first sheet) or a CSV with the same columns.
    sheet :
        Sheet to read.
    known_countries :
        ISO alpha-3 codes a corridor end may take; others are refused.

    Returns
    -------
    pandas.DataFrame
        One row per service, quarter and amount (200 and 500): the quote
        columns, with ``total_cost_pct`` and ``fx_margin_pct`` as RPW
        publishes them, ``smart_eligible`` where the file says whether the
        price is transparent, and ``source_row`` (the spreadsheet row).

    Raises
    ------
    RemittanceInputError
        A missing column (named), a quote without currency or quarter, an
        unknown provider type; naming file, sheet, row and column.
    """
    path = Path(path)
    sheet_name: str | int | None = sheet
    if sheet_name is None and path.suffix.lower() in (".xlsx", ".xlsm"):
        names = pd.ExcelFile(path).sheet_names
        sheet_name = _RPW_SHEET if _RPW_SHEET in names else names[0]
    frame = _read_table(path, sheet=sheet_name if sheet_name is not None else 0)
    where = {
        "file": str(path),
        "sheet": None if sheet_name is None else str(sheet_name),
    }
    if path.suffix.lower() == ".csv":
        where["sheet"] = None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in _RPW_REQUIRED if c not in frame.columns]
    if missing:
        raise RemittanceInputError(
            f"no column {missing[0]!r}: not the RPW dataset layout (it has "
            f"{', '.join(frame.columns[:8])} …)",
            row=1,
            column=missing[0],
            **where,
        )
    frame = frame.reset_index(drop=True)
    periods = []
    for i, raw in enumerate(frame["period"]):
        match = _RPW_PERIOD.match(str(raw).strip()) if pd.notna(raw) else None
        if match is None:
            raise RemittanceInputError(
                "no date: a quote needs its quarter (RPW writes 2017_1Q)"
                if pd.isna(raw) or not str(raw).strip()
                else f"period {raw!r} is not a quarter such as 2017_1Q",
                row=i + 2,
                column="period",
                **where,
            )
        year, quarter = (
            (match.group(1), match.group(2))
            if match.group(1)
            else (
                match.group(3),
                match.group(4),
            )
        )
        periods.append(f"{year}Q{quarter}")
    blocks = []
    for prefix, usd in (("cc1", 200), ("cc2", 500)):
        if f"{prefix} total cost %" not in frame.columns:
            continue

        def col(name: str, prefix: str = prefix) -> pd.Series:
            key = f"{prefix} {name}"
            return (
                frame[key]
                if key in frame.columns
                else pd.Series(np.nan, index=frame.index)
            )

        block = pd.DataFrame(
            {
                "sending": frame["source_code"],
                "receiving": frame["destination_code"],
                "provider": frame["firm"],
                "provider_type": frame["firm_type"],
                "product": frame.get("product", pd.Series("", index=frame.index)),
                "access_instrument": frame.get(
                    "access point", pd.Series("", index=frame.index)
                ),
                "payment_instrument": frame.get(
                    "payment instrument", pd.Series("", index=frame.index)
                ),
                "period": periods,
                "amount_usd": usd,
                "currency": col("lcu code"),
                "amount": col("lcu amount"),
                "fee": col("lcu fee"),
                "exchange_rate": col("lcu fx rate"),
                "mid_rate": frame.get(
                    "inter lcu bank fx", pd.Series(np.nan, index=frame.index)
                ),
                "fx_margin_pct": col("fx margin"),
                "total_cost_pct": pd.to_numeric(col("total cost %"), errors="coerce"),
                "source_row": np.arange(len(frame)) + 2,
            }
        )
        if prefix == "cc2":
            block = block[block["total_cost_pct"].notna()]
        blocks.append(block)
    quotes = pd.concat(blocks, ignore_index=True)
    if "transparent" in frame.columns:
        transparent = frame["transparent"].astype("string").str.strip().str.lower()
        flag = transparent.isin(("yes", "y", "true", "1")).to_numpy()
        quotes["smart_eligible"] = np.tile(flag, len(blocks))[: len(quotes)]
    for column in ("product", "access_instrument", "payment_instrument"):
        quotes[column] = quotes[column].fillna("").astype(str)
    rows = quotes["source_row"].to_numpy()
    try:
        out = validate_quotes(quotes, known_countries=known_countries)
    except RemittanceInputError as exc:
        raise RemittanceInputError(
            exc.message,
            row=int(rows[exc.row]) if exc.row is not None else None,
            column=_RPW_COLUMN.get(exc.column or "", exc.column),
            **where,
        ) from None
    return out


_RPW_COLUMN: Final = {
    "sending": "source_code",
    "receiving": "destination_code",
    "provider": "firm",
    "provider_type": "firm_type",
    "currency": "cc1 lcu code",
    "amount": "cc1 lcu amount",
    "fee": "cc1 lcu fee",
    "period": "period",
}


def read_wdi(path: str | Path, /) -> pd.DataFrame:
    """Read WDI series (bulk wide layout or long layout) into a long table.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``year``, ``wdi_code``, ``indicator`` (the names of
        :data:`WDI_INDICATORS`, else the code) and ``value``; missing values
        are left out (absent, not zero).

    Raises
    ------
    RemittanceInputError
        Neither layout; a value that is not a number; a duplicate
        country-year-indicator.
    """
    path = Path(path)
    frame = _read_table(path)
    columns = {str(c).strip() for c in frame.columns}
    if {"iso3", "year", "wdi_code", "value"} <= columns:
        long = frame.rename(columns=lambda c: str(c).strip())
        out = pd.DataFrame(
            {
                "iso3": long["iso3"].astype(str).str.strip(),
                "year": pd.to_numeric(long["year"], errors="coerce"),
                "wdi_code": long["wdi_code"].astype(str).str.strip(),
                "value": pd.to_numeric(long["value"], errors="coerce"),
                "_row": np.arange(len(long)) + 2,
                "_raw": long["value"],
            }
        )
        bad = out["value"].isna() & out["_raw"].notna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise RemittanceInputError(
                f"value {out['_raw'].iloc[i]!r} is not a number",
                file=str(path),
                row=int(out["_row"].iloc[i]),
                column="value",
            )
        out = out[out["value"].notna()].drop(columns=["_raw"])
    elif {"Country Code", "Indicator Code"} <= columns:
        years = [
            c for c in frame.columns if re.fullmatch(r"(19|20)\d\d", str(c).strip())
        ]
        melted = frame.assign(_row=np.arange(len(frame)) + 2).melt(
            id_vars=["Country Code", "Indicator Code", "_row"],
            value_vars=years,
            var_name="year",
            value_name="value",
        )
        out = pd.DataFrame(
            {
                "iso3": melted["Country Code"].astype(str).str.strip(),
                "year": melted["year"].astype(str).str.strip().astype(int),
                "wdi_code": melted["Indicator Code"].astype(str).str.strip(),
                "value": pd.to_numeric(melted["value"], errors="coerce"),
                "_row": melted["_row"],
            }
        )
        out = out[out["value"].notna()]
    else:
        raise RemittanceInputError(
            "neither the WDI bulk layout (Country Code, Indicator Code, years) "
            "nor the long one (iso3, year, wdi_code, value)",
            file=str(path),
            row=1,
        )
    dup = out.duplicated(["iso3", "year", "wdi_code"]).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise RemittanceInputError(
            "duplicate country, year and indicator",
            file=str(path),
            row=int(out["_row"].iloc[i]),
            column="iso3",
        )
    out["year"] = out["year"].astype("int64")
    out["indicator"] = out["wdi_code"].map(lambda c: WDI_INDICATORS.get(c, c))
    return out[["iso3", "year", "wdi_code", "indicator", "value"]].reset_index(
        drop=True
    )


def read_knomad_matrix(path: str | Path, /, *, tolerance: float = 1e-6) -> pd.DataFrame:
    """Read the KNOMAD bilateral remittance matrix into a long table.

    Parameters
    ----------
    path :
        CSV (or the workbook's sheet as ``.xlsx``): the first column names the
        sending countries, the header the receiving ones; a ``WORLD`` row
        and column carry the published totals.
    tolerance :
        Relative difference allowed between a published total and the sum
        of its cells.

    Returns
    -------
    pandas.DataFrame
        ``sending``, ``receiving`` (ISO alpha-3), ``sending_name``,
        ``receiving_name``, ``usd_millions``; non-zero cells only. The
        published totals are checked, then dropped: every row and column
        sum equals its ``WORLD`` cell, except lines with a cell printed
        ``-`` (not estimated), whose surplus is in
        ``attrs["unallocated"]`` (name → US$ millions).

    Raises
    ------
    RemittanceInputError
        A name that matches no country (row or column named), a cell that
        is not a number, or a total that its cells do not reproduce.
    """
    path = Path(path)
    frame = _read_table(path)
    first = frame.columns[0]
    names = [str(c).strip() for c in frame.columns[1:]]
    if "WORLD" not in names or "WORLD" not in set(frame[first].astype(str).str.strip()):
        raise RemittanceInputError(
            "no WORLD row and column: not the KNOMAD bilateral matrix (or half of it)",
            file=str(path),
        )
    frame = frame.set_index(frame[first].astype(str).str.strip()).drop(columns=first)
    frame.columns = names
    cells = frame.apply(pd.to_numeric, errors="coerce")
    text = frame.astype("string").apply(lambda s: s.str.strip())
    bad = cells.isna() & text.notna() & ~text.isin(["-", ""])
    if bad.to_numpy().any():
        r, c = np.argwhere(bad.to_numpy())[0]
        raise RemittanceInputError(
            f"cell {frame.iat[r, c]!r} is not a number",
            file=str(path),
            row=int(r) + 2,
            column=names[c],
        )
    unestimated = text.isin(["-"]).fillna(False)
    world_col = cells.pop("WORLD")
    world_row = cells.loc["WORLD"]
    body = cells.drop(index="WORLD")
    world_col = world_col.drop(index="WORLD")
    unallocated: dict[str, float] = {}
    for axis, totals, label in ((1, world_col, "row"), (0, world_row, "column")):
        sums = body.sum(axis=axis)
        published = totals.reindex(sums.index)
        # A line with a cell printed "-" (not estimated: India and Pakistan,
        # Israel and Lebanon) may total more than its cells: the part of the
        # recorded flow the matrix does not allocate.
        with_dash = (
            unestimated.drop(columns="WORLD", errors="ignore")
            .drop(index="WORLD", errors="ignore")
            .any(axis=axis)
        )
        diff = (sums - published).abs() > tolerance * np.maximum(1.0, published.abs())
        for name in diff[diff & with_dash.reindex(diff.index, fill_value=False)].index:
            unallocated[str(name)] = float(published[name] - sums[name])
        diff = diff & ~with_dash.reindex(diff.index, fill_value=False)
        if diff.any():
            name = diff[diff].index[0]
            raise RemittanceInputError(
                f"the WORLD total of {label} {name!r} ({totals[name]:,.3f}) is not "
                f"the sum of its cells ({sums[name]:,.3f}): the matrix is "
                "incomplete",
                file=str(path),
                column="WORLD" if label == "row" else str(name),
            )
    codes = {}
    for name in body.columns:
        code = iso3_of_name(name)
        if code is None:
            raise RemittanceInputError(
                f"receiving country {name!r} is unknown",
                file=str(path),
                row=1,
                column=name,
            )
        codes[name] = code
    for position, name in enumerate(body.index):
        code = iso3_of_name(name)
        if code is None:
            raise RemittanceInputError(
                f"sending country {name!r} is unknown",
                file=str(path),
                row=position + 2,
                column=str(first),
            )
        codes[name] = code
    long = body.stack().rename("usd_millions").reset_index()
    long.columns = ["sending_name", "receiving_name", "usd_millions"]
    long = long[long["usd_millions"].notna() & (long["usd_millions"] != 0)]
    long["sending"] = long["sending_name"].map(codes)
    long["receiving"] = long["receiving_name"].map(codes)
    result: pd.DataFrame = long[
        ["sending", "receiving", "sending_name", "receiving_name", "usd_millions"]
    ].reset_index(drop=True)
    result.attrs["unallocated"] = unallocated
    return result


def read_corridor_means(path: str | Path, /) -> pd.DataFrame:
    """Read corridor mean costs (``origin`` receiving ISO3, ``destination``
    sending ISO3, ``phi`` fraction of the amount sent).

    Returns
    -------
    pandas.DataFrame
        ``sending``, ``receiving``, ``mean`` (percent); corridors without a
        value are left out.
    """
    path = Path(path)
    frame = _read_table(path)
    for column in ("origin", "destination", "phi"):
        if column not in frame.columns:
            raise RemittanceInputError(
                f"no column {column!r}", file=str(path), row=1, column=column
            )
    phi = pd.to_numeric(frame["phi"], errors="coerce")
    out = pd.DataFrame(
        {
            "sending": frame["destination"].astype(str).str.strip(),
            "receiving": frame["origin"].astype(str).str.strip(),
            "mean": 100.0 * phi,
        }
    )
    return out[out["mean"].notna()].reset_index(drop=True)
