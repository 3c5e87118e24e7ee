"""Reader of the World Bank's *Remittance Prices Worldwide* (RPW) dataset in
its published layout.

The complete dataset (``rpw_dataset_2011_YYYY_qN.xlsx``, World Bank data
catalogue, CC BY 4.0) is a workbook with the sheets *Terms of Use*,
*Methodology*, *Legend*, *Countries* and two data sheets:

* ``Dataset (up to Q1 2016)`` — 2011 to 2016Q1, with ``product``,
  ``sending location``, ``coverage``, ``note1`` and ``pick-up method``;
* ``Dataset (from Q2 2016)`` — from 2016Q2, where ``product`` was dropped,
  ``sending location`` became ``access point``, ``coverage`` became
  ``receiving network coverage``, and ``payment instrument``, ``pickup
  method``, ``pickup location`` and ``Standard Note`` appear.

Both have one header row and one row per service (firm × corridor × service
configuration) and quarter (``period`` written ``2017_1Q``), with two blocks
of columns: ``cc1 …`` for sending the equivalent of USD 200 and ``cc2 …``
for USD 500 (``lcu amount``, ``denomination amount``, ``lcu code``, ``lcu
fee``, ``lcu fx rate``, ``fx margin``, ``total cost %``), the interbank rate
``inter lcu bank fx`` and ``transparent`` (yes/no).

What the published file carries and this reader handles: headers in any
case and spacing (``CC1 TOTAL COST %``); unlabeled trailing columns
(ignored); numbers stored as text (``"200.00"``); a cost block left blank
(the service has no quote at that amount: skipped and counted); ``Yes`` and
``yes``; firm types written ``Post office`` or ``Post Office`` and
combinations (``Bank/Money Transfer Operator``: the first named is the
type); the World Bank's own codes ``KSV``/``XKX`` (Kosovo) and ``ANT``
(Netherlands Antilles, until 2010); an interbank or offered rate of 0 where
the published total cost is given (the rate is dropped, the total kept).
Anything else it cannot read is an error naming the file, the sheet, the
row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NoReturn

import numpy as np
import pandas as pd

from migdev.stats.remittances.costs import validate_quotes
from migdev.stats.remittances.errors import RemittanceInputError

__all__ = ["RPW_FIRM_TYPES", "RPW_SHEETS", "read_rpw"]

RPW_SHEETS: Final = ("Dataset (up to Q1 2016)", "Dataset (from Q2 2016)")
"""The data sheets of the published workbook, oldest first."""

RPW_FIRM_TYPES: Final = {
    "bank": "bank",
    "money transfer operator": "money transfer operator",
    "mto": "money transfer operator",
    "post office": "post office",
    "mobile operator": "mobile operator",
    "non-bank fi": "other",
    "non-bank financial institution": "other",
    "credit union": "other",
    "building society": "other",
    "microfinance institution": "other",
}
"""RPW ``firm_type`` labels (lower case) → migdev provider types. A
combined label (``Bank/Money Transfer Operator``) takes its first part."""

_ALIASES: Final = {
    "pick-up method": "pickup method",
    "sending location": "access point",
    "coverage": "receiving network coverage",
    "note1": "standard note",
}
_REQUIRED: Final = (
    "period",
    "source_code",
    "destination_code",
    "firm",
    "firm_type",
    "cc1 lcu amount",
    "cc1 lcu code",
    "cc1 lcu fee",
    "cc1 total cost %",
)
_NUMBERS: Final = ("lcu amount", "lcu fee", "lcu fx rate", "fx margin", "total cost %")
_PERIOD = re.compile(r"^((?:19|20)\d\d)[_ ]?([1-4])Q$|^((?:19|20)\d\d)Q([1-4])$")
_YES: Final = frozenset({"yes", "y", "true", "1"})
_NO: Final = frozenset({"no", "n", "false", "0"})
#: ``speed actual`` labels of services delivered within five days (SmaRT).
_FAST: Final = frozenset(
    {
        "less than one hour",
        "same day",
        "next day",
        "2 days",
        "1-3 days",
        "3-5 days",
        "2-5 days",
    }
)
_QUOTE_TO_RPW: Final = {
    "sending": "source_code",
    "receiving": "destination_code",
    "provider": "firm",
    "provider_type": "firm_type",
    "period": "period",
}
_BLOCK_TO_RPW: Final = {
    "currency": "lcu code",
    "amount": "lcu amount",
    "fee": "lcu fee",
    "exchange_rate": "lcu fx rate",
    "amount_usd": "denomination amount",
}


def _canonical(name: object) -> str | None:
    """A header cell as RPW names it (lower case, single spaces), or None
    for an unlabeled column."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    text = " ".join(str(name).split()).lower()
    if not text or text.startswith("unnamed:"):
        return None
    return _ALIASES.get(text, text)


class _Sheet:
    """One data sheet (or CSV) read as text, with its header found."""

    def __init__(self, raw: pd.DataFrame, where: dict[str, str | None]) -> None:
        self.where = where
        header_at = self._header_row(raw)
        names = [_canonical(c) for c in raw.iloc[header_at]]
        body = raw.iloc[header_at + 1 :].reset_index(drop=True)
        keep = [i for i, n in enumerate(names) if n is not None]
        frame = body.iloc[:, keep].copy()
        frame.columns = pd.Index([names[i] for i in keep])
        frame = frame.loc[:, ~frame.columns.duplicated()]
        missing = [c for c in _REQUIRED if c not in frame.columns]
        if missing:
            shown = ", ".join(n for n in names if n)[:300]
            raise RemittanceInputError(
                f"no column {missing[0]!r}: not the RPW dataset layout "
                f"(its header has {shown or 'nothing'})",
                row=header_at + 1,
                column=missing[0],
                **where,
            )
        # Rows left empty (the sheet's formatted range) are not quotes.
        empty = frame[list(_REQUIRED)].map(_blank).all(axis=1).to_numpy()
        rows = np.arange(len(body)) + header_at + 2  # spreadsheet rows
        self.frame = frame[~empty].reset_index(drop=True)
        self.rows = rows[~empty]

    def _header_row(self, raw: pd.DataFrame) -> int:
        for i in range(min(10, len(raw))):
            cells = {_canonical(c) for c in raw.iloc[i]}
            if {"period", "source_code"} <= cells:
                return i
        return 0

    def fail(self, message: str, i: int, column: str) -> NoReturn:
        raise RemittanceInputError(
            message, row=int(self.rows[i]), column=column, **self.where
        )

    def text(self, column: str) -> pd.Series:
        if column not in self.frame.columns:
            return pd.Series("", index=self.frame.index, dtype=object)
        return self.frame[column].map(lambda v: "" if _blank(v) else str(v).strip())

    def number(self, column: str) -> pd.Series:
        """A numeric column; a cell that is neither blank nor a number
        (numbers stored as text are numbers) is an error."""
        if column not in self.frame.columns:
            return pd.Series(np.nan, index=self.frame.index)
        raw = self.frame[column]
        values = pd.to_numeric(
            raw.map(lambda v: np.nan if _blank(v) else _as_number_text(v)),
            errors="coerce",
        )
        bad = (values.isna() & ~raw.map(_blank)).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            self.fail(f"{raw.iloc[i]!r} is not a number", i, column)
        return values.astype("float64")


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_number_text(value: object) -> object:
    if isinstance(value, str):
        return value.strip().replace(",", "")
    return value


def _periods(sheet: _Sheet) -> list[str]:
    out = []
    for i, raw in enumerate(sheet.text("period")):
        match = _PERIOD.match(raw)
        if match is None:
            sheet.fail(
                "no date: a quote needs its quarter (RPW writes 2017_1Q)"
                if not raw
                else f"period {raw!r} is not a quarter such as 2017_1Q",
                i,
                "period",
            )
        year, quarter = (
            (match.group(1), match.group(2))
            if match.group(1)
            else (match.group(3), match.group(4))
        )
        out.append(f"{year}Q{quarter}")
    return out


def _firm_types(sheet: _Sheet) -> pd.Series:
    labels = sheet.text("firm_type")
    first = labels.str.split("/").str[0].str.strip().str.lower()
    types = first.map(RPW_FIRM_TYPES)
    bad = types.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        sheet.fail(
            f"firm type {labels.iloc[i]!r} is not an RPW firm type "
            f"(expected one of: Bank, Money Transfer Operator, Post office, "
            f"Mobile Operator, Non-bank FI, Credit union, Building society)",
            i,
            "firm_type",
        )
    return types


def _transparent(sheet: _Sheet) -> np.ndarray:
    words = sheet.text("transparent").str.lower()
    bad = ~(words.isin(_YES | _NO) | (words == "")).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        sheet.fail(f"{words.iloc[i]!r} is neither yes nor no", i, "transparent")
    return (~words.isin(_NO)).to_numpy()


def _quotes_of(sheet: _Sheet, name: str) -> tuple[pd.DataFrame, int]:
    """The sheet's quotes at USD 200 and 500, and how many blank blocks
    (a service without a price at that amount) were left out."""
    periods = _periods(sheet)
    types = _firm_types(sheet)
    transparent = _transparent(sheet)
    speed = sheet.text("speed actual").str.lower()
    fast = speed.isin(_FAST).to_numpy() if "speed actual" in sheet.frame else True
    ids = sheet.text("id")
    service = np.where(ids != "", ids, sheet.rows.astype(str))
    interbank = sheet.number("inter lcu bank fx")
    blocks, skipped = [], 0
    for prefix, usd in (("cc1", 200), ("cc2", 500)):
        if f"{prefix} total cost %" not in sheet.frame.columns:
            continue
        numbers = {n: sheet.number(f"{prefix} {n}") for n in _NUMBERS}
        currency = sheet.text(f"{prefix} lcu code")
        given = (
            numbers["total cost %"].notna()
            | numbers["lcu fee"].notna()
            | numbers["lcu amount"].notna()
            | (currency != "")
        ).to_numpy()
        skipped += int((~given).sum())
        # An amount or rate of 0 (or below) cannot be used: where RPW gives
        # the total cost, the total is kept and that field dropped.
        has_total = numbers["total cost %"].notna()
        block = pd.DataFrame(
            {
                "sending": sheet.text("source_code").str.upper(),
                "receiving": sheet.text("destination_code").str.upper(),
                "provider": sheet.text("firm"),
                "provider_type": types,
                "product": sheet.text("product"),
                "access_instrument": sheet.text("access point"),
                "payment_instrument": sheet.text("payment instrument"),
                "service_id": [f"{name}:{s}" for s in service],
                "period": periods,
                "amount_usd": usd,
                "currency": currency,
                "amount": numbers["lcu amount"].where(
                    ~has_total | (numbers["lcu amount"] > 0)
                ),
                "fee": numbers["lcu fee"],
                "exchange_rate": numbers["lcu fx rate"].where(
                    ~has_total | (numbers["lcu fx rate"] > 0)
                ),
                "mid_rate": interbank.where(~has_total | (interbank > 0)),
                "fx_margin_pct": numbers["fx margin"],
                "total_cost_pct": numbers["total cost %"],
                "transparent": transparent,
                "smart_eligible": transparent & fast,
                "_sheet": name,
                "_row": sheet.rows,
                "_prefix": prefix,
            }
        )
        blocks.append(block[given])
    return pd.concat(blocks, ignore_index=True), skipped


def _sheet_names(path: Path, sheet: str | None) -> tuple[pd.ExcelFile, list[str]]:
    try:
        book = pd.ExcelFile(path)
    except (ValueError, KeyError) as exc:
        raise RemittanceInputError(
            f"cannot read the workbook ({exc})", file=str(path)
        ) from None
    except OSError as exc:
        raise RemittanceInputError(
            f"cannot open ({exc.strerror})", file=str(path)
        ) from None
    names = [str(n) for n in book.sheet_names]
    if sheet is not None:
        wanted = [sheet] if sheet in names else []
    else:
        wanted = [n for n in RPW_SHEETS if n in names] or [
            n for n in names if n.lower().startswith("dataset")
        ]
        if not wanted and len(names) == 1:
            wanted = names
    if not wanted:
        expected = repr(sheet) if sheet else f"{RPW_SHEETS[1]!r} or {RPW_SHEETS[0]!r}"
        raise RemittanceInputError(
            f"no RPW data sheet: expected {expected}; the workbook has "
            f"{', '.join(repr(n) for n in names)}",
            file=str(path),
        )
    return book, wanted


def _sheets(path: Path, sheet: str | None) -> list[tuple[str | None, pd.DataFrame]]:
    """The raw data sheets of ``path`` (cells as read), by name."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        book, wanted = _sheet_names(path, sheet)
        reads: list[tuple[str | None, pd.DataFrame]] = []
        for name in wanted:
            try:
                reads.append(
                    (
                        name,
                        pd.read_excel(book, sheet_name=name, header=None, dtype=object),
                    )
                )
            except (ValueError, KeyError) as exc:
                raise RemittanceInputError(
                    f"cannot read the sheet ({exc})", file=str(path), sheet=name
                ) from None
        return reads
    try:
        raw = pd.read_csv(path, header=None, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RemittanceInputError(
            f"cannot read as CSV ({exc})", file=str(path)
        ) from None
    except OSError as exc:
        raise RemittanceInputError(
            f"cannot open ({exc.strerror})", file=str(path)
        ) from None
    return [(None, raw)]


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
        The RPW workbook — both data sheets are read, :data:`RPW_SHEETS` —
        or a CSV with the columns of one of them.
    sheet :
        Read this sheet only.
    known_countries :
        ISO alpha-3 codes a corridor end may take; others are refused.

    Returns
    -------
    pandas.DataFrame
        One row per service, quarter and amount (200 and 500): the quote
        columns, with ``total_cost_pct`` and ``fx_margin_pct`` as RPW
        publishes them; ``transparent`` (the World Bank leaves
        non-transparent services out of its averages); ``smart_eligible``
        (transparent and delivered within five days, where the file gives
        the speed); ``service_id`` (sheet and RPW id: the dataset's own key);
        ``source_sheet`` and ``source_row``. ``attrs["skipped"]``: cost
        blocks left blank (no price at that amount).

    Raises
    ------
    RemittanceInputError
        A workbook without an RPW data sheet; a missing column; a quote
        without currency or quarter; a number that is not one; an unknown
        firm type or country code; naming file, sheet, row and column.
    """
    path = Path(path)
    frames, skipped = [], 0
    for name, raw in _sheets(path, sheet):
        where = {"file": str(path), "sheet": name}
        quotes, blank = _quotes_of(_Sheet(raw, where), name or "csv")
        frames.append(quotes)
        skipped += blank
    quotes = pd.concat(frames, ignore_index=True)
    try:
        out = validate_quotes(
            quotes.drop(columns=["_sheet", "_row", "_prefix"]),
            known_countries=known_countries,
        )
    except RemittanceInputError as exc:
        if exc.row is None:
            raise RemittanceInputError(exc.message, file=str(path)) from None
        at = quotes.iloc[exc.row]
        column = exc.column or ""
        rpw_column = _QUOTE_TO_RPW.get(column) or (
            f"{at['_prefix']} {_BLOCK_TO_RPW[column]}"
            if column in _BLOCK_TO_RPW
            else column
        )
        raise RemittanceInputError(
            exc.message,
            file=str(path),
            sheet=None if at["_sheet"] == "csv" else at["_sheet"],
            row=int(at["_row"]),
            column=rpw_column,
        ) from None
    out["source_sheet"] = quotes["_sheet"].to_numpy()
    out["source_row"] = quotes["_row"].to_numpy()
    out.attrs["skipped"] = skipped
    return out
