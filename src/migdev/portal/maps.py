"""The portal's world map: any indicator, any year, of the published
releases, drawn by ``migdev.stats.worldmap.choropleth_svg``.

The values are the countries' (both sexes, all ages, all origins, no
corridor), each from the first published release that has the indicator for
it, as in a profile (every release used is cited); the names
are the registry's as of the middle of the year mapped (UN DESA's reference
date), so a map of 1990 says what the States were called then. A drawing is
kept in Django's cache under the portal's generation (it changes when a
release is published), the indicator, year, method, language and width.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from migdev.core.i18n import LocalizedText, listed, sentences
from migdev.indicators.models import AGE_TOTAL, SEX_TOTAL, Indicator, Release, Value
from migdev.portal import publish
from migdev.portal.charts import with_year
from migdev.portal.selectors import AGGREGATE_FROM, release_cite, visible_releases
from migdev.registry.models import Country
from migdev.registry.selectors import names_on
from migdev.stats import worldmap

#: What the map page offers first: the migrant share of the population.
DEFAULT_INDICATOR = "migrant_share"


class MapError(ValueError):
    """A map asked for that cannot be drawn; the message names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


@dataclass
class Choice:
    code: str
    name: str
    unit: str
    years: list[str]


@dataclass
class WorldMap:
    indicator: Choice
    year: str
    method: str
    releases: list[dict[str, Any]]
    values: dict[str, float]  # by ISO alpha-2
    names: dict[str, str]  # by ISO alpha-2, as of the year
    iso3: dict[str, str]  # alpha-2 → alpha-3 (profile links)
    svg: str = ""
    title: str = ""
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, iso3

    @property
    def percent(self) -> bool:
        return self.indicator.unit == "percent"


def _country_rows(releases: list[Release]) -> Any:
    return Value.objects.filter(
        release__in=[r.pk for r in releases],
        sex=SEX_TOTAL,
        age=AGE_TOTAL,
        origin__isnull=True,
        counterpart__isnull=True,
        area__lt=AGGREGATE_FROM,
        value__isnull=False,
    )


def choices(language: str) -> list[Choice]:
    """The indicators that have country values in the published releases,
    each with its years (kept per generation and language)."""
    key = f"portal:map-choices:{publish.generation()}:{language}"
    found = cache.get(key)
    if found is not None:
        return found
    releases = visible_releases()
    years: dict[int, set[str]] = defaultdict(set)
    for indicator_id, period in (
        _country_rows(releases).values_list("indicator_id", "period").distinct()
    ):
        if period.isdigit():
            years[indicator_id].add(period)
    found = [
        Choice(
            code=i.code,
            name=LocalizedText(i.name).get_text(language),
            unit=i.unit,
            years=sorted(years[i.pk]),
        )
        for i in Indicator.objects.filter(pk__in=years).order_by("code")
    ]
    cache.set(key, found, 3600)
    return found


def world_map(
    language: str,
    *,
    indicator: str | None,
    year: str | None,
    method: str | None,
    width: int = 1000,
) -> WorldMap:
    """The map of ``indicator`` in ``year`` (defaults: the migrant share, its
    latest year), its values and table. Raises ``MapError`` naming the
    parameter when the indicator, year or method is not offered."""
    offered = choices(language)
    if not offered:
        raise MapError("indicator", _("No published release has values to map yet."))
    by_code = {c.code: c for c in offered}
    code = indicator or (
        DEFAULT_INDICATOR if DEFAULT_INDICATOR in by_code else offered[0].code
    )
    if code not in by_code:
        raise MapError(
            "indicator",
            _("Unknown indicator %(given)s: use one of %(allowed)s.")
            % {"given": code, "allowed": listed(by_code)},
        )
    choice = by_code[code]
    chosen_year = year or choice.years[-1]
    if chosen_year not in choice.years:
        raise MapError(
            "year",
            _("No values of %(indicator)s for %(given)s: use one of %(allowed)s.")
            % {
                "indicator": choice.name,
                "given": chosen_year,
                "allowed": listed(choice.years),
            },
        )
    chosen_method = method or "quantiles"
    if chosen_method not in worldmap.METHODS:
        raise MapError(
            "method",
            _("Unknown method %(given)s: use one of %(allowed)s.")
            % {"given": chosen_method, "allowed": listed(worldmap.METHODS)},
        )
    drawn = _values(choice, chosen_year, language)
    drawn.method = chosen_method
    drawn.title = with_year(choice.name, chosen_year)
    drawn.svg = _drawing(drawn, language, width)
    return drawn


def _values(choice: Choice, year: str, language: str) -> WorldMap:
    releases = visible_releases()
    rows = list(
        _country_rows(releases)
        .filter(indicator__code=choice.code, period=year)
        .values_list("release_id", "area", "value")
    )
    # As in a profile, each country's value comes from the first release
    # (newest publication) that has the indicator for it.
    order = {r.pk: i for i, r in enumerate(releases)}
    best: dict[int, tuple[int, float]] = {}
    for release_id, area, value in rows:
        rank = order[release_id]
        if area not in best or rank < best[area][0]:
            best[area] = (rank, value)
    by_m49 = {area: value for area, (_rank, value) in best.items()}
    used = sorted({rank for rank, _value in best.values()})
    # Every country the map draws is named in the language, those without a
    # value too (their "No data" is read by keyboard and pointer alike).
    on_map = worldmap.map_codes()
    drawn = [c for c in Country.objects.all() if c.iso2 in on_map]
    countries = [c for c in drawn if int(c.m49) in by_m49]
    day = dt.date(int(year), 7, 1)
    names = names_on(drawn, day)
    values = {c.iso2: by_m49[int(c.m49)] for c in countries}
    shown = {c.iso2: names[c.pk].get_text(language) for c in drawn}
    result = WorldMap(
        indicator=choice,
        year=year,
        method="quantiles",
        releases=[release_cite(releases[rank], language) for rank in used],
        values=values,
        names=shown,
        iso3={c.iso2: c.iso3 for c in countries if c.iso3},
    )
    digits = 1 if result.percent else 0
    result.rows = sorted(
        (
            (
                shown[code],
                worldmap.format_number(
                    value, language, digits=digits, percent=result.percent
                ),
                result.iso3.get(code, ""),
            )
            for code, value in values.items()
        ),
        key=lambda row: row[0],
    )
    return result


def _drawing(drawn: WorldMap, language: str, width: int) -> str:
    parts = [
        str(publish.generation()),
        drawn.indicator.code,
        drawn.year,
        drawn.method,
        language,
        str(width),
    ]
    key = "portal:map:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = worldmap.choropleth_svg(
            drawn.values,
            lang=language,  # type: ignore[arg-type]
            title=drawn.title,
            names=drawn.names,
            method=drawn.method,  # type: ignore[arg-type]
            percent=drawn.percent,
            digits=1 if drawn.percent else 0,
            source=sentences((source_line(r) for r in drawn.releases), language),
            focusable=True,
            width=width,
        )
        cache.set(key, svg, 24 * 3600)
    return svg


def source_line(release: dict[str, Any]) -> str:
    """ "Source: …; release …" for a figure, in the active language."""
    return _("Source: %(source)s. Release %(release)s (version %(version)s).") % {
        "source": release.get("source") or release.get("publisher") or "",
        "release": release["identifier"],
        "version": release["version"],
    }
