"""Files of the analysis: the replies and the coded tally as CSV and XLSX.

CSV files are UTF-8 with a byte-order mark, so that Excel opens Arabic,
Chinese and Cyrillic text correctly; XLSX files are written with openpyxl.
Layouts are described in docs/consultation-analysis.md.

What the States wrote is never a formula in these files: in CSV, text that a
spreadsheet would read as one (it begins with ``= + - @``, a tab or a carriage
return, and is not a plain number) is written after an apostrophe (see
:func:`neutralize`); in XLSX, every text cell is stored as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from migdev.consultation.analysis.selectors import AnswersTable
from migdev.consultation.analysis.suppression import (
    MIN_GROUP_RESPONDENTS,
    SMALL_GROUP_RESPONDENTS,
)
from migdev.consultation.analysis.tallies import (
    ClosedQuestionTally,
    OpenQuestionTally,
    Tally,
)
from migdev.core.i18n import un_date, un_datetime

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BOLD = Font(bold=True)
_NAMES = Font(italic=True, color="555555")
_HEAD_FILL = PatternFill("solid", fgColor="E8EEF4")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

#: What a hidden cell of the tally shows in XLSX (a group of too few States).
HIDDEN_MARK = "—"

#: Column names of the tally CSV (one row per theme, or per choice and group).
TALLY_CSV_COLUMNS = [
    "question",
    "question_label",
    "kind",
    "code",
    "label",
    "group",
    "group_name",
    "count",
    "base",
    "share",
    "percent",
    "quantifier",
    "quantifier_phrase",
    "quantifier_rule",
    "quotes",
]


#: First characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def neutralize(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula: text beginning with
    one of :data:`FORMULA_STARTS` gets a leading apostrophe, unless it is a
    plain number such as ``-2`` or ``+3,5``. Other values are returned as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralize(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def text_as_text(workbook: Workbook) -> Workbook:
    """Store every text cell of ``workbook`` as text: openpyxl otherwise turns
    a text beginning with "=" into a live formula (and "#N/A" into an error)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    return workbook


def _append(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row; control characters that XLSX cannot hold (a reply may
    contain them) become U+FFFD instead of failing the whole export."""
    sheet.append(
        [
            ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
            for v in values
        ]
    )


def _xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    text_as_text(workbook).save(buffer)
    return buffer.getvalue()


def csv_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(text: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", text).strip().strip("'")[:31] or "sheet"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def _width(values: Iterable[Any], *, least: int = 8, most: int = 60) -> float:
    longest = max((len(str(v)) for v in values if v not in (None, "")), default=0)
    return float(min(most, max(least, longest + 2)))


def _about_sheet(
    workbook: Workbook,
    rows: list[tuple[Any, Any]],
    rtl: bool,
    taken: set[str] | None = None,
) -> None:
    sheet = workbook.create_sheet(_sheet_title(str(_("About")), taken or set()))
    for label, value in rows:
        _append(sheet, [str(label), value])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    sheet.sheet_view.rightToLeft = rtl


# --- Replies -------------------------------------------------------------------------


def replies_csv(table: AnswersTable, *, header: str = "labels") -> bytes:
    """One row per State, one column per question; the header row gives the
    question labels in the table's language (``header="names"``: their names)."""
    head = table.names if header == "names" else table.header
    return _csv_bytes([head, *table.rows])


def replies_xlsx(table: AnswersTable, *, title: str = "") -> bytes:
    """One row per State, one column per question. Row 1: labels in the
    table's language; row 2: the questions' names; both frozen, with the
    State's name."""
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(table.language):
        sheet.title = _sheet_title(str(_("Replies")), set())
        _append(sheet, table.header)
        _append(sheet, table.names)
        for row in table.rows:
            _append(sheet, row)
        for cell in sheet[1]:
            cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP
        for cell in sheet[2]:
            cell.font, cell.fill = _NAMES, _HEAD_FILL
        fixed = len(table.fixed_header)
        for index, column in enumerate(sheet.iter_cols(min_row=1), start=1):
            letter = get_column_letter(index)
            values = [c.value for c in column[2:]] + [column[1].value]
            if index > fixed:
                values.append(column[0].value if len(str(column[0].value)) < 40 else "")
                sheet.column_dimensions[letter].width = _width(values, least=14)
                for cell in column[2:]:
                    cell.alignment = _WRAP
            else:
                values.append(column[0].value)
                sheet.column_dimensions[letter].width = _width(values, most=40)
        sheet.row_dimensions[1].height = 45
        sheet.freeze_panes = "B3"
        sheet.auto_filter.ref = (
            f"A2:{get_column_letter(len(table.names))}{max(2, sheet.max_row)}"
        )
        sheet.sheet_view.rightToLeft = table.language == "ar"
        _about_sheet(
            workbook,
            [
                (_("Campaign"), title),
                (_("Language"), table.language),
                (_("States"), len(table.rows)),
                (_("Exported at"), _exported_at(table.language)),
            ],
            table.language == "ar",
        )
    return _xlsx_bytes(workbook)


# --- Tally -----------------------------------------------------------------------------


def _csv_number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _xlsx_share(value: Decimal | None) -> float | None:
    """The rounded percentage as a fraction for a "0.0%" cell: the sheet shows
    the figure of the pages whatever the spreadsheet's own rounding."""
    return None if value is None else float(value / 100)


def _quotes_cell(theme: Any) -> str:
    return "\n".join(f"{q.country}: {q.text}" for q in theme.quotes)


def _open_rows(q: OpenQuestionTally, with_quotes: bool) -> list[list[Any]]:
    rows = []
    for t in q.themes:
        rows.append(
            [
                q.question.name,
                q.label,
                "theme",
                t.code,
                t.label,
                "",
                "",
                t.count,
                t.base,
                round(t.share, 4) if t.share is not None else "",
                _csv_number(t.percent),
                t.quantifier.key if t.quantifier else "",
                t.phrase,
                t.quantifier.rule if t.quantifier else "",
                _quotes_cell(t) if with_quotes else "",
            ]
        )
    return rows


def _closed_rows(tally: Tally, c: ClosedQuestionTally) -> list[list[Any]]:
    rows = []
    names = {g.code: g.name for g in tally.groups}
    for choice in [*c.choices, c.no_answer]:
        cells = [("", "", choice.total)] + [
            (code, names[code], cell) for code, cell in choice.groups.items()
        ]
        for code, name, cell in cells:
            rows.append(
                [
                    c.question.name,
                    c.label,
                    "choice" if choice is not c.no_answer else "no_answer",
                    choice.name,
                    choice.label,
                    code,
                    name,
                    cell.count,
                    cell.base,
                    round(cell.share, 4) if cell.share is not None else "",
                    _csv_number(cell.percent),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return rows


def _exported_at(language: str) -> str:
    """Now, as the UN writes a date, with the zone of the clock."""
    return f"{un_datetime(timezone.now(), language)} ({timezone.get_current_timezone_name()})"


def hidden_note() -> str:
    """The footnote of a tally that hides small groups, in the active language."""
    return ngettext(
        "—: fewer than %(count)s reply: not shown, so that no State's answer "
        "can be read off the table (and, where the total and the other columns "
        "would give such a group away, one more group).",
        "—: fewer than %(count)s replies: not shown, so that no State's answer "
        "can be read off the table (and, where the total and the other columns "
        "would give such a group away, one more group).",
        MIN_GROUP_RESPONDENTS,
    ) % {"count": MIN_GROUP_RESPONDENTS}


def suppressed_note() -> str:
    """The footnote of a tally with cells hidden for all or none of a small
    group, in the active language."""
    return _(
        "—: in a group of fewer than %(count)s States that replied, an answer "
        "given by all or by none of them is not shown, since the map says which "
        "States replied; nor is a cell from which it could be worked out."
    ) % {"count": SMALL_GROUP_RESPONDENTS}


def tally_csv(tally: Tally) -> bytes:
    """The tally as one long table (columns: :data:`TALLY_CSV_COLUMNS`): a row
    per theme of each open question, and a row per choice and group (group
    empty: all respondents) of each closed question. Quotes only if the tally
    has them. The rows of a hidden group have empty count, base and share."""
    rows: list[list[Any]] = [TALLY_CSV_COLUMNS]
    for q in tally.open:
        rows.extend(_open_rows(q, tally.with_quotes))
    for c in tally.closed:
        rows.extend(_closed_rows(tally, c))
    if not tally.with_quotes:
        rows = [row[:-1] for row in rows]
    return _csv_bytes(rows)


def _heading(sheet: Worksheet, text: str, note: str) -> None:
    _append(sheet, [text])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    _append(sheet, [note])
    sheet.cell(row=2, column=1).font = _NAMES
    _append(sheet, [])


def _header_row(sheet: Worksheet, values: list[str]) -> None:
    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP


def _open_sheet(sheet: Worksheet, tally: Tally, q: OpenQuestionTally) -> None:
    _heading(
        sheet,
        q.label,
        str(
            ngettext(
                "%(name)s: answered by %(answered)s of %(respondents)s State; "
                "%(coded)s coded.",
                "%(name)s: answered by %(answered)s of %(respondents)s States; "
                "%(coded)s coded.",
                q.respondents,
            )
            % {
                "name": q.question.name,
                "answered": q.answered,
                "respondents": q.respondents,
                "coded": q.coded,
            }
        ),
    )
    header = [
        str(_("Theme")),
        str(_("Code")),
        str(_("States")),
        str(_("Base")),
        str(_("Share")),
        str(_("As a report says it")),
        str(_("Rule")),
    ]
    if tally.with_quotes:
        header.append(str(_("Quoted passages")))
    _header_row(sheet, header)
    for t in q.themes:
        row = [
            t.label,
            t.code,
            t.count,
            t.base,
            _xlsx_share(t.percent),
            t.phrase,
            t.quantifier.rule if t.quantifier else None,
        ]
        if tally.with_quotes:
            row.append(_quotes_cell(t))
        _append(sheet, row)
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.0%"
        sheet.cell(row=sheet.max_row, column=1).alignment = _WRAP
        if tally.with_quotes:
            sheet.cell(row=sheet.max_row, column=8).alignment = _WRAP
    widths = [40, 22, 9, 9, 9, 22, 7, 90]
    for index, width in enumerate(widths[: len(header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B5"


def _closed_sheet(sheet: Worksheet, tally: Tally, c: ClosedQuestionTally) -> None:
    note = str(
        ngettext(
            "%(name)s: answered by %(answered)s of %(respondents)s State.",
            "%(name)s: answered by %(answered)s of %(respondents)s States.",
            c.respondents,
        )
        % {
            "name": c.question.name,
            "answered": c.answered,
            "respondents": c.respondents,
        }
    )
    if c.multiple:
        note += " " + str(
            _("Several choices are possible: the percentages add up to more than 100.")
        )
    _heading(sheet, c.label, note)
    groups = [("", str(_("All")))] + [(g.code, g.name) for g in tally.groups]
    header = [str(_("Choice")), str(_("Code"))]
    for code, name in groups:
        label = f"{name} ({code})" if code else name
        header += [label, "%"]
    _header_row(sheet, header)
    for choice in [*c.choices, c.no_answer]:
        row: list[Any] = [choice.label, choice.name]
        for code, _name in groups:
            cell = choice.total if not code else choice.groups[code]
            row += (
                [HIDDEN_MARK, None]
                if cell.hidden
                else [cell.count, _xlsx_share(cell.percent)]
            )
        _append(sheet, row)
        for index in range(4, len(row) + 1, 2):
            sheet.cell(row=sheet.max_row, column=index).number_format = "0.0%"
    base_row: list[Any] = [str(_("Base")), ""]
    for code, _name in groups:
        value = c.bases.get(code or "total", 0)
        base_row += [HIDDEN_MARK if value is None else value, None]
    _append(sheet, base_row)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    if tally.hides_groups:
        _append(sheet, [])
        _append(sheet, [hidden_note()])
        sheet.cell(row=sheet.max_row, column=1).font = _NAMES
    if c.suppressed:
        _append(sheet, [suppressed_note()])
        sheet.cell(row=sheet.max_row, column=1).font = _NAMES
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 14
    for index in range(3, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14 if index % 2 else 8
    sheet.freeze_panes = "C5"


def tally_xlsx(tally: Tally) -> bytes:
    """One sheet per question (named after the question), in question order:
    themes of open questions, or choices by region and development group of
    closed questions; then an "About" sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    sheets = tally.in_order()
    with translation.override(tally.language):
        for q in sheets:
            sheet = workbook.create_sheet(_sheet_title(q.question.name, taken))
            sheet.sheet_view.rightToLeft = tally.language == "ar"
            if isinstance(q, OpenQuestionTally):
                _open_sheet(sheet, tally, q)
            else:
                _closed_sheet(sheet, tally, q)
        _about_sheet(
            workbook,
            [
                (_("Campaign"), tally.campaign.title.get_text(tally.language)),
                (_("Language"), tally.language),
                (_("States that replied"), tally.respondents),
                (
                    _("Shares out of"),
                    str(_("the States that answered the question"))
                    if tally.base_kind == "answered"
                    else str(_("the States that replied")),
                ),
                (
                    _("Regions and development groups as on"),
                    un_date(tally.groups_as_of, tally.language),
                ),
                *(
                    [
                        (
                            _("Groups not shown"),
                            ", ".join(
                                f"{g.name} ({g.code})"
                                for g in tally.groups
                                if g.code in tally.hidden
                            ),
                        )
                    ]
                    if tally.hides_groups
                    else []
                ),
                (_("Exported at"), _exported_at(tally.language)),
            ],
            tally.language == "ar",
            taken,
        )
    return _xlsx_bytes(workbook)
