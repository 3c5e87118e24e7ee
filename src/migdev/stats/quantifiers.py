"""Quantifiers for counts out of a base, as United Nations reports word them.

A report on a consultation does not say "61 of 64 Member States"; it says
"almost all" (几乎所有), "only three" (只有三个) or "one sixth" (六分之一), as
A/63/265 does in paragraph 22. This module picks that phrase for a count out
of a base by an ordered table of rules, and gives it in the six official
languages (Arabic, Chinese, English, French, Russian, Spanish).

Rules
-----
The first rule that applies wins. ``share`` is ``count / base``. A fraction
rule applies when its fraction is the simple fraction nearest to ``share``
and ``share`` is within ``tolerance`` of it (relative, 7.5 % by default), so
11 of 64 (0.172) and 10 of 64 (0.156) read as one sixth (0.167), 13 of 64
(0.203) as one fifth, and 45 of 64 (0.703) as two thirds, not three quarters.

===  ==================  ===================================================
 #   key                 applies when
===  ==================  ===================================================
 1   ``none``            count = 0
 2   ``all``             count = base
 3   ``number``          base < 10: the count itself, spelled out
                         (key ``one`` … ``eight``)
 4   ``almost_all``      share >= 90 %
 5   ``only_n``          count <= 2, or count = 3 and share <= 10 %
                         ("only one", "only three": never "several")
 6   ``half``            count * 2 = base
 7   ``about_half``      1/2 is the nearest fraction, within tolerance
 8   ``three_quarters``  3/4 is the nearest fraction, within tolerance
 9   ``two_thirds``      2/3 is the nearest fraction, within tolerance
10   ``one_third``       1/3 is the nearest fraction, within tolerance
11   ``a_quarter``       1/4 is the nearest fraction, within tolerance
12   ``one_fifth``       1/5 is the nearest fraction, within tolerance
13   ``one_sixth``       1/6 is the nearest fraction, within tolerance
14   ``most``            share >= 75 % (大部分, A/63/265 ¶21)
15   ``a_majority``      share > 50 %
16   ``many``            share >= 25 %
17   ``some``            share >= 15 %
18   ``several``         share >= 10 %
19   ``a_few``           otherwise (share < 10 % and count > 3)
===  ==================  ===================================================

The same table is :data:`RULES`, and :func:`rule_rows` lists it with the
phrase of each rule in one language, for documentation and the user
interface.

Phrases
-------
The phrases are written here in English, marked for the project's message
catalogs (context ``quantifier``), and translated from those catalogs by
:mod:`migdev.languages`: the catalogs are their one source, where
translators see them with the rest of the site. They are standalone forms
that agree with the noun "State" the reports count: Russian neuter
(государство: «ни одно», «только одно»), Arabic feminine (دولة: «ولا
واحدة», «ثلاث»), Chinese with the measure word 个.

Examples from A/63/265, paragraph 22 (64 replies, see paragraph 21):

>>> describe(61, 64)
'almost all'
>>> describe(3, 64)
'only three'
>>> describe(11, 64, lang="zh-hans")
'六分之一'

The ``"count"`` style gives the plain count instead ("61 of 64"), for tables
and footnotes.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, NamedTuple

from migdev import languages
from migdev.languages import CODES, Code, Phrase, pgettext_noop

__all__ = [
    "FRACTION_TOLERANCE",
    "LANGUAGES",
    "RULES",
    "Language",
    "Quantifier",
    "QuantifierStyle",
    "Rule",
    "RuleRow",
    "describe",
    "number_word",
    "quantify",
    "rule_rows",
]

log = logging.getLogger(__name__)

Language = Code
"""An official language of the United Nations (``migdev.languages``); any
spelling :func:`migdev.languages.normalize` accepts ("zh" too) is taken."""

LANGUAGES: tuple[Language, ...] = CODES

QuantifierStyle = Literal["report", "count"]
"""``"report"``: the rule table; ``"count"``: the plain count ("61 of 64")."""

FRACTION_TOLERANCE = 0.075
"""Default relative tolerance for reading a share as a simple fraction."""

_Phrases = Mapping[Language, str]

# Number words 1–10 for a count of States: Russian neuter (одно государство),
# Arabic for the feminine دولة, Chinese with the measure word 个 (2 is 两个).
_NUMBER_WORDS: Mapping[int, Phrase] = MappingProxyType(
    {
        1: pgettext_noop("quantifier", "one"),
        2: pgettext_noop("quantifier", "two"),
        3: pgettext_noop("quantifier", "three"),
        4: pgettext_noop("quantifier", "four"),
        5: pgettext_noop("quantifier", "five"),
        6: pgettext_noop("quantifier", "six"),
        7: pgettext_noop("quantifier", "seven"),
        8: pgettext_noop("quantifier", "eight"),
        9: pgettext_noop("quantifier", "nine"),
        10: pgettext_noop("quantifier", "ten"),
    }
)

_KEY_OF_NUMBER = MappingProxyType(
    {n: phrase.message for n, phrase in _NUMBER_WORDS.items()}
)

# Fixed phrases, one per key. Standalone forms (no noun), as they would
# stand in a table cell or before "of the respondents".
_PHRASES: Mapping[str, Phrase] = MappingProxyType(
    {
        "none": pgettext_noop("quantifier", "none"),
        "all": pgettext_noop("quantifier", "all"),
        "almost_all": pgettext_noop("quantifier", "almost all"),
        "half": pgettext_noop("quantifier", "half"),
        "about_half": pgettext_noop("quantifier", "about half"),
        "three_quarters": pgettext_noop("quantifier", "three quarters"),
        "two_thirds": pgettext_noop("quantifier", "two thirds"),
        "one_third": pgettext_noop("quantifier", "one third"),
        "a_quarter": pgettext_noop("quantifier", "a quarter"),
        "one_fifth": pgettext_noop("quantifier", "one fifth"),
        "one_sixth": pgettext_noop("quantifier", "one sixth"),
        "most": pgettext_noop("quantifier", "most"),
        "a_majority": pgettext_noop("quantifier", "a majority"),
        "many": pgettext_noop("quantifier", "many"),
        "some": pgettext_noop("quantifier", "some"),
        "several": pgettext_noop("quantifier", "several"),
        "a_few": pgettext_noop("quantifier", "a few"),
    }
)

# {n} is the number word ("three", "三个"). French says "un seul" rather than
# "un seulement", Russian «только одно» (государство): one has its own phrase.
_ONLY_N = pgettext_noop("quantifier", "only {n}")
_ONLY_ONE = pgettext_noop("quantifier", "only one")
_N_OF_BASE = pgettext_noop("quantifier", "{n} of {base}")


class Rule(NamedTuple):
    """One row of :data:`RULES`.

    Attributes
    ----------
    key :
        Stable identifier of the phrase (``"almost_all"``); ``"one"`` …
        ``"nine"`` for the small-base rule, whose key depends on the count.
    condition :
        The condition in words (English), for documentation.
    applies :
        ``applies(count, base, tolerance)``; ``tolerance`` is relative and
        only matters to the fraction rules.
    fraction :
        The simple fraction a fraction rule stands for, else ``None``.
    """

    key: str
    condition: str
    applies: Callable[[int, int, float], bool]
    fraction: Fraction | None = None


_FRACTIONS = (
    Fraction(1, 2),
    Fraction(3, 4),
    Fraction(2, 3),
    Fraction(1, 3),
    Fraction(1, 4),
    Fraction(1, 5),
    Fraction(1, 6),
)


def _near(fraction: Fraction) -> Callable[[int, int, float], bool]:
    def applies(count: int, base: int, tolerance: float) -> bool:
        share = Fraction(count, base)
        nearest = min(_FRACTIONS, key=lambda f: abs(share - f))
        return nearest == fraction and abs(share - fraction) <= fraction * Fraction(
            str(tolerance)
        )

    return applies


def _fraction_rule(key: str, fraction: Fraction, label: str) -> Rule:
    return Rule(
        key,
        f"{label} is the nearest fraction, within tolerance",
        _near(fraction),
        fraction,
    )


RULES: tuple[Rule, ...] = (
    Rule("none", "count = 0", lambda c, b, t: c == 0),
    Rule("all", "count = base", lambda c, b, t: c == b),
    Rule("number", "base < 10: the count itself, spelled out", lambda c, b, t: b < 10),
    Rule("almost_all", "share >= 90 %", lambda c, b, t: c * 10 >= b * 9),
    Rule(
        "only_n",
        "count <= 2, or count = 3 and share <= 10 %",
        lambda c, b, t: c <= 2 or (c == 3 and c * 10 <= b),
    ),
    Rule("half", "count * 2 = base", lambda c, b, t: c * 2 == b),
    _fraction_rule("about_half", Fraction(1, 2), "1/2"),
    _fraction_rule("three_quarters", Fraction(3, 4), "3/4"),
    _fraction_rule("two_thirds", Fraction(2, 3), "2/3"),
    _fraction_rule("one_third", Fraction(1, 3), "1/3"),
    _fraction_rule("a_quarter", Fraction(1, 4), "1/4"),
    _fraction_rule("one_fifth", Fraction(1, 5), "1/5"),
    _fraction_rule("one_sixth", Fraction(1, 6), "1/6"),
    Rule("most", "share >= 75 %", lambda c, b, t: c * 4 >= b * 3),
    Rule("a_majority", "share > 50 %", lambda c, b, t: c * 2 > b),
    Rule("many", "share >= 25 %", lambda c, b, t: c * 4 >= b),
    Rule("some", "share >= 15 %", lambda c, b, t: c * 20 >= b * 3),
    Rule("several", "share >= 10 %", lambda c, b, t: c * 10 >= b),
    Rule("a_few", "otherwise (share < 10 % and count > 3)", lambda c, b, t: True),
)
"""The ordered rule table; the first rule that applies wins."""


@dataclass(frozen=True, slots=True)
class Quantifier:
    """The phrase chosen for ``count`` out of ``base``.

    Attributes
    ----------
    count, base :
        The inputs.
    share :
        ``count / base``.
    key :
        Stable identifier of the phrase, e.g. ``"almost_all"``, ``"only_n"``,
        ``"one_sixth"``, ``"three"`` (small base) or ``"n_of_base"`` (count
        style).
    rule :
        Position (1-based) of the rule in :data:`RULES` that chose the
        phrase; 0 for the count style.
    fraction :
        The simple fraction the phrase claims (1/6 for ``"one_sixth"``),
        else ``None``.
    phrases :
        The phrase in each of the six languages.
    lang :
        The language :attr:`phrase` and ``str()`` use.
    """

    count: int
    base: int
    share: float
    key: str
    rule: int
    fraction: Fraction | None
    phrases: Mapping[Language, str]
    lang: Language = "en"

    @property
    def phrase(self) -> str:
        """The phrase in :attr:`lang`."""
        return self.phrases[self.lang]

    def __str__(self) -> str:
        return self.phrase


def number_word(n: int, lang: str = "en") -> str:
    """Spell out ``n`` for 1–10 in ``lang``; give digits otherwise.

    The words agree with a count of States: Arabic with the feminine دولة,
    Russian with the neuter государство; Chinese adds the measure word 个
    ("三个").

    Parameters
    ----------
    n :
        A non-negative integer.
    lang :
        An official language (``"ar"``, ``"zh-hans"``, ``"en"``, ``"fr"``,
        ``"ru"``, ``"es"``, or another spelling ``migdev.languages`` takes).

    Returns
    -------
    str
        ``"three"``, ``"trois"``, ``"三个"`` … or ``"12"`` (``"12个"`` in
        Chinese).
    """
    code = _check_lang(lang)
    words = _NUMBER_WORDS.get(n)
    if words is not None:
        return words(code)
    return f"{n}个" if code == "zh-hans" else str(n)


def quantify(
    count: int,
    base: int,
    /,
    *,
    lang: str = "en",
    style: QuantifierStyle = "report",
    tolerance: float = FRACTION_TOLERANCE,
) -> Quantifier:
    """Choose the quantifier a report uses for ``count`` out of ``base``.

    Parameters
    ----------
    count :
        How many (e.g. Member States holding a view); ``0 <= count <= base``.
    base :
        Out of how many (e.g. the 64 replies of A/63/265, ¶21); ``>= 1``.
    lang :
        Language of :attr:`Quantifier.phrase`; all six are always computed.
    style :
        ``"report"`` applies :data:`RULES`; ``"count"`` gives the plain count
        ("61 of 64", "64个中的61个").
    tolerance :
        Relative tolerance for the fraction rules: 1/6 applies to shares in
        ``[1/6 * (1 - tolerance), 1/6 * (1 + tolerance)]``. Between 0 and 0.2,
        so that neighbouring fractions do not overlap.

    Returns
    -------
    Quantifier
        The count, base, share, the phrase's key, the rule that chose it and
        the phrase in the six languages.

    Raises
    ------
    ValueError
        If ``base < 1``, ``count`` is outside ``[0, base]``, ``tolerance`` is
        outside ``[0, 0.2]``, or ``lang`` or ``style`` is unknown.
    TypeError
        If ``count`` or ``base`` is not an integer.

    Examples
    --------
    >>> quantify(61, 64).key
    'almost_all'
    >>> quantify(3, 64, lang="fr").phrase
    'trois seulement'
    >>> str(quantify(11, 64, lang="es"))
    'una sexta parte'
    """
    count = _as_int(count, "count")
    base = _as_int(base, "base")
    if base < 1:
        raise ValueError(f"base must be at least 1, got {base}.")
    if not 0 <= count <= base:
        raise ValueError(f"count must be between 0 and base ({base}), got {count}.")
    if not 0 <= tolerance <= 0.2:
        raise ValueError(
            f"tolerance is relative and must be between 0 and 0.2, got {tolerance}."
        )
    lang = _check_lang(lang)
    share = count / base
    if style == "count":
        counted: _Phrases = MappingProxyType(
            {code: _N_OF_BASE(code).format(n=count, base=base) for code in LANGUAGES}
        )
        return Quantifier(count, base, share, "n_of_base", 0, None, counted, lang)
    if style != "report":
        raise ValueError(f"style must be 'report' or 'count', got {style!r}.")
    for position, rule in enumerate(RULES, start=1):
        if rule.applies(count, base, tolerance):
            key, phrases = _phrase_for(rule, count)
            return Quantifier(
                count, base, share, key, position, rule.fraction, phrases, lang
            )
    raise AssertionError("the last rule always applies")  # pragma: no cover


def describe(count: int, base: int, lang: str = "en") -> str:
    """Return the phrase :func:`quantify` chooses, in ``lang``.

    >>> describe(61, 64, "fr")
    'presque tous'
    """
    return quantify(count, base, lang=lang).phrase


class RuleRow(NamedTuple):
    """One row of :func:`rule_rows`."""

    order: int
    key: str
    condition: str
    phrase: str


def rule_rows(lang: str = "en") -> list[RuleRow]:
    """List :data:`RULES` with the phrase of each rule in ``lang``.

    The ``only_n`` row shows the phrase for three, the small-base row the
    words for one to nine.

    Parameters
    ----------
    lang :
        Language of the ``phrase`` column; conditions stay in English.

    Returns
    -------
    list of RuleRow
        ``(order, key, condition, phrase)`` in rule order.
    """
    lang = _check_lang(lang)
    rows = []
    for position, rule in enumerate(RULES, start=1):
        if rule.key == "only_n":
            phrase = _only(3)[lang]
        elif rule.key == "number":
            phrase = " / ".join(number_word(n, lang) for n in range(1, 10))
        else:
            phrase = _PHRASES[rule.key](lang)
        rows.append(RuleRow(position, rule.key, rule.condition, phrase))
    return rows


def _phrase_for(rule: Rule, count: int) -> tuple[str, _Phrases]:
    if rule.key == "only_n":
        return "only_n", _only(count)
    if rule.key == "number":
        return _KEY_OF_NUMBER[count], _in_six(_NUMBER_WORDS[count])
    return rule.key, _in_six(_PHRASES[rule.key])


def _in_six(phrase: Phrase) -> _Phrases:
    return MappingProxyType(phrase.all())


def _only(n: int) -> _Phrases:
    if n == 1:
        return _in_six(_ONLY_ONE)
    return MappingProxyType(
        {code: _ONLY_N(code).format(n=number_word(n, code)) for code in LANGUAGES}
    )


def _as_int(value: int, name: str) -> int:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got a bool.")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}."
        ) from None


def _check_lang(lang: str) -> Language:
    try:
        return languages.normalize(lang)
    except languages.UnknownLanguage as exc:
        raise ValueError(f"lang: {exc}") from None
