"""The choices sheet: choice lists, each choice with its six-language label."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

from migdev.consultation.questionnaires.xlsform.columns import (
    CHOICES_ALIASES,
    CHOICES_COLUMNS,
    NAME_RE,
    header_of,
    headers_of,
    label_column,
    localized,
    missing_label_column,
    plain,
    read_columns,
    refuse_unsupported_columns,
)
from migdev.consultation.questionnaires.xlsform.definition import (
    ChoiceDef,
)
from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
)

MAX_CHOICES = 5000


def parse_choices(
    book: dict[str, Any], default_language: str, problems: list[Problem]
) -> dict[str, tuple[list[ChoiceDef], int]]:
    """Choice lists by name, each with the row where it starts."""
    sheet = "choices"
    rows: list[dict[str, str]] = book.get(sheet) or []
    lists: dict[str, tuple[list[ChoiceDef], int]] = {}
    if not rows:
        return lists
    columns, unsupported = read_columns(
        headers_of(book, sheet),
        sheet=sheet,
        known=CHOICES_COLUMNS,
        aliases=CHOICES_ALIASES,
        problems=problems,
    )
    refuse_unsupported_columns(
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
        problems.append(missing_label_column(sheet))
    if not {"list_name", "name", "label"} <= bases:
        return lists
    label_header = label_column(columns, default_language)
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for index, row in enumerate(rows):
        if not row:
            continue
        number = index + 2
        list_name = plain(row, columns, "list_name")
        name = plain(row, columns, "name")
        label = localized(row, columns, "label", default_language)
        if not list_name:
            problems.append(
                Problem(
                    gettext("Give the name of the list this choice belongs to."),
                    sheet,
                    number,
                    header_of(columns, "list_name"),
                )
            )
            continue
        if not name:
            problems.append(
                Problem(
                    gettext("Give this choice a name (the value stored in replies)."),
                    sheet,
                    number,
                    header_of(columns, "name"),
                )
            )
            continue
        if not NAME_RE.fullmatch(list_name) or len(list_name) > 60:
            problems.append(
                Problem(
                    gettext(
                        "The list name '%(value)s' may contain only letters, digits, "
                        "underscores and hyphens, and must not start with a digit."
                    )
                    % {"value": list_name[:80]},
                    sheet,
                    number,
                    header_of(columns, "list_name"),
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
                    header_of(columns, "name"),
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
                    header_of(columns, "name"),
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
