"""Numbers and lists as the UN's documents write them in each language.

Dates are ``migdev.languages.format_date`` (2008年7月15日, 15 July 2008…);
quantifiers are ``migdev.stats.quantifiers``; names of States come from the
registry as of a day. This module adds what a report needs besides: whole
numbers with the language's thousands separator, and "A, B and C".
"""

from __future__ import annotations

from migdev import languages
from migdev.languages import normalize

# UN editorial practice: a comma in English; a (no-break) space in French,
# Russian, Chinese, Arabic; Spanish documents of the UN use a space as well.
# U+00A0 keeps the groups together (and in order in right-to-left text).
_THOUSANDS = {
    "en": ",",
    "fr": "\u00a0",
    "ru": "\u00a0",
    "es": "\u00a0",
    "zh-hans": "\u00a0",
    "ar": ",",
}
_AND = {
    "en": " and ",
    "fr": " et ",
    "es": " y ",
    "ru": " и ",
    "zh-hans": "和",
    "ar": " و",
}


def format_number(n: int | float, language: str) -> str:
    """``15000`` → "15,000" (en), "15 000" (fr, ru, es, zh, with a no-break
    space); Spanish writes four-digit numbers without a separator ("1500")."""
    code = normalize(language)
    if isinstance(n, float) and not n.is_integer():
        whole, _dot, frac = f"{n:.1f}".partition(".")
        decimal = "." if code in ("en", "zh-hans") else ","
        return format_number(int(whole), code) + decimal + frac
    digits = f"{int(n):,}".replace(",", _THOUSANDS[code])
    if code == "es" and abs(int(n)) < 10000:
        # The Spanish style guide: no separator in four-digit numbers.
        digits = digits.replace("\u00a0", "")
    return digits


def join_list(items: list[str], language: str) -> str:
    """ "Belgium, Greece and Philippines"; "比利时、希腊和菲律宾"; Arabic
    joins every item with و."""
    code = normalize(language)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    # The list's own separator ("、" in Chinese) comes from the one module of
    # language facts; UN Arabic writes و before every item, not only the last.
    comma = _AND[code] if code == "ar" else languages.get(code).list_separator
    return comma.join(items[:-1]) + _AND[code] + items[-1]
