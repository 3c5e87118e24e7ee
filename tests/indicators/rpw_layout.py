"""A workbook in the layout of the World Bank's published *Remittance Prices
Worldwide* complete dataset (``rpw_dataset_2011_YYYY_qN.xlsx``), generated
for the tests: its six sheets, the two data sheets' headers column for
column (41 columns up to 2016Q1, 42 after, plus the unlabeled helper columns
of the latest quarter), and the quirks of the published file — numbers
stored as text, a date cell that is a date, ``Yes`` and ``yes``, firm types
in two spellings and combined, a blank USD 500 block, an interbank rate of
0, a cc2 amount of 0, Kosovo as ``KSV`` (corridor ``…XKX``), the
Netherlands Antilles, ``..`` in the classification columns, a service
listed twice under two ids, and an empty formatted cell far right.

The prices are made up (round numbers whose averages are easy to compute
by hand); the layout is the published one."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

PRE = "Dataset (up to Q1 2016)"
POST = "Dataset (from Q2 2016)"

_COUNTRY = [
    "source_code",
    "source_name",
    "source_region",
    "source_income",
    "source_lending",
    "source_G8G20",
    "destination_code",
    "destination_name",
    "destination_region",
    "destination_income",
    "destination_lending",
    "destination_G8G20",
]
_COST = [
    "lcu amount",
    "denomination amount",
    "lcu code",
    "lcu fee",
    "lcu fx rate",
    "fx margin",
    "total cost %",
]
PRE_HEADER = [
    "id",
    "period",
    *_COUNTRY,
    "firm",
    "firm_type",
    "product",
    "sending location",
    "speed actual",
    *(f"cc1 {c}" for c in _COST),
    *(f"cc2 {c}" for c in _COST),
    "inter lcu bank fx",
    "transparent",
    "note1",
    "note2",
    "coverage",
    "pick-up method",
    "date",
    "corridor",
]
POST_HEADER = [
    "id",
    "period",
    *_COUNTRY,
    "firm",
    "firm_type",
    "payment instrument",
    "access point",
    "speed actual",
    *(f"cc1 {c}" for c in _COST),
    *(f"cc2 {c}" for c in _COST),
    "inter lcu bank fx",
    "transparent",
    "Standard Note",
    "note2",
    "receiving network coverage",
    "pickup location",
    "pickup method",
    "date",
    "corridor",
]
assert len(PRE_HEADER) == 41 and len(POST_HEADER) == 42

NAMES = {
    "USA": ("United States", "..", "High income", "..", "G8G20"),
    "MEX": (
        "Mexico",
        "Latin America & Caribbean",
        "Upper middle income",
        "IBRD",
        "G20",
    ),
    "DEU": ("Germany", "..", "High income", "..", "G8G20"),
    "KSV": ("Kosovo", "Europe & Central Asia", "Upper middle income", "IDA", ".."),
    "GBR": ("United Kingdom", "..", "High income", "..", "G8G20"),
    "IND": ("India", "South Asia", "Lower middle income", "IBRD", "G20"),
    "CHL": ("Chile", "..", "High income", "..", ".."),
    "PER": ("Peru", "Latin America & Caribbean", "Upper middle income", "IBRD", ".."),
    "NLD": ("Netherlands", "..", "High income: OECD", "..", ".."),
    "ANT": ("Netherlands Antilles", "..", "..", "..", ".."),
}
NOT_DISCLOSED = (
    "The 0% in the exchange rate margin does NOT necessarily mean that there "
    "is no exchange rate cost, but rather that this cost is not disclosed to "
    "the sender at the time of sending."
)


def _block(amount, usd, code, fee, rate, margin, total) -> list:
    return [amount, usd, code, fee, rate, margin, total]


def _blank_block() -> list:
    return [None] * 7


def _countries(src: str, dst: str) -> list:
    s, d = NAMES[src], NAMES[dst]
    return [src, *s, dst, *d]


#: (id, period, source, destination, firm, firm_type, service fields,
#:  speed, cc1 block, cc2 block, interbank, transparent, note, date)
PRE_ROWS = [
    (
        101,
        "2011_1Q",
        "USA",
        "MEX",
        "Bank A",
        "Bank",
        ("Account to account", "at Branch"),
        "Next day",
        _block(200, 200, "USD", 14, 11.4, 5, 12),
        _block(500, 500, "USD", 14, 11.4, 5, 7.8),
        12.0,
        "yes",
        None,
        "10/Feb/2011",
    ),
    (
        102,
        "2011_1Q",
        "USA",
        "MEX",
        "MTO B",
        "Money Transfer Operator",
        ("Cash to cash", "at Agent"),
        "Less than one hour",
        _block(200, 200, "USD", 10, 11.76, 2, 7),
        _block(500, 500, "USD", 12, 11.76, 2, 4.4),
        12.0,
        "yes",
        None,
        "10/Feb/2011",
    ),
    (
        103,
        "2013_1Q",
        "NLD",
        "ANT",
        "Bank H",
        "Bank",
        ("Account to account", "On-line"),
        "2 days",
        _block(150, 200, "EUR", 15, 1, 0, 10),
        # The published file has cc2 amounts of 0 beside a total.
        _block(0, 500, "EUR", 15, 1, 0, 8),
        1.0,
        "yes",
        None,
        "05/Feb/2013",
    ),
    (
        104,
        "2011_1Q",
        "USA",
        "MEX",
        "MTO J",
        "Money Transfer Operator",
        ("Cash to cash", "Not available"),
        "Same day",
        _block(200, 200, "USD", 8, 1, 0, 4),
        _block(500, 500, "USD", 8, 1, 0, 1.6),
        1.0,
        "no",
        NOT_DISCLOSED,
        "10/Feb/2011",
    ),
]
POST_ROWS = [
    (
        5001,
        "2017_1Q",
        "USA",
        "MEX",
        "Bank A",
        "Bank",
        ("Bank account", "Bank branch"),
        "Next day",
        _block(200, 200, "USD", 10, 19.0, 5.0, 10.0),
        _block(500, 500, "USD", 10, 19.0, 5.0, 7.0),
        20.0,
        "yes",
        None,
        "15/Feb/2017",
    ),
    (
        5002,
        "2017_1Q",
        "USA",
        "MEX",
        "MTO B",
        "Money Transfer Operator",
        ("Cash", "Agent"),
        "Less than one hour",
        _block(200, 200, "USD", 4, 19.8, 1.0, 3.0),
        _block(500, 500, "USD", 5, 19.8, 1.0, 2.0),
        20.0,
        "yes",
        None,
        "15/Feb/2017",
    ),
    (
        5003,
        "2017_1Q",
        "USA",
        "MEX",
        "MTO C",
        "Money Transfer Operator",
        ("Cash", "Agent"),
        "Same day",
        _block(200, 200, "USD", 8, 1, 0, 4.0),
        _blank_block(),
        1.0,
        "no",
        NOT_DISCLOSED,
        "15/Feb/2017",
    ),
    (
        5004,
        "2017_1Q",
        "USA",
        "MEX",
        "Post D",
        "Post office",
        ("Cash", "Post Office branch"),
        "6 days or more",
        _block(200, 200, "USD", 6, 19.4, 3.0, 6.0),
        _block(500, 500, "USD", 6, 19.4, 3.0, 4.2),
        20.0,
        "yes",
        None,
        "15/Feb/2017",
    ),
    (
        # The same service again under another id, as the published file has.
        5005,
        "2017_1Q",
        "USA",
        "MEX",
        "Bank A",
        "Bank",
        ("Bank account", "Bank branch"),
        "Next day",
        _block(200, 200, "USD", 10, 19.0, 5.0, 10.0),
        _block(500, 500, "USD", 10, 19.0, 5.0, 7.0),
        20.0,
        "yes",
        None,
        "15/Feb/2017",
    ),
    (
        5006,
        "2017_1Q",
        "DEU",
        "KSV",
        "MTO E",
        "Bank/Money Transfer Operator",
        ("Cash", "Agent"),
        "Next day",
        _block(180, 200, "EUR", 9, 1, 0, 5.0),
        _block(450, 500, "EUR", 9, 1, 0, 2.0),
        1.0,
        "yes",
        None,
        "15/Feb/2017",
    ),
    (
        # 2024Q3: numbers stored as text.
        5007,
        "2024_3Q",
        "GBR",
        "IND",
        "NBFI F",
        "Non-Bank FI",
        ("Debit card", "Internet"),
        "Less than one hour",
        _block("160.00", "200.00", "GBP", "3.20", "88.00", "2.22", "4.22"),
        _block("400.00", "500.00", "GBP", "3.20", "88.00", "2.22", "3.02"),
        "90.00",
        "yes",
        None,
        "20/Aug/2024",
    ),
    (
        # An interbank rate of 0 beside published totals.
        5008,
        "2018_4Q",
        "CHL",
        "PER",
        "MoneyGram",
        "Money Transfer Operator",
        ("Cash", "Agent"),
        "Same day",
        _block(130000, 200, "CLP", 6500, 150, 2.5, 7.5),
        _block(325000, 500, "CLP", 9750, 150, 2.5, 5.5),
        0,
        "yes",
        None,
        "12/Nov/2018",
    ),
    (
        # 2025: "Yes", a date cell, a negative margin (a promotion).
        5009,
        "2025_1Q",
        "GBR",
        "IND",
        "Wise",
        "Money Transfer Operator",
        ("Bank account", "Internet"),
        "Less than one hour",
        _block(160, 200, "GBP", 2.88, 90.27, -0.3, 1.5),
        _block(400, 500, "GBP", 6.0, 90.27, -0.3, 1.2),
        90.0,
        "Yes",
        None,
        dt.datetime(2025, 2, 14),
    ),
    (
        5010,
        "2025_3Q",
        "GBR",
        "IND",
        "Post G",
        "Post Office",
        ("Cash", "Post Office branch"),
        "3-5 days",
        _block(160, 200, "GBP", 12.8, 88.2, 1.0, 9.0),
        _block(400, 500, "GBP", 20.0, 88.2, 1.0, 6.0),
        89.1,
        "Yes",
        None,
        dt.datetime(2025, 8, 20),
    ),
]


def _pre_row(r: tuple) -> list:
    id_, period, src, dst, firm, kind, (product, location), speed = r[:8]
    cc1, cc2, interbank, transparent, note, date = r[8:]
    return [
        id_,
        period,
        *_countries(src, dst),
        firm,
        kind,
        product,
        location,
        speed,
        *cc1,
        *cc2,
        interbank,
        transparent,
        note,
        None,
        "Nationwide",
        "Cash",
        date,
        src + dst,
    ]


def _post_row(r: tuple) -> list:
    id_, period, src, dst, firm, kind, (instrument, access), speed = r[:8]
    cc1, cc2, interbank, transparent, note, date = r[8:]
    row = [
        id_,
        period,
        *_countries(src, dst),
        firm,
        kind,
        instrument,
        access,
        speed,
        *cc1,
        *cc2,
        interbank,
        transparent,
        note,
        None,
        "High",
        "Agent",
        "Cash",
        date,
        src + ("XKX" if dst == "KSV" else dst),
    ]
    if period == "2025_3Q":  # the latest quarter's unlabeled helper columns
        row += ["2025", f"{src}2025", f"{dst}2025", f"{src}2026", f"{dst}2026"]
    return row


def rpw_rows(sheet: str) -> tuple[list[str], list[list]]:
    """Header and rows of one data sheet."""
    if sheet == PRE:
        return list(PRE_HEADER), [_pre_row(r) for r in PRE_ROWS]
    return list(POST_HEADER), [_post_row(r) for r in POST_ROWS]


def rpw_workbook(path: Path, *, edit=None, data_sheets=(PRE, POST)) -> Path:
    """Write the workbook; ``edit(sheet, header, rows)`` may change a data
    sheet's header and rows (in place) before it is written."""
    book = Workbook()
    terms = book.active
    terms.title = "Terms of Use"
    terms["B28"] = "REFERENCES"
    book.create_sheet("Methodology")
    legend = book.create_sheet("Legend")
    legend.append(["Field", "Definition"])
    legend.append(["cc(X) total cost %", "total cost of the transaction in percent"])
    countries = book.create_sheet("Countries")
    countries.append(["Countries"])
    countries.append(["code", "name", "region", "income", "lending", "G8G20"])
    for code, (name, *rest) in NAMES.items():
        countries.append([code, name, *rest])
    for name in data_sheets:
        sheet = book.create_sheet(name)
        header, rows = rpw_rows(name)
        if edit is not None:
            edit(name, header, rows)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        if name == POST:  # formatting far beyond the data, as published
            sheet.cell(row=len(rows) + 40, column=74).font = Font(bold=True)
    book.save(path)
    return path


def rpw_csv(path: Path, *, upper: bool = False) -> Path:
    """The post-2016 sheet as a CSV (headers upper-cased if asked)."""
    header, rows = rpw_rows(POST)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([h.upper() for h in header] if upper else header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row[: len(header)]])
    return path
