"""Template filters of the portal's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def isolate(value: Any, whole: str = "") -> SafeString:
    """``value`` in its own direction inside a sentence of another script (a
    release's source in English inside an Arabic sentence: ``<bdi>``);
    ``|isolate:"whole"`` also keeps it on one line (an identifier, never
    broken at its hyphens)."""
    if whole:
        return format_html('<bdi class="portal-whole">{}</bdi>', value)
    return format_html("<bdi>{}</bdi>", value)
