"""Answers checked against a questionnaire.

``clean_answers(questionnaire, answers, partial=...)`` returns the answers in
their stored form, or raises ``AnswerErrors`` whose ``errors`` map each question
name to a message that says what to fix.

Stored form (JSON): text → trimmed string; integer → int; decimal → float;
date → "YYYY-MM-DD"; yes_no → "yes" / "no"; select_one → the name of a choice of
its list; select_multiple → a list of choice names in the order of the list.

Each type takes its own values only: text a string (never a number, which
would be stored as "nan" or "1e+308"), yes_no the words "yes" or "no" (not
true/false), select_one one name (not a list of one). Numbers may come as
JSON numbers or as text ("1 000"), since a form posts text. A value of the
wrong JSON type gets a message that names the question, since an API client
sees it beside the question's name only.
Unanswered questions are left out. Answers to questions that the conditions do
not ask, given the other answers, are dropped.

The questionnaire is compiled once into a ``Schema`` (three queries, or none if
sections, questions and choices are prefetched) and cached per questionnaire
and ``updated_at``; edits of sections, questions and choices touch
``Questionnaire.updated_at``, so a fresh instance never meets a stale schema.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from migdev.consultation.questionnaires.conditions import Condition, parse_condition

if TYPE_CHECKING:
    from migdev.consultation.questionnaires.models import Questionnaire

__all__ = [
    "AnswerErrors",
    "QuestionSpec",
    "Schema",
    "clean_answers",
    "compile_schema",
]

#: The longest open answer accepted, in characters.
MAX_TEXT_LENGTH = 20_000
#: Numbers keep at most this many significant digits (they are stored in JSON).
MAX_DIGITS = 15

YES, NO = "yes", "no"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009_']")


class AnswerErrors(ValueError):
    """Answers that cannot be accepted; ``errors`` maps question name → message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(
            "; ".join(f"{name}: {message}" for name, message in self.errors.items())
        )


@dataclass(frozen=True)
class QuestionSpec:
    """What validation needs of one question."""

    name: str
    type: str
    required: bool
    condition: Condition  # the section's and the question's, both must hold
    choices: tuple[str, ...]  # choice names, in list order (selects only)


@dataclass(frozen=True)
class Schema:
    """A questionnaire compiled for validation; ``questions`` in questionnaire order."""

    questionnaire_id: int | None
    questions: dict[str, QuestionSpec]


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


def _build_schema(questionnaire: Questionnaire) -> Schema:
    sections = {s.pk: s for s in questionnaire.sections.all()}
    choices: dict[str, list[str]] = {}
    for choice in sorted(
        questionnaire.choices.all(), key=lambda c: (c.list_name, c.order, c.pk or 0)
    ):
        choices.setdefault(choice.list_name, []).append(choice.name)

    def position(question: Any) -> tuple[int, int, int, int]:
        # The display order: sections and loose questions by their order, then
        # the questions of a section by theirs.
        section = sections.get(question.section_id)
        if section is None:
            return (question.order, 0, 0, question.pk or 0)
        return (section.order, 1, question.order, question.pk or 0)

    specs: dict[str, QuestionSpec] = {}
    for question in sorted(questionnaire.questions.all(), key=position):
        section = sections.get(question.section_id)
        if question.type == "yes_no":
            names: tuple[str, ...] = (YES, NO)
        else:
            names = tuple(choices.get(question.choice_list, ()))
        specs[question.name] = QuestionSpec(
            name=question.name,
            type=question.type,
            required=question.required,
            condition=_combine(section.relevant if section else "", question.relevant),
            choices=names,
        )
    return Schema(questionnaire_id=questionnaire.pk, questions=specs)


_CACHE: OrderedDict[tuple[Any, Any], Schema] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def compile_schema(questionnaire: Questionnaire | Schema) -> Schema:
    """The schema of ``questionnaire``, cached by pk and ``updated_at``."""
    if isinstance(questionnaire, Schema):
        return questionnaire
    if questionnaire.pk is None:
        return _build_schema(questionnaire)
    key = (questionnaire.pk, questionnaire.updated_at)
    with _LOCK:
        schema = _CACHE.get(key)
        if schema is not None:
            _CACHE.move_to_end(key)
            return schema
    schema = _build_schema(questionnaire)
    with _LOCK:
        _CACHE[key] = schema
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return schema


def clear_schema_cache() -> None:
    with _LOCK:
        _CACHE.clear()


# --- One value ------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_empty(v) for v in value)
    return False


def _number(value: Any, *, whole: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise _Invalid("")
    if isinstance(value, float):
        value = repr(value)
    text = _SPACES.sub("", str(value)) if isinstance(value, str) else value
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise _Invalid("") from None
    if not number.is_finite():
        raise _Invalid("")
    if whole and number != number.to_integral_value():
        raise _Invalid("")
    return number


def _clean_integer(value: Any) -> int:
    try:
        number = _number(value, whole=True)
    except _Invalid:
        raise _Invalid(gettext("Enter a whole number, such as 12.")) from None
    result = int(number)
    if abs(result) >= 10**MAX_DIGITS:
        raise _Invalid(
            gettext("Enter a whole number of at most %(digits)d digits.")
            % {"digits": MAX_DIGITS}
        )
    return result


def _clean_decimal(value: Any) -> int | float:
    try:
        number = _number(value, whole=False)
    except _Invalid:
        raise _Invalid(
            gettext("Enter a number, with a point before any decimals, such as 3.5.")
        ) from None
    normalized = number.normalize()
    digits = len(normalized.as_tuple().digits)
    if digits > MAX_DIGITS or abs(number) >= 10**MAX_DIGITS:
        raise _Invalid(
            gettext("Enter a number of at most %(digits)d significant digits.")
            % {"digits": MAX_DIGITS}
        )
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _clean_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise _Invalid(
                    gettext("This date does not exist: check the day and the month.")
                ) from None
    raise _Invalid(gettext("Enter a date as year-month-day, such as 2008-04-30."))


def _json_kind(value: Any) -> str:
    """What a value of the wrong type is, as the message names it."""
    if isinstance(value, bool):
        return gettext("true or false")
    if isinstance(value, (int, float, Decimal)):
        return gettext("a number")
    if isinstance(value, (list, tuple, set, frozenset)):
        return gettext("a list")
    if isinstance(value, Mapping):
        return gettext("an object")
    return gettext("a value of another type")


def _clean_text(value: Any, spec: QuestionSpec) -> str:
    if not isinstance(value, str):
        raise _Invalid(
            gettext("The answer to %(question)s must be text (a string), not %(kind)s.")
            % {"question": spec.name, "kind": _json_kind(value)}
        )
    text = value.strip()
    if "\x00" in text:
        raise _Invalid(gettext("Remove the null characters from this answer."))
    if len(text) > MAX_TEXT_LENGTH:
        raise _Invalid(
            gettext(
                "Shorten this answer to at most %(limit)d characters "
                "(it has %(length)d)."
            )
            % {"limit": MAX_TEXT_LENGTH, "length": len(text)}
        )
    return text


def _clean_yes_no(value: Any, spec: QuestionSpec) -> str:
    if not isinstance(value, str):
        raise _Invalid(
            gettext(
                'The answer to %(question)s must be the text "yes" or "no", '
                "not %(kind)s."
            )
            % {"question": spec.name, "kind": _json_kind(value)}
        )
    lowered = value.strip().lower()
    if lowered in (YES, NO):
        return lowered
    raise _Invalid(gettext("Answer yes or no."))


def _clean_select_one(value: Any, spec: QuestionSpec) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(
            gettext(
                "The answer to %(question)s must be the name of one option (a "
                "string), not %(kind)s."
            )
            % {"question": spec.name, "kind": _json_kind(value)}
        )
    name = str(value).strip()
    if name in spec.choices:
        return name
    raise _Invalid(gettext("Choose one of the listed options."))


def _clean_select_multiple(value: Any, spec: QuestionSpec) -> list[str]:
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise _Invalid(gettext("Choose one or more of the listed options."))
    chosen: set[str] = set()
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise _Invalid(gettext("Choose one or more of the listed options."))
        name = str(item).strip()
        if not name:
            continue
        if name not in spec.choices:
            raise _Invalid(
                gettext(
                    "Choose only among the listed options: '%(value)s' is not one of them."
                )
                % {"value": name[:60]}
            )
        chosen.add(name)
    return [name for name in spec.choices if name in chosen]


def _clean_value(value: Any, spec: QuestionSpec) -> Any:
    kind = spec.type
    if kind == "text":
        return _clean_text(value, spec)
    if kind == "integer":
        return _clean_integer(value)
    if kind == "decimal":
        return _clean_decimal(value)
    if kind == "date":
        return _clean_date(value)
    if kind == "yes_no":
        return _clean_yes_no(value, spec)
    if kind == "select_one":
        return _clean_select_one(value, spec)
    if kind == "select_multiple":
        return _clean_select_multiple(value, spec)
    raise _Invalid(gettext("This question cannot be answered."))


# --- All answers ------------------------------------------------------------------


def clean_answers(
    questionnaire: Questionnaire | Schema,
    answers: Mapping[str, Any],
    *,
    partial: bool,
) -> dict[str, Any]:
    """Normalized answers, or ``AnswerErrors`` naming each question to fix.

    ``partial=True`` (a draft) skips the check that required questions are answered.
    """
    if not isinstance(answers, Mapping):
        raise AnswerErrors({"__all__": gettext("Send the answers as an object.")})
    schema = compile_schema(questionnaire)
    specs = schema.questions
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for raw_name, value in answers.items():
        name = str(raw_name)
        spec = specs.get(name)
        if spec is None:
            errors[name[:100]] = gettext("There is no question with this name.")
            continue
        if _is_empty(value):
            continue
        try:
            cleaned[name] = _clean_value(value, spec)
        except _Invalid as invalid:
            errors[name] = invalid.message

    # Drop what the conditions do not ask, until nothing changes (a question
    # whose condition depends on a dropped answer may be dropped in turn).
    asked = dict.fromkeys(specs, True)
    changed = True
    while changed:
        changed = False
        visible = {n: v for n, v in cleaned.items() if asked[n]}
        for name, spec in specs.items():
            if (
                asked[name]
                and spec.condition.expression
                and not spec.condition(visible)
            ):
                asked[name] = False
                visible.pop(name, None)
                changed = True

    result: dict[str, Any] = {}
    for name, spec in specs.items():
        if not asked[name]:
            errors.pop(name, None)
            continue
        if name in cleaned:
            result[name] = cleaned[name]
        elif spec.required and not partial and name not in errors:
            errors[name] = gettext("This question is required.")
    if errors:
        ordered = {n: errors[n] for n in specs if n in errors}
        ordered.update({n: m for n, m in errors.items() if n not in ordered})
        raise AnswerErrors(ordered)
    return result
