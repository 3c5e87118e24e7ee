"""Names of countries as of a day, for any template:

    {% load registry_names %}
    {{ recipient.country|name_on:campaign.opens_on }}
    {{ country|name_on:as_of|default:"" }}

The filter gives the UN short name the country bore on that day in the
active language ("Swaziland" in 2008, "Eswatini" today). For lists, fetch the
former names with ``registry.selectors.with_former_names`` (one query).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from migdev.registry import selectors

register = template.Library()

STANDING_LABELS = {
    selectors.MEMBER_STATE: _("Member State"),
    selectors.OBSERVER_STATE: _("Non-member observer State"),
    selectors.OBSERVER_ENTITY: _("Observer entity"),
    selectors.AREA: _("Area (not a State)"),
}


@register.filter
def name_on(country: Any, day: dt.date | None = None) -> str:
    if country is None:
        return ""
    return selectors.country_name(country, day if isinstance(day, dt.date) else None)


@register.filter
def standing_label(standing: str) -> str:
    return str(STANDING_LABELS.get(standing, ""))
