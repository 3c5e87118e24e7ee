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

The questionnaire is read as compiled once per stored version
(``compiled.compile_questionnaire``: three queries, or none if sections,
questions and choices are prefetched); errors come in the questionnaire's
order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from migdev.consultation.questionnaires.compiled import (
    CompiledQuestion,
    CompiledQuestionnaire,
    compile_questionnaire,
    yes_no,
)

if TYPE_CHECKING:
    from migdev.consultation.questionnaires.models import Questionnaire

__all__ = [
    "AnswerErrors",
    "clean_answers",
]

#: The longest open answer accepted, in characters.
MAX_TEXT_LENGTH = 20_000
#: Numbers keep at most this many significant digits (they are stored in JSON).
MAX_DIGITS = 15

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009_']")


class AnswerErrors(ValueError):
    """Answers that cannot be accepted; ``errors`` maps question name → message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(
            "; ".join(f"{name}: {message}" for name, message in self.errors.items())
        )


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


def _clean_text(value: Any, spec: CompiledQuestion) -> str:
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


def _clean_yes_no(value: Any, spec: CompiledQuestion) -> str:
    if not isinstance(value, str):
        raise _Invalid(
            gettext(
                'The answer to %(question)s must be the text "yes" or "no", '
                "not %(kind)s."
            )
            % {"question": spec.name, "kind": _json_kind(value)}
        )
    word = yes_no(value, strict=True)
    if word is not None:
        return word
    raise _Invalid(gettext("Answer yes or no."))


def _clean_select_one(value: Any, spec: CompiledQuestion) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(
            gettext(
                "The answer to %(question)s must be the name of one option (a "
                "string), not %(kind)s."
            )
            % {"question": spec.name, "kind": _json_kind(value)}
        )
    name = str(value).strip()
    if name in spec.choice_names:
        return name
    raise _Invalid(gettext("Choose one of the listed options."))


def _clean_select_multiple(value: Any, spec: CompiledQuestion) -> list[str]:
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
        if name not in spec.choice_names:
            raise _Invalid(
                gettext(
                    "Choose only among the listed options: '%(value)s' is not one of them."
                )
                % {"value": name[:60]}
            )
        chosen.add(name)
    return [name for name in spec.choice_names if name in chosen]


def _clean_value(value: Any, spec: CompiledQuestion) -> Any:
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
    questionnaire: Questionnaire | CompiledQuestionnaire,
    answers: Mapping[str, Any],
    *,
    partial: bool,
) -> dict[str, Any]:
    """Normalized answers, or ``AnswerErrors`` naming each question to fix.

    ``partial=True`` (a draft) skips the check that required questions are answered.
    """
    if not isinstance(answers, Mapping):
        raise AnswerErrors({"__all__": gettext("Send the answers as an object.")})
    compiled = compile_questionnaire(questionnaire)
    specs = compiled.by_name
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

    # Drop what the conditions do not ask, given the other answers.
    asked = compiled.asked(cleaned)

    result: dict[str, Any] = {}
    for name, spec in specs.items():
        if name not in asked:
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
