"""Questionnaire endpoints, mounted under /api/v1/ (secretariat only, session)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from migdev.consultation.questionnaires import selectors, services
from migdev.consultation.questionnaires.compiled import CompiledQuestion
from migdev.consultation.questionnaires.conditions import referenced_names
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.questionnaires.xlsform import XLSFormError
from migdev.core.api import (
    ErrorBody,
    PageQuery,
    language_param,
    page_of,
    paginate,
    user_auth,
)
from migdev.core.i18n import LocalizedText
from migdev.registry import permissions

router = Router(tags=["questionnaires"])

Texts = dict[str, str]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChoiceOut(Schema):
    name: str = Field(description="The value stored in replies.")
    label: str = Field(description="Label in the requested language (with fallback).")
    labels: Texts = Field(
        description="Labels in the languages that have one, keyed ar, zh-hans, en, fr, ru, es."
    )


class QuestionOut(Schema):
    name: str = Field(description="Unique name; the key of the answer in replies.")
    type: str = Field(
        description="text, integer, decimal, date, yes_no, select_one or select_multiple."
    )
    label: str = Field(description="The question in the requested language.")
    labels: Texts = Field(description="The question in each language that has it.")
    hint: str = Field(description="Help text in the requested language ('' if none).")
    hints: Texts = Field(description="Help text in each language that has it.")
    required: bool = Field(
        description="Whether a submission must answer it (when asked)."
    )
    relevant: str = Field(
        description="XLSForm condition under which the question is asked, e.g. "
        "${sole_followup} = 'yes'; '' means always."
    )
    depends_on: list[str] = Field(
        description="Names of the questions the condition refers to."
    )
    choice_list: str = Field(
        description="Name of the choice list ('' for other types)."
    )
    choices: list[ChoiceOut] = Field(
        description="Options of a select or yes/no question, in order; [] otherwise."
    )


class SectionOut(Schema):
    name: str | None = Field(
        description="Section name; null for questions that are outside any section."
    )
    label: str = Field(description="Section title in the requested language.")
    labels: Texts = Field(description="Section title in each language that has it.")
    relevant: str = Field(
        description="Condition under which the whole section is asked."
    )
    questions: list[QuestionOut]


class QuestionnaireSummary(Schema):
    id: int
    code: str = Field(description="The form_id of the XLSForm settings sheet.")
    version: str
    title: str = Field(description="Title in the requested language.")
    titles: Texts = Field(description="Title in each language that has it.")
    default_language: str
    question_count: int
    missing_translations: dict[str, int] = Field(
        description="Per language, the number of labels, help texts and choices "
        "without a translation."
    )
    updated_at: dt.datetime
    url: str = Field(description="The questionnaire's page on the site.")
    xlsform_url: str = Field(description="Where to download it as an XLSForm workbook.")


class QuestionnaireOut(QuestionnaireSummary):
    sections: list[SectionOut] = Field(
        description="The questionnaire in order: sections with their questions."
    )


class XLSFormProblem(Schema):
    sheet: str | None = Field(
        description="survey, choices or settings; null for the file."
    )
    row: int | None = Field(description="Row number as Excel shows it.")
    column: str | None = Field(
        description="Column header, e.g. type or label::English (en)."
    )
    message: str = Field(description="What is wrong and how to fix it.")
    text: str = Field(description="The whole problem in one sentence.")


class ImportErrorBody(ErrorBody):
    """The API's error body; a workbook that cannot be imported adds its problems."""

    code: str = Field(
        description="'xlsform_invalid' for a workbook with problems; 'invalid' or "
        "'invalid_body' for a request without a usable file."
    )
    problems: list[XLSFormProblem] = Field(
        default_factory=list,
        description="For 'xlsform_invalid': every problem found in the workbook.",
    )


class ImportErrorOut(Schema):
    error: ImportErrorBody


def _texts(value: Any) -> dict[str, str]:
    return dict(LocalizedText(value or {}))


def _summary(
    q: Questionnaire, lang: str, question_count: int | None = None
) -> dict[str, Any]:
    report = selectors.questionnaire_translation_report(q)
    return {
        "id": q.pk,
        "code": q.code,
        "version": q.version,
        "title": LocalizedText(q.title or {}).get_text(lang),
        "titles": _texts(q.title),
        "default_language": q.default_language,
        "question_count": question_count
        if question_count is not None
        else len(selectors.questionnaire_questions(q)),
        "missing_translations": report.totals,
        "updated_at": q.updated_at,
        "url": q.get_absolute_url(),
        "xlsform_url": reverse(
            "api-v1:questionnaires_xlsform", kwargs={"questionnaire_id": q.pk}
        ),
    }


def _choices_of(question: CompiledQuestion, lang: str) -> list[dict]:
    return [
        {
            "name": c.name,
            "label": c.label.get_text(lang),
            "labels": _texts(c.label),
        }
        for c in question.choices
    ]


def _detail(q: Questionnaire, lang: str) -> dict[str, Any]:
    sections = []
    count = 0
    for section, questions in selectors.questionnaire_structure(q):
        count += len(questions)
        sections.append(
            {
                "name": section.name if section else None,
                "label": LocalizedText(section.label or {}).get_text(lang)
                if section
                else "",
                "labels": _texts(section.label) if section else {},
                "relevant": section.relevant if section else "",
                "questions": [
                    {
                        "name": question.name,
                        "type": question.type,
                        "label": LocalizedText(question.label or {}).get_text(lang),
                        "labels": _texts(question.label),
                        "hint": LocalizedText(question.hint or {}).get_text(lang),
                        "hints": _texts(question.hint),
                        "required": question.required,
                        "relevant": question.relevant,
                        "depends_on": sorted(referenced_names(question.relevant)),
                        "choice_list": question.choice_list,
                        "choices": _choices_of(question, lang),
                    }
                    for question in questions
                ],
            }
        )
    return {**_summary(q, lang, count), "sections": sections}


@router.get(
    "/questionnaires",
    response=page_of(QuestionnaireSummary),
    auth=user_auth,
    summary="List questionnaires (secretariat; a page)",
)
def questionnaires_list(
    request: HttpRequest, page: Query[PageQuery], lang: str | None = None
) -> dict:
    language = language_param(lang)
    queryset = selectors.questionnaire_list(request.user).prefetch_related(
        "sections", "questions", "choices"
    )
    return paginate(
        request,
        queryset,
        page,
        lambda rows: [_summary(q, language, q.question_count) for q in rows],
    )


@router.get(
    "/questionnaires/{int:questionnaire_id}",
    response=QuestionnaireOut,
    auth=user_auth,
    summary="A questionnaire: sections, questions and choices (secretariat)",
)
def questionnaires_get(
    request: HttpRequest, questionnaire_id: int, lang: str | None = None
) -> dict:
    questionnaire = selectors.questionnaire_get(request.user, questionnaire_id)
    return _detail(questionnaire, language_param(lang))


@router.get(
    "/questionnaires/{int:questionnaire_id}/xlsform",
    auth=user_auth,
    url_name="questionnaires_xlsform",
    summary="Download a questionnaire as an XLSForm workbook (secretariat)",
    description="Returns an .xlsx file with the sheets survey, choices and settings.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The XLSForm workbook.",
                "content": {
                    XLSX_CONTENT_TYPE: {
                        "schema": {"type": "string", "format": "binary"}
                    }
                },
            }
        }
    },
)
def questionnaires_xlsform(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(request.user, questionnaire_id)
    response = HttpResponse(
        services.questionnaire_export_xlsform(questionnaire, actor=request.user),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{questionnaire.code}.xlsx"'
    )
    return response


@router.post(
    "/questionnaires/import",
    response={201: QuestionnaireOut, 400: ImportErrorOut},
    auth=user_auth,
    summary="Import an XLSForm workbook (secretariat)",
    description=(
        "Multipart upload of an .xlsx XLSForm (field 'file'). Optional form fields: "
        "'code' overrides the settings sheet's form_id; 'replace' (true) updates the "
        "questionnaire that has the same form_id, unless a campaign using it has been "
        "sent. Nothing is saved unless the whole workbook is right; a 400 response "
        "lists every problem with its sheet, row and column."
    ),
)
def questionnaires_import(
    request: HttpRequest,
    file: File[UploadedFile],
    code: Form[str | None] = None,
    replace: Form[bool] = False,
) -> Status:
    permissions.require(request.user, permissions.ADD, Questionnaire)
    try:
        questionnaire = services.questionnaire_import_xlsform(
            file=file, actor=request.user, code=code or None, replace=replace
        )
    except XLSFormError as error:
        problems = [p.as_dict() for p in error.problems]
        return Status(
            400,
            {
                "error": {
                    "code": "xlsform_invalid",
                    "message": "The workbook was not imported; fix every problem listed "
                    "and upload it again.",
                    "problems": problems,
                }
            },
        )
    questionnaire = selectors.questionnaire_get(request.user, questionnaire.pk)
    return Status(201, _detail(questionnaire, language_param(None)))
