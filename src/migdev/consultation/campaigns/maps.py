"""The response map of a campaign as of a date (A/63/265, ¶21 and its figure)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext

from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.campaigns.selectors import (
    REPLIED,
    CampaignStatus,
    campaign_status_as_of,
)
from migdev.core.i18n import active_language, un_date
from migdev.registry.selectors import country_name
from migdev.stats import worldmap

# Change when the drawing code changes, so that no drawing cached by an
# earlier version is served.
DRAWING_VERSION = 2


def default_day(campaign: Campaign) -> dt.date:
    """The day a map or a status refers to when none is asked for: the day a
    closed campaign closed (its figures no longer change after it), else
    today. Pages and API use this one default."""
    if campaign.status == Campaign.Status.CLOSED and campaign.closed_at:
        return timezone.localdate(campaign.closed_at)
    return timezone.localdate()


def map_language(language: str | None) -> str:
    return active_language(language)


@dataclass
class ResponseMap:
    status: CampaignStatus
    replied: list[str]
    recipients: list[str]
    names: dict[str, str]
    lang: str
    title: str

    def svg(self, *, width: int = 1000) -> str:
        return self._drawn("svg", width, worldmap.response_map_svg)

    def png(self, *, width: int = 1200) -> bytes:
        return self._drawn("png", width, worldmap.response_map_png)

    def _drawn(self, kind: str, width: int, draw):
        """Draw once, then keep the drawing for as long as what it shows is
        the same: the key is made of everything drawn (replies, recipients,
        names, title, language), so a reply that changes the map as of this
        day changes the key, and any other does not."""
        key = self.cache_key(kind, width)
        drawing = cache.get(key)
        if drawing is None:
            drawing = draw(
                self.replied,
                recipients=self.recipients,
                lang=self.lang,
                names=self.names,
                title=self.title,
                width=width,
            )
            cache.set(key, drawing, timeout=None)
        return drawing

    def cache_key(self, kind: str, width: int) -> str:
        content = json.dumps(
            [
                DRAWING_VERSION,
                kind,
                width,
                self.lang,
                self.title,
                sorted(self.replied),
                sorted(self.recipients),
                sorted(self.names.items()),
            ],
            ensure_ascii=False,
        )
        return "migdev:map:" + hashlib.sha256(content.encode()).hexdigest()

    def small_states(self) -> list[tuple[object, bool]]:
        """(recipient row, replied?) for the recipients too small to see."""
        small = set(worldmap.small_states(self.recipients))
        return [
            (row, row.status == REPLIED)
            for row in self.status.rows
            if row.country.iso2 in small
        ]


def response_map(
    campaign: Campaign, *, as_of: dt.date, language: str | None = None
) -> ResponseMap:
    language = language or translation.get_language() or "en"
    status = campaign_status_as_of(campaign, as_of)
    drawable = worldmap.map_codes()
    recipients = sorted(
        r.country.iso2 for r in status.rows if r.country.iso2 in drawable
    )
    replied = [c for c in status.iso2(REPLIED) if c in drawable]
    names = {
        r.country.iso2: country_name(r.country, campaign.opens_on, language)
        for r in status.rows
    }
    with translation.override(language):
        title = gettext(
            "States that replied as of %(date)s (in gray): %(replied)s of %(total)s"
        ) % {
            "date": un_date(as_of, language),
            "replied": len(status.iso2(REPLIED)),
            "total": status.total,
        }
    return ResponseMap(
        status=status,
        replied=replied,
        recipients=recipients,
        names=names,
        lang=map_language(language),
        title=title,
    )
