"""Template filters for dates in the style of UN documents, and the six
languages for selectors and ``lang`` attributes.

A builtin library (settings.TEMPLATES), so every template, e-mail bodies
included, writes ``{{ campaign.deadline|un_date }}`` → "30 April 2008",
"2008年4月30日", "30 апреля 2008 года"… in the active language, or in the
language given: ``{{ day|un_date:recipient.language }}``. Use these instead of
Django's named date formats, which are not the UN's (English
"April 30, 2008", Russian "30 апреля 2008 г.", Arabic month names).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from migdev import languages
from migdev.core import i18n
from migdev.core.fields import missing_languages

register = template.Library()


@register.filter
def un_date(value: Any, language: str | None = None) -> str:
    """A day: "30 April 2008". Empty for no value, so ``|default`` works."""
    return i18n.un_date(value, language)


@register.filter
def un_datetime(value: Any, language: str | None = None) -> str:
    """A date-time in local time: "30 April 2008, 15:05"."""
    return i18n.un_datetime(value, language)


@register.simple_tag
def official_languages() -> tuple[languages.Language, ...]:
    """The six languages, with their native names ("中文", "Русский") and
    BCP 47 tags, for language selectors."""
    return languages.LANGUAGES


@register.filter
def bcp47(code: str) -> str:
    """The tag for a ``lang`` attribute: "zh-Hans" for Django's "zh-hans"."""
    return languages.get(i18n.active_language(code)).bcp47


@register.filter
def missing_translations(instance: Any) -> list[str]:
    """The languages in which any six-language field of ``instance`` (a
    theme's label or its definition…) has no text."""
    return missing_languages(instance)


@register.filter
def un_month(value: Any, language: str | None = None) -> str:
    """A month: "April 2008", "2008年4月"."""
    return i18n.un_month(value, language)


@register.simple_tag
def list_sep(kind: str = ",") -> str:
    """The active language's separator between the items of a list ("، " in
    Arabic, "、" in Chinese), or with ``";"`` between items that hold commas
    or between the parts of a parenthesis ("؛ ", "；"):
    ``{% if not forloop.last %}{% list_sep ";" %}{% endif %}``."""
    lang = languages.get(i18n.active_language(None))
    return lang.list_semicolon if kind == ";" else lang.list_separator


@register.simple_tag
def label_colon() -> str:
    """What the active language writes after a label: "France: 12",
    "法国：12", "France : 12"."""
    return languages.get(i18n.active_language(None)).label_colon


@register.simple_tag
def sentence_sep() -> str:
    """Between two sentences of the active language: a space, none after
    Chinese "。". Write the sentences on one line around it, so that no line
    break in the template adds a space of its own."""
    return languages.get(i18n.active_language(None)).sentence_separator


@register.filter(needs_autoescape=True)
def listed(items: Any, kind: str = ",", autoescape: bool = True) -> str:
    """Join the items (escaped) as the active language writes a list:
    ``{{ message.to|listed }}``, ``{{ names|listed:";" }}``."""
    esc = conditional_escape if autoescape else (lambda x: x)
    return mark_safe(  # every item is escaped above
        i18n.listed((esc(i) for i in items), semicolon=kind == ";")
    )


@register.filter(needs_autoescape=True)
def sentences(items: Any, autoescape: bool = True) -> str:
    """Join sentences (escaped), such as a field's errors, as the active
    language does: a space between them, none after Chinese "。":
    ``{{ field.errors|sentences }}``."""
    esc = conditional_escape if autoescape else (lambda x: x)
    return mark_safe(i18n.sentences(esc(i) for i in items))  # escaped above


@register.simple_tag
def acronym_after(name: Any, acronym: Any) -> str:
    """The acronym after a name as the active language writes it
    (" (MTM)", "（MTM）"), or nothing when there is none or the name
    already holds it ("5+5 Dialogue"): ``{{ name }}{% acronym_after name acr %}``."""
    name, acronym = str(name or ""), str(acronym or "")
    if not acronym or acronym in name:
        return ""
    return mark_safe(  # the catalog's text around the escaped acronym
        pgettext("acronym after a name", " (%(acronym)s)")
        % {"acronym": conditional_escape(acronym)}
    )
