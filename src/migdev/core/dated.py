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


def as_of_q(day: dt.date, prefix: str = "") -> Q:
    """The condition "valid on ``day``" for a dated row, optionally through a relation."""
    return (
        Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})
    ) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def parse_day(raw: str | None, default: dt.date | None = None) -> dt.date:
    """A day from a query string (YYYY-MM-DD); ``default`` (else today) when
    it is missing or not a date."""
    try:
        if raw:
            return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    return default or timezone.localdate()


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
