"""Dated memberships: X belongs to Y from a date up to (not including) a date.

``start`` empty means "since the beginning of the records"; ``end`` empty means
"still a member". A membership counts on day ``d`` when start <= d < end, so a
State that leaves a group on 4 December 2020 is not a member that day.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.core.errors import BadInput


def as_of_q(day: dt.date, prefix: str = "") -> Q:
    """The condition "valid on ``day``" for a dated row, optionally through a relation."""
    return (
        Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})
    ) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


#: The days an ``as_of`` may name. Every record falls between them, and the
#: day after the last one still exists in any time zone (9999-12-31 does not).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)


class DayOutOfRange(BadInput):
    """A day that is not a date, or outside FIRST_DAY–LAST_DAY (answered 400)."""

    code = "invalid_date"


def _day_error(field: str) -> DayOutOfRange:
    return DayOutOfRange(
        _("Give %(field)s as a date YYYY-MM-DD between %(first)s and %(last)s.")
        % {
            "field": field,
            "first": FIRST_DAY.isoformat(),
            "last": LAST_DAY.isoformat(),
        },
        field=field,
    )


def check_day(day: dt.date | None, field: str = "as_of") -> dt.date | None:
    """``day`` itself if it lies within FIRST_DAY–LAST_DAY (or is None), else
    ``DayOutOfRange``: for days an API has already parsed."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise _day_error(field)
    return day


def parse_day(
    raw: str | None, default: dt.date | None = None, *, field: str = "as_of"
) -> dt.date:
    """A day from a query string (YYYY-MM-DD); ``default`` (else today) when
    it is missing. ``DayOutOfRange`` (a 400 saying the range) when it is not a
    date or lies outside FIRST_DAY–LAST_DAY."""
    if not raw:
        return default or timezone.localdate()
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise _day_error(field) from None
    return check_day(day, field) or day


class DatedQuerySet(models.QuerySet):
    def as_of(self, day: dt.date | None = None) -> DatedQuerySet:
        """The rows valid on ``day`` (default: today)."""
        return self.filter(as_of_q(day or timezone.localdate()))


class DatedMembership(models.Model):
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(
        _("until (exclusive)"),
        null=True,
        blank=True,
        help_text=_("The first day on which the membership no longer holds."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
            )
        ]

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (
            self.end is None or day < self.end
        )
