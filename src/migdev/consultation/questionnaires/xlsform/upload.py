"""The uploaded file: size limits, .xlsx check, and the workbook limits
checked before pyxform reads it (zip bombs, DTDs, rows, recorded size)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
    XLSFormError,
)

DEFAULT_MAX_XLSFORM_BYTES = 5 * 1024 * 1024
#: Refuse workbooks that decompress to more than this (a "zip bomb"); setting
#: ``MIGDEV_MAX_XLSFORM_UNCOMPRESSED_BYTES``.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
#: Refuse sheets with more rows than this, before pyxform reads them; setting
#: ``MIGDEV_MAX_XLSFORM_ROWS``.
DEFAULT_MAX_SHEET_ROWS = 10_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_xlsform_bytes() -> int:
    return int(getattr(settings, "MIGDEV_MAX_XLSFORM_BYTES", DEFAULT_MAX_XLSFORM_BYTES))


def max_uncompressed_bytes() -> int:
    return int(
        getattr(
            settings,
            "MIGDEV_MAX_XLSFORM_UNCOMPRESSED_BYTES",
            DEFAULT_MAX_UNCOMPRESSED_BYTES,
        )
    )


def max_sheet_rows() -> int:
    return int(getattr(settings, "MIGDEV_MAX_XLSFORM_ROWS", DEFAULT_MAX_SHEET_ROWS))


def read_upload(file: Any) -> bytes:
    """The bytes of ``file`` (an uploaded file, a binary file, bytes or a path),
    refused if too large or not an .xlsx workbook."""
    limit = max_xlsform_bytes()
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    elif isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            raise XLSFormError([_too_large(limit)])
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise XLSFormError([_too_large(limit)])
    if data.startswith(_OLE2):
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "This is an Excel 97–2003 workbook (.xls): save it as an "
                        "Excel workbook (.xlsx) and upload it again."
                    )
                )
            ]
        )
    not_xlsx = Problem(
        gettext(
            "This file is not an Excel workbook (.xlsx): save the XLSForm from "
            "Excel, LibreOffice or KoboToolbox as .xlsx and upload it again."
        )
    )
    if not data.startswith(b"PK\x03\x04"):
        raise XLSFormError([not_xlsx])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise XLSFormError([not_xlsx]) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise XLSFormError([not_xlsx])
    _check_expansion(total)
    return data


def _check_expansion(total: int) -> None:
    """Refuse a workbook whose parts add up to more than the limit, uncompressed."""
    limit = max_uncompressed_bytes()
    if total > limit:
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "This workbook expands to more than %(size)s MB: remove the "
                        "sheets, images or formatting that the form does not need."
                    )
                    % {"size": f"{limit / (1024 * 1024):g}"}
                )
            ]
        )


def check_workbook_limits(data: bytes) -> None:
    """Refuse, before pyxform reads it, a workbook that would take too much
    memory or time, or that pyxform would read only in part: more than
    :func:`max_uncompressed_bytes` once uncompressed; XML with a DTD (entities
    that expand a few bytes into gigabytes, which Excel never writes); a sheet
    with more than :func:`max_sheet_rows` rows; a sheet whose recorded size
    (``<dimension ref="A1:K40"/>``) is smaller than what it holds.

    The rows are counted as openpyxl yields them once the recorded size is set
    aside (a gap before row 900000 counts as the empty rows it is filled
    with), stopping past the limit. openpyxl and pyxform read a sheet only as
    far as its recorded size says: a workbook written with a wrong one would
    otherwise import 2 of its 100,000 rows without a word.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            _check_expansion(total)
            _refuse_declarations(archive)
    except zipfile.BadZipFile:
        return  # pyxform reports a workbook it cannot read
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # pyxform gives the message for what it cannot read
        if is_refused_xml(error):
            raise XLSFormError([declarations_problem()]) from None
        return
    limit = max_sheet_rows()
    problems = []
    try:
        for sheet in book.worksheets:
            # The recorded size (<dimension ref="A1:C3"/>) is what openpyxl,
            # and so pyxform, reads up to: count what the sheet really holds.
            declared_rows, declared_columns = sheet.max_row, sheet.max_column
            dimension = (
                sheet.calculate_dimension()
                if declared_rows and declared_columns
                else ""
            )
            sheet.reset_dimensions()
            rows = columns = 0
            try:
                for rows, values in enumerate(
                    sheet.iter_rows(values_only=True), start=1
                ):
                    columns = max(columns, _last_filled(values))
                    if rows > limit:
                        break
            except Exception as error:
                if is_refused_xml(error):
                    raise XLSFormError([declarations_problem()]) from None
                return  # pyxform gives the message
            if rows > limit:
                problems.append(
                    Problem(
                        gettext(
                            "more than %(limit)s rows. An XLSForm has one row per "
                            "question or choice: delete the rows below the form, "
                            "empty or formatted ones included, and upload it again."
                        )
                        % {"limit": number_format(limit, force_grouping=True)},
                        sheet.title,
                    )
                )
            elif dimension and (rows > declared_rows or columns > declared_columns):
                problems.append(
                    Problem(
                        gettext(
                            "the workbook records %(declared_rows)s rows and "
                            "%(declared_columns)s columns (%(dimension)s) but the "
                            "sheet has %(rows)s rows and %(columns)s columns, so "
                            "part of it would be ignored. Open it in Excel or "
                            "LibreOffice, save it again as .xlsx and upload that "
                            "copy."
                        )
                        % {
                            "declared_rows": declared_rows,
                            "declared_columns": declared_columns,
                            "dimension": dimension,
                            "rows": rows,
                            "columns": columns,
                        },
                        sheet.title,
                    )
                )
    finally:
        book.close()
    if problems:
        raise XLSFormError(problems)


def _last_filled(values: tuple[Any, ...]) -> int:
    """The number of the last column with a value in a row (0 if none)."""
    for index in range(len(values), 0, -1):
        if values[index - 1] not in (None, ""):
            return index
    return 0


#: Excel, LibreOffice and KoboToolbox never write a DTD; entities in one can
#: expand a few bytes into gigabytes ("billion laughs").
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_declarations(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(64 * 1024)
        if _DECLARATION.search(head):
            raise XLSFormError([declarations_problem()])


def is_refused_xml(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is defusedxml refusing a DTD."""
    from defusedxml import DefusedXmlException

    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, DefusedXmlException):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def declarations_problem() -> Problem:
    return Problem(
        gettext(
            "The workbook contains XML declarations (a DTD or entities) that Excel "
            "never writes: open it in Excel or LibreOffice, save it again as .xlsx "
            "and upload that copy."
        )
    )


def _too_large(limit: int) -> Problem:
    return Problem(
        gettext(
            "The file is larger than %(size)s MB: an XLSForm is usually a few "
            "kilobytes; remove images and unused sheets."
        )
        % {"size": f"{limit / (1024 * 1024):g}"}
    )
