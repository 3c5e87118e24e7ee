"""Number formatting for the analysis pages, in the active language (percentages:
the ``percentage`` filter of the ``migdev`` library)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """An integer with the active language's grouping."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=0, force_grouping=True)
