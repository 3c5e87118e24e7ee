"""Readers of the World Bank's remittance tables in their published layouts.

* :func:`read_rpw` — the Remittance Prices Worldwide dataset, both data
  sheets of its workbook or a CSV of one (:mod:`.rpw`).
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
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pycountry

from migdev.stats.remittances.errors import RemittanceInputError
from migdev.stats.remittances.rpw import read_rpw

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

ISO3_EXTRA_M49: Final = {
    "CHI": 830,
    "XKX": 412,
    "KSV": 412,
    "TWN": 158,
    "ANT": 530,
}
"""M49-style codes of areas the World Bank codes without an ISO number:
Channel Islands (830, as UN DESA), Kosovo (412, the code UN statistical
tables use for it; RPW writes ``KSV``), Taiwan Province of China (158), the
Netherlands Antilles (530, dissolved in 2010; in RPW's early quarters)."""

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
