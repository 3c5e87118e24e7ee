"""Quantifiers for counts out of a base, as United Nations reports word them.

A report on a consultation does not say "61 of 64 Member States"; it says
"almost all" (几乎所有), "only three" (只有三个) or "one sixth" (六分之一), as
A/63/265 does in paragraph 22. This module picks that phrase for a count out
of a base by an ordered table of rules, and gives it in the six official
languages (Arabic, Chinese, English, French, Russian, Spanish).

Rules
-----
The first rule that applies wins. ``share`` is ``count / base``; a fraction
applies when ``share`` is within ``tolerance`` (relative, 5 % by default) of
it, so 11 of 64 (0.172) reads as one sixth (0.167) but 13 of 64 (0.203) as
one fifth.

===  ===================  ==================================================
 #   key                  applies when
===  ===================  ==================================================
 1   ``none``             count = 0
 2   ``all``              count = base
 3   ``number``           base < 10: the count itself, spelled out
                          (key ``one`` … ``eight``)
 4   ``almost_all``       share >= 90 %
 5   ``only_n``           count <= 3 and share < 10 % ("only three")
 6   ``half``             count * 2 = base
 7   ``about_half``       share within tolerance of 1/2
 8   ``three_quarters``   share within tolerance of 3/4
 9   ``two_thirds``       share within tolerance of 2/3
10   ``one_third``        share within tolerance of 1/3
11   ``a_quarter``        share within tolerance of 1/4
12   ``one_fifth``        share within tolerance of 1/5
13   ``one_sixth``        share within tolerance of 1/6
14   ``a_large_majority`` share >= 75 %
15   ``a_majority``       share > 50 %
16   ``many``             share >= 25 %
17   ``some``             share >= 15 %
18   ``several``          share >= 10 %
19   ``a_few``            otherwise (share < 10 % and count > 3)
===  ===================  ==================================================

The same table is :data:`RULES`, and :func:`rule_rows` lists it with the
phrase of each rule in one language, for documentation and the user
interface.

Examples from A/63/265, paragraph 22 (64 replies, see paragraph 21):

>>> describe(61, 64)
'almost all'
>>> describe(3, 64)
'only three'
>>> describe(11, 64, lang="zh")
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
from typing import Literal, NamedTuple, get_args

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

Language = Literal["ar", "zh", "en", "fr", "ru", "es"]
"""An official language of the United Nations, as an ISO 639-1 code."""

LANGUAGES: tuple[Language, ...] = get_args(Language)

QuantifierStyle = Literal["report", "count"]
"""``"report"``: the rule table; ``"count"``: the plain count ("61 of 64")."""

FRACTION_TOLERANCE = 0.05
"""Default relative tolerance for reading a share as a simple fraction."""

_Phrases = Mapping[Language, str]


def _phrases(ar: str, zh: str, en: str, fr: str, ru: str, es: str) -> _Phrases:
    return MappingProxyType(
        {"ar": ar, "zh": zh, "en": en, "fr": fr, "ru": ru, "es": es}
    )


# Number words 1–10. Arabic and Chinese use the forms that go with a count of
# States: Arabic feminine (دولة), so 3–10 take the masculine-looking form
# ("ثلاث دول"); Chinese with the measure word 个, so 2 is 两.
_NUMBER_WORDS: Mapping[int, _Phrases] = MappingProxyType(
    {
        1: _phrases("واحدة", "一个", "one", "un", "один", "uno"),
        2: _phrases("اثنتان", "两个", "two", "deux", "два", "dos"),
        3: _phrases("ثلاث", "三个", "three", "trois", "три", "tres"),
        4: _phrases("أربع", "四个", "four", "quatre", "четыре", "cuatro"),
        5: _phrases("خمس", "五个", "five", "cinq", "пять", "cinco"),
        6: _phrases("ست", "六个", "six", "six", "шесть", "seis"),
        7: _phrases("سبع", "七个", "seven", "sept", "семь", "siete"),
        8: _phrases("ثماني", "八个", "eight", "huit", "восемь", "ocho"),
        9: _phrases("تسع", "九个", "nine", "neuf", "девять", "nueve"),
        10: _phrases("عشر", "十个", "ten", "dix", "десять", "diez"),
    }
)

_KEY_OF_NUMBER = MappingProxyType(
    {n: words["en"] for n, words in _NUMBER_WORDS.items()}
)

# Fixed phrases, one per key. Standalone forms (no noun), as they would
# stand in a table cell or before "of the respondents".
_PHRASES: Mapping[str, _Phrases] = MappingProxyType(
    {
        "none": _phrases("لا أحد", "没有一个", "none", "aucun", "ни один", "ninguno"),
        "all": _phrases("الجميع", "所有", "all", "tous", "все", "todos"),
        "almost_all": _phrases(
            "الجميع تقريبا",
            "几乎所有",
            "almost all",
            "presque tous",
            "почти все",
            "casi todos",
        ),
        "half": _phrases("النصف", "一半", "half", "la moitié", "половина", "la mitad"),
        "about_half": _phrases(
            "نحو النصف",
            "约一半",
            "about half",
            "environ la moitié",
            "около половины",
            "cerca de la mitad",
        ),
        "three_quarters": _phrases(
            "ثلاثة أرباع",
            "四分之三",
            "three quarters",
            "les trois quarts",
            "три четверти",
            "tres cuartas partes",
        ),
        "two_thirds": _phrases(
            "الثلثان",
            "三分之二",
            "two thirds",
            "les deux tiers",
            "две трети",
            "dos tercios",
        ),
        "one_third": _phrases(
            "الثلث", "三分之一", "one third", "un tiers", "треть", "un tercio"
        ),
        "a_quarter": _phrases(
            "الربع", "四分之一", "a quarter", "un quart", "четверть", "una cuarta parte"
        ),
        "one_fifth": _phrases(
            "الخمس",
            "五分之一",
            "one fifth",
            "un cinquième",
            "пятая часть",
            "una quinta parte",
        ),
        "one_sixth": _phrases(
            "السدس",
            "六分之一",
            "one sixth",
            "un sixième",
            "шестая часть",
            "una sexta parte",
        ),
        "a_large_majority": _phrases(
            "أغلبية كبيرة",
            "大多数",
            "a large majority",
            "une large majorité",
            "значительное большинство",
            "una amplia mayoría",
        ),
        "a_majority": _phrases(
            "أغلبية", "多数", "a majority", "une majorité", "большинство", "una mayoría"
        ),
        "many": _phrases("العديد", "许多", "many", "beaucoup", "многие", "muchos"),
        "some": _phrases("البعض", "有些", "some", "certains", "некоторые", "algunos"),
        "several": _phrases(
            "عدة", "几个", "several", "plusieurs", "несколько", "varios"
        ),
        "a_few": _phrases(
            "قلة", "少数", "a few", "quelques-uns", "немногие", "unos pocos"
        ),
    }
)

_ONLY_TEMPLATES: _Phrases = _phrases(
    "{n} فقط", "只有{n}", "only {n}", "{n} seulement", "только {n}", "solo {n}"
)
# French says "un seul" rather than "un seulement".
_ONLY_ONE: _Phrases = _phrases(
    "واحدة فقط", "只有一个", "only one", "un seul", "только один", "solo uno"
)
_COUNT_TEMPLATES: _Phrases = _phrases(
    "{n} من أصل {base}",
    "{base}个中的{n}个",
    "{n} of {base}",
    "{n} sur {base}",
    "{n} из {base}",
    "{n} de {base}",
)


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


def _near(fraction: Fraction) -> Callable[[int, int, float], bool]:
    def applies(count: int, base: int, tolerance: float) -> bool:
        return abs(Fraction(count, base) - fraction) <= fraction * Fraction(
            str(tolerance)
        )

    return applies


def _fraction_rule(key: str, fraction: Fraction, label: str) -> Rule:
    return Rule(key, f"share within tolerance of {label}", _near(fraction), fraction)


RULES: tuple[Rule, ...] = (
    Rule("none", "count = 0", lambda c, b, t: c == 0),
    Rule("all", "count = base", lambda c, b, t: c == b),
    Rule("number", "base < 10: the count itself, spelled out", lambda c, b, t: b < 10),
    Rule("almost_all", "share >= 90 %", lambda c, b, t: c * 10 >= b * 9),
    Rule(
        "only_n",
        "count <= 3 and share < 10 %",
        lambda c, b, t: c <= 3 and c * 10 < b,
    ),
    Rule("half", "count * 2 = base", lambda c, b, t: c * 2 == b),
    _fraction_rule("about_half", Fraction(1, 2), "1/2"),
    _fraction_rule("three_quarters", Fraction(3, 4), "3/4"),
    _fraction_rule("two_thirds", Fraction(2, 3), "2/3"),
    _fraction_rule("one_third", Fraction(1, 3), "1/3"),
    _fraction_rule("a_quarter", Fraction(1, 4), "1/4"),
    _fraction_rule("one_fifth", Fraction(1, 5), "1/5"),
    _fraction_rule("one_sixth", Fraction(1, 6), "1/6"),
    Rule("a_large_majority", "share >= 75 %", lambda c, b, t: c * 4 >= b * 3),
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


def number_word(n: int, lang: Language = "en") -> str:
    """Spell out ``n`` for 1–10 in ``lang``; give digits otherwise.

    Arabic uses the forms that go with a feminine noun such as دولة (State);
    Chinese adds the measure word 个 ("三个").

    Parameters
    ----------
    n :
        A non-negative integer.
    lang :
        One of ``"ar"``, ``"zh"``, ``"en"``, ``"fr"``, ``"ru"``, ``"es"``.

    Returns
    -------
    str
        ``"three"``, ``"trois"``, ``"三个"`` … or ``"12"`` (``"12个"`` in
        Chinese).
    """
    _check_lang(lang)
    words = _NUMBER_WORDS.get(n)
    if words is not None:
        return words[lang]
    return f"{n}个" if lang == "zh" else str(n)


def quantify(
    count: int,
    base: int,
    /,
    *,
    lang: Language = "en",
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
    _check_lang(lang)
    share = count / base
    if style == "count":
        phrases = _phrases(
            *(_COUNT_TEMPLATES[code].format(n=count, base=base) for code in LANGUAGES)
        )
        return Quantifier(count, base, share, "n_of_base", 0, None, phrases, lang)
    if style != "report":
        raise ValueError(f"style must be 'report' or 'count', got {style!r}.")
    for position, rule in enumerate(RULES, start=1):
        if rule.applies(count, base, tolerance):
            key, phrases = _phrase_for(rule, count)
            return Quantifier(
                count, base, share, key, position, rule.fraction, phrases, lang
            )
    raise AssertionError("the last rule always applies")  # pragma: no cover


def describe(count: int, base: int, lang: Language = "en") -> str:
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


def rule_rows(lang: Language = "en") -> list[RuleRow]:
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
    _check_lang(lang)
    rows = []
    for position, rule in enumerate(RULES, start=1):
        if rule.key == "only_n":
            phrase = _only(3)[lang]
        elif rule.key == "number":
            phrase = " / ".join(number_word(n, lang) for n in range(1, 10))
        else:
            phrase = _PHRASES[rule.key][lang]
        rows.append(RuleRow(position, rule.key, rule.condition, phrase))
    return rows


def _phrase_for(rule: Rule, count: int) -> tuple[str, _Phrases]:
    if rule.key == "only_n":
        return "only_n", _only(count)
    if rule.key == "number":
        return _KEY_OF_NUMBER[count], _NUMBER_WORDS[count]
    return rule.key, _PHRASES[rule.key]


def _only(n: int) -> _Phrases:
    if n == 1:
        return _ONLY_ONE
    return _phrases(
        *(_ONLY_TEMPLATES[code].format(n=number_word(n, code)) for code in LANGUAGES)
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


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(
            f"lang must be one of {', '.join(LANGUAGES)} (ISO 639-1), got {lang!r}."
        )
