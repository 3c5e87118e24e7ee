"""The settings sheet: form_id, version, title (in each language), default language."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

from migdev.consultation.questionnaires.xlsform.columns import (
    SETTINGS_ALIASES,
    SETTINGS_COLUMNS,
    TITLE_TRANSLATIONS,
    header_of,
    headers_of,
    language_of,
    localized,
    plain,
    read_columns,
)
from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
)
from migdev.core.i18n import LocalizedText

_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def parse_settings(book: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    sheet = "settings"
    rows = [r for r in book.get(sheet) or [] if r]
    columns, _unsupported = read_columns(
        headers_of(book, sheet),
        sheet=sheet,
        known=SETTINGS_COLUMNS,
        aliases=SETTINGS_ALIASES,
        problems=problems,
    )
    row = rows[0] if rows else {}
    default_language = "en"
    raw_language = plain(row, columns, "default_language")
    if raw_language and raw_language.lower() != "default":
        language = language_of(raw_language)
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
                    header_of(columns, "default_language"),
                )
            )
        else:
            default_language = language
    form_id = plain(row, columns, "form_id")
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
                header_of(columns, "form_id"),
            )
        )
    version = plain(row, columns, "version")
    if len(version) > 40:
        problems.append(
            Problem(
                gettext("The version may have at most 40 characters."),
                sheet,
                2,
                header_of(columns, "version"),
            )
        )
    title = LocalizedText(
        {
            **localized(row, columns, "form_title", default_language),
            **localized(row, columns, TITLE_TRANSLATIONS, default_language),
        }
    )
    return {
        "form_id": form_id.lower(),
        "version": version,
        "title": title,
        "default_language": default_language,
    }
