"""The six official languages of the United Nations, defined once.

Codes, native names, writing direction, plural rules and the date style of UN
documents live here, and nowhere else. The module imports no Django, so that
``migdev.stats`` uses it exactly as the web apps (through ``migdev.core.i18n``)
do.

Codes
-----
The canonical code of a language is Django's: ``ar``, ``zh-hans``, ``en``,
``fr``, ``ru``, ``es``. It is the code in page addresses (``/zh-hans/``), in
the JSON keys of six-language texts and in every ``lang=`` parameter.
:func:`normalize` accepts the other spellings people and libraries use (``zh``,
``zh_Hans``, ``zh-CN``, ``ZH``) and maps them to it; :attr:`Language.bcp47`
(``zh-Hans``, for HTML ``lang`` attributes and fonts) and
:attr:`Language.locale` (``zh_Hans``, the catalogs' directory and Babel's
locale) are the only other forms, derived here.

Phrases
-------
Text that ``migdev.stats`` produces (quantifiers, map legends) is written in
English in the code, marked with :func:`pgettext_noop`, and translated from
the project's message catalogs (``migdev/locale/<locale>/LC_MESSAGES/
django.po``) by :func:`translate`. ``migdev makemessages`` collects these marks
with the rest of the site's strings, so translators see every phrase in one
catalog and ``tests/web/test_catalogs.py`` checks that none is missing.

Dates
-----
:func:`format_date` writes a day as the UN's documents of each language do:
30 April 2008; 2008年4月30日; 30 avril 2008; 30 апреля 2008 года;
30 de abril de 2008; 30 نيسان/أبريل 2008. Templates use the ``un_date``
filter (``migdev.core.templatetags.languages``), which calls it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar

__all__ = [
    "CODES",
    "FALLBACK",
    "LANGUAGES",
    "Code",
    "Language",
    "Phrase",
    "UnknownLanguage",
    "format_date",
    "format_datetime",
    "format_month",
    "get",
    "normalize",
    "pgettext_noop",
    "plural",
    "plural_categories",
    "plural_category",
    "six",
    "translate",
]

Code = Literal["ar", "zh-hans", "en", "fr", "ru", "es"]
"""The canonical code of an official language."""

T = TypeVar("T")

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@dataclass(frozen=True, slots=True)
class Language:
    """One official language and how the UN writes in it.

    Attributes
    ----------
    code :
        Canonical code (Django's), e.g. ``"zh-hans"``.
    bcp47 :
        The tag for HTML ``lang`` attributes, e.g. ``"zh-Hans"``.
    locale :
        The gettext and Babel locale, e.g. ``"zh_Hans"``.
    english_name, native_name :
        "Chinese", "中文".
    direction :
        ``"rtl"`` for Arabic, ``"ltr"`` otherwise.
    plural_forms :
        The gettext ``Plural-Forms`` header of the language's catalog.
    months :
        Month names as they stand in a full date (genitive in Russian,
        "نيسان/أبريل" in Arabic); empty for Chinese, which writes numbers.
    months_standalone :
        Month names without a day ("апрель 2008 года").
    quotes :
        Opening and closing quotation marks ("« " and " »" in French).
    list_separator :
        Between the items of a list ("、" in Chinese, "، " in Arabic).
    list_semicolon :
        Between items that hold commas themselves, or between the parts of a
        parenthesis ("؛ " in Arabic, "；" in Chinese).
    label_colon :
        After a label ("France: 12"): "：" in Chinese, " : " with a no-break
        space in French.
    sentence_separator :
        Between two sentences set side by side: a space, none in Chinese
        (its full stop "。" is full-width and takes no space after it).
    """

    code: Code
    bcp47: str
    locale: str
    english_name: str
    native_name: str
    direction: Literal["ltr", "rtl"]
    plural_forms: str
    months: tuple[str, ...]
    months_standalone: tuple[str, ...]
    quotes: tuple[str, str] = ("“", "”")
    list_separator: str = ", "
    list_semicolon: str = "; "
    label_colon: str = ": "
    sentence_separator: str = " "

    def join(self, items: Iterable[str], *, semicolon: bool = False) -> str:
        """ "a, b, c"; "a، b، c"; with ``semicolon``: "a; b", "a؛ b", "a；b"."""
        return (self.list_semicolon if semicolon else self.list_separator).join(items)

    def quote(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    def quoted_list(self, items: Iterable[str]) -> str:
        """ "“almost all”, “only three”", "“几乎所有”、“只有三个”"."""
        return self.list_separator.join(self.quote(item) for item in items)

    @property
    def bidi(self) -> bool:
        return self.direction == "rtl"

    @property
    def iso639_1(self) -> str:
        """The two-letter code ("zh"), as in the registry's CSV columns."""
        return self.code.split("-")[0]

    @property
    def names(self) -> frozenset[str]:
        """Lower-case names people write for the language, with and without
        accents: "chinese", "中文", "français", "francais"…"""
        import unicodedata

        found = {self.english_name.casefold(), self.native_name.casefold()}
        for name in tuple(found):
            bare = unicodedata.normalize("NFKD", name)
            bare = "".join(c for c in bare if not unicodedata.combining(c))
            if bare.isascii():
                found.add(bare)
        return frozenset(found)


_FRENCH_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre"
).split()
_SPANISH_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre"
).split()
_ENGLISH_MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()
# The UN writes both the Levantine and the Egyptian name of each month
# ("نيسان/أبريل"), and "يونيه"/"يوليه" rather than "يونيو"/"يوليو".
_ARABIC_MONTHS = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)

LANGUAGES: tuple[Language, ...] = (
    Language(
        code="ar",
        bcp47="ar",
        locale="ar",
        english_name="Arabic",
        native_name="العربية",
        direction="rtl",
        plural_forms=(
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
        ),
        months=_ARABIC_MONTHS,
        months_standalone=_ARABIC_MONTHS,
        quotes=("«", "»"),
        list_separator="، ",
        list_semicolon="؛ ",
    ),
    Language(
        code="zh-hans",
        bcp47="zh-Hans",
        locale="zh_Hans",
        english_name="Chinese",
        native_name="中文",
        direction="ltr",
        plural_forms="nplurals=1; plural=0;",
        months=(),
        months_standalone=(),
        list_separator="、",
        list_semicolon="；",
        label_colon="：",
        sentence_separator="",
    ),
    Language(
        code="en",
        bcp47="en",
        locale="en",
        english_name="English",
        native_name="English",
        direction="ltr",
        plural_forms="nplurals=2; plural=(n != 1);",
        months=tuple(_ENGLISH_MONTHS),
        months_standalone=tuple(_ENGLISH_MONTHS),
    ),
    Language(
        code="fr",
        bcp47="fr",
        locale="fr",
        english_name="French",
        native_name="Français",
        direction="ltr",
        plural_forms="nplurals=2; plural=(n > 1);",
        months=tuple(_FRENCH_MONTHS),
        months_standalone=tuple(_FRENCH_MONTHS),
        quotes=("«\u00a0", "\u00a0»"),
        label_colon="\u00a0: ",
    ),
    Language(
        code="ru",
        bcp47="ru",
        locale="ru",
        english_name="Russian",
        native_name="Русский",
        direction="ltr",
        plural_forms=(
            "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
            "n%10<=4 && (n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && "
            "n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
        ),
        months=tuple(
            "января февраля марта апреля мая июня июля августа сентября "
            "октября ноября декабря".split()
        ),
        months_standalone=tuple(
            "январь февраль март апрель май июнь июль август сентябрь "
            "октябрь ноябрь декабрь".split()
        ),
        quotes=("«", "»"),
    ),
    Language(
        code="es",
        bcp47="es",
        locale="es",
        english_name="Spanish",
        native_name="Español",
        direction="ltr",
        plural_forms=(
            "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
        ),
        months=tuple(_SPANISH_MONTHS),
        months_standalone=tuple(_SPANISH_MONTHS),
    ),
)
"""The six languages in the UN's order (the English alphabetical order of
their names, as in the UN's documents: Arabic, Chinese, English, French,
Russian, Spanish)."""

CODES: tuple[Code, ...] = tuple(language.code for language in LANGUAGES)
FALLBACK: Code = "en"

_BY_CODE: Mapping[str, Language] = MappingProxyType({x.code: x for x in LANGUAGES})

# Every other spelling of a code that is accepted on input.
_ALIASES: Mapping[str, Code] = MappingProxyType(
    {
        "zh": "zh-hans",
        "zh-cn": "zh-hans",
        "zh-sg": "zh-hans",
        "zh-hans-cn": "zh-hans",
        "cmn": "zh-hans",
        "ara": "ar",
        "eng": "en",
        "fra": "fr",
        "fre": "fr",
        "rus": "ru",
        "spa": "es",
        "zho": "zh-hans",
        "chi": "zh-hans",
    }
)


class UnknownLanguage(ValueError):
    """A language code that is not one of the six official languages."""

    def __init__(self, code: object) -> None:
        self.code = code
        super().__init__(
            f"Unknown language code {code!r}: use one of {', '.join(CODES)}."
        )


def normalize(code: str) -> Code:
    """Return the canonical code for ``code`` or raise :class:`UnknownLanguage`.

    >>> normalize("zh_Hans"), normalize("ZH"), normalize("fr")
    ('zh-hans', 'zh-hans', 'fr')
    """
    if not isinstance(code, str):
        raise UnknownLanguage(code)
    lowered = code.strip().lower().replace("_", "-")
    canonical = _ALIASES.get(lowered, lowered)
    if canonical not in _BY_CODE:
        raise UnknownLanguage(code)
    return _BY_CODE[canonical].code


def get(code: str) -> Language:
    """The :class:`Language` of ``code`` (any accepted spelling)."""
    return _BY_CODE[normalize(code)]


def six(*, ar: T, zh: T, en: T, fr: T, ru: T, es: T) -> dict[Code, T]:
    """A value per language, keyed by canonical code.

    Keyword-only, so that no table depends on the order of its arguments:
    ``six(ar=…, zh=…, en=…, fr=…, ru=…, es=…)``.
    """
    return {"ar": ar, "zh-hans": zh, "en": en, "fr": fr, "ru": ru, "es": es}


# --- Plural rules ------------------------------------------------------------


def plural_category(n: int, language: str) -> str:
    """The CLDR plural category of ``n`` in ``language``: ``"zero"``,
    ``"one"``, ``"two"``, ``"few"``, ``"many"`` or ``"other"``.

    >>> plural_category(7, "ar"), plural_category(21, "ru")
    ('few', 'one')
    """
    return str(_babel_locale(normalize(language)).plural_form(n))


#: CLDR plural categories, in CLDR's order.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


class PluralFormMissing(ValueError):
    """A text written for some counts only: ``category`` has no form."""

    def __init__(self, n: int, language: str, category: str) -> None:
        self.n, self.language, self.category = n, language, category
        examples = ", ".join(str(k) for k in plural_examples(language)[category])
        super().__init__(
            f"no plural form {category} (for {n}; in {get(language).english_name} "
            f"also {examples}…): write {category}= or other="
        )


@functools.cache
def plural_examples(language: str) -> dict[str, tuple[int, ...]]:
    """The categories whole numbers take in ``language``, each with its
    first counts: Russian ``{"one": (1, 21, 31), "few": (2, 3, 4), "many":
    (0, 5, 6)}``."""
    found: dict[str, list[int]] = {}
    for n in (*range(1000), 10**6):
        found.setdefault(plural_category(n, language), []).append(n)
    return {
        category: tuple(found[category][:3])
        for category in PLURAL_CATEGORIES
        if category in found
    }


def plural_categories(language: str) -> tuple[str, ...]:
    """The plural categories of whole numbers in ``language``: ``("one",
    "few", "many")`` in Russian; ``("zero", "one", "two", "few", "many",
    "other")`` in Arabic; ``("other",)`` in Chinese."""
    return tuple(plural_examples(normalize(language)))


def plural(
    n: int, language: str, forms: Mapping[str, str], *, number: str | None = None
) -> str:
    """The text of ``forms`` (CLDR category → text) that agrees with ``n``;
    ``#`` in it stands for the number, written ``number`` (``"15 000"``) or
    plainly. A form without ``#`` writes no figure, as Arabic does for one
    and two ("دولة عضو واحدة", "دولتان عضوان"). ``other`` serves a category
    that has no form of its own; :class:`PluralFormMissing` when neither is
    given.

    >>> forms = {"one": "# государство", "few": "# государства",
    ...          "many": "# государств"}
    >>> [plural(n, "ru", forms) for n in (1, 3, 11, 21, 64)]
    ['1 государство', '3 государства', '11 государств', '21 государство', \
'64 государства']
    """
    category = plural_category(n, language)
    form = forms.get(category, forms.get("other"))
    if form is None:
        raise PluralFormMissing(n, normalize(language), category)
    return form.replace("#", str(n) if number is None else number)


@functools.cache
def _babel_locale(code: Code):  # type: ignore[no-untyped-def]
    from babel import Locale

    return Locale.parse(_BY_CODE[code].locale)


# --- Phrases from the message catalogs -----------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase of the message catalogs: English text and its context.

    ``phrase("ru")`` (or ``phrase["ru"]``) is the text in Russian, from the
    catalogs; the English text where a catalog has no translation.
    """

    context: str
    message: str

    def __call__(self, language: str) -> str:
        return translate(language, self.context, self.message)

    def __getitem__(self, language: str) -> str:
        return self(language)

    def all(self) -> dict[Code, str]:
        """The phrase in the six languages."""
        return {code: self(code) for code in CODES}


def pgettext_noop(context: str, message: str) -> Phrase:
    """Mark ``message`` (with its ``context``) for the message catalogs.

    ``migdev makemessages`` collects these marks (its ``--keyword``
    ``pgettext_noop:1c,2``) into ``django.po`` with the site's strings.
    """
    return Phrase(context, message)


def translate(language: str, context: str, message: str) -> str:
    """``message`` in ``language``, from the project's catalogs; ``message``
    itself where the catalog has no (or only a fuzzy) translation."""
    catalog = _catalog(normalize(language))
    return catalog.get((context, message)) or message


@functools.cache
def _catalog(code: Code) -> Mapping[tuple[str, str], str]:
    # The .po files are the source of truth and ship with the package, so
    # reading them needs no compiled catalog (and no gettext tools).
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / _BY_CODE[code].locale / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return MappingProxyType({})
    with path.open("rb") as handle:
        catalog = read_po(handle)
    table: dict[tuple[str, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            table[(message.context or "", message.id)] = message.string
    return MappingProxyType(table)


# --- Dates in the style of UN documents ---------------------------------------


def format_date(day: dt.date, language: str) -> str:
    """``day`` as the UN's documents in ``language`` write it.

    >>> [format_date(dt.date(2008, 4, 30), code) for code in CODES]
    ['30 نيسان/أبريل 2008', '2008年4月30日', '30 April 2008', '30 avril 2008', \
'30 апреля 2008 года', '30 de abril de 2008']
    >>> format_date(dt.date(2008, 5, 1), "fr")
    '1er mai 2008'
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    code = normalize(language)
    if code == "zh-hans":
        return f"{day.year}年{day.month}月{day.day}日"
    month = _BY_CODE[code].months[day.month - 1]
    if code == "en":
        return f"{day.day} {month} {day.year}"
    if code == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if code == "ru":
        return f"{day.day} {month} {day.year} года"
    if code == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"  # ar


def format_month(day: dt.date, language: str) -> str:
    """The month and year of ``day``: April 2008; 2008年4月; avril 2008;
    апрель 2008 года; abril de 2008; نيسان/أبريل 2008."""
    code = normalize(language)
    if code == "zh-hans":
        return f"{day.year}年{day.month}月"
    month = _BY_CODE[code].months_standalone[day.month - 1]
    if code == "ru":
        return f"{month} {day.year} года"
    if code == "es":
        return f"{month} de {day.year}"
    return f"{month} {day.year}"


def format_datetime(moment: dt.datetime, language: str) -> str:
    """A day and time of day (24-hour clock) in ``language``: 30 April 2008,
    15:05; 2008年4月30日 15:05. ``moment`` is shown as given: convert it to
    local time first."""
    code = normalize(language)
    day = format_date(moment.date(), code)
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    if code == "zh-hans":
        return f"{day} {clock}"
    if code == "ar":
        return f"{day}، {clock}"
    return f"{day}, {clock}"
