"""The replies chart of a campaign's tracking page: replies received so far,
day by day, with the deadline and the reminders marked, drawn by
:func:`migdev.stats.charts.dated_svg`, and the same numbers as a table.

Only shaping here: the series comes from ``selectors.replies_over_time``, the
words from the active language's catalog; the drawing (numbers and months in
the language, Arabic right to left, no script) is the stats library's, the
same for a page, a PDF and, through :func:`migdev.stats.charts.to_png`, a
Word document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from migdev.core.i18n import listed, un_date
from migdev.stats import charts

DEADLINE_COLOR = "#b22222"
REMINDER_COLOR = "#d08a2c"


@dataclass(frozen=True)
class RepliesFigure:
    """The chart and its numbers: one row per month, marked day and end."""

    svg: str
    columns: list[str]
    rows: list[list[str]]


def total_label(count: int) -> str:
    """ "64 replies", with the plural form of the language."""
    return ngettext("%(count)s reply", "%(count)s replies", count) % {
        "count": number_format(count)
    }


def replies_figure(
    series: Sequence[tuple[dt.date, int, int]],
    *,
    deadline: dt.date,
    reminders: Sequence[dt.date],
) -> RepliesFigure:
    """The replies chart of ``series`` ((day, replies that day, replies so
    far) per day) in the active language."""
    if not series:
        series = [(deadline, 0, 0)]
    days = [day for day, _n, _total in series]
    totals = [total for _d, _n, total in series]
    svg = charts.dated_svg(
        days,
        [charts.Series(total_label(totals[-1]), totals)],
        markers=[
            charts.Marker(_("Deadline"), [deadline], color=DEADLINE_COLOR),
            charts.Marker(_("Reminder"), reminders, color=REMINDER_COLOR, dashed=True),
        ],
        step=True,
        lang=translation.get_language() or "en",
        title=_("Replies over time"),
    )
    return RepliesFigure(
        svg=svg,
        columns=[_("Date"), _("Event"), _("Replies so far")],
        rows=_rows(series, deadline=deadline, reminders=reminders),
    )


def _rows(
    series: Sequence[tuple[dt.date, int, int]],
    *,
    deadline: dt.date,
    reminders: Sequence[dt.date],
) -> list[list[str]]:
    first, last = series[0][0], series[-1][0]
    events: dict[dt.date, list[str]] = {first: [], last: []}
    for day, _n, _total in series:
        if day.day == 1:
            events.setdefault(day, [])
    for day in reminders:
        if first <= day <= last:
            events.setdefault(day, []).append(_("Reminder"))
    if first <= deadline <= last:
        events.setdefault(deadline, []).append(_("Deadline"))
    so_far = {day: total for day, _n, total in series}
    return [
        [un_date(day), listed(events[day]), number_format(so_far[day])]
        for day in sorted(events)
    ]
