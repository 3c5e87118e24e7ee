"""The open data query (``GET /api/v1/data``): its parameters read, checked
against what the releases hold, and turned into a filter of the value table.

Every dimension takes several values, repeated (``area=FRA&area=MAR``) or
comma-separated (``area=FRA,MAR``). A value the releases do not hold is a
``BadParameter`` naming the parameter and the values allowed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from migdev.core.api import cache
from migdev.core.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from migdev.core.errors import BadInput
from migdev.core.i18n import listed
from migdev.indicators.models import Indicator, Release, Value
from migdev.portal import publish
from migdev.portal.selectors import (
    AGGREGATE_FROM,
    DESA_CODES,
    UnknownArea,
    area_resolve,
    visible_releases,
)
from migdev.registry.models import Country, Grouping

#: Rows per page of the JSON answer: default and most, as every list of the
#: API (docs/api.md); a download takes the whole query.
PAGE_DEFAULT = DEFAULT_LIMIT
PAGE_MAX = MAX_LIMIT
#: Rows a download may hold; a larger query is refused (narrow it).
DOWNLOAD_LIMIT = 250_000
#: Download formats and their media types.
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sdmx-csv": "text/csv; charset=utf-8",
    "sdmx-ml": "application/zip",
}
SEXES = ("_T", "M", "F")
#: "All origins", as ``origin`` takes it.
ALL_ORIGINS = "_T"
#: Listed in full in an error up to this many allowed values; past it, the
#: first ones, how many there are and where to read them all.
ALLOWED_SHOWN = 400
#: Where the API lists every code a dimension takes (an error points there).
SEE_AREAS = "/api/v1/states, /api/v1/groupings"
SEE_INDICATORS = "/api/v1/indicators"
SEE_RELEASES = "/api/v1/releases"


class BadParameter(BadInput):
    """A query parameter the releases cannot answer; says which, and what
    it may be."""

    code = "invalid_parameter"

    def __init__(
        self,
        parameter: str,
        message: str,
        *,
        given: Sequence[str] = (),
        allowed: Sequence[Any] | str = (),
        see: str = "",
    ) -> None:
        super().__init__(message, field=parameter)
        self.parameter = parameter
        self.given = list(given)
        self.allowed = allowed if isinstance(allowed, str) else list(allowed)
        self.see = see

    def details(self) -> dict[str, Any]:
        """``allowed`` holds values only (no "…" a client could take for
        one): a long list is cut, with ``allowed_count`` saying how long it
        was; ``see`` names the addresses that list every code."""
        out: dict[str, Any] = {
            "parameter": self.parameter,
            "given": self.given,
            "allowed": self.allowed,
        }
        if isinstance(self.allowed, list) and len(self.allowed) > ALLOWED_SHOWN:
            out["allowed"] = self.allowed[:ALLOWED_SHOWN]
            out["allowed_count"] = len(self.allowed)
        if self.see:
            out["see"] = self.see
        return out


def values_of(raw: Iterable[str] | None) -> list[str]:
    """Repeated and comma-separated values, stripped, in order, once each."""
    out: list[str] = []
    for item in raw or ():
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


# --- what the releases hold (per process, per generation) ------------------------


@dataclass
class Facets:
    """The values each dimension takes in one release."""

    indicators: set[str] = field(default_factory=set)
    areas: set[int] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)
    sexes: set[str] = field(default_factory=set)
    ages: set[str] = field(default_factory=set)
    origins: set[int] = field(default_factory=set)


_facets: dict[tuple[int, int], Facets] = {}
_area_index: dict[int, dict[str, tuple[int, ...]]] = {}
#: Per generation: the published releases a query reads by default, and the
#: indicators' codes by primary key.
_published: dict[int, list[Release]] = {}
_indicators: dict[int, dict[int, str]] = {}


def clear(**_: Any) -> None:
    _facets.clear()
    _area_index.clear()
    _published.clear()
    _indicators.clear()


def published_releases() -> list[Release]:
    """``visible_releases()`` (the latest published release of every
    dataset), read once per process and generation: a publication starts a
    new generation, and a published release does not change."""
    key = publish.generation()
    found = _published.get(key)
    if found is None:
        found = visible_releases()
        _published.clear()
        _published[key] = found
    return list(found)


def indicator_codes() -> dict[int, str]:
    """Every indicator's code by primary key (per process and generation)."""
    key = publish.generation()
    found = _indicators.get(key)
    if found is None:
        found = dict(Indicator.objects.values_list("pk", "code"))
        _indicators.clear()
        _indicators[key] = found
    return found


def _connect() -> None:
    for model in (Country, Grouping, Release, Indicator):
        post_save.connect(clear, sender=model, dispatch_uid=f"portal-query-{model}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"portal-query-d-{model}")


_connect()
cache.also_clear(clear)


def facets(release: Release) -> Facets:
    """What ``release`` holds, by dimension (a few DISTINCT queries once per
    release and generation; a published release never changes)."""
    key = (release.pk, publish.generation() if release.is_published else -1)
    found = _facets.get(key) if release.is_published else None
    if found is not None:
        return found
    codes = indicator_codes()
    rows = Value.objects.filter(release=release)
    found = Facets(
        indicators={
            codes[i]
            for i in rows.values_list("indicator_id", flat=True).order_by().distinct()
        },
        areas=set(rows.values_list("area", flat=True).order_by().distinct()),
        periods=set(rows.values_list("period", flat=True).order_by().distinct()),
        sexes=set(rows.values_list("sex", flat=True).order_by().distinct()),
        ages=set(rows.values_list("age", flat=True).order_by().distinct()),
        origins={
            o
            for o in rows.values_list("origin", flat=True).order_by().distinct()
            if o is not None
        },
    )
    if release.is_published:
        _facets[key] = found
    return found


def _areas() -> dict[str, tuple[int, ...]]:
    """Every code an area may be asked by (ISO3, M49, grouping, DESA code)
    → the area codes of the value table (per process, per generation)."""
    key = publish.generation()
    index = _area_index.get(key)
    if index is not None:
        return index
    index = {}
    for m49, iso3 in Country.objects.values_list("m49", "iso3"):
        codes = (int(m49),)
        index[m49] = index[str(int(m49))] = codes
        if iso3:
            index[iso3] = codes
    for code in Grouping.objects.values_list("code", flat=True):
        codes = DESA_CODES.get(code) or ((int(code),) if code.isdigit() else ())
        if codes:
            index[code.upper()] = codes
            if code.isdigit():
                index.setdefault(str(int(code)), codes)
    for desa in DESA_CODES.values():
        for c in desa:
            index.setdefault(str(c), desa)
    _area_index.clear()
    _area_index[key] = index
    return index


# --- the query ---------------------------------------------------------------------


@dataclass
class DataQuery:
    """A checked query: the releases it reads and the filter of each
    dimension (empty: any)."""

    releases: list[Release]
    indicators: list[str]
    areas: list[int]
    periods: list[str]
    sexes: list[str]
    ages: list[str]
    origins: list[int | None]

    def _filters(self) -> dict:
        ids = {code: pk for pk, code in indicator_codes().items()}
        return {
            "indicators": [ids[code] for code in self.indicators],
            "areas": self.areas,
            "periods": self.periods,
            "sexes": self.sexes,
            "ages": self.ages,
            "origins": self.origins,
        }

    def rows(self):
        from migdev.portal.selectors import value_query

        return value_query(self.releases, **self._filters())

    def page(self, offset: int, limit: int) -> list:
        """Rows ``offset`` to ``offset + limit`` (``selectors.VALUE_FIELDS``)."""
        from migdev.portal.selectors import value_page

        return value_page(self.releases, offset=offset, limit=limit, **self._filters())


def _area_codes(
    parameter: str, given: list[str], present: set[int]
) -> list[int | None]:
    index = _areas()
    out: list[int | None] = []
    unknown = []
    for code in given:
        if parameter == "origin" and code.upper() in (ALL_ORIGINS, "ALL"):
            out.append(None)
            continue
        codes = index.get(code.upper()) or index.get(code.lstrip("0") or "0")
        if codes is None and code.isdigit() and int(code) in present:
            codes = (int(code),)  # a statistical area or a UN DESA aggregate
        if codes is None:
            try:
                codes = area_resolve(code).codes
            except UnknownArea:
                unknown.append(code)
                continue
        chosen = [c for c in codes if c in present] or list(codes[:1])
        out.extend(c for c in chosen if c not in out)
    if unknown:
        raise BadParameter(
            parameter,
            _(
                "Unknown %(parameter)s %(codes)s: give ISO 3166 alpha-3 or M49 "
                "codes of countries and areas, or codes of M49 regions and "
                "groups (see /api/v1/states and /api/v1/groupings)."
            )
            % {"parameter": parameter, "codes": listed(unknown)},
            given=unknown,
            allowed=_allowed_areas(parameter, present),
            see=SEE_AREAS,
        )
    return out


def _allowed_areas(parameter: str, present: set[int]) -> list[str]:
    """The areas the releases hold values for (ISO3, else M49); for
    ``origin``, "_T" first: a release without values by origin still
    answers it."""
    keys = {
        int(m49): iso3 or m49
        for m49, iso3 in Country.objects.values_list("m49", "iso3")
    }
    held = sorted(
        keys.get(c, str(c)) if c < AGGREGATE_FROM else str(c) for c in present
    )
    return [ALL_ORIGINS, *held] if parameter == "origin" else held


def _check(
    parameter: str,
    given: list[str],
    allowed: set[str],
    message: str,
    *,
    see: str = "",
) -> list[str]:
    wrong = [g for g in given if g not in allowed]
    if wrong:
        raise BadParameter(
            parameter,
            message % {"parameter": parameter, "values": listed(wrong)},
            given=wrong,
            allowed=sorted(allowed, key=_natural),
            see=see,
        )
    return given


def _natural(text: str) -> tuple:
    head = text.split("-")[0].split("Q")[0].rstrip("+")
    return (0, int(head), text) if head.isdigit() else (1, 0, text)


def _periods(given: list[str], present: set[str]) -> list[str]:
    """Years (2020) match every period of that year (2020, 2020Q1…)."""
    out: list[str] = []
    wrong = []
    for year in given:
        matched = sorted(p for p in present if p == year or p.startswith(f"{year}Q"))
        if not matched:
            wrong.append(year)
        out.extend(p for p in matched if p not in out)
    if wrong:
        years = sorted({p[:4] if p[:4].isdigit() else p for p in present}, key=_natural)
        raise BadParameter(
            "year",
            _(
                "No value for the year %(values)s in the release: the years it "
                "holds are %(first)s to %(last)s."
            )
            % {
                "values": listed(wrong),
                "first": years[0] if years else "–",
                "last": years[-1] if years else "–",
            },
            given=wrong,
            allowed=years,
        )
    return out


def _union(releases: Sequence[Release]) -> Facets:
    total = Facets()
    for release in releases:
        f = facets(release)
        total.indicators |= f.indicators
        total.areas |= f.areas
        total.periods |= f.periods
        total.sexes |= f.sexes
        total.ages |= f.ages
        total.origins |= f.origins
    return total


def data_query(
    releases: Sequence[Release],
    *,
    indicator: Iterable[str] | None = None,
    area: Iterable[str] | None = None,
    year: Iterable[str] | None = None,
    sex: Iterable[str] | None = None,
    age: Iterable[str] | None = None,
    origin: Iterable[str] | None = None,
) -> DataQuery:
    """Check the query's parameters against ``releases`` (the indicator's,
    when one is asked for) and make the query; raises ``BadParameter``."""
    all_facets = _union(releases)
    indicators = _check(
        "indicator",
        values_of(indicator),
        all_facets.indicators,
        _("Unknown indicator %(values)s: see /api/v1/indicators for the codes."),
        see=SEE_INDICATORS,
    )
    if indicators:
        releases = [r for r in releases if facets(r).indicators & set(indicators)]
    held = _union(releases)
    sexes = _check(
        "sex",
        values_of(sex),
        held.sexes | set(SEXES),
        _("Unknown sex %(values)s: use _T (both sexes), M or F."),
    )
    ages = _check(
        "age",
        values_of(age),
        held.ages,
        _("No value for the age %(values)s: the release's age groups are listed."),
    )
    return DataQuery(
        releases=list(releases),
        indicators=indicators,
        areas=[c for c in _area_codes("area", values_of(area), held.areas) if c],
        periods=_periods(values_of(year), held.periods),
        sexes=sexes,
        ages=ages,
        origins=_area_codes("origin", values_of(origin), held.origins),
    )
