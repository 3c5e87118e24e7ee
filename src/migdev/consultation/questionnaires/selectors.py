"""Reads of questionnaires, scoped to the user through the permission helper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from migdev.consultation.questionnaires.compiled import (
    CompiledQuestion,
    CompiledSection,
    compile_questionnaire,
)
from migdev.consultation.questionnaires.conditions import describe_condition
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.questionnaires.xlsform import (
    ChoiceDef,
    FormDefinition,
    QuestionDef,
    SectionDef,
)
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText
from migdev.registry import permissions


def questionnaire_list(user: Any) -> QuerySet[Questionnaire]:
    """The questionnaires ``user`` may see (the secretariat's), newest first."""
    permissions.require(user, permissions.VIEW, Questionnaire)
    return Questionnaire.objects.annotate(
        question_count=Count("questions", distinct=True),
        campaign_count=Count("campaigns", distinct=True),
    ).order_by("-created_at", "-pk")


def questionnaire_get(user: Any, pk: int) -> Questionnaire:
    """One questionnaire with its sections, questions and choices prefetched."""
    questionnaire = (
        Questionnaire.objects.prefetch_related("sections", "questions", "choices")
        .filter(pk=pk)
        .first()
    )
    if questionnaire is None:
        raise Http404("No such questionnaire.")
    permissions.require(user, permissions.VIEW, questionnaire)
    return questionnaire


def questionnaire_by_code(code: str) -> Questionnaire | None:
    """The questionnaire with this ``code`` (form_id), unscoped: for services and demos."""
    return (
        Questionnaire.objects.prefetch_related("sections", "questions", "choices")
        .filter(code=code)
        .first()
    )


# --- Structure ----------------------------------------------------------------------


def questionnaire_structure(
    questionnaire: Questionnaire,
) -> list[tuple[CompiledSection | None, list[CompiledQuestion]]]:
    """The questionnaire in display order: (section or None, its questions) pairs;
    questions outside any section form a block with ``None``."""
    return [
        (section if section.is_group else None, list(section.questions))
        for section in compile_questionnaire(questionnaire).sections
    ]


def questionnaire_questions(questionnaire: Questionnaire) -> list[CompiledQuestion]:
    """All questions, in display order."""
    return list(compile_questionnaire(questionnaire).questions)


def questionnaire_choices(questionnaire: Questionnaire) -> dict[str, list[Any]]:
    """Choice lists by name, each in order (options with ``name`` and ``label``)."""
    return {
        name: list(values)
        for name, values in compile_questionnaire(questionnaire).choice_lists.items()
    }


def questionnaire_conditions_in_words(
    questionnaire: Questionnaire, language: str
) -> dict[str, str]:
    """Each condition of the questionnaire (section's or question's
    ``relevant``) → the same condition in words, with the labels of the
    questions and choices in ``language`` ("“Does your Government have a
    policy?” is “Yes”" for ``${has_policy} = 'yes'``)."""
    compiled = compile_questionnaire(questionnaire)
    labels: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    expressions: set[str] = set()
    for section in compiled.sections:
        if section.relevant:
            expressions.add(section.relevant)
        for q in section.questions:
            labels[q.name] = q.label.get_text(language)
            if q.relevant:
                expressions.add(q.relevant)
            if q.choices:
                choices[q.name] = {
                    c.name: c.label.get_text(language) for c in q.choices
                }
    return {e: describe_condition(e, labels, choices) for e in expressions}


def _question_def(q: CompiledQuestion) -> QuestionDef:
    return QuestionDef(
        name=q.name,
        type=q.type,
        label=LocalizedText(q.label),
        hint=LocalizedText(q.hint),
        required=q.required,
        relevant=q.relevant,
        choice_list=q.choice_list,
    )


def questionnaire_definition(questionnaire: Questionnaire) -> FormDefinition:
    """The questionnaire as an XLSForm definition (for export and comparison)."""
    compiled = compile_questionnaire(questionnaire)
    items: list[SectionDef | QuestionDef] = []
    for section in compiled.sections:
        if section.is_group:
            items.append(
                SectionDef(
                    name=section.name,
                    label=LocalizedText(section.label),
                    relevant=section.relevant,
                    questions=[_question_def(q) for q in section.questions],
                )
            )
        else:
            items.extend(_question_def(q) for q in section.questions)
    choices = {
        name: [ChoiceDef(name=c.name, label=LocalizedText(c.label)) for c in values]
        for name, values in compiled.choice_lists.items()
    }
    return FormDefinition(
        code=questionnaire.code,
        version=questionnaire.version or "",
        title=LocalizedText(questionnaire.title or {}),
        default_language=questionnaire.default_language or "en",
        items=items,
        choices=choices,
    )


# --- Translations -------------------------------------------------------------------


@dataclass
class TranslationCell:
    """One text of the questionnaire, with the languages it lacks."""

    kind: str  # title, section, question, hint, choice
    name: str  # e.g. "forum_view", "level/global"
    text: LocalizedText
    missing: list[str]


@dataclass
class TranslationReport:
    """What is missing, per language, in a questionnaire's texts."""

    languages: tuple[str, ...]
    rows: list[TranslationCell] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def incomplete_rows(self) -> list[TranslationCell]:
        return [row for row in self.rows if row.missing]

    @property
    def complete(self) -> bool:
        return not any(self.totals.values())


def questionnaire_translation_report(questionnaire: Questionnaire) -> TranslationReport:
    """Per language: the labels, help texts and choices without a translation.

    A help text counts only where the question has one in some language.
    """
    report = TranslationReport(languages=LANGUAGE_CODES)
    report.counts = {
        code: {"labels": 0, "hints": 0, "choices": 0} for code in LANGUAGE_CODES
    }

    def add(kind: str, name: str, text: Any, bucket: str) -> None:
        value = LocalizedText(text or {})
        missing = value.missing()
        report.rows.append(TranslationCell(kind, name, value, missing))
        for code in missing:
            report.counts[code][bucket] += 1

    add("title", questionnaire.code, questionnaire.title, "labels")
    for section, questions in questionnaire_structure(questionnaire):
        if section is not None:
            add("section", section.name, section.label, "labels")
        for question in questions:
            add("question", question.name, question.label, "labels")
            if LocalizedText(question.hint or {}):
                add("hint", question.name, question.hint, "hints")
    for list_name, choices in questionnaire_choices(questionnaire).items():
        for choice in choices:
            add("choice", f"{list_name}/{choice.name}", choice.label, "choices")
    report.totals = {code: sum(c.values()) for code, c in report.counts.items()}
    return report
