"""Reads of the campaigns app, scoped to the user who asks."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from migdev.consultation.campaigns import rules
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach.models import FollowUp, Message
from migdev.registry import permissions
from migdev.registry.groupings import DEVELOPMENT_GROUPS, REGIONS
from migdev.registry.models import Contact, Grouping
from migdev.registry.selectors import (
    group_codes_by_country,
    sort_by_name,
    with_former_names,
)
from migdev.stats.shares import percent

REPLIED = "replied"
DRAFTING = "drafting"
NOT_STARTED = "not_started"
STATES = (REPLIED, DRAFTING, NOT_STARTED)


# --- Campaigns ------------------------------------------------------------------


def campaign_list_for_user(user: Any) -> QuerySet[Campaign]:
    """Every campaign for the secretariat and the Forum support unit; published
    ones for everybody else."""
    roles = permissions.roles_of(user)
    qs = Campaign.objects.select_related("questionnaire").annotate(
        recipient_count=Count("recipients", distinct=True),
        replied_count=Count(
            "recipients",
            filter=Q(recipients__status=Recipient.Status.SUBMITTED),
            distinct=True,
        ),
    )
    if roles.secretariat or roles.forum_support:
        return qs
    return qs.filter(published_at__isnull=False)


def recipient_list_for_focal_point(user: Any) -> QuerySet[Recipient]:
    """The roster rows of the States ``user`` is a focal point of, in campaigns
    that have been dispatched: the questionnaires their State has to answer."""
    roles = permissions.roles_of(user)
    if not roles.countries:
        return Recipient.objects.none()
    return (
        Recipient.objects.filter(
            country_id__in=roles.countries, campaign__request__opened_at__isnull=False
        )
        .select_related("campaign__request", "country")
        .order_by("-campaign__request__deadline", "country__m49")
    )


def campaign_get_for_user(user: Any, pk: Any, *, action: str = rules.VIEW) -> Campaign:
    """The campaign ``pk`` if ``user`` may do ``action`` on it (404 if it does
    not exist; PermissionDenied otherwise, or 404 for campaigns the user may
    not even know of)."""
    try:
        campaign = Campaign.objects.select_related("questionnaire", "request").get(
            pk=int(pk)
        )
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No campaign has the id {pk!r}.") from exc
    if not permissions.can(user, action, campaign):
        if not permissions.can(user, rules.VIEW, campaign):
            raise Http404(f"No campaign has the id {pk!r}.")
        raise PermissionDenied
    return campaign


def recipient_get_for_user(
    user: Any, campaign: Campaign, pk: Any, *, action: str = rules.VIEW_TRACKING
) -> Recipient:
    try:
        recipient = Recipient.objects.select_related(
            "country", "campaign__request", "outreach__request"
        ).get(campaign=campaign, pk=int(pk))
    except (Recipient.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"This campaign has no recipient {pk!r}.") from exc
    permissions.require(user, action, recipient)
    return recipient


def roster(campaign: Campaign) -> QuerySet[Recipient]:
    """The participant table: one row per State, with its counts of messages."""
    return (
        with_former_names(
            campaign.recipients.select_related("country", "outreach"), "country__"
        )
        .annotate(
            failed_count=Count(
                "outreach__messages",
                filter=Q(
                    outreach__messages__status__in=[
                        Message.Status.FAILED,
                        Message.Status.BOUNCED,
                    ]
                ),
                distinct=True,
            ),
            follow_up_count=Count("outreach__follow_ups", distinct=True),
            no_address_count=Count(
                "outreach__messages",
                filter=Q(outreach__messages__status=Message.Status.NO_ADDRESS),
                distinct=True,
            ),
        )
        .order_by("country__m49")
    )


def recipient_messages(recipient: Recipient) -> QuerySet[Message]:
    return recipient.outreach.messages.order_by("created_at", "pk")


def recipient_follow_ups(recipient: Recipient) -> QuerySet[FollowUp]:
    return recipient.outreach.follow_ups.select_related("by").order_by("-at", "-pk")


def outbox_summary(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(status, its label, number of messages) for the statuses present."""
    counts = dict(
        Message.objects.filter(recipient__request=campaign.request_id)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [
        (value, str(label), counts[value])
        for value, label in Message.Status.choices
        if counts.get(value)
    ]


# --- Status as of a date ----------------------------------------------------------


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


@dataclass
class GroupCount:
    grouping: Grouping
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def replied_percent(self) -> Decimal | None:
        """The share replied as the pages print it (``stats.shares``)."""
        return percent(self.counts[REPLIED], self.total)


@dataclass
class RecipientStatus:
    recipient: Recipient
    status: str

    @property
    def country(self):
        return self.recipient.country


@dataclass
class CampaignStatus:
    campaign: Campaign
    as_of: dt.date
    rows: list[RecipientStatus]
    counts: dict[str, int]
    by_region: list[GroupCount]
    by_development: list[GroupCount]

    @property
    def total(self) -> int:
        return len(self.rows)

    def iso2(self, status: str) -> list[str]:
        return sorted(
            r.country.iso2 for r in self.rows if r.status == status and r.country.iso2
        )


def _drafting_ids(campaign: Campaign, before: dt.datetime) -> set[int]:
    from migdev.consultation.responses.models import ResponseVersion

    return set(
        ResponseVersion.objects.filter(
            recipient__campaign=campaign, created_at__lt=before
        ).values_list("recipient_id", flat=True)
    )


def _status_of(recipient: Recipient, before: dt.datetime, drafting: set[int]) -> str:
    if recipient.completed_at is not None and recipient.completed_at < before:
        return REPLIED
    if recipient.pk in drafting:
        return DRAFTING
    return NOT_STARTED


def _group_counts(
    rows: list[RecipientStatus], codes: tuple[str, ...], day: dt.date
) -> list[GroupCount]:
    groupings = {g.code: g for g in Grouping.objects.filter(code__in=codes)}
    members = group_codes_by_country(
        (r.recipient.country_id for r in rows), as_of=day, codes=codes
    )
    result = [GroupCount(groupings[c]) for c in codes if c in groupings]
    by_code = {g.grouping.code: g for g in result}
    for row in rows:
        for code in members.get(row.recipient.country_id, ()):
            by_code[code].counts[row.status] += 1
    return result


def campaign_status_as_of(
    campaign: Campaign, as_of: dt.date | None = None
) -> CampaignStatus:
    """Replied / drafting / not started per State at the end of ``as_of``
    (default today), with counts by M49 region and development group."""
    day = as_of or timezone.localdate()
    before = end_of_day(day)
    drafting = _drafting_ids(campaign, before)
    # In the alphabetical order of the names the States bore when the
    # campaign opened, as readers of the active language expect.
    rows = [
        RecipientStatus(r, _status_of(r, before, drafting))
        for r in sort_by_name(
            with_former_names(
                campaign.recipients.select_related("country", "outreach"), "country__"
            ),
            day=campaign.opens_on,
            country=lambda r: r.country,
        )
    ]
    counts = Counter(r.status for r in rows)
    return CampaignStatus(
        campaign=campaign,
        as_of=day,
        rows=rows,
        counts={s: counts.get(s, 0) for s in STATES},
        by_region=_group_counts(rows, REGIONS, day),
        by_development=_group_counts(rows, DEVELOPMENT_GROUPS, day),
    )


def reminder_dates(campaign: Campaign) -> list[dt.date]:
    return [
        campaign.deadline + dt.timedelta(days=r.offset_days)
        for r in campaign.request.reminder_rules.order_by("offset_days")
    ]


def replies_over_time(
    campaign: Campaign, *, until: dt.date | None = None
) -> list[tuple[dt.date, int, int]]:
    """(day, replies that day, replies so far) for every day from the opening
    to ``until`` (default: the latest of today-or-closing, the last reply
    and the last reminder)."""
    tz = timezone.get_current_timezone()
    per_day = Counter(
        timezone.localtime(at, tz).date()
        for at in campaign.recipients.exclude(completed_at=None).values_list(
            "completed_at", flat=True
        )
    )
    if until is None:
        ends = [campaign.deadline, *reminder_dates(campaign), *per_day]
        if campaign.status == Campaign.Status.OPEN:
            ends.append(timezone.localdate())
        elif campaign.closed_at:
            ends.append(timezone.localtime(campaign.closed_at, tz).date())
        until = max(ends)
    start = min([campaign.opens_on, *per_day]) if per_day else campaign.opens_on
    series, total, day = [], 0, start
    while day <= until:
        total += per_day.get(day, 0)
        series.append((day, per_day.get(day, 0), total))
        day += dt.timedelta(days=1)
    return series


@dataclass
class ToCall:
    recipient: Recipient
    contacts: list[Contact]


def states_to_call(campaign: Campaign, *, as_of: dt.date | None = None) -> list[ToCall]:
    """States that had not replied by ``as_of`` (default today), once the
    deadline has passed, with their Permanent Mission and focal point contacts."""
    day = as_of or timezone.localdate()
    if day <= campaign.deadline:
        return []
    status = campaign_status_as_of(campaign, day)
    late = [r.recipient for r in status.rows if r.status != REPLIED]
    contacts = _contacts_by_country([r.country_id for r in late], day)
    return [ToCall(r, contacts.get(r.country_id, [])) for r in late]


def _contacts_by_country(
    country_ids: list[int], day: dt.date
) -> dict[int, list[Contact]]:
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for c in (
        Contact.objects.as_of(day)
        .filter(
            country_id__in=country_ids,
            kind__in=[
                Contact.Kind.PERMANENT_MISSION,
                Contact.Kind.PERMANENT_REPRESENTATIVE,
                Contact.Kind.FOCAL_POINT,
            ],
        )
        .order_by("kind", "name")
    ):
        contacts[c.country_id].append(c)
    return contacts


def states_without_address(campaign: Campaign) -> list[ToCall]:
    """States that have not replied and whose last invitation or reminder
    could not leave for want of an e-mail address: to be reached another way
    (telephone, fax) and their address added in the registry."""
    unaddressed = (
        Message.objects.filter(
            recipient__request=campaign.request_id, status=Message.Status.NO_ADDRESS
        )
        .exclude(kind=Message.Kind.RECEIPT)
        .values("recipient_id")
    )
    late = list(
        campaign.recipients.filter(outreach__in=unaddressed)
        .exclude(status=Recipient.Status.SUBMITTED)
        .select_related("country", "outreach")
        .order_by("country__m49")
    )
    contacts = _contacts_by_country([r.country_id for r in late], timezone.localdate())
    return [ToCall(r, contacts.get(r.country_id, [])) for r in late]


@dataclass
class InvitationPreview:
    """The invitation one recipient would get, with a placeholder link."""

    recipient: Recipient
    subject: str
    body: str
    to: list[str]
    cc: list[str]
    languages: list[str]


def invitation_preview(
    campaign: Campaign, language: str | None = None
) -> InvitationPreview | None:
    """The invitation of the first recipient (by M49 code) written to in
    ``language`` (default: the first recipient's), as it would be mailed, but
    with "…" for the link's secret: nothing is issued or sent."""
    from migdev.consultation.campaigns import links, mail

    roster = campaign.recipients.select_related(
        "country", "campaign__request", "outreach"
    ).order_by("country__m49")
    languages = sorted(set(roster.values_list("outreach__language", flat=True)))
    if not languages:
        return None
    sample = (
        roster.filter(outreach__language=language).first()
        if language in languages
        else None
    )
    sample = sample or roster.first()
    assert sample is not None
    url = links.link_url("…", language=sample.language)
    letter = mail.invitation_compose(sample, url)
    to, cc = mail.addresses(sample)
    return InvitationPreview(sample, letter.subject, letter.html, to, cc, languages)
