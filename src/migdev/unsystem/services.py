"""Writes of the UN-system activities: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Organization
from migdev.registry.permissions import require
from migdev.unsystem import rules
from migdev.unsystem.models import Activity, Contribution, Cycle

CREATE = AuditEntry.Action.CREATE
UPDATE = AuditEntry.Action.UPDATE
ACTIVITY_FIELDS = (
    "title",
    "description",
    "language",
    "period_start",
    "period_end",
    "partners",
    "funding",
    "links",
)


@transaction.atomic
def cycle_open(
    actor: Any,
    *,
    title: Mapping[str, str],
    period_start: dt.date,
    period_end: dt.date,
    opens_on: dt.date,
    deadline: dt.date,
    organizations: Iterable[Organization],
) -> Cycle:
    """Open a reporting cycle and request a contribution from each entity."""
    require(actor, rules.MANAGE, Cycle)
    cycle = Cycle(
        title=LocalizedText(dict(title)),
        period_start=period_start,
        period_end=period_end,
        opens_on=opens_on,
        deadline=deadline,
        status=Cycle.Status.OPEN,
    )
    cycle.full_clean()
    cycle.save()
    audit_record(actor=actor, instance=cycle, action=CREATE)
    orgs = list(organizations)
    if not orgs:
        raise ValidationError(_("Choose the entities asked to contribute."))
    Contribution.objects.bulk_create(
        [Contribution(cycle=cycle, organization=o) for o in orgs]
    )
    return cycle


@transaction.atomic
def cycle_close(actor: Any, cycle: Cycle) -> Cycle:
    require(actor, rules.MANAGE, cycle)
    before = snapshot(cycle)
    cycle.status = Cycle.Status.CLOSED
    cycle.save()
    audit_record(actor=actor, instance=cycle, action=UPDATE, before=before)
    return cycle


@transaction.atomic
def activity_submit(
    actor: Any,
    contribution: Contribution,
    *,
    themes: Iterable[Any] = (),
    tags: Iterable[Any] = (),
    **fields: Any,
) -> Activity:
    """The entity's reporting officer submits an activity (title, description
    in any official language, period, partners, funding, links, themes, tags)."""
    require(actor, rules.CONTRIBUTE, contribution)
    contribution = (
        Contribution.objects.select_for_update()
        .select_related("cycle")
        .get(pk=contribution.pk)
    )
    if contribution.cycle.status != Cycle.Status.OPEN:
        raise ValidationError(
            _(
                "This reporting cycle is not open: activities can no longer be submitted."
            )
        )
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    activity = Activity(
        contribution=contribution, status=Activity.Status.SUBMITTED, **fields
    )
    activity.full_clean()
    activity.save()
    activity.themes.set(list(themes))
    activity.tags.set(list(tags))
    audit_record(actor=actor, instance=activity, action=CREATE)
    if contribution.status != Contribution.Status.SUBMITTED:
        before = snapshot(contribution)
        contribution.status = Contribution.Status.SUBMITTED
        contribution.submitted_at = timezone.now()
        contribution.save()
        audit_record(actor=actor, instance=contribution, action=UPDATE, before=before)
    return activity


@transaction.atomic
def activity_review(
    actor: Any,
    activity: Activity,
    *,
    publish: bool,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
) -> Activity:
    """The secretariat publishes an activity (or returns it to the entity with
    a note), editing it if needed; each edit is in the audit trail (before
    and after), so the entity's own text can always be shown."""
    require(actor, rules.MANAGE, activity)
    before = snapshot(activity)
    for name, value in (changes or {}).items():
        if name not in ACTIVITY_FIELDS:
            raise TypeError(f"Not editable: {name}")
        setattr(activity, name, value)
    if not publish and not note.strip():
        raise ValidationError(
            {"review_note": _("Say why the activity goes back to the entity.")}
        )
    activity.status = Activity.Status.PUBLISHED if publish else Activity.Status.RETURNED
    activity.review_note = note
    activity.reviewed_by = actor
    activity.reviewed_at = timezone.now()
    activity.full_clean()
    activity.save()
    audit_record(actor=actor, instance=activity, action=UPDATE, before=before)
    return activity
