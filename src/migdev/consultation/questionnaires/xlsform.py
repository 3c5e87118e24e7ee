"""XLSForm workbooks: read one into a ``FormDefinition``, write one back.

The workbook is read with pyxform (``xlsx_to_dict``: the survey, choices and
settings sheets as rows keyed by column header, row numbers preserved); the
subset migdev supports is then checked here, so that every problem is reported
at once with its sheet, its row as Excel shows it, and its column. Nothing here
touches the database: ``services.questionnaire_import_xlsform`` saves a checked
definition, ``questionnaire_export_xlsform`` writes one with openpyxl.

The supported subset, and why the rest is refused, is documented in
docs/consultation-questionnaires.md.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from pyxform import aliases as pyxform_aliases
from pyxform.errors import PyXFormError
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.xls2json_backends import xlsx_to_dict

from migdev import languages
from migdev.consultation.questionnaires.compiled import YES_NO_LABELS
from migdev.consultation.questionnaires.conditions import (
    ConditionError,
    parse_condition,
)
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText, UnknownLanguage
from migdev.core.i18n import normalize_language as _normalize_language

__all__ = [
    "LANGUAGE_HEADERS",
    "ChoiceDef",
    "FormDefinition",
    "Problem",
    "QuestionDef",
    "SectionDef",
    "XLSFormError",
    "build_xlsform",
    "check_workbook_limits",
    "parse_xlsform",
    "read_upload",
]

DEFAULT_MAX_XLSFORM_BYTES = 5 * 1024 * 1024
#: Refuse workbooks that decompress to more than this (a "zip bomb"); setting
#: ``MIGDEV_MAX_XLSFORM_UNCOMPRESSED_BYTES``.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
#: Refuse sheets with more rows than this, before pyxform reads them; setting
#: ``MIGDEV_MAX_XLSFORM_ROWS``.
DEFAULT_MAX_SHEET_ROWS = 10_000
MAX_QUESTIONS = 1000
MAX_CHOICES = 5000

#: The language part of a column header, as written on export.
LANGUAGE_HEADERS = {
    x.code: f"{x.native_name} ({x.iso639_1})" for x in languages.LANGUAGES
}
_LANGUAGE_NAMES = {name: x.code for x in languages.LANGUAGES for name in x.names}

TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
}
SELECTS = {
    "select_one": "select_one",
    "select one": "select_one",
    "select1": "select_one",
    "select_multiple": "select_multiple",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
}
BEGIN_GROUP = {"begin group", "begin_group"}
END_GROUP = {"end group", "end_group"}
BEGIN_REPEAT = {"begin repeat", "begin_repeat", "begin loop", "begin_loop"}
END_REPEAT = {"end repeat", "end_repeat", "end loop", "end_loop"}
#: Metadata that ODK collects on the device; migdev records who and when itself.
IGNORED_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
}
_SUPPORTED_TYPE_WORDS = (
    "text",
    "integer",
    "decimal",
    "date",
    "select_one",
    "select_multiple",
    "begin group",
    "end group",
)

#: The settings columns that carry the title in each language (form_title itself
#: cannot be translated: pyxform, ODK and KoboToolbox expect one text there).
TITLE_TRANSLATIONS = "migdev_title"

SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "relevant"}
SURVEY_ALIASES = {"relevance": "relevant", "caption": "label"}
CHOICES_COLUMNS = {"list_name", "name", "label"}
CHOICES_ALIASES = {"list name": "list_name", "value": "name", "caption": "label"}
SETTINGS_COLUMNS = {
    "form_id",
    "version",
    "form_title",
    "default_language",
    TITLE_TRANSLATIONS,
}
SETTINGS_ALIASES = {"id_string": "form_id", "title": "form_title"}
TRANSLATABLE = {"label", "hint", "form_title", TITLE_TRANSLATIONS}

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG_IN_PARENS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]+)?)\s*\)\s*$")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- Problems -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a workbook; ``row`` is the row number Excel shows."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.sheet and self.row and self.column:
            return gettext(
                "Sheet %(sheet)s, row %(row)d, column %(column)s: %(message)s"
            ) % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.sheet and self.row:
            return gettext("Sheet %(sheet)s, row %(row)d: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return gettext("Sheet %(sheet)s: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "text": str(self),
        }


class XLSFormError(ValueError):
    """A workbook that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- Definitions ----------------------------------------------------------------


@dataclass
class ChoiceDef:
    name: str
    label: LocalizedText
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": dict(self.label)}


@dataclass
class QuestionDef:
    name: str
    type: str  # one of Question.Type
    label: LocalizedText
    hint: LocalizedText = field(default_factory=LocalizedText)
    required: bool = False
    relevant: str = ""
    choice_list: str = ""
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "question",
            "name": self.name,
            "type": self.type,
            "label": dict(self.label),
            "hint": dict(self.hint),
            "required": self.required,
            "relevant": self.relevant,
            "choice_list": self.choice_list,
        }


@dataclass
class SectionDef:
    name: str
    label: LocalizedText
    relevant: str = ""
    questions: list[QuestionDef] = field(default_factory=list)
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "section",
            "name": self.name,
            "label": dict(self.label),
            "relevant": self.relevant,
            "questions": [q.as_dict() for q in self.questions],
        }


@dataclass
class FormDefinition:
    """A questionnaire as read from, or to be written to, a workbook."""

    code: str
    version: str
    title: LocalizedText
    default_language: str
    items: list[SectionDef | QuestionDef]  # top level, in order
    choices: dict[str, list[ChoiceDef]]

    def questions(self) -> list[QuestionDef]:
        out: list[QuestionDef] = []
        for item in self.items:
            if isinstance(item, SectionDef):
                out.extend(item.questions)
            else:
                out.append(item)
        return out

    def as_dict(self) -> dict[str, Any]:
        """A canonical, comparable form (used by the round-trip test)."""
        return {
            "code": self.code,
            "version": self.version,
            "title": dict(self.title),
            "default_language": self.default_language,
            "items": [item.as_dict() for item in self.items],
            "choices": {
                name: [c.as_dict() for c in choices]
                for name, choices in sorted(self.choices.items())
            },
        }


# --- Reading the upload -------------------------------------------------------------


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
        if _is_refused_xml(error):
            raise XLSFormError([_declarations_problem()]) from None
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
                if _is_refused_xml(error):
                    raise XLSFormError([_declarations_problem()]) from None
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
            raise XLSFormError([_declarations_problem()])


def _is_refused_xml(error: BaseException) -> bool:
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


def _declarations_problem() -> Problem:
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


# --- Columns ------------------------------------------------------------------------


def _language_of(text: str) -> str | None:
    """The language code of a header's language part, or None if unknown."""
    text = text.strip()
    match = _LANG_IN_PARENS.search(text)
    candidates = [match.group(1)] if match else []
    candidates.append(text)
    for candidate in candidates:
        try:
            return _normalize_language(candidate)
        except UnknownLanguage:
            pass
    return _LANGUAGE_NAMES.get(text.lower())


@dataclass(frozen=True)
class _Column:
    header: str
    base: str  # canonical column name, e.g. "label"
    language: str | None  # for translatable columns; None = the default language


def _columns(
    headers: list[str],
    *,
    sheet: str,
    known: set[str],
    aliases: dict[str, str],
    problems: list[Problem],
) -> tuple[list[_Column], list[str]]:
    """Classify a sheet's headers; returns (usable columns, unsupported headers)."""
    columns: list[_Column] = []
    unsupported: list[str] = []
    for header in headers:
        base, sep, language_part = header.partition("::")
        base = base.strip().lower()
        base = aliases.get(base, base)
        if base not in known:
            unsupported.append(header)
            continue
        if not sep:
            columns.append(_Column(header, base, None))
            continue
        if base not in TRANSLATABLE:
            unsupported.append(header)
            continue
        language = _language_of(language_part)
        if language is None:
            problems.append(
                Problem(
                    gettext(
                        "'%(language)s' is not one of the six official languages: "
                        "write its code in parentheses, as in label::English (en), "
                        "label::Français (fr), label::Español (es), label::Русский (ru), "
                        "label::中文 (zh) or label::العربية (ar)."
                    )
                    % {"language": language_part.strip()},
                    sheet,
                    1,
                    header,
                )
            )
            continue
        columns.append(_Column(header, base, language))
    seen: dict[tuple[str, str | None], str] = {}
    for column in columns:
        key = (column.base, column.language)
        if key in seen:
            problems.append(
                Problem(
                    gettext(
                        "This column repeats the column %(other)s: keep one of them."
                    )
                    % {"other": seen[key]},
                    sheet,
                    1,
                    column.header,
                )
            )
        seen[key] = column.header
    return columns, unsupported


def _localized(
    row: dict[str, str], columns: list[_Column], base: str, default_language: str
) -> LocalizedText:
    values: dict[str, str] = {}
    for column in columns:
        if column.base != base:
            continue
        value = row.get(column.header)
        if value is None or not str(value).strip():
            continue
        language = column.language or default_language
        if column.language is None and language in values:
            continue  # the explicit language column wins
        values[language] = str(value).strip()
    return LocalizedText(values)


def _plain(row: dict[str, str], columns: list[_Column], base: str) -> str:
    for column in columns:
        if column.base == base and column.language is None:
            value = row.get(column.header)
            return str(value).strip() if value is not None else ""
    return ""


def _header_of(columns: list[_Column], base: str) -> str:
    for column in columns:
        if column.base == base:
            return column.header
    return base


def _label_header(columns: list[_Column], default_language: str) -> str:
    for column in columns:
        if column.base == "label" and column.language in (None, default_language):
            return column.header
    return _header_of(columns, "label")


def _unsupported_columns(
    rows: list[dict[str, str]],
    unsupported: list[str],
    *,
    sheet: str,
    problems: list[Problem],
    why: str,
) -> None:
    for header in unsupported:
        used = [
            i + 2 for i, row in enumerate(rows) if row.get(header) not in (None, "")
        ]
        if not used:
            continue  # an empty column is harmless
        problems.append(
            Problem(
                gettext(
                    "The column '%(column)s' is not supported (%(why)s); it has values "
                    "in %(count)d row(s). Remove the column or empty it."
                )
                % {"column": header, "why": why, "count": len(used)},
                sheet,
                used[0],
                header,
            )
        )


# --- Parsing ------------------------------------------------------------------------


def _headers(book: dict[str, Any], sheet: str) -> list[str]:
    header_rows = book.get(f"{sheet}_header") or [{}]
    return [str(h) for h in header_rows[0]]


def parse_xlsform(data: bytes) -> FormDefinition:
    """Read and check an XLSForm workbook; raises ``XLSFormError`` with every problem."""
    check_workbook_limits(data)
    try:
        book = xlsx_to_dict(io.BytesIO(data))
    except (PyXFormError, ValueError, KeyError, zipfile.BadZipFile) as error:
        if _is_refused_xml(error):
            raise XLSFormError([_declarations_problem()]) from None
        message = str(error)
        if message.startswith("Duplicate column header:"):
            header = message.partition(":")[2].strip()
            raise XLSFormError(
                [
                    Problem(
                        gettext(
                            "The column header '%(column)s' appears twice on one sheet: "
                            "keep one of the two columns."
                        )
                        % {"column": header}
                    )
                ]
            ) from None
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "The workbook cannot be read (%(error)s): save it again as .xlsx."
                    )
                    % {"error": message[:200]}
                )
            ]
        ) from None
    sheet_names = [str(s).lower() for s in book.get("sheet_names", [])]
    problems: list[Problem] = []
    if "survey" not in sheet_names:
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "The workbook has no sheet named survey: an XLSForm has the "
                        "sheets survey, choices and settings."
                    )
                )
            ]
        )
    for extra in ("external_choices", "entities", "osm"):
        if extra in sheet_names and book.get(extra):
            problems.append(
                Problem(
                    gettext(
                        "The sheet %(sheet)s is not supported: migdev questionnaires use "
                        "only the survey, choices and settings sheets. Delete it."
                    )
                    % {"sheet": extra},
                    extra,
                )
            )

    settings_info = _parse_settings(book, problems)
    default_language = settings_info["default_language"]
    choices = _parse_choices(book, default_language, problems)
    items = _parse_survey(book, default_language, choices, problems)
    if problems:
        raise XLSFormError(problems)
    return FormDefinition(
        code=settings_info["form_id"],
        version=settings_info["version"],
        title=settings_info["title"],
        default_language=default_language,
        items=items,
        choices={name: values for name, (values, _row) in choices.items()},
    )


def _parse_settings(book: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    sheet = "settings"
    rows = [r for r in book.get(sheet) or [] if r]
    columns, _unsupported = _columns(
        _headers(book, sheet),
        sheet=sheet,
        known=SETTINGS_COLUMNS,
        aliases=SETTINGS_ALIASES,
        problems=problems,
    )
    row = rows[0] if rows else {}
    default_language = "en"
    raw_language = _plain(row, columns, "default_language")
    if raw_language and raw_language.lower() != "default":
        language = _language_of(raw_language)
        if language is None:
            problems.append(
                Problem(
                    gettext(
                        "'%(language)s' is not one of the six official languages: write "
                        "it as in the label columns, e.g. English (en)."
                    )
                    % {"language": raw_language},
                    sheet,
                    2,
                    _header_of(columns, "default_language"),
                )
            )
        else:
            default_language = language
    form_id = _plain(row, columns, "form_id")
    if form_id and (not _CODE_RE.fullmatch(form_id.lower()) or len(form_id) > 60):
        problems.append(
            Problem(
                gettext(
                    "The form_id '%(value)s' may contain only letters, digits and "
                    "hyphens (at most 60), e.g. hld-follow-up-2008."
                )
                % {"value": form_id[:80]},
                sheet,
                2,
                _header_of(columns, "form_id"),
            )
        )
    version = _plain(row, columns, "version")
    if len(version) > 40:
        problems.append(
            Problem(
                gettext("The version may have at most 40 characters."),
                sheet,
                2,
                _header_of(columns, "version"),
            )
        )
    title = LocalizedText(
        {
            **_localized(row, columns, "form_title", default_language),
            **_localized(row, columns, TITLE_TRANSLATIONS, default_language),
        }
    )
    return {
        "form_id": form_id.lower(),
        "version": version,
        "title": title,
        "default_language": default_language,
    }


def _parse_choices(
    book: dict[str, Any], default_language: str, problems: list[Problem]
) -> dict[str, tuple[list[ChoiceDef], int]]:
    """Choice lists by name, each with the row where it starts."""
    sheet = "choices"
    rows: list[dict[str, str]] = book.get(sheet) or []
    lists: dict[str, tuple[list[ChoiceDef], int]] = {}
    if not rows:
        return lists
    columns, unsupported = _columns(
        _headers(book, sheet),
        sheet=sheet,
        known=CHOICES_COLUMNS,
        aliases=CHOICES_ALIASES,
        problems=problems,
    )
    _unsupported_columns(
        rows,
        unsupported,
        sheet=sheet,
        problems=problems,
        why=gettext("choice filters, media and extra properties are not used"),
    )
    bases = {c.base for c in columns}
    for needed in ("list_name", "name"):
        if needed not in bases:
            problems.append(
                Problem(
                    gettext("The choices sheet has no column %(column)s: add it.")
                    % {"column": needed},
                    sheet,
                    1,
                )
            )
    if "label" not in bases:
        problems.append(_missing_label_column(sheet))
    if not {"list_name", "name", "label"} <= bases:
        return lists
    label_header = _label_header(columns, default_language)
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for index, row in enumerate(rows):
        if not row:
            continue
        number = index + 2
        list_name = _plain(row, columns, "list_name")
        name = _plain(row, columns, "name")
        label = _localized(row, columns, "label", default_language)
        if not list_name:
            problems.append(
                Problem(
                    gettext("Give the name of the list this choice belongs to."),
                    sheet,
                    number,
                    _header_of(columns, "list_name"),
                )
            )
            continue
        if not name:
            problems.append(
                Problem(
                    gettext("Give this choice a name (the value stored in replies)."),
                    sheet,
                    number,
                    _header_of(columns, "name"),
                )
            )
            continue
        if not _NAME_RE.fullmatch(list_name) or len(list_name) > 60:
            problems.append(
                Problem(
                    gettext(
                        "The list name '%(value)s' may contain only letters, digits, "
                        "underscores and hyphens, and must not start with a digit."
                    )
                    % {"value": list_name[:80]},
                    sheet,
                    number,
                    _header_of(columns, "list_name"),
                )
            )
            continue
        if re.search(r"\s", name) or len(name) > 60:
            problems.append(
                Problem(
                    gettext(
                        "The choice name '%(value)s' must be one word of at most 60 "
                        "characters (no spaces): a multiple choice stores its names "
                        "separated by spaces."
                    )
                    % {"value": name[:80]},
                    sheet,
                    number,
                    _header_of(columns, "name"),
                )
            )
            continue
        if (list_name, name) in seen:
            problems.append(
                Problem(
                    gettext(
                        "The choice '%(name)s' is already in the list '%(list)s' "
                        "(row %(row)d): give each choice of a list a different name."
                    )
                    % {"name": name, "list": list_name, "row": seen[(list_name, name)]},
                    sheet,
                    number,
                    _header_of(columns, "name"),
                )
            )
            continue
        seen[(list_name, name)] = number
        if not label:
            problems.append(
                Problem(
                    gettext("Give this choice a label in at least one language."),
                    sheet,
                    number,
                    label_header,
                )
            )
        count += 1
        choices, _start = lists.setdefault(list_name, ([], number))
        choices.append(ChoiceDef(name=name, label=label, row=number))
    if count > MAX_CHOICES:
        problems.append(
            Problem(
                gettext("A questionnaire may have at most %(limit)d choices.")
                % {"limit": MAX_CHOICES},
                sheet,
            )
        )
    return lists


def _missing_label_column(sheet: str) -> Problem:
    return Problem(
        gettext(
            "The sheet has no label column: add one column per language, "
            "label::English (en), label::Français (fr), label::Español (es), "
            "label::Русский (ru), label::中文 (zh) and label::العربية (ar)."
        ),
        sheet,
        1,
        "label",
    )


def _type_problem(raw: str) -> str:
    lowered = raw.lower()
    first = lowered.split()[0] if lowered.split() else lowered
    if lowered in BEGIN_REPEAT or lowered in END_REPEAT:
        return gettext(
            "Repeats are not supported: a State answers each question once. Ask "
            "for a list in an open text question instead."
        )
    if lowered == "note":
        return gettext(
            "Notes are not supported: put the text in the label of the group or in "
            "the hint of the next question."
        )
    if first.startswith(("select_one_", "select_multiple_", "rank")) or (
        lowered.endswith(" or_other")
    ):
        return gettext(
            "The type '%(type)s' is not supported: use select_one LIST or "
            "select_multiple LIST with a list of the choices sheet (add an 'other' "
            "choice and an open text question asked only if it is selected)."
        ) % {"type": raw}
    if (
        lowered in QUESTION_TYPE_DICT
        or first in pyxform_aliases.select
        or (lowered in pyxform_aliases._type_alias_map)
    ):
        return gettext(
            "The type '%(type)s' is not supported: use text, integer, decimal, date, "
            "select_one LIST, select_multiple LIST, begin group or end group."
        ) % {"type": raw}
    suggestion = difflib.get_close_matches(lowered, _SUPPORTED_TYPE_WORDS, n=1)
    if suggestion:
        return gettext(
            "'%(type)s' is not an XLSForm type: did you mean '%(suggestion)s'?"
        ) % {"type": raw, "suggestion": suggestion[0]}
    return gettext(
        "'%(type)s' is not an XLSForm type: use text, integer, decimal, date, "
        "select_one LIST, select_multiple LIST, begin group or end group."
    ) % {"type": raw}


def _parse_survey(
    book: dict[str, Any],
    default_language: str,
    choices: dict[str, tuple[list[ChoiceDef], int]],
    problems: list[Problem],
) -> list[SectionDef | QuestionDef]:
    sheet = "survey"
    rows: list[dict[str, str]] = book.get(sheet) or []
    columns, unsupported = _columns(
        _headers(book, sheet),
        sheet=sheet,
        known=SURVEY_COLUMNS,
        aliases=SURVEY_ALIASES,
        problems=problems,
    )
    _unsupported_columns(
        rows,
        unsupported,
        sheet=sheet,
        problems=problems,
        why=gettext(
            "migdev questionnaires use only type, name, label, hint, required and "
            "relevant"
        ),
    )
    bases = {c.base for c in columns}
    for needed in ("type", "name"):
        if needed not in bases:
            problems.append(
                Problem(
                    gettext("The survey sheet has no column %(column)s: add it.")
                    % {"column": needed},
                    sheet,
                    1,
                )
            )
    if "label" not in bases:
        problems.append(_missing_label_column(sheet))
    if not {"type", "name", "label"} <= bases:
        return []

    type_header = _header_of(columns, "type")
    name_header = _header_of(columns, "name")
    label_header = _label_header(columns, default_language)
    required_header = _header_of(columns, "required")
    relevant_header = _header_of(columns, "relevant")
    hint_header = _header_of(columns, "hint")

    items: list[SectionDef | QuestionDef] = []
    names: dict[str, int] = {}
    section: SectionDef | None = None
    skipped_groups = 0  # nested groups refused, whose 'end group' rows to skip
    conditions: list[tuple[str, int, str]] = []  # (expression, row, owner name)
    question_rows: dict[str, int] = {}

    def problem(message: str, number: int, column: str | None) -> None:
        problems.append(Problem(message, sheet, number, column))

    for index, row in enumerate(rows):
        if not row:
            continue
        number = index + 2
        raw_type = re.sub(r"\s+", " ", _plain(row, columns, "type"))
        lowered = raw_type.lower()
        name = _plain(row, columns, "name")
        label = _localized(row, columns, "label", default_language)
        hint = _localized(row, columns, "hint", default_language)
        required_raw = _plain(row, columns, "required")
        relevant = _plain(row, columns, "relevant")

        if not raw_type:
            problem(
                gettext("This row has no type: give one, or delete the row."),
                number,
                type_header,
            )
            continue
        if lowered in IGNORED_METADATA:
            continue
        if lowered in END_REPEAT:
            continue  # the 'begin repeat' row is reported
        if lowered in END_GROUP:
            if skipped_groups:
                skipped_groups -= 1
                continue
            if section is None:
                problem(
                    gettext("This 'end group' closes no group: remove it."),
                    number,
                    type_header,
                )
            section = None
            continue

        if lowered in BEGIN_REPEAT:
            problem(_type_problem(raw_type), number, type_header)
            continue

        # Rows that carry a name: groups and questions.
        if not name:
            problem(
                gettext("Give this row a name (used in conditions and exports)."),
                number,
                name_header,
            )
        elif not _NAME_RE.fullmatch(name) or len(name) > 60:
            problem(
                gettext(
                    "The name '%(name)s' may contain only letters, digits, underscores "
                    "and hyphens (at most 60), and must start with a letter."
                )
                % {"name": name[:80]},
                number,
                name_header,
            )
            name = ""
        elif name in names:
            problem(
                gettext(
                    "The name '%(name)s' is already used in row %(row)d: give each "
                    "question and group a different name."
                )
                % {"name": name, "row": names[name]},
                number,
                name_header,
            )
            name = ""
        else:
            names[name] = number
        if not label:
            problem(
                gettext("Give this row a label in at least one language."),
                number,
                label_header,
            )
        if relevant:
            try:
                parse_condition(relevant)
            except ConditionError as error:
                problem(
                    gettext("The condition cannot be read: %(reason)s")
                    % {"reason": error.reason},
                    number,
                    relevant_header,
                )
            else:
                conditions.append((relevant, number, name))

        if lowered in BEGIN_GROUP:
            if section is not None:
                problem(
                    gettext(
                        "Groups inside groups are not supported: close the group of "
                        "row %(row)d with 'end group' first."
                    )
                    % {"row": section.row or 0},
                    number,
                    type_header,
                )
                skipped_groups += 1
                continue
            if required_raw:
                problem(
                    gettext("A group cannot be required: mark its questions instead."),
                    number,
                    required_header,
                )
            if hint:
                problem(
                    gettext(
                        "A group has no help text: move it to the hint of its first "
                        "question."
                    ),
                    number,
                    hint_header,
                )
            section = SectionDef(name=name, label=label, relevant=relevant, row=number)
            items.append(section)
            continue

        kind, choice_list = _question_type(raw_type, choices)
        if kind is None:
            problem(_type_problem(raw_type), number, type_header)
            continue
        if kind == "missing_list":
            problem(
                gettext(
                    "'%(type)s' needs the name of a choice list, e.g. select_one "
                    "%(example)s."
                )
                % {"type": raw_type, "example": "yes_no"},
                number,
                type_header,
            )
            continue
        if kind == "unknown_list":
            problem(
                gettext(
                    "The choice list '%(list)s' is not in the choices sheet: add its "
                    "choices there, with list_name %(list)s."
                )
                % {"list": choice_list},
                number,
                type_header,
            )
            continue

        required = False
        if required_raw:
            if required_raw in pyxform_aliases.yes_no:
                required = pyxform_aliases.yes_no[required_raw]
            elif required_raw.lower() in ("yes", "no", "true", "false"):
                required = required_raw.lower() in ("yes", "true")
            else:
                problem(
                    gettext(
                        "Write yes or no (or leave it empty); a requirement that "
                        "depends on other answers is not supported."
                    ),
                    number,
                    required_header,
                )
        question = QuestionDef(
            name=name,
            type=kind,
            label=label,
            hint=hint,
            required=required,
            relevant=relevant,
            choice_list=choice_list,
            row=number,
        )
        if name:
            question_rows[name] = number
        (section.questions if section is not None else items).append(question)

    if section is not None:
        problems.append(
            Problem(
                gettext(
                    "The group '%(name)s' is never closed: add a row 'end group' after "
                    "its last question."
                )
                % {"name": section.name},
                sheet,
                section.row,
                type_header,
            )
        )
    if not question_rows and not any(p.sheet == sheet for p in problems):
        problems.append(
            Problem(
                gettext("The survey sheet has no question: add at least one."), sheet
            )
        )
    if len(question_rows) > MAX_QUESTIONS:
        problems.append(
            Problem(
                gettext("A questionnaire may have at most %(limit)d questions.")
                % {"limit": MAX_QUESTIONS},
                sheet,
            )
        )

    for expression, number, owner in conditions:
        for referenced in sorted(parse_condition(expression).names):
            if referenced == owner:
                problem(
                    gettext("The condition refers to its own question ${%(name)s}.")
                    % {"name": referenced},
                    number,
                    relevant_header,
                )
            elif referenced not in question_rows:
                problem(
                    gettext(
                        "The condition refers to ${%(name)s}, which is not a question "
                        "of this form."
                    )
                    % {"name": referenced},
                    number,
                    relevant_header,
                )
    return items


def _question_type(
    raw: str, choices: dict[str, tuple[list[ChoiceDef], int]]
) -> tuple[str | None, str]:
    lowered = raw.lower()
    if lowered in TYPES:
        return TYPES[lowered], ""
    for prefix, kind in sorted(SELECTS.items(), key=lambda kv: -len(kv[0])):
        if lowered == prefix:
            return "missing_list", ""
        if lowered.startswith(prefix + " "):
            rest = raw[len(prefix) + 1 :].strip()
            if " " in rest:  # e.g. "select_one list or_other"
                return None, ""
            if rest not in choices:
                return "unknown_list", rest
            names = {c.name for c in choices[rest][0]}
            if kind == "select_one" and names == {"yes", "no"}:
                return "yes_no", rest
            return kind, rest
    return None, ""


# --- Writing ------------------------------------------------------------------------


def _languages_in_order(default_language: str) -> list[str]:
    return [default_language] + [c for c in LANGUAGE_CODES if c != default_language]


def build_xlsform(definition: FormDefinition) -> bytes:
    """Write ``definition`` as an .xlsx XLSForm (survey, choices, settings)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    languages = _languages_in_order(definition.default_language)
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(
        ["type", "name"]
        + [f"label::{LANGUAGE_HEADERS[c]}" for c in languages]
        + [f"hint::{LANGUAGE_HEADERS[c]}" for c in languages]
        + ["required", "relevant"]
    )

    def texts(value: LocalizedText) -> list[str | None]:
        return [value.get(c) or None for c in languages]

    choices = {name: list(values) for name, values in definition.choices.items()}

    def question_row(q: QuestionDef) -> list[Any]:
        if q.type == "yes_no":
            list_name = q.choice_list or "yes_no"
            if list_name not in choices:
                choices[list_name] = [
                    ChoiceDef(name=n, label=LocalizedText(YES_NO_LABELS[n]))
                    for n in ("yes", "no")
                ]
            kind = f"select_one {list_name}"
        elif q.type in ("select_one", "select_multiple"):
            kind = f"{q.type} {q.choice_list}"
        else:
            kind = q.type
        return [
            kind,
            q.name,
            *texts(q.label),
            *texts(q.hint),
            "yes" if q.required else None,
            q.relevant or None,
        ]

    for item in definition.items:
        if isinstance(item, SectionDef):
            survey.append(
                ["begin group", item.name]
                + texts(item.label)
                + [None] * len(languages)
                + [None, item.relevant or None]
            )
            for question in item.questions:
                survey.append(question_row(question))
            survey.append(["end group"])
        else:
            survey.append(question_row(item))

    sheet = workbook.create_sheet("choices")
    sheet.append(
        ["list_name", "name"] + [f"label::{LANGUAGE_HEADERS[c]}" for c in languages]
    )
    for list_name, values in choices.items():
        for choice in values:
            sheet.append([list_name, choice.name, *texts(choice.label)])

    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(
        ["form_id", "version", "form_title"]
        + [f"{TITLE_TRANSLATIONS}::{LANGUAGE_HEADERS[c]}" for c in languages]
        + ["default_language"]
    )
    settings_sheet.append(
        [
            definition.code,
            definition.version or None,
            definition.title.get_text(definition.default_language) or None,
            *texts(definition.title),
            LANGUAGE_HEADERS[definition.default_language],
        ]
    )

    bold = Font(bold=True)
    for ws in workbook.worksheets:
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = bold
        for index, column in enumerate(ws.iter_cols(values_only=True), start=1):
            longest = max((len(str(v)) for v in column if v is not None), default=8)
            ws.column_dimensions[get_column_letter(index)].width = min(
                max(10, longest + 2), 60
            )
        # Labels may begin with "=", "-" or "@": text, never a formula.
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
