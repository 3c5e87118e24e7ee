"""Text in the six official languages of the United Nations, for the apps.

The languages themselves (codes, names, direction, plural rules, UN date
style) are defined in :mod:`migdev.languages`; this module adds what needs
Django: the active language, lazily translated names, ``LocalizedText``.

A ``LocalizedText`` maps a language code to a text. The fallback rule, used
wherever a text is shown: the requested language, else English, else the
first language that has a text, in the order ar, zh-hans, en, fr, ru, es.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from migdev import languages
from migdev.languages import UnknownLanguage

__all__ = [
    "FALLBACK_LANGUAGE",
    "LANGUAGE_CODES",
    "LANGUAGE_LABELS",
    "LocalizedText",
    "UnknownLanguage",
    "active_language",
    "normalize_language",
    "sort_key",
    "un_date",
    "un_datetime",
    "un_month",
]

#: Django's codes of the six official languages, in UN alphabetical order.
LANGUAGE_CODES: tuple[str, ...] = languages.CODES
FALLBACK_LANGUAGE = languages.FALLBACK

#: The languages' names in the interface's language (settings.LANGUAGES).
LANGUAGE_LABELS = {
    "ar": _("Arabic"),
    "zh-hans": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}
assert tuple(LANGUAGE_LABELS) == LANGUAGE_CODES

normalize_language = languages.normalize


def active_language(language: str | None = None) -> str:
    """``language`` if given, else the active one, as a canonical code
    (English when neither names an official language)."""
    try:
        return languages.normalize(
            language or translation.get_language() or FALLBACK_LANGUAGE
        )
    except UnknownLanguage:
        return FALLBACK_LANGUAGE


def _as_day(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return value


def un_date(
    value: dt.date | dt.datetime | str | None, language: str | None = None
) -> str:
    """A day in the style of UN documents, in ``language`` (default: the
    active one): "30 April 2008", "2008年4月30日", "30 апреля 2008 года"…
    Empty for ``None``. Aware date-times are shown on the local day."""
    if value is None or value == "":
        return ""
    return languages.format_date(_as_day(value), active_language(language))


def un_datetime(value: dt.datetime | None, language: str | None = None) -> str:
    """A date-time in local time: "30 April 2008, 15:05"."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return un_date(value, language)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return languages.format_datetime(value, active_language(language))


def un_month(value: dt.date | None, language: str | None = None) -> str:
    """A month and year: "April 2008", "2008年4月", "апрель 2008 года"."""
    if value is None:
        return ""
    return languages.format_month(_as_day(value), active_language(language))


def listed(
    items: Iterable[object], language: str | None = None, *, semicolon: bool = False
) -> str:
    """The items as ``language`` (default: the active one) writes a list:
    "DZA, MAR", "DZA、MAR", "DZA، MAR"; with ``semicolon``, items that hold
    commas ("; ", "；", "؛ "). Templates: ``{% list_sep %}``, ``|listed``."""
    return languages.get(active_language(language)).join(
        (str(item) for item in items), semicolon=semicolon
    )


def sentences(items: Iterable[object], language: str | None = None) -> str:
    """Sentences side by side as ``language`` (default: the active one) sets
    them: a space between, none after Chinese "。". Templates:
    ``{% sentence_sep %}``, ``|sentences``."""
    separator = languages.get(active_language(language)).sentence_separator
    return separator.join(str(item) for item in items)


def sort_key(text: str, language: str | None = None) -> str:
    """A key that sorts names as readers of ``language`` (default: the active
    one) expect: accents and case do not count ("Égypte" sorts with "Egypte");
    Chinese sorts by Hanyu Pinyin, as Chinese dictionaries and indexes do;
    Arabic sorts under the letter after the article, as UN lists do
    (الأرجنتين under أ, البحرين under ب), hamza forms of alef alike."""
    code = active_language(language)
    if code == "zh-hans":
        from pypinyin import lazy_pinyin

        # The characters break ties between names that read the same.
        return " ".join(lazy_pinyin(text)) + "\x00" + text
    decomposed = unicodedata.normalize("NFKD", text)
    key = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    if code == "ar" and key.startswith("ال") and len(key) > 3:
        key = key[2:]
    return key


class LocalizedText(dict[str, str]):
    """A text in several languages, with the fallback rule of this module."""

    def __init__(self, values: Mapping[str, str] | None = None, /, **kwargs: str):
        super().__init__()
        for code, text in {**(values or {}), **kwargs}.items():
            if text is None or str(text).strip() == "":
                continue
            self[normalize_language(code)] = str(text).strip()

    @classmethod
    def six(
        cls, *, ar: str, zh: str, en: str, fr: str, ru: str, es: str
    ) -> LocalizedText:
        """A text in all six languages, named so that none can be swapped."""
        return cls(languages.six(ar=ar, zh=zh, en=en, fr=fr, ru=ru, es=es))

    def get_text(self, language: str | None = None) -> str:
        """The text in ``language`` (default: the active one), with fallback."""
        wanted = active_language(language)
        for code in (wanted, FALLBACK_LANGUAGE, *LANGUAGE_CODES):
            if self.get(code):
                return self[code]
        return ""

    def missing(self, codes: Iterable[str] = LANGUAGE_CODES) -> list[str]:
        """The languages, of those given, that have no text."""
        return [code for code in codes if not self.get(code)]

    def __str__(self) -> str:
        return self.get_text()
