"""Conditions: the subset of XLSForm ``relevant`` expressions that migdev evaluates.

Supported (see docs/consultation-questionnaires.md)::

    ${name} = 'x'       ${name} != 'x'      ${n} < 5   ${n} <= 5   ${n} > 5   ${n} >= 5
    ${d} >= '2008-03-18'                    (ISO dates compare as dates)
    selected(${name}, 'x')                  count-selected(${name}) >= 2
    A and B    A or B    not(A)    ( A )    ''  (the empty value)

An unanswered question has the empty value. A comparison that needs numbers
(``<``, ``<=``, ``>``, ``>=``) is false when a side is neither a number nor a
date, as in XPath. ``and`` binds tighter than ``or``.

The expression is read by a hand-written tokenizer and recursive-descent parser
(never ``eval``); a parsed condition is cached and can be evaluated many times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Condition",
    "ConditionError",
    "describe_condition",
    "is_relevant",
    "parse_condition",
    "referenced_names",
]


class ConditionError(ValueError):
    """A malformed condition. ``position`` is the 1-based character where it fails."""

    def __init__(self, message: str, position: int) -> None:
        self.position = position
        self.reason = message
        super().__init__(message)


# --- Tokens -------------------------------------------------------------------

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?|-?\.\d+")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
_FUNCTIONS = ("selected", "count-selected", "not")


@dataclass(frozen=True)
class _Token:
    kind: str  # ref, string, number, op, and, or, func, lparen, rparen, comma, end
    value: str
    position: int  # 1-based


_PUNCTUATION = {"(": "lparen", ")": "rparen", ",": "comma"}


def _tokenize(expression: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(expression)
    while i < n:
        ch = expression[i]
        pos = i + 1
        if ch.isspace():
            i += 1
            continue
        if ch == "$":
            token, i = _reference(expression, i)
        elif ch in "'\"":
            token, i = _text(expression, i)
        elif ch in _PUNCTUATION:
            token, i = _Token(_PUNCTUATION[ch], ch, pos), i + 1
        else:
            token, i = _operator_number_or_word(expression, i, tokens)
        tokens.append(token)
    tokens.append(_Token("end", "", n + 1))
    return tokens


def _reference(expression: str, i: int) -> tuple[_Token, int]:
    """``${name}`` starting at ``i``, and where the next token starts."""
    pos = i + 1
    if not expression.startswith("${", i):
        raise ConditionError(
            gettext("Expected '${' to start a question reference at character %(pos)d.")
            % {"pos": pos},
            pos,
        )
    end = expression.find("}", i + 2)
    if end < 0:
        raise ConditionError(
            gettext(
                "The question reference opened at character %(pos)d has no closing '}'."
            )
            % {"pos": pos},
            pos,
        )
    name = expression[i + 2 : end].strip()
    if not _NAME_RE.fullmatch(name):
        raise ConditionError(
            gettext("'%(name)s' at character %(pos)d is not a valid question name.")
            % {"name": name, "pos": pos},
            pos,
        )
    return _Token("ref", name, pos), end + 1


def _text(expression: str, i: int) -> tuple[_Token, int]:
    """A quoted text starting at ``i``, and where the next token starts."""
    quote, pos = expression[i], i + 1
    end = expression.find(quote, i + 1)
    if end < 0:
        raise ConditionError(
            gettext(
                "The text opened with %(quote)s at character %(pos)d is not closed."
            )
            % {"quote": quote, "pos": pos},
            pos,
        )
    return _Token("string", expression[i + 1 : end], pos), end + 1


def _operator_number_or_word(
    expression: str, i: int, tokens: list[_Token]
) -> tuple[_Token, int]:
    ch, pos = expression[i], i + 1
    op = next((o for o in _OPERATORS if expression.startswith(o, i)), None)
    if op is not None:
        return _Token("op", op, pos), i + len(op)
    number = _NUMBER_RE.match(expression, i)
    if number and (
        ch != "-" or not tokens or tokens[-1].kind in ("op", "lparen", "comma")
    ):
        return _Token("number", number.group(), pos), number.end()
    word = _WORD_RE.match(expression, i)
    if word is None:
        raise ConditionError(
            gettext("Unexpected character '%(char)s' at character %(pos)d.")
            % {"char": ch, "pos": pos},
            pos,
        )
    text = word.group()
    lowered = text.lower()
    if lowered in ("and", "or"):
        return _Token(lowered, lowered, pos), word.end()
    if lowered in _FUNCTIONS:
        return _Token("func", lowered, pos), word.end()
    raise ConditionError(
        gettext(
            "Unknown word '%(word)s' at character %(pos)d: use ${name} for a "
            "question, quotes for a text, and only and, or, not(), selected() "
            "or count-selected()."
        )
        % {"word": text, "pos": pos},
        pos,
    )


# --- Syntax tree ----------------------------------------------------------------

_Node = Callable[[Mapping[str, Any]], Any]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _as_text(value: Any) -> str:
    """The XPath string value of an answer."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ".join(_as_text(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or _empty(value):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _choices_of(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_as_text(v) for v in value]
    return _as_text(value).split()


_ORDER = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _compare(op: str, left: Any, right: Any, literal_number: bool) -> bool:
    if op in ("=", "!="):
        if literal_number:
            a, b = _as_number(left), _as_number(right)
            equal = a is not None and b is not None and a == b
        else:
            equal = _as_text(left) == _as_text(right)
        return equal if op == "=" else not equal
    a, b = _as_number(left), _as_number(right)
    if a is not None and b is not None:
        return _ORDER[op](a, b)
    da, db = _as_date(left), _as_date(right)
    if da is not None and db is not None:
        return _ORDER[op](da, db)
    return False


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal, float)):
        return value != 0
    return not _empty(value) and _as_text(value) != ""


# --- Parser -----------------------------------------------------------------------


class _Parser:
    def __init__(self, expression: str) -> None:
        self.tokens = _tokenize(expression)
        self.i = 0
        self.names: set[str] = set()

    @property
    def current(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.current
        if token.kind != kind:
            raise self.error(what)
        return self.take()

    def error(self, what: str) -> ConditionError:
        token = self.current
        if token.kind == "end":
            message = gettext(
                "The condition ends too early at character %(pos)d: expected %(what)s."
            ) % {"pos": token.position, "what": what}
        else:
            shown = token.value if token.kind != "string" else f"'{token.value}'"
            message = gettext(
                "Expected %(what)s at character %(pos)d, found '%(found)s'."
            ) % {"what": what, "pos": token.position, "found": shown}
        return ConditionError(message, token.position)

    def parse(self) -> _Node:
        node = self.or_expr()
        if self.current.kind != "end":
            raise self.error(gettext("'and', 'or' or the end of the condition"))
        return node

    def or_expr(self) -> _Node:
        node = self.and_expr()
        while self.current.kind == "or":
            self.take()
            right = self.and_expr()
            node = (lambda a, b: lambda ans: _truth(a(ans)) or _truth(b(ans)))(
                node, right
            )
        return node

    def and_expr(self) -> _Node:
        node = self.comparison()
        while self.current.kind == "and":
            self.take()
            right = self.comparison()
            node = (lambda a, b: lambda ans: _truth(a(ans)) and _truth(b(ans)))(
                node, right
            )
        return node

    def comparison(self) -> _Node:
        left, left_number = self.operand()
        if self.current.kind != "op":
            return left
        op = self.take().value
        right, right_number = self.operand()
        if self.current.kind == "op":
            raise self.error(gettext("'and', 'or' or ')'"))
        literal_number = left_number or right_number
        return lambda ans: _compare(op, left(ans), right(ans), literal_number)

    def operand(self) -> tuple[_Node, bool]:
        """A value; the flag says whether it is a number literal."""
        token = self.current
        what = gettext("a question ${name}, a quoted text, a number or '('")
        if token.kind == "ref":
            self.take()
            name = token.value
            self.names.add(name)
            return (lambda ans: ans.get(name)), False
        if token.kind == "string":
            self.take()
            value = token.value
            return (lambda ans: value), False
        if token.kind == "number":
            self.take()
            number = Decimal(token.value)
            return (lambda ans: number), True
        if token.kind == "lparen":
            self.take()
            inner = self.or_expr()
            self.expect("rparen", "')'")
            return inner, False
        if token.kind == "func":
            return self.function(), token.value == "count-selected"
        raise self.error(what)

    def function(self) -> _Node:
        func = self.take()
        self.expect("lparen", gettext("'(' after %(name)s") % {"name": func.value})
        if func.value == "not":
            inner = self.or_expr()
            self.expect("rparen", "')'")
            return lambda ans: not _truth(inner(ans))
        ref = self.expect("ref", gettext("a question ${name}"))
        name = ref.value
        self.names.add(name)
        if func.value == "count-selected":
            self.expect("rparen", "')'")
            return lambda ans: Decimal(len(_choices_of(ans.get(name))))
        self.expect("comma", "','")
        choice = self.current
        if choice.kind not in ("string", "number"):
            raise self.error(gettext("a quoted choice name"))
        self.take()
        self.expect("rparen", "')'")
        wanted = choice.value
        return lambda ans: wanted in _choices_of(ans.get(name))


# --- Public interface -------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A parsed condition: evaluate it with ``condition(answers)`` or ``.evaluate``."""

    expression: str
    names: frozenset[str]
    _node: _Node | None

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        if self._node is None:
            return True
        return _truth(self._node(answers))

    __call__ = evaluate


@lru_cache(maxsize=4096)
def parse_condition(expression: str) -> Condition:
    """Parse ``expression`` once; raises ``ConditionError`` naming the position."""
    expression = expression or ""
    if not expression.strip():
        return Condition("", frozenset(), None)
    parser = _Parser(expression)
    node = parser.parse()
    return Condition(expression, frozenset(parser.names), node)


def referenced_names(expression: str) -> set[str]:
    """The question names that ``expression`` refers to with ``${name}``."""
    return set(parse_condition(expression).names)


def is_relevant(expression: str, answers: Mapping[str, Any]) -> bool:
    """Whether a question with condition ``expression`` is asked, given ``answers``.

    An empty expression is always true; unanswered questions are empty.
    """
    return parse_condition(expression).evaluate(answers)


# --- In words -----------------------------------------------------------------------

_IN_WORDS = {
    "=": _("%(left)s is %(right)s"),
    "!=": _("%(left)s is not %(right)s"),
    "<": _("%(left)s is less than %(right)s"),
    "<=": _("%(left)s is at most %(right)s"),
    ">": _("%(left)s is more than %(right)s"),
    ">=": _("%(left)s is at least %(right)s"),
}


def _quoted(text: str) -> str:
    # Translators: quotation marks around a question's or a choice's label.
    return pgettext("quoted", "“%(text)s”") % {"text": text}


class _Describer(_Parser):
    """The grammar of :class:`_Parser`, building a sentence instead of a test."""

    def __init__(
        self,
        expression: str,
        labels: Mapping[str, str],
        choices: Mapping[str, Mapping[str, str]],
    ) -> None:
        super().__init__(expression)
        self.labels = labels
        self.choices = choices

    def question(self, name: str) -> str:
        return _quoted(self.labels.get(name) or name)

    def value(self, name: str | None, raw: str) -> str:
        return _quoted(self.choices.get(name or "", {}).get(raw) or raw)

    def describe(self) -> str:
        text = self.words_or()
        if self.current.kind != "end":
            raise self.error(gettext("'and', 'or' or the end of the condition"))
        return text

    def words_or(self) -> str:
        parts = [self.words_and()]
        while self.current.kind == "or":
            self.take()
            parts.append(self.words_and())
        return str(_(" or ")).join(parts)

    def words_and(self) -> str:
        parts = [self.words_comparison()]
        while self.current.kind == "and":
            self.take()
            parts.append(self.words_comparison())
        return str(_(" and ")).join(parts)

    def words_comparison(self) -> str:
        left, left_ref = self.words_operand(None)
        if self.current.kind != "op":
            return left
        op = self.take().value
        empty = self.current.kind == "string" and self.current.value == ""
        right, _right_ref = self.words_operand(left_ref)
        if left_ref is not None and empty:
            if op == "=":
                return gettext("%(question)s is not answered") % {"question": left}
            if op == "!=":
                return gettext("%(question)s is answered") % {"question": left}
        return str(_IN_WORDS[op]) % {"left": left, "right": right}

    def words_operand(self, ref: str | None) -> tuple[str, str | None]:
        """The words for an operand, and the question it names (if any)."""
        token = self.current
        if token.kind == "ref":
            self.take()
            return self.question(token.value), token.value
        if token.kind == "string":
            self.take()
            return self.value(ref, token.value), None
        if token.kind == "number":
            self.take()
            return token.value, None
        if token.kind == "lparen":
            self.take()
            inner = self.words_or()
            self.expect("rparen", "')'")
            return f"({inner})", None
        if token.kind == "func":
            return self.words_function(), None
        raise self.error(gettext("a question ${name}, a quoted text, a number or '('"))

    def words_function(self) -> str:
        func = self.take()
        self.expect("lparen", gettext("'(' after %(name)s") % {"name": func.value})
        if func.value == "not":
            inner = self.words_or()
            self.expect("rparen", "')'")
            return gettext("not (%(condition)s)") % {"condition": inner}
        name = self.expect("ref", gettext("a question ${name}")).value
        if func.value == "count-selected":
            self.expect("rparen", "')'")
            return gettext("the number of answers chosen in %(question)s") % {
                "question": self.question(name)
            }
        self.expect("comma", "','")
        choice = self.take()
        self.expect("rparen", "')'")
        return gettext("%(question)s includes %(choice)s") % {
            "question": self.question(name),
            "choice": self.value(name, choice.value),
        }


def describe_condition(
    expression: str,
    labels: Mapping[str, str] | None = None,
    choices: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """A condition as a reader says it, in the active language: ``${has_policy}
    = 'yes'`` with the labels of the questions (``labels``: name → label) and of
    their choices (``choices``: question name → choice name → label) reads
    “Does your Government have a policy?” is “Yes”. A condition that cannot be
    read is returned as it is."""
    try:
        return _Describer(expression, labels or {}, choices or {}).describe()
    except ConditionError:
        return expression
