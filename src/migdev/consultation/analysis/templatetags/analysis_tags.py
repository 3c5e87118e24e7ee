"""Number formatting for the analysis pages, in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def percent(share: Any, decimals: int = 1) -> str:
    """A share (0–1) as a percentage in the active language: "43.8%", "43,8 %"."""
    if share is None or share == "":
        return "—"
    value = number_format(float(share) * 100, decimal_pos=decimals)
    # Translators: a percentage; French and Russian put a space before the sign.
    return pgettext("percentage", "%(value)s%%") % {"value": value}


@register.filter
def number(value: Any) -> str:
    """An integer with the active language's grouping."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=0, force_grouping=True)
