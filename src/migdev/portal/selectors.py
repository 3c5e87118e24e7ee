"""Reads of the data portal: a country's, a region's or a group's profile as
one plain, JSON-serialisable dict, and the open data query of the API.

Everything comes from releases the user may see: the latest published
release of every dataset for the public, or one release named by its
identifier (drafts only for the secretariat, as ``indicators.selectors``
decides). Each block of a profile cites the release it comes from, so that a
page, a download or a report can say where a number comes from. The shape is
documented in docs/portal.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from migdev.core.api import cache
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText, normalize_language
from migdev.indicators import selectors as indicators
from migdev.indicators import tables
from migdev.indicators.models import AGE_TOTAL, SEX_TOTAL, Indicator, Release, Value
from migdev.indicators.sdmx_io import RESIDUAL_ORIGINS, area_code_names
from migdev.registry.groupings import DESA_CODES
from migdev.registry.models import Country, Grouping

#: The SDG target 10.c: remittance costs under 3 % of the amount sent.
COST_TARGET = 3.0
#: Corridors costing more than this are named by the target too (10.c).
COST_CEILING = 5.0
#: How many countries of origin and of destination a profile lists.
TOP = 10
#: Codes of the UN DESA aggregates start here (900 World); below: countries.
AGGREGATE_FROM = 900


class UnknownArea(LookupError):
    """No country, area, region or group has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"No country, area, region or group has the code {code!r}.")


@dataclass(frozen=True)
class Area:
    """What a profile is about: a country or area, an M49 region or a group.

    ``codes`` are the area codes the data may use for it (M49 for a
    country; the UN DESA aggregate codes for a region or group)."""

    kind: str  # "country", "region", "group", "other" (a residual origin)
    key: str  # the code in addresses: ISO3 (else M49) or the grouping's code
    m49: str
    iso3: str | None
    name: LocalizedText
    codes: tuple[int, ...]
    country: Country | None = None
    grouping: Grouping | None = None


def country_area(country: Country) -> Area:
    return Area(
        kind="country",
        key=country.key,
        m49=country.m49,
        iso3=country.iso3,
        name=LocalizedText(country.name),
        codes=(int(country.m49),),
        country=country,
    )


def grouping_area(grouping: Grouping) -> Area:
    codes = DESA_CODES.get(grouping.code)
    if codes is None:
        codes = (int(grouping.code),) if grouping.code.isdigit() else ()
    region = grouping.kind in (
        Grouping.Kind.WORLD,
        Grouping.Kind.REGION,
        Grouping.Kind.SUBREGION,
        Grouping.Kind.INTERMEDIATE_REGION,
    )
    return Area(
        kind="region" if region else "group",
        key=grouping.code,
        m49=grouping.code,
        iso3=None,
        name=LocalizedText(grouping.name),
        codes=codes,
        grouping=grouping,
    )


def area_resolve(code: str | int) -> Area:
    """The area named by ``code``: a country by ISO alpha-3 or M49 (``FRA``,
    ``250``); a grouping by its code (``002`` Africa, ``901`` more developed
    regions, ``1636`` LLDC); a UN DESA aggregate code (``903``) names its
    M49 region; a residual origin of UN DESA's tables (``2003`` Other)
    is an area of kind "other". Raises ``UnknownArea``."""
    text = str(code).strip().upper()
    if not text or len(text) > 8 or not text.isalnum():
        raise UnknownArea(str(code))
    if text.isdigit():
        country = Country.objects.filter(m49=text.zfill(3)).first()
        if country is not None:
            return country_area(country)
        grouping = Grouping.objects.filter(
            code__in={text, text.zfill(3), str(int(text))}
        ).first()
        if grouping is None:
            number = int(text)
            for m49, codes in DESA_CODES.items():
                if number in codes:
                    grouping = Grouping.objects.filter(code=m49).first()
                    break
        if grouping is not None:
            return grouping_area(grouping)
        residual = RESIDUAL_ORIGINS.get(str(int(text)))
        if residual is not None:  # 2003 "Other": known, if no value has it
            return Area(
                kind="other",
                key=str(int(text)),
                m49=str(int(text)),
                iso3=None,
                name=LocalizedText(residual),
                codes=(int(text),),
            )
        raise UnknownArea(str(code))
    country = Country.objects.filter(iso3=text).first()
    if country is None:
        grouping = Grouping.objects.filter(code__iexact=text).first()
        if grouping is not None:
            return grouping_area(grouping)
        raise UnknownArea(str(code))
    return country_area(country)


# --- releases ------------------------------------------------------------------


def visible_releases(user: Any = None, release: str | None = None) -> list[Release]:
    """The releases a profile or a query reads: the one named (if ``user``
    may see it; ``Http404`` otherwise), else the latest published release of
    every dataset, newest publication first (a block takes the first release
    that has its indicator for the area)."""
    if release:
        return [indicators.release_get(release, user)]
    return sorted(
        indicators.latest_published_releases(),
        key=lambda r: (r.published_at or r.created_at, r.pk),
        reverse=True,
    )


def release_cite(release: Release, language: str) -> dict[str, Any]:
    """How a block cites its release."""
    return {
        "identifier": release.identifier,
        "dataset": release.dataset.code,
        "dataset_name": LocalizedText(release.dataset.name).get_text(language),
        "version": release.version,
        "title": LocalizedText(release.title).get_text(language),
        "source": release.source,
        "publisher": release.publisher,
        "licence": release.licence,
        "illustrative": release.illustrative,
        "status": release.status,
        "published_at": release.published_at.isoformat()
        if release.published_at
        else None,
        "url": f"/api/v1/releases/{release.identifier}",
    }


# --- names ---------------------------------------------------------------------


_names: dict[str, dict[int, str]] = {}
_keys: dict[int, str] = {}


def names_clear(**_: Any) -> None:
    """Forget the tables of names (a registry record changed)."""
    _names.clear()
    _keys.clear()


for _model in (Country, Grouping):
    post_save.connect(names_clear, sender=_model, dispatch_uid=f"portal-names-{_model}")
    post_delete.connect(
        names_clear, sender=_model, dispatch_uid=f"portal-names-d-{_model}"
    )


cache.also_clear(names_clear)


def _name_table(language: str) -> dict[int, str]:
    """Every area code → its name in ``language`` (per process), from the
    table of area names of downloads (``indicators.sdmx_io``)."""
    table = _names.get(language)
    if table is not None:
        return table
    table = {
        int(code): LocalizedText(name).get_text(language)
        for code, name in area_code_names().items()
    }
    _names[language] = table
    return table


def area_names(codes: Iterable[int], language: str) -> dict[int, str]:
    """Names of area codes (countries by M49, groupings, DESA aggregates) in
    ``language``; a code the registry does not know keeps its number."""
    table = _name_table(normalize_language(language))
    return {int(c): table.get(int(c), str(c)) for c in codes if c is not None}


def area_keys(codes: Iterable[int]) -> dict[int, str]:
    """ISO alpha-3 of the countries among ``codes`` (M49)."""
    if not _keys:
        _keys.update(
            (int(m49), iso3)
            for m49, iso3 in Country.objects.values_list("m49", "iso3")
            if iso3
        )
    return {int(c): _keys[int(c)] for c in codes if c is not None and int(c) in _keys}


# --- the profile -----------------------------------------------------------------


@dataclass
class _Rows:
    """An area's values in the releases read, by indicator code, each list
    in the order of the releases (the first release wins)."""

    by_indicator: dict[str, list[Value]]
    releases: dict[int, Release]

    def first_release(self, indicator: str) -> Release | None:
        rows = self.by_indicator.get(indicator)
        return self.releases[rows[0].release_id] if rows else None

    def of(self, indicator: str, **where: Any) -> list[Value]:
        """Values of ``indicator`` in its first release, filtered by fields."""
        release = self.first_release(indicator)
        if release is None:
            return []
        return [
            v
            for v in self.by_indicator[indicator]
            if v.release_id == release.pk
            and all(getattr(v, k) == want for k, want in where.items())
        ]


def _area_rows(releases: Sequence[Release], area: Area) -> _Rows:
    """One query over the profile index: every value of the area (under the
    first of its codes present) in the releases."""
    codes = dict(Indicator.objects.values_list("pk", "code"))
    rows = list(
        Value.objects.filter(
            release__in=[r.pk for r in releases], area__in=area.codes or (-1,)
        ).order_by("release_id", "area", "indicator_id", "period", "id")
    )
    if len(area.codes) > 1:  # a region whose tables use one of several codes
        present = {v.area for v in rows}
        chosen = next((c for c in area.codes if c in present), None)
        rows = [v for v in rows if v.area == chosen]
    order = {r.pk: i for i, r in enumerate(releases)}
    rows.sort(key=lambda v: order[v.release_id])
    by_indicator: dict[str, list[Value]] = defaultdict(list)
    for v in rows:
        by_indicator[codes[v.indicator_id]].append(v)
    return _Rows(dict(by_indicator), {r.pk: r for r in releases})


def _interval(v: Value) -> dict[str, float | None]:
    return {
        "lower_80": v.lower_80,
        "upper_80": v.upper_80,
        "lower_95": v.lower_95,
        "upper_95": v.upper_95,
    }


def _series_block(
    rows: _Rows, indicator: str, language: str, *, interval: bool = False
) -> dict[str, Any] | None:
    """A series over time (both sexes, all ages, all origins, no corridor)."""
    values = rows.of(
        indicator, sex=SEX_TOTAL, age=AGE_TOTAL, origin=None, counterpart=None
    )
    if not values:
        return None
    release = rows.first_release(indicator)
    assert release is not None
    series = []
    for v in values:
        point: dict[str, Any] = {"period": v.period, "value": v.value, "flag": v.flag}
        if interval:
            point.update(_interval(v))
        series.append(point)
    block: dict[str, Any] = {
        "indicator": indicator,
        "release": release.identifier,
        "series": series,
    }
    if interval:
        block["has_interval"] = any(
            p["lower_95"] is not None or p["lower_80"] is not None for p in series
        )
    return block


def _sex_ratio(rows: _Rows) -> dict[str, Any] | None:
    """Male migrants per 100 female migrants, by period."""
    by_sex: dict[str, dict[str, float | None]] = defaultdict(dict)
    for v in rows.of("migrant_stock", age=AGE_TOTAL, origin=None, counterpart=None):
        by_sex[v.period][v.sex] = v.value
    series = []
    for period in sorted(by_sex):
        male, female = by_sex[period].get("M"), by_sex[period].get("F")
        if male is None or female is None:
            continue
        series.append(
            {
                "period": period,
                "male": male,
                "female": female,
                "ratio": round(100.0 * male / female, 2) if female else None,
            }
        )
    if not series:
        return None
    release = rows.first_release("migrant_stock")
    assert release is not None
    return {
        "indicator": "migrant_stock",
        "release": release.identifier,
        "series": series,
    }


def _age_key(age: str) -> tuple[int, str]:
    head = age.split("-")[0].rstrip("+")
    return (int(head) if head.isdigit() else 999, age)


def _by_age_sex(values: Iterable[Value], period: str) -> dict[str, Any] | None:
    table: dict[str, dict[str, float | None]] = defaultdict(dict)
    for v in values:
        if (
            v.period == period
            and v.age != AGE_TOTAL
            and v.sex in ("M", "F")
            and v.origin is None
            and v.counterpart is None
        ):
            table[v.age][v.sex] = v.value
    if not table:
        return None
    ages = sorted(table, key=_age_key)
    return {
        "ages": ages,
        "male": [table[a].get("M") for a in ages],
        "female": [table[a].get("F") for a in ages],
    }


def _pyramid(rows: _Rows) -> dict[str, Any] | None:
    """Migrants by age and sex in the latest period that has them, against
    the whole population where the release has it by age."""
    stock = rows.of("migrant_stock")
    periods = sorted(
        {v.period for v in stock if v.age != AGE_TOTAL and v.sex in ("M", "F")}
    )
    if not periods:
        return None
    period = periods[-1]
    migrants = _by_age_sex(stock, period)
    population = _by_age_sex(rows.of("population"), period)
    release = rows.first_release("migrant_stock")
    assert release is not None and migrants is not None
    pop_release = rows.first_release("population") if population else None
    return {
        "period": period,
        "release": release.identifier,
        "ages": migrants["ages"],
        "migrants": {"male": migrants["male"], "female": migrants["female"]},
        "population": (
            {
                "release": pop_release.identifier if pop_release else None,
                "unit": "thousands",
                "male": [
                    population["male"][population["ages"].index(a)]
                    if a in population["ages"]
                    else None
                    for a in migrants["ages"]
                ],
                "female": [
                    population["female"][population["ages"].index(a)]
                    if a in population["ages"]
                    else None
                    for a in migrants["ages"]
                ],
            }
            if population
            else None
        ),
    }


def _top(
    items: list[tuple[int, float]], language: str
) -> tuple[float, list[dict[str, Any]]]:
    """The total over countries and the largest ``TOP`` with names."""
    countries = [(c, v) for c, v in items if c < AGGREGATE_FROM and v is not None]
    total = sum(v for _c, v in countries)
    largest = sorted(countries, key=lambda cv: (-cv[1], cv[0]))[:TOP]
    names = area_names([c for c, _v in largest], language)
    keys = area_keys([c for c, _v in largest])
    return total, [
        {
            "m49": f"{c:03d}",
            "iso3": keys.get(c),
            "name": names.get(c, str(c)),
            "value": v,
            "share": round(100.0 * v / total, 2) if total else None,
        }
        for c, v in largest
    ]


def _origins(rows: _Rows, language: str) -> dict[str, Any] | None:
    """Top countries of origin of the area's immigrants (latest period)."""
    values = [
        v
        for v in rows.of("migrant_stock", sex=SEX_TOTAL, age=AGE_TOTAL)
        if v.origin is not None and v.counterpart is None
    ]
    if not values:
        return None
    period = max(v.period for v in values)
    total, items = _top(
        [(v.origin, v.value) for v in values if v.period == period],  # type: ignore[misc]
        language,
    )
    release = rows.first_release("migrant_stock")
    assert release is not None
    return {
        "period": period,
        "release": release.identifier,
        "total": total,
        "items": items,
    }


def _destinations(
    releases: Sequence[Release], area: Area, language: str
) -> dict[str, Any] | None:
    """Top countries of destination of the area's emigrants (latest period):
    the values whose origin is the area, on the slice index."""
    indicator = Indicator.objects.filter(code="migrant_stock").first()
    if indicator is None or area.kind != "country":
        return None
    for release in releases:
        base = Value.objects.filter(
            release=release,
            indicator=indicator,
            origin__in=area.codes,
            sex=SEX_TOTAL,
            age=AGE_TOTAL,
            counterpart__isnull=True,
        )
        period = base.order_by("-period").values_list("period", flat=True).first()
        if period is None:
            continue
        total, items = _top(
            list(base.filter(period=period).values_list("area", "value")), language
        )
        return {
            "period": period,
            "release": release.identifier,
            "total": total,
            "items": items,
        }
    return None


def _refugees(rows: _Rows, language: str) -> dict[str, Any] | None:
    count = _series_block(rows, "refugees", language)
    share = _series_block(rows, "refugee_share", language)
    if count is None and share is None:
        return None
    return {"count": count, "share_of_migrants": share}


def _remittances(rows: _Rows, language: str) -> dict[str, Any] | None:
    blocks = {
        "inflows": _series_block(rows, "remittances_received", language),
        "outflows": _series_block(rows, "remittances_paid", language),
        "inflows_gdp": _series_block(rows, "remittances_received_gdp", language),
    }
    return blocks if any(blocks.values()) else None


def _corridor(
    v: Value, *, direction: str, other: int, names: dict[int, str], keys: dict
) -> dict[str, Any]:
    return {
        "direction": direction,
        "counterpart": {
            "m49": f"{other:03d}",
            "iso3": keys.get(other),
            "name": names.get(other, str(other)),
        },
        "period": v.period,
        "value": v.value,
        "services": v.flag,
        "above_target": v.value is not None and v.value > COST_TARGET,
        "above_ceiling": v.value is not None and v.value > COST_CEILING,
        "distance_to_target": round(v.value - COST_TARGET, 4)
        if v.value is not None
        else None,
    }


def _latest_by_corridor(values: Iterable[Value], key: str) -> dict[int, Value]:
    latest: dict[int, Value] = {}
    for v in values:
        other = getattr(v, key)
        if other is None:
            continue
        if other not in latest or v.period > latest[other].period:
            latest[other] = v
    return latest


def _corridor_costs(
    rows: _Rows, releases: Sequence[Release], area: Area, language: str
) -> dict[str, Any] | None:
    """The cost of sending USD 200 in the area's corridors, receiving and
    sending, latest quarter of each corridor, against the 3 % target; and the
    area's average as a receiving country (SDG 10.c.1)."""
    receiving = _latest_by_corridor(rows.of("remittance_cost_200"), "counterpart")
    release = rows.first_release("remittance_cost_200")
    sending: dict[int, Value] = {}
    indicator = Indicator.objects.filter(code="remittance_cost_200").first()
    if indicator is not None and area.kind == "country":
        for candidate in [release] if release else releases:
            found = Value.objects.filter(
                release=candidate, indicator=indicator, counterpart__in=area.codes
            )
            sending = _latest_by_corridor(found, "area")
            if sending:
                release = candidate
                break
    if release is None or not (receiving or sending):
        return None
    others = set(receiving) | set(sending)
    names, keys = area_names(others, language), area_keys(others)
    corridors = [
        _corridor(v, direction="receiving", other=o, names=names, keys=keys)
        for o, v in sorted(receiving.items())
    ] + [
        _corridor(v, direction="sending", other=o, names=names, keys=keys)
        for o, v in sorted(sending.items())
    ]
    average = [
        {"period": v.period, "value": v.value}
        for v in rows.of("remittance_cost_200", counterpart=None)
        if v.release_id == release.pk
    ]
    return {
        "indicator": "remittance_cost_200",
        "release": release.identifier,
        "target": COST_TARGET,
        "ceiling": COST_CEILING,
        "average": average,
        "corridors": corridors,
    }


def _mechanisms(area: Area, language: str, day: dt.date) -> list[dict[str, Any]]:
    """The cooperation mechanisms (regional consultative processes,
    interregional forums, formal bodies) the country takes part in today."""
    if area.country is None:
        return []
    from migdev.cooperation.models import Participation

    rows = (
        Participation.objects.as_of(day)
        .filter(country=area.country)
        .select_related("mechanism")
        .order_by("mechanism__code")
    )
    return [
        {
            "code": p.mechanism.code,
            "name": LocalizedText(p.mechanism.name).get_text(language),
            "acronym": LocalizedText(p.mechanism.acronym).get_text(language),
            "kind": p.mechanism.kind,
            "role": p.role,
            "since": p.start.isoformat() if p.start else None,
            "url": f"/api/v1/mechanisms/{p.mechanism.code}",
        }
        for p in rows
    ]


def _forum_roles(area: Area, day: dt.date) -> dict[str, Any] | None:
    """The country's roles in the Global Forum: chairs it held, its seat in
    the troika and the Steering Group today."""
    if area.country is None:
        return None
    from migdev.forum import selectors as forum

    chairs = [
        {
            "edition": c.meeting.edition if c.meeting else None,
            "start": c.start.isoformat(),
            "end": c.end.isoformat() if c.end else None,
        }
        for c in forum.chairs()
        if c.country_id == area.country.pk
    ]
    troika = next(
        (
            role
            for role, chair in forum.troika(day).members()
            if chair.country_id == area.country.pk
        ),
        None,
    )
    steering = any(
        seat.country.pk == area.country.pk for seat in forum.steering_group(day).seats
    )
    if not chairs and troika is None and not steering:
        return None
    return {"chairs": chairs, "troika": troika, "steering_group": steering}


def _consultation(area: Area, language: str) -> dict[str, Any] | None:
    """The consultations that asked the country, whether and when it
    replied (published campaigns only: ``consultation.public``); never the
    replies' contents."""
    if area.country is None:
        return None
    from migdev.consultation import public

    rows = public.reply_status(area.country)
    if not rows:
        return None
    return {
        "asked": len(rows),
        "replied": sum(1 for r in rows if r.replied),
        "campaigns": [
            {
                "id": r.campaign_id,
                "title": r.title.get_text(language),
                "opens_on": r.opens_on.isoformat(),
                "deadline": r.deadline.isoformat(),
                "published_on": r.published_on.isoformat(),
                "replied": r.replied,
                "replied_on": r.replied_on.isoformat() if r.replied_on else None,
                "url": f"/api/v1/campaigns/{r.campaign_id}",
            }
            for r in rows
        ],
    }


def area_profile(
    area: Area | str,
    *,
    language: str,
    release: str | None = None,
    user: Any = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Everything a country's, region's or group's profile shows, as a
    JSON-serialisable dict (shape: docs/portal.md).

    ``area``: an ``Area`` or a code (``area_resolve``). ``release``: one
    release's identifier (drafts only for the secretariat), else the latest
    published release of every dataset. ``language``: one of the six (names
    of areas, mechanisms and releases). A block with no data is ``None``.
    """
    area = area if isinstance(area, Area) else area_resolve(area)
    language = normalize_language(language)
    day = day or timezone.localdate()
    releases = visible_releases(user, release)
    rows = _area_rows(releases, area)
    blocks: dict[str, Any] = {
        "stock": _series_block(rows, "migrant_stock", language, interval=True),
        "share_of_population": _series_block(rows, "migrant_share", language),
        "female_share": _series_block(rows, "female_share", language),
        "growth_rate": _series_block(rows, "growth_rate", language),
        "population": _series_block(rows, "population", language),
        "sex_ratio": _sex_ratio(rows),
        "age_sex": _pyramid(rows),
        "origins": _origins(rows, language),
        "destinations": _destinations(releases, area, language),
        "refugees": _refugees(rows, language),
        "remittances": _remittances(rows, language),
        "corridor_costs": _corridor_costs(rows, releases, area, language),
    }
    cited = _cited(blocks)
    return {
        "area": {
            "kind": area.kind,
            "key": area.key,
            "m49": area.m49,
            "iso3": area.iso3,
            "name": area.name.get_text(language),
            "names": {code: area.name.get_text(code) for code in LANGUAGE_CODES},
            "data_codes": list(area.codes),
            "members": _members(area, day),
        },
        "language": language,
        "releases": [
            release_cite(r, language) for r in releases if r.identifier in cited
        ],
        **blocks,
        "mechanisms": _mechanisms(area, language, day),
        "forum": _forum_roles(area, day),
        "consultation": _consultation(area, language),
    }


def _members(area: Area, day: dt.date) -> list[str] | None:
    """ISO3 (else M49) of a grouping's member countries today."""
    if area.grouping is None:
        return None
    from migdev.core.dated import as_of_q
    from migdev.registry.models import GroupMembership

    rows = GroupMembership.objects.filter(
        as_of_q(day), grouping=area.grouping
    ).values_list("country__iso3", "country__m49")
    return sorted(iso3 or m49 for iso3, m49 in rows)


def _cited(blocks: dict[str, Any]) -> set[str]:
    """Identifiers of the releases the blocks cite (at any depth)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("release"), str):
                found.add(node["release"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(blocks)
    return found


# --- the data query --------------------------------------------------------------


def value_query(
    releases: Sequence[Release],
    *,
    indicators: Sequence[str | int] = (),
    areas: Sequence[int] = (),
    periods: Sequence[str] = (),
    sexes: Sequence[str] = (),
    ages: Sequence[str] = (),
    origins: Sequence[int | None] = (),
) -> QuerySet[Value]:
    """Values of ``releases`` where each given dimension takes one of the
    given values (an empty list: any). ``indicators`` by code, or by primary
    key (no join). ``origins`` may hold ``None`` (all origins). Ordered along
    the index that serves the filter."""
    rows = Value.objects.filter(release__in=[r.pk for r in releases])
    if indicators and all(isinstance(i, int) for i in indicators):
        rows = rows.filter(indicator_id__in=list(indicators))
    elif indicators:
        rows = rows.filter(indicator__code__in=list(indicators))
    if areas:
        rows = rows.filter(area__in=list(areas))
    if periods:
        rows = rows.filter(period__in=list(periods))
    if sexes:
        rows = rows.filter(sex__in=list(sexes))
    if ages:
        rows = rows.filter(age__in=list(ages))
    if origins:
        codes = [o for o in origins if o is not None]
        where = Q(origin__in=codes)
        if len(codes) < len(origins):
            where |= Q(origin__isnull=True)
        rows = rows.filter(where)
    if areas and not indicators:
        return rows.order_by("release_id", "area", "indicator_id", "period", "id")
    return rows.order_by("release_id", "indicator_id", "period", "area", "id")


#: What a page of the data API reads of a value.
VALUE_FIELDS = tables.STORED_COLUMNS


def value_page(
    releases: Sequence[Release],
    *,
    offset: int,
    limit: int,
    indicators: Sequence[int] = (),
    areas: Sequence[int] = (),
    periods: Sequence[str] = (),
    sexes: Sequence[str] = (),
    ages: Sequence[str] = (),
    origins: Sequence[int | None] = (),
) -> list[Any]:
    """A page of ``value_query`` (indicators by primary key), as rows of
    ``VALUE_FIELDS``, its SQL compiled once per shape (``core.compiled``)."""
    from migdev.core import compiled

    dimensions = (
        [r.pk for r in releases],
        list(indicators),
        list(areas),
        list(periods),
        list(sexes),
        list(ages),
        [o for o in origins if o is not None],
    )
    shape = (
        "portal.value_page",
        *(len(d) for d in dimensions),
        None in origins,
        offset,
        limit,
    )
    params = [p for values in dimensions for p in values]

    def build() -> QuerySet[Value]:
        return value_query(
            releases,
            indicators=list(indicators),
            areas=areas,
            periods=periods,
            sexes=sexes,
            ages=ages,
            origins=origins,
        )[offset : offset + limit]

    return compiled.rows(shape, params, build, VALUE_FIELDS)
