"""Read API of data releases: /api/v1/releases, one release, its values.

Published releases are public; drafts are the secretariat's (others get
404). Every list is a page; the values are served from the indexes of the
value table (by area first when an area is asked for: a country's profile).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from migdev.core.api import PageQuery, language_param, page_of, paginate
from migdev.indicators import selectors
from migdev.indicators.models import Indicator, Release, Value

router = Router(tags=["data"])


class InputOut(Schema):
    name: str
    bytes: int
    sha256: str


class ReleaseOut(Schema):
    identifier: str = Field(
        description="Citable identifier: DATASET.vN (e.g. ims-2020.v1)."
    )
    dataset: str
    version: int
    status: str = Field(description="draft, reviewed or published.")
    latest: bool = Field(
        description="Whether it is the latest published release of its dataset."
    )
    title: str = Field(
        description="Title in the requested language (lang, else Accept-Language), "
        "else in English."
    )
    titles: dict[str, str] = Field(description="Title in the languages it has.")
    source: str
    method: str
    licence: str
    publisher: str
    reference_dates: list[str]
    illustrative: bool = Field(description="Generated data, not official statistics.")
    values: int = Field(description="Number of values.")
    published_at: dt.datetime | None
    url: str = Field(description="Address of its values in this API.")


class ReleaseDetail(ReleaseOut):
    command: str = Field(description="The command that produced it.")
    inputs: list[InputOut] = Field(description="Its input files with their SHA-256.")
    checksum: str
    indicators: list[str] = Field(description="Codes of the indicators it holds.")


class ValueOut(Schema):
    indicator: str
    area: int = Field(description="M49 code (900 and above: UN DESA aggregates).")
    period: str = Field(
        description="Year (2020), quarter (2024Q1) or period (1990-1995)."
    )
    sex: str = Field(description="_T (both sexes), M or F.")
    age: str = Field(description="_T (all ages) or an age group (0-14, 65+).")
    origin: int | None = Field(description="M49 code of the origin; null: all origins.")
    counterpart: int | None = Field(
        description="Other end of a corridor (M49): for remittances, the sending country."
    )
    value: float | None
    lower_80: float | None
    upper_80: float | None
    lower_95: float | None
    upper_95: float | None
    flag: str


class IndicatorOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    unit: str
    tags: list[str] = Field(
        description="Framework tags: codes of /framework-targets (sdg-10.c.1, gcm-20)."
    )
    sdg_targets: list[str] = Field(
        description="Numbers of the SDG targets and indicators among its tags (10.c.1)."
    )
    gcm_objectives: list[int] = Field(
        description="Global Compact objectives (1–23) among its tags."
    )


class ReleaseFilters(Schema):
    dataset: str | None = Field(
        None, max_length=64, description="Keep only this dataset's releases."
    )
    latest: bool = Field(
        False, description="Keep only the latest published release of each dataset."
    )


class ValueFilters(Schema):
    indicator: str | None = Field(
        None, max_length=64, description="Indicator code (see /indicators)."
    )
    area: int | None = Field(None, ge=0, le=9999, description="M49 code of the area.")
    period: str | None = Field(
        None,
        max_length=16,
        pattern=r"^\d{4}(Q[1-4]|-\d{4})?$",
        description="2020, 2024Q1 or 1990-1995.",
    )
    sex: Literal["_T", "M", "F"] | None = Field(
        None, description="_T (both sexes), M or F."
    )
    age: str | None = Field(None, max_length=8)
    origin: int | None = Field(None, ge=0, le=9999)
    counterpart: int | None = Field(None, ge=0, le=9999)


def _release_out(r: Release, latest: set[int], language: str | None) -> dict:
    return {
        "identifier": r.identifier,
        "dataset": r.dataset.code,
        "version": r.version,
        "status": r.status,
        "latest": r.pk in latest,
        "title": r.title.get_text(language),
        "titles": dict(r.title),
        "source": r.source,
        "method": r.method,
        "licence": r.licence,
        "publisher": r.publisher,
        "reference_dates": [str(d) for d in r.reference_dates],
        "illustrative": r.illustrative,
        "values": r.value_count,
        "published_at": r.published_at,
        "url": f"/api/v1/releases/{r.identifier}/values",
    }


@router.get("/releases", response=page_of(ReleaseOut), summary="Data releases (a page)")
def release_list(
    request: HttpRequest,
    filters: Query[ReleaseFilters],
    page: Query[PageQuery],
    lang: str | None = None,
) -> dict:
    language = language_param(lang)
    latest = {r.pk for r in selectors.latest_published_releases()}
    rows = selectors.release_list(request.user, dataset=filters.dataset)
    if filters.latest and filters.dataset:
        one = selectors.release_latest_published(filters.dataset)
        rows = rows.filter(pk=one.pk if one else -1)
    elif filters.latest:
        rows = rows.filter(pk__in=latest)
    return paginate(
        request,
        rows,
        page,
        lambda items: [_release_out(r, latest, language) for r in items],
    )


@router.get(
    "/releases/{identifier}",
    response=ReleaseDetail,
    summary="One release with its metadata, by identifier (older ones stay citable)",
)
def release_get(request: HttpRequest, identifier: str, lang: str | None = None) -> dict:
    release = selectors.release_get(identifier, request.user)
    latest = {r.pk for r in selectors.latest_published_releases()}
    ids = (
        Value.objects.filter(release=release)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    return {
        **_release_out(release, latest, language_param(lang)),
        "command": release.command,
        "inputs": release.inputs,
        "checksum": release.checksum,
        "indicators": sorted(
            Indicator.objects.filter(pk__in=list(ids)).values_list("code", flat=True)
        ),
    }


@router.get(
    "/releases/{identifier}/values",
    response=page_of(ValueOut),
    summary="Values of a release, sliced by indicator, area, period, sex, age, origin (a page)",
)
def release_values(
    request: HttpRequest,
    identifier: str,
    filters: Query[ValueFilters],
    page: Query[PageQuery],
) -> dict:
    release = selectors.release_get(identifier, request.user)
    if filters.indicator and not selectors.indicator_exists(filters.indicator):
        # A filter naming no indicator is a bad parameter, not an empty page.
        raise ValidationError(
            {
                "indicator": [
                    _("No indicator %(code)s: see /api/v1/indicators.")
                    % {"code": repr(filters.indicator)}
                ]
            }
        )
    rows = selectors.value_slice(release, **filters.dict())
    codes = dict(Indicator.objects.values_list("pk", "code"))

    def out(items: list[Value]) -> list[dict]:
        return [
            {
                "indicator": codes[v.indicator_id],
                "area": v.area,
                "period": v.period,
                "sex": v.sex,
                "age": v.age,
                "origin": v.origin,
                "counterpart": v.counterpart,
                "value": v.value,
                "lower_80": v.lower_80,
                "upper_80": v.upper_80,
                "lower_95": v.lower_95,
                "upper_95": v.upper_95,
                "flag": v.flag,
            }
            for v in items
        ]

    return paginate(request, rows, page, out)


@router.get(
    "/indicators", response=page_of(IndicatorOut), summary="Indicators (a page)"
)
def indicator_list(
    request: HttpRequest, page: Query[PageQuery], lang: str | None = None
) -> dict:
    language = language_param(lang)
    return paginate(
        request,
        selectors.indicator_list(),
        page,
        lambda items: [_indicator_out(i, language) for i in items],
    )


def _indicator_out(indicator: Indicator, language: str) -> dict:
    tags = list(indicator.tags.all())
    return {
        "code": indicator.code,
        "name": indicator.name.get_text(language),
        "names": dict(indicator.name),
        "unit": indicator.unit,
        "tags": [t.code for t in tags],
        "sdg_targets": [t.number for t in tags if t.framework == "sdg"],
        "gcm_objectives": [int(t.number) for t in tags if t.framework == "gcm"],
    }
