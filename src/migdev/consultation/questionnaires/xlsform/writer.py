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


class _Texts:
    """A six-language text as cells, the default language first."""

    def __init__(self, default_language: str) -> None:
        self.languages = _languages_in_order(default_language)

    def headers(self, base: str) -> list[str]:
        return [f"{base}::{LANGUAGE_HEADERS[c]}" for c in self.languages]

    def __call__(self, value: LocalizedText) -> list[str | None]:
        return [value.get(c) or None for c in self.languages]


def build_xlsform(definition: FormDefinition) -> bytes:
    """Write ``definition`` as an .xlsx XLSForm (survey, choices, settings)."""
    from openpyxl import Workbook

    texts = _Texts(definition.default_language)
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    choices = {name: list(values) for name, values in definition.choices.items()}
    _write_survey(survey, definition, texts, choices)
    _write_choices(workbook.create_sheet("choices"), choices, texts)
    _write_settings(workbook.create_sheet("settings"), definition, texts)
    for sheet in workbook.worksheets:
        _style(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_survey(
    sheet: Any,
    definition: FormDefinition,
    texts: _Texts,
    choices: dict[str, list[ChoiceDef]],
) -> None:
    """The survey rows; a yes/no question without its list in ``choices``
    gets the standard one added."""
    sheet.append(
        [
            "type",
            "name",
            *texts.headers("label"),
            *texts.headers("hint"),
            "required",
            "relevant",
        ]
    )
    for item in definition.items:
        if isinstance(item, SectionDef):
            sheet.append(
                ["begin group", item.name]
                + texts(item.label)
                + [None] * len(texts.languages)
                + [None, item.relevant or None]
            )
            for question in item.questions:
                sheet.append(_question_row(question, texts, choices))
            sheet.append(["end group"])
        else:
            sheet.append(_question_row(item, texts, choices))


def _question_row(
    q: QuestionDef, texts: _Texts, choices: dict[str, list[ChoiceDef]]
) -> list[Any]:
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


def _write_choices(
    sheet: Any, choices: dict[str, list[ChoiceDef]], texts: _Texts
) -> None:
    sheet.append(["list_name", "name", *texts.headers("label")])
    for list_name, values in choices.items():
        for choice in values:
            sheet.append([list_name, choice.name, *texts(choice.label)])


def _write_settings(sheet: Any, definition: FormDefinition, texts: _Texts) -> None:
    sheet.append(
        [
            "form_id",
            "version",
            "form_title",
            *texts.headers(TITLE_TRANSLATIONS),
            "default_language",
        ]
    )
    sheet.append(
        [
            definition.code,
            definition.version or None,
            definition.title.get_text(definition.default_language) or None,
            *texts(definition.title),
            LANGUAGE_HEADERS[definition.default_language],
        ]
    )


def _style(sheet: Any) -> None:
    """Bold frozen headers, columns as wide as their text (10 to 60), and
    every text a text: a label beginning with "=", "-" or "@" is never a
    formula."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max((len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(10, longest + 2), 60
        )
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
