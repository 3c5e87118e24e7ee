"""The columns of a sheet: which are known, their language (label::Français (fr)),
and reading a row's plain and six-language values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from migdev import languages
from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
)
from migdev.core.i18n import LocalizedText, UnknownLanguage
from migdev.core.i18n import normalize_language as _normalize_language

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_LANG_IN_PARENS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]+)?)\s*\)\s*$")


#: The language part of a column header, as written on export.
LANGUAGE_HEADERS = {
    x.code: f"{x.native_name} ({x.iso639_1})" for x in languages.LANGUAGES
}
_LANGUAGE_NAMES = {name: x.code for x in languages.LANGUAGES for name in x.names}

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


def language_of(text: str) -> str | None:
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
class Column:
    header: str
    base: str  # canonical column name, e.g. "label"
    language: str | None  # for translatable columns; None = the default language


def read_columns(
    headers: list[str],
    *,
    sheet: str,
    known: set[str],
    aliases: dict[str, str],
    problems: list[Problem],
) -> tuple[list[Column], list[str]]:
    """Classify a sheet's headers; returns (usable columns, unsupported headers)."""
    columns: list[Column] = []
    unsupported: list[str] = []
    for header in headers:
        base, sep, language_part = header.partition("::")
        base = base.strip().lower()
        base = aliases.get(base, base)
        if base not in known:
            unsupported.append(header)
            continue
        if not sep:
            columns.append(Column(header, base, None))
            continue
        if base not in TRANSLATABLE:
            unsupported.append(header)
            continue
        language = language_of(language_part)
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
        columns.append(Column(header, base, language))
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


def localized(
    row: dict[str, str], columns: list[Column], base: str, default_language: str
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


def plain(row: dict[str, str], columns: list[Column], base: str) -> str:
    for column in columns:
        if column.base == base and column.language is None:
            value = row.get(column.header)
            return str(value).strip() if value is not None else ""
    return ""


def header_of(columns: list[Column], base: str) -> str:
    for column in columns:
        if column.base == base:
            return column.header
    return base


def label_column(columns: list[Column], default_language: str) -> str:
    for column in columns:
        if column.base == "label" and column.language in (None, default_language):
            return column.header
    return header_of(columns, "label")


def refuse_unsupported_columns(
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


def headers_of(book: dict[str, Any], sheet: str) -> list[str]:
    header_rows = book.get(f"{sheet}_header") or [{}]
    return [str(h) for h in header_rows[0]]


def missing_label_column(sheet: str) -> Problem:
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
