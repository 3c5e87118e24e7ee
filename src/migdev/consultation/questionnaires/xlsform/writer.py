"""Write a ``FormDefinition`` as an .xlsx XLSForm (survey, choices, settings)."""

from __future__ import annotations

import io
from typing import Any

from migdev.consultation.questionnaires.compiled import YES_NO_LABELS
from migdev.consultation.questionnaires.xlsform.columns import (
    LANGUAGE_HEADERS,
    TITLE_TRANSLATIONS,
)
from migdev.consultation.questionnaires.xlsform.definition import (
    ChoiceDef,
    FormDefinition,
    QuestionDef,
    SectionDef,
)
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText


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
