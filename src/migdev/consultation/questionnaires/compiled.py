"""The questionnaire, compiled once: what every reader of its structure uses.

A stored questionnaire (sections, questions, choice lists) is compiled into an
immutable ``CompiledQuestionnaire`` — its blocks and questions in the one
display order, each question with its choices and its condition (the
section's and its own, both must hold) — and kept per stored version: the key
is the questionnaire's pk and ``updated_at``, which every edit of a section,
question or choice touches (``models._QuestionnairePart``), so an edited
questionnaire is compiled again and a stale one is never read.

Readers: the reply form (``responses.forms``), answer checking
(``validation.clean_answers``), the reply's page and receipt
(``CompiledQuestion.display``), the questionnaire's pages and API
(``selectors.questionnaire_structure``), the exports and the analysis
(``analysis.selectors.questions_of``).

The display order: sections and questions outside any section by their
``order`` (a section before a question of the same order), then the questions
of a section by theirs. An XLSForm import numbers them in the workbook's row
order, so a question after an ``end group`` comes after that group.

Yes/no answers are read by one function, :func:`yes_no`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from migdev.consultation.questionnaires.conditions import Condition, parse_condition
from migdev.core.i18n import LocalizedText

if TYPE_CHECKING:
    from migdev.consultation.questionnaires.models import Questionnaire

__all__ = [
    "NO",
    "YES",
    "YES_NO_LABELS",
    "CompiledChoice",
    "CompiledQuestion",
    "CompiledQuestionnaire",
    "CompiledSection",
    "clear_cache",
    "compile_questionnaire",
    "selected_values",
    "yes_no",
]

YES, NO = "yes", "no"

#: The labels of the standard yes/no list, used when a questionnaire has none.
YES_NO_LABELS: dict[str, dict[str, str]] = {
    YES: {
        "ar": "نعم",
        "zh-hans": "是",
        "en": "Yes",
        "fr": "Oui",
        "ru": "Да",
        "es": "Sí",
    },
    NO: {"ar": "لا", "zh-hans": "否", "en": "No", "fr": "Non", "ru": "Нет", "es": "No"},
}

#: Spellings of yes and no that older data and other tools hold.
_YES_WORDS = frozenset({"true", "1", "oui", "sí", "si"})
_NO_WORDS = frozenset({"false", "0", "non"})


def yes_no(value: Any, *, strict: bool = False) -> str | None:
    """``"yes"`` or ``"no"`` for a yes/no answer, None if it is neither.

    ``strict`` (what a reply may send): only the text "yes" or "no", in any
    case and with spaces around. Otherwise (reading what is stored) also
    booleans and the words true/false, 1/0, oui/non, sí/si.
    """
    if isinstance(value, bool):
        return None if strict else (YES if value else NO)
    if isinstance(value, int) and not strict:
        value = str(value)
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    if word in (YES, NO):
        return word
    if strict:
        return None
    if word in _YES_WORDS:
        return YES
    if word in _NO_WORDS:
        return NO
    return None


def selected_values(question_type: str, value: Any) -> list[str]:
    """The option names a stored answer to a question of ``question_type``
    holds: one, several (a list or space-separated), or none; a yes/no answer
    as "yes" or "no" (:func:`yes_no`)."""
    if value is None or value == "" or value == []:
        return []
    if question_type == "yes_no":
        word = yes_no(value)
        return [word] if word else [str(value)]
    if question_type == "select_multiple":
        items = value if isinstance(value, list | tuple) else str(value).split()
        return [str(v) for v in items if str(v).strip()]
    return [str(value)]


class _BothConditions:
    """A section condition and a question condition, both required."""

    def __init__(self, first: Condition, second: Condition) -> None:
        self.first, self.second = first, second
        self.names = first.names | second.names
        self.expression = f"({first.expression}) and ({second.expression})"

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return self.first.evaluate(answers) and self.second.evaluate(answers)

    __call__ = evaluate


def _combine(section_relevant: str, question_relevant: str) -> Any:
    first = parse_condition(section_relevant or "")
    second = parse_condition(question_relevant or "")
    if not first.expression:
        return second
    if not second.expression:
        return first
    return _BothConditions(first, second)


def _text(value: Any) -> LocalizedText:
    return value if isinstance(value, LocalizedText) else LocalizedText(value or {})


@dataclass(frozen=True, eq=False)
class CompiledChoice:
    name: str
    label: LocalizedText


#: Question types answered by choosing.
CLOSED_TYPES = ("yes_no", "select_one", "select_multiple")


@dataclass(frozen=True, eq=False)
class CompiledQuestion:
    """One question, with what every reader needs of it."""

    pk: int | None
    name: str
    type: str
    label: LocalizedText
    hint: LocalizedText
    required: bool
    #: The question's own condition (XLSForm ``relevant``).
    relevant: str
    choice_list: str
    #: The name of its section, "" outside any section.
    section: str
    #: Its section's condition and its own: both must hold for it to be asked.
    condition: Any
    #: The options, in list order (the standard yes/no for yes_no questions
    #: whose list is not in the questionnaire).
    choices: tuple[CompiledChoice, ...]
    #: 0, 1, 2… in display order.
    position: int

    @property
    def is_closed(self) -> bool:
        """Answered by choosing (yes/no included): tallied by choice."""
        return self.type in CLOSED_TYPES

    @property
    def multiple(self) -> bool:
        return self.type == "select_multiple"

    @cached_property
    def choice_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.choices)

    def get_type_display(self) -> str:
        from migdev.consultation.questionnaires.models import Question

        return str(dict(Question.Type.choices).get(self.type, self.type))

    def choice_label(self, name: str, language: str | None = None) -> str:
        """The label of option ``name`` in ``language``; the name if unknown."""
        for choice in self.choices:
            if choice.name == name:
                return choice.label.get_text(language) or name
        return name

    def selected(self, value: Any) -> list[str]:
        """The option names a stored answer holds (:func:`selected_values`)."""
        return selected_values(self.type, value)

    def display(self, value: Any, language: str | None = None) -> str:
        """An answer as a person reads it: option labels in ``language``
        (several joined by "; "), "—" for no answer; text unescaped."""
        if value is None or value == "" or value == []:
            return "—"
        if self.is_closed:
            return "; ".join(
                self.choice_label(name, language) for name in self.selected(value)
            )
        if isinstance(value, list | tuple):
            return "\n\n".join(str(v) for v in value if v is not None)
        return str(value)


@dataclass(frozen=True, eq=False)
class CompiledSection:
    """A section (XLSForm group), or a run of questions outside any (``name``
    "")."""

    pk: int | None
    name: str
    label: LocalizedText
    relevant: str
    questions: tuple[CompiledQuestion, ...]

    @property
    def is_group(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True, eq=False)
class CompiledQuestionnaire:
    """A questionnaire's structure in display order; immutable."""

    pk: int | None
    #: The stored version it was compiled from (``updated_at``).
    stamp: Any
    code: str
    version: str
    title: LocalizedText
    default_language: str
    sections: tuple[CompiledSection, ...]
    choice_lists: Mapping[str, tuple[CompiledChoice, ...]]
    questions: tuple[CompiledQuestion, ...] = field(init=False)
    by_name: Mapping[str, CompiledQuestion] = field(init=False)

    def __post_init__(self) -> None:
        questions = tuple(q for s in self.sections for q in s.questions)
        object.__setattr__(self, "questions", questions)
        object.__setattr__(
            self, "by_name", MappingProxyType({q.name: q for q in questions})
        )

    @property
    def names(self) -> list[str]:
        return [q.name for q in self.questions]

    def asked(self, answers: Mapping[str, Any]) -> set[str]:
        """The names of the questions asked given ``answers``: the conditions
        applied until nothing changes (a question whose condition depends on
        an answer not asked is not asked either)."""
        asked = {q.name for q in self.questions}
        changed = True
        while changed:
            changed = False
            visible = {n: v for n, v in answers.items() if n in asked}
            for question in self.questions:
                if (
                    question.name in asked
                    and question.condition.expression
                    and not question.condition(visible)
                ):
                    asked.discard(question.name)
                    visible.pop(question.name, None)
                    changed = True
        return asked


# --- Compiling -----------------------------------------------------------------


def _is_section(item: Any) -> bool:
    from migdev.consultation.questionnaires.models import Section

    return isinstance(item, Section)


def _build(questionnaire: Questionnaire) -> CompiledQuestionnaire:
    """Three queries, or none when sections, questions and choices are prefetched."""
    sections = sorted(questionnaire.sections.all(), key=lambda s: (s.order, s.pk or 0))
    lists: dict[str, list[CompiledChoice]] = {}
    for choice in sorted(
        questionnaire.choices.all(), key=lambda c: (c.list_name, c.order, c.pk or 0)
    ):
        lists.setdefault(choice.list_name, []).append(
            CompiledChoice(choice.name, _text(choice.label))
        )
    choice_lists = {name: tuple(values) for name, values in lists.items()}
    standard = tuple(
        CompiledChoice(v, LocalizedText(YES_NO_LABELS[v])) for v in (YES, NO)
    )

    by_section: dict[int, list[Any]] = {s.pk: [] for s in sections}
    loose: list[Any] = []
    for question in sorted(
        questionnaire.questions.all(), key=lambda q: (q.order, q.pk or 0)
    ):
        if question.section_id in by_section:
            by_section[question.section_id].append(question)
        else:
            loose.append(question)
    top = sorted(
        [*sections, *loose],
        key=lambda item: (item.order, 0 if _is_section(item) else 1, item.pk or 0),
    )

    position = 0

    def compiled(question: Any, section: Any) -> CompiledQuestion:
        nonlocal position
        options = choice_lists.get(question.choice_list or "", ())
        if question.type == "yes_no" and not options:
            options = standard
        elif question.type not in CLOSED_TYPES:
            options = ()
        result = CompiledQuestion(
            pk=question.pk,
            name=question.name,
            type=question.type,
            label=_text(question.label),
            hint=_text(question.hint),
            required=question.required,
            relevant=question.relevant or "",
            choice_list=question.choice_list or "",
            section=section.name if section is not None else "",
            condition=_combine(
                section.relevant if section is not None else "", question.relevant
            ),
            choices=options,
            position=position,
        )
        position += 1
        return result

    blocks: list[CompiledSection] = []
    run: list[CompiledQuestion] = []
    for item in top:
        if _is_section(item):
            if run:
                blocks.append(
                    CompiledSection(None, "", LocalizedText(), "", tuple(run))
                )
                run = []
            blocks.append(
                CompiledSection(
                    pk=item.pk,
                    name=item.name,
                    label=_text(item.label),
                    relevant=item.relevant or "",
                    questions=tuple(compiled(q, item) for q in by_section[item.pk]),
                )
            )
        else:
            run.append(compiled(item, None))
    if run:
        blocks.append(CompiledSection(None, "", LocalizedText(), "", tuple(run)))
    return CompiledQuestionnaire(
        pk=questionnaire.pk,
        stamp=questionnaire.updated_at,
        code=questionnaire.code,
        version=questionnaire.version or "",
        title=_text(questionnaire.title),
        default_language=questionnaire.default_language or "en",
        sections=tuple(blocks),
        choice_lists=MappingProxyType(choice_lists),
    )


_CACHE: OrderedDict[tuple[Any, Any], CompiledQuestionnaire] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def compile_questionnaire(
    questionnaire: Questionnaire | CompiledQuestionnaire,
) -> CompiledQuestionnaire:
    """The compiled ``questionnaire``, cached per stored version (pk and
    ``updated_at``); an unsaved one is compiled each time."""
    if isinstance(questionnaire, CompiledQuestionnaire):
        return questionnaire
    if questionnaire.pk is None:
        return _build(questionnaire)
    key = (questionnaire.pk, questionnaire.updated_at)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    result = _build(questionnaire)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def clear_cache() -> None:
    """Forget every compiled questionnaire (tests)."""
    with _LOCK:
        _CACHE.clear()
