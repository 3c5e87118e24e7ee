"""Reads of questionnaires, scoped to the user through the permission helper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from migdev.consultation.questionnaires.conditions import describe_condition
from migdev.consultation.questionnaires.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)
from migdev.consultation.questionnaires.xlsform import (
    YES_NO_LABELS,
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


def _ordered(
    questionnaire: Questionnaire,
) -> tuple[list[Any], dict[int, list[Question]]]:
    sections = sorted(questionnaire.sections.all(), key=lambda s: (s.order, s.pk))
    by_section: dict[int, list[Question]] = {s.pk: [] for s in sections}
    loose: list[Question] = []
    for question in sorted(
        questionnaire.questions.all(), key=lambda q: (q.order, q.pk)
    ):
        if question.section_id in by_section:
            by_section[question.section_id].append(question)
        else:
            loose.append(question)
    top: list[Any] = sorted(
        [*sections, *loose],
        key=lambda item: (item.order, 0 if isinstance(item, Section) else 1, item.pk),
    )
    return top, by_section


def questionnaire_structure(
    questionnaire: Questionnaire,
) -> list[tuple[Section | None, list[Question]]]:
    """The questionnaire in display order: (section or None, its questions) pairs;
    questions outside any section form a block with ``None``."""
    top, by_section = _ordered(questionnaire)
    blocks: list[tuple[Section | None, list[Question]]] = []
    for item in top:
        if isinstance(item, Section):
            blocks.append((item, by_section[item.pk]))
        elif blocks and blocks[-1][0] is None:
            blocks[-1][1].append(item)
        else:
            blocks.append((None, [item]))
    return blocks


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """All questions, in display order."""
    return [
        q
        for _section, questions in questionnaire_structure(questionnaire)
        for q in questions
    ]


def questionnaire_choices(questionnaire: Questionnaire) -> dict[str, list[Choice]]:
    """Choice lists by name, each in order."""
    lists: dict[str, list[Choice]] = {}
    for choice in sorted(
        questionnaire.choices.all(), key=lambda c: (c.list_name, c.order, c.pk)
    ):
        lists.setdefault(choice.list_name, []).append(choice)
    return lists


def questionnaire_conditions_in_words(
    questionnaire: Questionnaire, language: str
) -> dict[str, str]:
    """Each condition of the questionnaire (section's or question's
    ``relevant``) → the same condition in words, with the labels of the
    questions and choices in ``language`` ("“Does your Government have a
    policy?” is “Yes”" for ``${has_policy} = 'yes'``)."""
    blocks = questionnaire_structure(questionnaire)
    lists = questionnaire_choices(questionnaire)
    labels: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    expressions: set[str] = set()
    for section, questions in blocks:
        if section is not None and section.relevant:
            expressions.add(section.relevant)
        for q in questions:
            labels[q.name] = LocalizedText(q.label or {}).get_text(language)
            if q.relevant:
                expressions.add(q.relevant)
            if q.choice_list in lists:
                choices[q.name] = {
                    c.name: LocalizedText(c.label or {}).get_text(language)
                    for c in lists[q.choice_list]
                }
            elif q.type == Question.Type.YES_NO:
                choices[q.name] = {
                    value: LocalizedText(text).get_text(language)
                    for value, text in YES_NO_LABELS.items()
                }
    return {e: describe_condition(e, labels, choices) for e in expressions}


def _question_def(q: Question) -> QuestionDef:
    return QuestionDef(
        name=q.name,
        type=q.type,
        label=LocalizedText(q.label or {}),
        hint=LocalizedText(q.hint or {}),
        required=q.required,
        relevant=q.relevant or "",
        choice_list=q.choice_list or "",
    )


def questionnaire_definition(questionnaire: Questionnaire) -> FormDefinition:
    """The questionnaire as an XLSForm definition (for export and comparison)."""
    top, by_section = _ordered(questionnaire)
    items: list[SectionDef | QuestionDef] = []
    for item in top:
        if isinstance(item, Section):
            items.append(
                SectionDef(
                    name=item.name,
                    label=LocalizedText(item.label or {}),
                    relevant=item.relevant or "",
                    questions=[_question_def(q) for q in by_section[item.pk]],
                )
            )
        else:
            items.append(_question_def(item))
    choices = {
        name: [
            ChoiceDef(name=c.name, label=LocalizedText(c.label or {})) for c in values
        ]
        for name, values in questionnaire_choices(questionnaire).items()
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
