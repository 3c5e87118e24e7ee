from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import pgettext

from migdev.core.i18n import LocalizedText
from migdev.registry import permissions

register = template.Library()


@register.filter
def localized(value: Any, language: str | None = None) -> str:
    """A LocalizedText in the active language (or ``language``), with fallback."""
    if isinstance(value, dict):
        return LocalizedText(value).get_text(language or translation.get_language())
    return "" if value is None else str(value)


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, obj: Any) -> bool:
    request = context.get("request")
    return permissions.can(getattr(request, "user", None), action, obj)


@register.filter
def percentage(value: Any) -> str:
    """A percentage already rounded (``migdev.stats.shares.percent``) in the
    active language: "4.7%", "4,7 %"; "—" when there is none."""
    if value is None or value == "":
        return "—"
    number = number_format(value, decimal_pos=1)
    # Translators: a percentage; French and Russian put a space before the sign.
    return pgettext("percentage", "%(value)s%%") % {"value": number}
