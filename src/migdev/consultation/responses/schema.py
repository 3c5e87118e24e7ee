"""The questionnaire as the reply form and the submission path read it.

A questionnaire does not change while a campaign runs, and every submission
needs its questions, so the structure is read once per process and kept for a
short time (``CACHE_SECONDS``), keyed by the questionnaire and its
``updated_at``. Answers are cleaned by the questionnaires app's
``validation.clean_answers``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext

from migdev.consultation.questionnaires.conditions import is_relevant
from migdev.consultation.questionnaires.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.core.i18n import LocalizedText

__all__ = [
    "AnswerErrors",
    "QuestionInfo",
    "SectionInfo",
    "Structure",
    "clean",
    "display_value",
    "questions",
    "structure",
]

CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class QuestionInfo:
    name: str
    type: str
    label: LocalizedText
    hint: LocalizedText
    required: bool
    relevant: str
    choices: tuple[tuple[str, LocalizedText], ...] = ()

    @property
    def is_choice(self) -> bool:
        return self.type in (Question.Type.SELECT_ONE, Question.Type.SELECT_MULTIPLE)

    def choice_label(self, name: str, language: str | None = None) -> str:
        for choice, label in self.choices:
            if choice == name:
                return label.get_text(language)
        return name


@dataclass(frozen=True)
class SectionInfo:
    name: str
    label: LocalizedText
    relevant: str
    questions: tuple[QuestionInfo, ...]


@dataclass
class Structure:
    questionnaire: Questionnaire
    sections: list[SectionInfo] = field(default_factory=list)

    @property
    def questions(self) -> list[QuestionInfo]:
        return [q for s in self.sections for q in s.questions]


_cache: dict[int, tuple[Any, float, Structure]] = {}
_lock = threading.Lock()


def _text(value: Any) -> LocalizedText:
    return value if isinstance(value, LocalizedText) else LocalizedText(value or {})


def _load(questionnaire: Questionnaire) -> Structure:
    q = Questionnaire.objects.prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order", "pk")),
        Prefetch(
            "questions",
            queryset=Question.objects.order_by("order", "pk"),
        ),
        Prefetch("choices", queryset=Choice.objects.order_by("list_name", "order")),
    ).get(pk=questionnaire.pk)
    choices: dict[str, list[tuple[str, LocalizedText]]] = {}
    for choice in q.choices.all():
        choices.setdefault(choice.list_name, []).append(
            (choice.name, _text(choice.label))
        )
    by_section: dict[int | None, list[QuestionInfo]] = {}
    for question in q.questions.all():
        by_section.setdefault(question.section_id, []).append(
            QuestionInfo(
                name=question.name,
                type=question.type,
                label=_text(question.label),
                hint=_text(question.hint),
                required=question.required,
                relevant=question.relevant or "",
                choices=tuple(choices.get(question.choice_list, ())),
            )
        )
    structure = Structure(questionnaire=q)
    loose = by_section.pop(None, [])
    if loose:
        structure.sections.append(
            SectionInfo(
                name="", label=LocalizedText(), relevant="", questions=tuple(loose)
            )
        )
    for section in q.sections.all():
        structure.sections.append(
            SectionInfo(
                name=section.name,
                label=_text(section.label),
                relevant=section.relevant or "",
                questions=tuple(by_section.get(section.pk, ())),
            )
        )
    return structure


def structure(questionnaire: Questionnaire) -> Structure:
    """The sections and questions of ``questionnaire``, cached briefly."""
    now = time.monotonic()
    stamp = questionnaire.updated_at
    with _lock:
        hit = _cache.get(questionnaire.pk)
    if hit is not None and hit[0] == stamp and hit[1] > now:
        return hit[2]
    loaded = _load(questionnaire)
    with _lock:
        _cache[questionnaire.pk] = (stamp, now + CACHE_SECONDS, loaded)
    return loaded


def forget(questionnaire: Questionnaire | None = None) -> None:
    """Drop the cached structure (of one questionnaire, or of all)."""
    with _lock:
        if questionnaire is None:
            _cache.clear()
        else:
            _cache.pop(questionnaire.pk, None)


def questions(questionnaire: Questionnaire) -> list[QuestionInfo]:
    return structure(questionnaire).questions


def clean(
    questionnaire: Questionnaire, answers: dict[str, Any], *, partial: bool
) -> dict[str, Any]:
    """Cleaned answers, or ``AnswerErrors`` with a message per question name."""
    return clean_answers(
        structure(questionnaire).questionnaire, answers, partial=partial
    )


def relevant_names(questionnaire: Questionnaire, answers: dict[str, Any]) -> set[str]:
    """The names of the questions asked, given ``answers`` (conditions applied)."""
    asked = set()
    for section in structure(questionnaire).sections:
        if section.relevant and not is_relevant(section.relevant, answers):
            continue
        for question in section.questions:
            if not question.relevant or is_relevant(question.relevant, answers):
                asked.add(question.name)
    return asked


def display_value(
    question: QuestionInfo, value: Any, language: str | None = None
) -> str:
    """An answer as a person reads it (choice labels, Yes/No), unescaped text."""
    if value is None or value == "" or value == []:
        return "—"
    if question.type == Question.Type.YES_NO:
        if value in (True, "yes", "true", "1"):
            return gettext("Yes")
        if value in (False, "no", "false", "0"):
            return gettext("No")
        return str(value)
    if question.type == Question.Type.SELECT_MULTIPLE:
        items = value if isinstance(value, list | tuple) else str(value).split()
        return "; ".join(question.choice_label(str(v), language) for v in items)
    if question.type == Question.Type.SELECT_ONE:
        return question.choice_label(str(value), language)
    return str(value)
