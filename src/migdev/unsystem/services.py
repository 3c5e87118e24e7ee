"""Writes of the UN-system activities: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.core.audit import AuditEntry, audit_record, audited_update, snapshot
from migdev.core.dated import as_of_q
from migdev.core.i18n import LocalizedText, un_date
from migdev.outreach import services as outreach
from migdev.registry.models import Organization, OrganizationMembership
from migdev.registry.permissions import require
from migdev.unsystem import mail, rules
from migdev.unsystem.models import (
    Activity,
    Contribution,
    CoordinationMeeting,
    Cycle,
    GroupChair,
    JointProduct,
)

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


#: Reminders by default: a week before the deadline and a week after.
REMINDER_OFFSETS = (-7, 7)


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
    letter: Mapping[str, str] | None = None,
    reminder_offsets: Iterable[int] = REMINDER_OFFSETS,
    sender: str = "",
) -> Cycle:
    """Open a reporting cycle and request a contribution from each entity:
    through the platform's outreach, each entity's reporting officer gets,
    in the officer's language, a dated link to the entity's contribution;
    reminders go ``reminder_offsets`` days from the deadline to the entities
    that have not reported (``migdev outreach run-due``)."""
    require(actor, rules.MANAGE, Cycle)
    orgs = list(organizations)
    if not orgs:
        raise ValidationError(
            {"organizations": _("Choose the entities asked to contribute.")}
        )
    if deadline < opens_on:
        raise ValidationError(
            {"deadline": _("The deadline is before the cycle opens.")}
        )
    cycle = Cycle(
        title=LocalizedText(dict(title)),
        letter=LocalizedText(dict(letter or {})),
        period_start=period_start,
        period_end=period_end,
        status=Cycle.Status.OPEN,
    )
    cycle.full_clean(exclude=["request"])
    # The request holds the cycle's dates; it is named after the cycle, whose
    # id it does not know yet.
    cycle.request = outreach.request_create(
        owner=f"{Cycle.OWNER}:new-{uuid.uuid4().hex}",
        opens_on=opens_on,
        deadline=deadline,
        title=cycle.title.get_text("en"),
        sender=sender,
        reminder_offsets=reminder_offsets,
    )
    cycle.save()
    request = cycle.request
    request.owner = outreach.owner_key(Cycle.OWNER, cycle.pk)
    request.save(update_fields=["owner"])
    audit_record(actor=actor, instance=cycle, action=CREATE)
    validity = outreach.link_default_validity(request)
    ids = []
    for org in orgs:
        recipient = outreach.recipient_add(
            request,
            key=f"entity:{org.code}",
            language=mail.language_of(org, opens_on),
            name=org.name.get_text("en"),
        )
        contribution = Contribution.objects.create(
            cycle=cycle, organization=org, outreach=recipient
        )
        token = outreach.link_issue(
            recipient, valid_from=validity[0], valid_until=validity[1]
        )
        letter_ = mail.invitation_compose(
            contribution, mail.link_url(token, language=recipient.language)
        )
        to, cc = mail.addresses(contribution)
        message = outreach.message_enqueue(
            recipient=recipient,
            kind="invitation",
            dedupe_key=f"unsystem-invitation:{recipient.pk}",
            letter=letter_,
            to=to,
            cc=cc,
        )
        if message is not None:
            ids.append(message.pk)
    outreach.recipients_invited(request)
    outreach.request_open(request)
    outreach.delivery_schedule(ids)
    return cycle


@transaction.atomic
def cycle_close(actor: Any, cycle: Cycle) -> Cycle:
    """Close the cycle: no more activities, links stop, no more reminders."""
    require(actor, rules.MANAGE, cycle)
    audited_update(actor=actor, instance=cycle, changes={"status": Cycle.Status.CLOSED})
    outreach.request_close(cycle.request)
    return cycle


def contribution_for_link(token: str, *, lock: bool = False) -> Contribution:
    """The contribution an access link opens, or ``LinkError`` (its code says
    why: invalid, revoked, closed, not yet valid, expired)."""
    recipient = outreach.link_resolve(token, lock=lock)
    contribution = (
        Contribution.objects.select_related(
            "cycle__request", "organization", "outreach"
        )
        .filter(outreach=recipient)
        .first()
    )
    if contribution is None:  # a link of another module's request
        raise outreach.LinkError("invalid")
    return contribution


@transaction.atomic
def activity_submit(
    actor: Any,
    contribution: Contribution,
    *,
    themes: Iterable[Any] = (),
    tags: Iterable[Any] = (),
    **fields: Any,
) -> Activity:
    """The entity's reporting officer, logged in, submits an activity (title,
    description in any official language, period, partners, funding, links,
    themes, tags)."""
    require(actor, rules.CONTRIBUTE, contribution)
    return _activity_add(actor, contribution, themes, tags, fields)


@transaction.atomic
def activity_submit_by_link(
    token: str,
    *,
    themes: Iterable[Any] = (),
    tags: Iterable[Any] = (),
    **fields: Any,
) -> Activity:
    """As ``activity_submit``, for the holder of the entity's access link: the
    link is the credential (checked again here, its row locked)."""
    contribution = contribution_for_link(token, lock=True)
    return _activity_add(None, contribution, themes, tags, fields)


def _activity_add(
    actor: Any,
    contribution: Contribution,
    themes: Iterable[Any],
    tags: Iterable[Any],
    fields: Mapping[str, Any],
) -> Activity:
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("cycle", "outreach")
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
        audited_update(
            actor=actor,
            instance=contribution,
            changes={
                "status": Contribution.Status.SUBMITTED,
                "submitted_at": timezone.now(),
            },
        )
    if contribution.outreach is not None:
        # The entity has reported: no more reminders.
        outreach.recipient_done(contribution.outreach)
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
    edits = dict(changes or {})
    for name in edits:
        if name not in ACTIVITY_FIELDS:
            raise TypeError(f"Not editable: {name}")
    if not publish and not note.strip():
        raise ValidationError(
            {"review_note": _("Say why the activity goes back to the entity.")}
        )
    return audited_update(
        actor=actor,
        instance=activity,
        changes={
            **edits,
            "status": Activity.Status.PUBLISHED
            if publish
            else Activity.Status.RETURNED,
            "review_note": note,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        },
        full_clean=True,
    )


# --- The Global Migration Group and the Coordination Meeting (¶26, ¶44) ------------


@transaction.atomic
def chair_add(
    actor: Any,
    *,
    group: Organization,
    chair: Organization,
    start: dt.date,
    end: dt.date,
    note: str = "",
    source: str = "",
) -> GroupChair:
    """Record a term as chair of an inter-agency group. The chair must be a
    member of the group on the first day (the registry's dated membership),
    and terms of a group do not overlap."""
    require(actor, rules.MANAGE, GroupChair)
    term = GroupChair(
        group=group, chair=chair, start=start, end=end, note=note, source=source
    )
    term.full_clean()
    if not OrganizationMembership.objects.filter(
        as_of_q(start), group=group, member=chair
    ).exists():
        raise ValidationError(
            {
                "chair": _("%(chair)s was not a member of %(group)s on %(day)s.")
                % {"chair": chair, "group": group, "day": un_date(start)}
            }
        )
    overlap = GroupChair.objects.filter(group=group, start__lt=end, end__gt=start)
    if overlap.exists():
        raise ValidationError(
            {
                "start": _("This term overlaps the term of %(other)s.")
                % {"other": overlap.first()}
            }
        )
    term.save()
    audit_record(actor=actor, instance=term, action=CREATE)
    return term


@transaction.atomic
def joint_product_save(
    actor: Any,
    product: JointProduct,
    *,
    contributors: Iterable[Organization] = (),
    tags: Iterable[Any] = (),
) -> JointProduct:
    require(actor, rules.MANAGE, JointProduct)
    # The stored record, not the caller's changed copy, is the "before".
    before = snapshot(type(product).objects.get(pk=product.pk)) if product.pk else None
    product.full_clean()
    product.save()
    product.contributors.set(list(contributors))
    product.tags.set(list(tags))
    audit_record(
        actor=actor,
        instance=product,
        action=UPDATE if before else CREATE,
        before=before,
    )
    return product


@transaction.atomic
def meeting_save(
    actor: Any,
    meeting: CoordinationMeeting,
    *,
    participants: Iterable[Organization] = (),
) -> CoordinationMeeting:
    """Record a Coordination Meeting on International Migration and the
    organizations that took part."""
    require(actor, rules.MANAGE, CoordinationMeeting)
    # The stored record, not the caller's changed copy, is the "before".
    before = snapshot(type(meeting).objects.get(pk=meeting.pk)) if meeting.pk else None
    meeting.full_clean()
    meeting.save()
    meeting.participants.set(list(participants))
    audit_record(
        actor=actor,
        instance=meeting,
        action=UPDATE if before else CREATE,
        before=before,
    )
    return meeting


@transaction.atomic
def follow_up_record(
    actor: Any,
    contribution: Contribution,
    *,
    kind: str,
    at: dt.datetime,
    contact_name: str = "",
    outcome: str = "",
) -> Any:
    """Log a call, fax, e-mail, letter or note about an entity's contribution,
    in the platform's follow-up log (outreach), as the consultation does."""
    require(actor, rules.MANAGE, contribution.cycle)
    if contribution.outreach is None:
        raise ValidationError(_("This contribution was requested without outreach."))
    return outreach.follow_up_record(
        actor=actor,
        recipient=contribution.outreach,
        kind=kind,
        at=at,
        contact_name=contact_name,
        outcome=outcome,
    )
