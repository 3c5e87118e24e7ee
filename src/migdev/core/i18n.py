"""Text in the six official languages of the United Nations.

A ``LocalizedText`` maps a language code to a text. The fallback rule, used
wherever a text is shown: the requested language, else English, else the
first language that has a text, in the order ar, zh-hans, en, fr, ru, es.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from django.utils import translation

#: Django's codes of the six official languages, in UN alphabetical order.
LANGUAGE_CODES: tuple[str, ...] = ("ar", "zh-hans", "en", "fr", "ru", "es")
FALLBACK_LANGUAGE = "en"

# Codes accepted on input and the canonical code they stand for.
_ALIASES = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh_hans": "zh-hans",
    "zh-hans": "zh-hans",
    "zh_cn": "zh-hans",
}


class UnknownLanguage(ValueError):
    """A language code that is not one of the six official languages."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"Unknown language code {code!r}: use one of {', '.join(LANGUAGE_CODES)}."
        )


def normalize_language(code: str) -> str:
    """Return the canonical code for ``code`` or raise ``UnknownLanguage``."""
    lowered = code.strip().lower().replace("_", "-")
    lowered = _ALIASES.get(lowered, lowered)
    if lowered not in LANGUAGE_CODES:
        raise UnknownLanguage(code)
    return lowered


def sort_key(text: str, language: str | None = None) -> str:
    """A key that sorts names as readers of ``language`` (default: the active
    one) expect: accents and case do not count ("Égypte" sorts with "Egypte");
    Chinese sorts by Hanyu Pinyin, as Chinese dictionaries and indexes do."""
    language = language or translation.get_language() or FALLBACK_LANGUAGE
    if language.startswith("zh"):
        from pypinyin import lazy_pinyin

        # The characters break ties between names that read the same.
        return " ".join(lazy_pinyin(text)) + "\x00" + text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class LocalizedText(dict[str, str]):
    """A text in several languages, with the fallback rule of this module."""

    def __init__(self, values: Mapping[str, str] | None = None, /, **kwargs: str):
        super().__init__()
        for code, text in {**(values or {}), **kwargs}.items():
            if text is None or str(text).strip() == "":
                continue
            self[normalize_language(code)] = str(text).strip()

    def get_text(self, language: str | None = None) -> str:
        """The text in ``language`` (default: the active one), with fallback."""
        wanted = language or translation.get_language() or FALLBACK_LANGUAGE
        try:
            wanted = normalize_language(wanted)
        except UnknownLanguage:
            wanted = FALLBACK_LANGUAGE
        for code in (wanted, FALLBACK_LANGUAGE, *LANGUAGE_CODES):
            if self.get(code):
                return self[code]
        return ""

    def has(self, language: str) -> bool:
        return bool(self.get(normalize_language(language)))

    def missing(self, languages: Iterable[str] = LANGUAGE_CODES) -> list[str]:
        """The languages, of those given, that have no text."""
        return [code for code in languages if not self.get(code)]

    def __str__(self) -> str:
        return self.get_text()
