from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

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
