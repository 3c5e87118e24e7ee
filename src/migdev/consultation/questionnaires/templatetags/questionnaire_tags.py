"""Template helpers of the questionnaire pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def in_language(value: Any, language: str) -> str:
    """The text of a six-language value in exactly ``language`` (no fallback)."""
    if isinstance(value, dict):
        return value.get(language) or ""
    return ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
