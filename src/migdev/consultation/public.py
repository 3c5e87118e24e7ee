"""What anyone may know of a State's part in the consultations: the
campaigns that asked it, whether it replied and on which day.

Only campaigns whose results the secretariat has published count: until
then a campaign's roster and progress are the secretariat's and the Forum
support unit's (``campaigns.rules``). Once published, anyone may see who
replied (the campaign's counts and response map); never what a State
replied, nor who drafted. Read by the data portal's profiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country


@dataclass(frozen=True)
class ReplyStatus:
    """One published campaign that asked a State, and its reply."""

    campaign_id: int
    title: LocalizedText
    opens_on: dt.date
    deadline: dt.date
    published_on: dt.date
    replied: bool
    #: The day the reply was submitted (the campaign's time zone).
    replied_on: dt.date | None


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def reply_status(country: Country) -> list[ReplyStatus]:
    """The published campaigns that asked ``country``, newest first, with
    whether and when it replied (one query)."""
    rows = (
        Recipient.objects.filter(country=country, campaign__published_at__isnull=False)
        .select_related("campaign", "campaign__request")
        .only(
            "status",
            "completed_at",
            "campaign__title",
            "campaign__published_at",
            "campaign__request__opens_on",
            "campaign__request__deadline",
        )
        .order_by("-campaign__request__opens_on", "-campaign_id")
    )
    found = []
    for row in rows:
        campaign = row.campaign
        replied = row.status == Recipient.Status.SUBMITTED
        found.append(
            ReplyStatus(
                campaign_id=campaign.pk,
                title=LocalizedText(campaign.title),
                opens_on=campaign.opens_on,
                deadline=campaign.deadline,
                published_on=_day(campaign.published_at),  # type: ignore[arg-type]
                replied=replied,
                replied_on=_day(row.completed_at) if replied else None,
            )
        )
    return found


def on_change(receiver: Callable[[list[int]], None], *, uid: str) -> None:
    """Call ``receiver(country_ids)`` when what ``reply_status`` says may
    have changed: a published campaign saved (its results published, its
    title changed) or about to be deleted. Replies do not change once a
    campaign is published (it is closed first), so a recipient's save
    calls nothing. ``uid`` keeps the connection single."""

    def changed(sender: object, instance: Campaign, **kwargs: object) -> None:
        if instance.published_at is None or instance.pk is None:
            return
        ids = list(
            Recipient.objects.filter(campaign_id=instance.pk).values_list(
                "country_id", flat=True
            )
        )
        if ids:
            receiver(ids)

    post_save.connect(changed, sender=Campaign, weak=False, dispatch_uid=f"{uid}-save")
    pre_delete.connect(
        changed, sender=Campaign, weak=False, dispatch_uid=f"{uid}-delete"
    )
