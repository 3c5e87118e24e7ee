"""The response map of a campaign as of a date (A/63/265, ¶21 and its figure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext

from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.campaigns.selectors import (
    REPLIED,
    CampaignStatus,
    campaign_status_as_of,
)
from migdev.registry.selectors import country_name
from migdev.stats import worldmap


def map_language(language: str | None) -> str:
    code = (language or "en").lower()
    return (
        "zh" if code.startswith("zh") else code if code in worldmap.LANGUAGES else "en"
    )


@dataclass
class ResponseMap:
    status: CampaignStatus
    replied: list[str]
    recipients: list[str]
    names: dict[str, str]
    lang: str
    title: str

    def svg(self, *, width: int = 1000) -> str:
        return worldmap.response_map_svg(
            self.replied,
            recipients=self.recipients,
            lang=self.lang,
            names=self.names,
            title=self.title,
            width=width,
        )

    def png(self, *, width: int = 1200) -> bytes:
        return worldmap.response_map_png(
            self.replied,
            recipients=self.recipients,
            lang=self.lang,
            names=self.names,
            title=self.title,
            width=width,
        )

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
            "date": formats.date_format(as_of),
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
