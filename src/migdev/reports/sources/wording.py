"""How the fields write spans of days, lengths in days and amounts of money in
each language, as the UN's documents do: "14 and 15 September 2006",
"2006年9月14日和15日"; "two days", "两天"; "€15 million", "1 500 万欧元",
"15 millions d’euros", "15 millones de euros", "15 млн. евро", "15 مليون يورو".

Numbers are grouped as ``reports.formatting`` groups them (so that every
number of a report looks alike); the decimal mark and the currency's name and
symbol come from Babel (CLDR).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import babel.numbers

from migdev.languages import format_date, normalize
from migdev.languages import get as language_get
from migdev.reports.formatting import format_number

# --- Spans of days ---------------------------------------------------------------

_AND = {"en": "and", "fr": "et", "es": "y", "ru": "и", "ar": "و", "zh-hans": "和"}


def format_days(start: dt.date, end: dt.date, language: str) -> str:
    """A meeting's days: "10 and 11 July 2007", "10 et 11 juillet 2007",
    "10 y 11 de julio de 2007", "10 и 11 июля 2007 года", "2007年7月10日和11日",
    "10 و 11 تموز/يوليه 2007"; longer spans with a dash ("27–29 October
    2008"); one day is the date."""
    code = normalize(language)
    if end <= start:
        return format_date(start, code)
    joint = _AND[code] if (end - start).days == 1 else "–"
    if code == "zh-hans":
        if (start.year, start.month) == (end.year, end.month):
            return f"{format_date(start, code)}{joint}{end.day}日"
        if start.year == end.year:
            return f"{format_date(start, code)}{joint}{end.month}月{end.day}日"
        return f"{format_date(start, code)}{joint}{format_date(end, code)}"
    spaced = f" {joint} " if joint != "–" else joint
    if code == "ar" and joint != "–":
        spaced = " و "
    if (start.year, start.month) == (end.year, end.month):
        first = f"{'1er' if code == 'fr' and start.day == 1 else start.day}"
        return f"{first}{spaced}{format_date(end, code)}"
    if start.year == end.year:
        head = format_date(start, code)
        # "30 September to 2 October 2008": the first day without its year.
        head = head.replace(f" {start.year} года", "").replace(f" de {start.year}", "")
        head = head.replace(f" {start.year}", "")
        return f"{head}{spaced}{format_date(end, code)}"
    return f"{format_date(start, code)}{spaced}{format_date(end, code)}"


# --- Lengths in days -------------------------------------------------------------

_WORDS = {
    "en": "one two three four five six seven eight nine ten".split(),
    "fr": "un deux trois quatre cinq six sept huit neuf dix".split(),
    "es": "un dos tres cuatro cinco seis siete ocho nueve diez".split(),
    "ru": "один два три четыре пять шесть семь восемь девять десять".split(),
    "zh-hans": list("一两三四五六七八九十"),
    "ar": [
        "يوم واحد",
        "يومين",
        "ثلاثة",
        "أربعة",
        "خمسة",
        "ستة",
        "سبعة",
        "ثمانية",
        "تسعة",
        "عشرة",
    ],
}
_DAY = {
    "en": ("day", "days"),
    "fr": ("jour", "jours"),
    "es": ("día", "días"),
    "zh-hans": ("天", "天"),
}


def format_day_count(days: int, language: str) -> str:
    """A length in days, spelled out below eleven as UN documents do: "two
    days", "deux jours", "dos días", "два дня", "两天", "يومين"; beyond ten
    in figures ("12 days")."""
    code = normalize(language)
    if code == "ru":
        forms = ("день", "дня", "дней")
        word = _WORDS[code][days - 1] if 1 <= days <= 10 else format_number(days, code)
        return f"{word} {forms[_ru_form(days)]}"
    if code == "ar":
        if days in (1, 2):
            return _WORDS[code][days - 1]
        word = _WORDS[code][days - 1] if days <= 10 else format_number(days, code)
        return f"{word} {'أيام' if days <= 10 else 'يوما'}"
    word = _WORDS[code][days - 1] if 1 <= days <= 10 else format_number(days, code)
    one, many = _DAY[code]
    if code == "zh-hans":
        return f"{word}{one}" if days <= 10 else f"{word} {one}"
    return f"{word} {one if days == 1 else many}"


def _ru_form(n: int) -> int:
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# --- Amounts of money ----------------------------------------------------------

_MILLION = Decimal(1_000_000)


def _figure(x: Decimal, code: str) -> str:
    """``x`` with the report's digit groups and Babel's decimal mark (one or
    two decimals where it has them: 1.5, 2.25)."""
    locale = language_get(code).locale
    text = babel.numbers.format_decimal(x, format="0.##", locale=locale)
    mark = babel.numbers.get_decimal_symbol(locale)
    _whole, _sep, fraction = text.partition(mark)
    whole = format_number(int(x), code)
    return f"{whole}{mark}{fraction}" if fraction else whole


def _currency_name(currency: str, code: str, count: int) -> str:
    return babel.numbers.get_currency_name(
        currency, count=count, locale=language_get(code).locale
    )


def format_amount(amount: Decimal, currency: str, language: str) -> str:
    """An amount of money as UN documents in ``language`` write it."""
    code = normalize(language)
    amount = Decimal(amount)
    if code == "zh-hans":
        return _chinese_amount(amount, currency)
    in_millions = amount >= _MILLION and amount % (_MILLION / 100) == 0
    if not in_millions:
        figure = _figure(amount, code)
        if code == "en":
            return _english(figure, currency)
        return f"{figure} {_currency_name(currency, code, 5)}"
    millions = (amount / _MILLION).normalize()
    figure = _figure(millions, code)
    if code == "en":
        return _english(f"{figure} million", currency)
    if code == "fr":
        name = _currency_name(currency, code, 2)
        word = "million" if millions < 2 else "millions"
        de = "d’" if name[:1].lower() in "aeéèêiîoôuy" else "de "
        return f"{figure} {word} {de}{name}"
    if code == "es":
        word = "millón" if millions == 1 else "millones"
        return f"{figure} {word} de {_currency_name(currency, code, 2)}"
    if code == "ru":
        return f"{figure} млн. {_currency_name(currency, code, 5)}"
    # Arabic: ملايين after three to ten, مليون otherwise.
    word = "ملايين" if millions == int(millions) and 3 <= millions <= 10 else "مليون"
    return f"{figure} {word} {_currency_name(currency, code, 11)}"


def _english(figure: str, currency: str) -> str:
    """ "€15 million", "$2.5 million" (United States dollars), "CHF 3 million"
    where the currency has no symbol of its own."""
    symbol = babel.numbers.get_currency_symbol(currency, locale="en")
    if symbol == currency or symbol.isalpha():
        return f"{currency} {figure}"
    return f"{symbol}{figure}"


def _chinese_amount(amount: Decimal, currency: str) -> str:
    """ "1 500 万欧元"; amounts of a hundred million and more in 亿 ("1.5 亿美元");
    below ten thousand in figures."""
    name = _currency_name(currency, "zh-hans", 2)
    if amount >= Decimal(100_000_000) and amount % 1_000_000 == 0:
        return f"{_figure((amount / Decimal(100_000_000)).normalize(), 'zh-hans')} 亿{name}"
    if amount >= 10_000 and amount % 100 == 0:
        return f"{_figure((amount / 10_000).normalize(), 'zh-hans')} 万{name}"
    return f"{_figure(amount, 'zh-hans')}{name}"
