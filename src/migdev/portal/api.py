"""The portal's open API, no key needed for published data:

- ``GET /api/v1/areas/{code}/profile`` — a country's, region's or group's
  profile (the rendered file when there is one);
- ``GET /api/v1/data`` — values of the releases, filtered by indicator,
  area, year, sex, age and origin (several values each), a page of JSON or a
  download (``format=csv|xlsx|sdmx-csv|sdmx-ml``);
- ``GET /api/v1/downloads/{identifier}.{format}`` — a published release
  whole, rendered once.

Every answer carries ``ETag`` and ``Last-Modified`` and answers ``304`` to a
conditional request. Public answers are keyed by the publication
generation (``publish.generation``), so that a 304 costs no query and every
cache is stale the moment a release is published."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from migdev.core.api import api_error_handler, cache, error_response, language_param
from migdev.core.api.cache import conditional, quoted_etag
from migdev.core.i18n import listed
from migdev.indicators.models import Release
from migdev.portal import downloads, prerender, publish
from migdev.portal.query import (
    DOWNLOAD_LIMIT,
    FORMATS,
    PAGE_DEFAULT,
    PAGE_MAX,
    SEE_RELEASES,
    BadParameter,
    data_query,
    indicator_codes,
    published_releases,
)
from migdev.portal.selectors import (
    UnknownArea,
    area_keys,
    area_names,
    area_profile,
    area_resolve,
    release_cite,
    visible_releases,
)

router = Router(tags=["data portal"])


@api_error_handler(BadParameter)
def _bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    return error_response(
        400, exc.code, exc.message, field=exc.parameter, details=exc.details()
    )


_BAD = (
    "400 `invalid_parameter`: the body names the parameter "
    "(`error.field`, `error.details.parameter`), the values refused "
    "(`details.given`) and the values allowed (`details.allowed`; past 400, "
    "the first 400 and `details.allowed_count`; `details.see`: where every "
    "code is listed): an unknown "
    "indicator, area or origin, sex or age group; a year the release does not "
    "hold; a page size over the limit; an unknown format; a download over "
    f"{DOWNLOAD_LIMIT:,} rows. "
)
_CONDITIONAL = (
    "Every answer carries `ETag` and `Last-Modified`; send `If-None-Match` "
    "(or `If-Modified-Since`) to get `304 Not Modified` when nothing was "
    "published since."
)


# --- schemas (for the document; answers are written as bytes) -------------------


class Citation(Schema):
    identifier: str = Field(description="The release's citable identifier.")
    dataset: str
    dataset_name: str
    version: int
    title: str
    source: str
    publisher: str
    licence: str
    illustrative: bool = Field(description="Generated data, not official statistics.")
    status: str
    published_at: str | None
    url: str


class AreaOut(Schema):
    kind: str = Field(description="country, region (M49) or group.")
    key: str = Field(description="ISO3 (else M49) of a country; a grouping's code.")
    m49: str
    iso3: str | None
    name: str
    names: dict[str, str]
    data_codes: list[int] = Field(description="Area codes of the value tables.")
    members: list[str] | None = Field(description="A grouping's members today.")


class ProfileOut(Schema):
    """Shape in docs/portal.md; a block is null when no release has its data."""

    area: AreaOut
    language: str
    releases: list[Citation] = Field(description="The releases the blocks cite.")
    stock: dict[str, Any] | None
    share_of_population: dict[str, Any] | None
    female_share: dict[str, Any] | None
    growth_rate: dict[str, Any] | None
    population: dict[str, Any] | None
    sex_ratio: dict[str, Any] | None
    age_sex: dict[str, Any] | None
    origins: dict[str, Any] | None
    destinations: dict[str, Any] | None
    refugees: dict[str, Any] | None
    remittances: dict[str, Any] | None
    corridor_costs: dict[str, Any] | None
    mechanisms: list[dict[str, Any]]
    forum: dict[str, Any] | None
    consultation: dict[str, Any] | None


class DataValue(Schema):
    indicator: str
    release: str = Field(description="Identifier of the release it comes from.")
    area: int = Field(description="M49 code (900 and above: UN DESA aggregates).")
    area_iso3: str | None
    area_name: str
    period: str
    sex: str = Field(description="_T, M or F.")
    age: str
    origin: int | None = Field(description="M49 code of the origin; null: all.")
    counterpart: int | None = Field(description="Sending end of a corridor (M49).")
    value: float | None
    lower_80: float | None
    upper_80: float | None
    lower_95: float | None
    upper_95: float | None
    flag: str


class DataPage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    releases: list[Citation]
    items: list[DataValue]


class DataFilters(Schema):
    indicator: list[str] = Field(
        [], description="Indicator codes (see /indicators); several allowed."
    )
    area: list[str] = Field(
        [],
        description="Areas by ISO3 or M49 (FRA, 250), M49 regions and groups "
        "(002, 901, 1636) or UN DESA aggregate codes (903); several allowed, "
        "repeated or comma-separated.",
    )
    year: list[str] = Field(
        [], description="Years (2020); a year takes every quarter of it too."
    )
    sex: list[str] = Field([], description="_T (both sexes), M or F.")
    age: list[str] = Field([], description="Age groups (_T, 0-14, 65+…).")
    origin: list[str] = Field(
        [], description="Areas of origin like `area`; _T: all origins."
    )
    release: str | None = Field(
        None,
        max_length=80,
        description="One release by identifier; default: the latest published "
        "release of every dataset. Drafts: secretariat only.",
    )
    lang: str | None = Field(None, description="Language of names.")
    format: str = Field(
        "json", description="json (a page), csv, xlsx, sdmx-csv or sdmx-ml (ZIP)."
    )
    # The bounds are checked by the operation, so that a limit out of range
    # is refused like any other parameter (invalid_parameter, with what it
    # may be); the document states them.
    limit: int = Field(
        PAGE_DEFAULT,
        description=f"Rows per page, 1 to {PAGE_MAX} (JSON only).",
        json_schema_extra={"minimum": 1, "maximum": PAGE_MAX},
    )
    offset: int = Field(
        0, description="Rows to skip (JSON only).", json_schema_extra={"minimum": 0}
    )


_DOWNLOAD_TYPES = {
    media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for name, media in FORMATS.items()
    if name != "json"
}
_NOT_MODIFIED = {304: {"description": "Not modified since the ETag or date sent."}}


# --- helpers ---------------------------------------------------------------------


def _last_modified() -> float:
    """When the current generation began (seconds)."""
    return publish.current() / 1e9


def _releases(request: HttpRequest, release: str | None) -> list[Release]:
    """The releases a request reads; an unknown release (or a draft the user
    may not see) is a bad parameter."""
    if not release:
        return published_releases()
    try:
        return visible_releases(request.user, release)
    except Http404:
        allowed = Release.objects.filter(status=Release.Status.PUBLISHED)
        raise BadParameter(
            "release",
            _("No published release has the identifier %(identifier)s.")
            % {"identifier": release},
            given=[str(release)],
            allowed=sorted(allowed.values_list("identifier", flat=True)),
            see=SEE_RELEASES,
        ) from None


def _is_public(releases: list[Release]) -> bool:
    return all(r.is_published for r in releases)


_memo: dict[tuple[str, int, int], bytes] = {}


def _file_bytes(path: str, stat: os.stat_result) -> bytes:
    key = (path, stat.st_mtime_ns, stat.st_size)
    data = _memo.get(key)
    if data is None:
        with open(path, "rb") as handle:
            data = handle.read()
        if len(_memo) > 4096:
            _memo.clear()
        _memo[key] = data
    return data


def file_etag(stat: os.stat_result) -> str:
    """The entity tag nginx gives a static file (so that a client's tag holds
    whichever of the two answered)."""
    return f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'


def serve_file(
    request: HttpRequest, path: str, content_type: str, headers: dict | None = None
) -> HttpResponse | None:
    """A rendered file as nginx would serve it; None if there is none."""
    try:
        stat = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return conditional(
        request,
        etag=file_etag(stat),
        last_modified=stat.st_mtime,
        body=lambda: _file_bytes(path, stat),
        content_type=content_type,
        headers=headers,
    )


_profiles: dict[tuple[int, str, str], bytes] = {}
cache.also_clear(_profiles.clear)
cache.also_clear(_memo.clear)


# --- the profile -----------------------------------------------------------------


@router.get(
    "/areas/{code}/profile",
    response=ProfileOut,
    summary="A country's, region's or group's profile (published data)",
    description="Everything a profile page shows, each block citing its "
    "release: migrant stock over time with its interval, share of the "
    "population, sex ratio, migrants and population by age and sex, top "
    "origins and destinations, refugees, remittances and their share of GDP, "
    "corridor costs against the 3% target (SDG 10.c), mechanisms and Global "
    "Forum roles. `code`: ISO3 or M49 of a country or area; an M49 region or "
    "a group (002, 901, 1636). " + _CONDITIONAL,
    openapi_extra={"responses": _NOT_MODIFIED},
)
def profile(
    request: HttpRequest,
    code: str,
    lang: str | None = None,
    release: str | None = Query(None, max_length=80),
) -> HttpResponse:
    language = language_param(lang)
    if release is None:
        path = prerender.profile_path(language, code.upper())
        served = serve_file(request, str(path), "application/json")
        if served is not None:
            return served
    try:
        area = area_resolve(code)
    except UnknownArea as exc:
        return error_response(404, "not_found", str(exc))
    if release is None:
        path = prerender.profile_path(language, area.key)
        served = serve_file(request, str(path), "application/json")
        if served is not None:
            return served
        generation = publish.current()
        key = (generation, area.key, language)
        body = _profiles.get(key)
        if body is None:
            body = prerender.profile_bytes(area_profile(area, language=language))
            if len(_profiles) > 2048:
                _profiles.clear()
            _profiles[key] = body
        return conditional(
            request,
            etag=quoted_etag("profile", generation, area.key, language),
            last_modified=generation / 1e9,
            body=body,
            content_type="application/json",
        )
    data = prerender.profile_bytes(
        area_profile(
            area,
            language=language,
            release=_releases(request, release)[0].identifier,
            user=request.user,
        )
    )
    return conditional(
        request,
        etag=f'"{hashlib.blake2b(data, digest_size=12).hexdigest()}"',
        last_modified=_last_modified(),
        body=data,
        content_type="application/json",
    )


# --- the data query --------------------------------------------------------------


def _check_page(limit: int, offset: int, fmt: str) -> None:
    if fmt not in FORMATS:
        raise BadParameter(
            "format",
            _("Unknown format %(format)s: use one of %(formats)s.")
            % {"format": fmt, "formats": listed(FORMATS)},
            given=[fmt],
            allowed=list(FORMATS),
        )
    if not 1 <= limit <= PAGE_MAX:
        raise BadParameter(
            "limit",
            _("The page size must be 1 to %(max)s rows; follow 'next' for more.")
            % {"max": PAGE_MAX},
            given=[str(limit)],
            allowed=f"1-{PAGE_MAX}",
        )
    if offset < 0:
        raise BadParameter(
            "offset",
            _("The offset counts rows from 0."),
            given=[str(offset)],
            allowed="0-",
        )


def _page_url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _items(rows: list, releases: dict[int, str], language: str) -> list[dict]:
    codes = {v.area for v in rows}
    names, keys = area_names(codes, language), area_keys(codes)
    indicators = indicator_codes()
    return [
        {
            "indicator": indicators[v.indicator_id],
            "release": releases[v.release_id],
            "area": v.area,
            "area_iso3": keys.get(v.area),
            "area_name": names.get(v.area, str(v.area)),
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
        for v in rows
    ]


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    return bool(header) and (header.strip() == "*" or etag in parse_etags(header))


def _not_modified(request: HttpRequest, etag: str, generation: int) -> HttpResponse:
    return conditional(
        request,
        etag=etag,
        last_modified=generation / 1e9,
        body=b"",
        content_type="application/json",
    )


def _json_page(request, query, filters, language) -> bytes:
    limit, offset = filters.limit, filters.offset
    window = query.page(offset, limit)
    # A page that is not full (and not past the end) says how many there
    # are: no COUNT query then.
    if len(window) < limit and (window or offset == 0):
        count = offset + len(window)
    else:
        count = query.rows().count()
    end = offset + len(window)
    cited = {r.pk: r.identifier for r in query.releases}
    body = {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _page_url(request, limit, end) if end < count else None,
        "previous": _page_url(request, limit, max(0, min(offset, count) - limit))
        if offset > 0
        else None,
        "releases": [release_cite(r, language) for r in query.releases],
        "items": _items(window, cited, language),
    }
    return prerender.profile_bytes(body)


def _download(request, query, filters, language) -> bytes:
    rows = query.rows()
    count = rows.count()
    if count > DOWNLOAD_LIMIT:
        raise BadParameter(
            "format",
            _(
                "The query holds %(count)s values; a download holds at most "
                "%(limit)s. Narrow it (by indicator, area or year), or take a "
                "release whole from /api/v1/downloads/."
            )
            % {"count": f"{count:,}", "limit": f"{DOWNLOAD_LIMIT:,}"},
            given=[filters.format],
            # Pages of JSON take any query; a whole release is a file.
            allowed=["json"],
            see="/api/v1/downloads/",
        )
    return downloads.render(
        rows,
        filters.format,
        releases=query.releases,
        language=language,
        query=request.get_full_path(),
    )


def _filename(filters: Any) -> str:
    suffix = prerender.SUFFIXES[filters.format]
    parts = [
        "migdev-data",
        *filters.indicator[:2],
        *filters.area[:3],
        *filters.year[:2],
    ]
    stem = "-".join(p for p in parts if p.replace("-", "").replace("_", "").isalnum())
    return f"{stem[:80]}.{suffix}"


#: JSON pages of published data answered by this process, by generation,
#: address and language: a published release never changes, and a new
#: generation (a publication) leaves the old answers unread.
_answers: dict[tuple, bytes] = {}
ANSWERS_KEPT = 2048
ANSWER_MAX_BYTES = 64 * 1024
cache.also_clear(_answers.clear)


def _answer_keep(key: tuple, body: bytes) -> None:
    if len(body) > ANSWER_MAX_BYTES:
        return
    first = next(iter(_answers), None)
    if len(_answers) >= ANSWERS_KEPT or (first is not None and first[0] != key[0]):
        _answers.clear()  # full, or of an older generation
    _answers[key] = body


@router.get(
    "/data",
    response=DataPage,
    summary="Values of the published releases, filtered; a page or a download",
    description="Values filtered by indicator, area, year, sex, age and "
    "origin; each parameter takes several values (repeated, or separated by "
    "commas). `format=csv|xlsx|sdmx-csv|sdmx-ml` downloads the whole query "
    f"(at most {DOWNLOAD_LIMIT:,} rows); the default is a page of JSON with "
    "the releases cited. " + _BAD + _CONDITIONAL,
    openapi_extra={"responses": {**_NOT_MODIFIED, 200: {"content": _DOWNLOAD_TYPES}}},
)
def data(request: HttpRequest, filters: Query[DataFilters]) -> HttpResponse:
    _check_page(filters.limit, filters.offset, filters.format)
    language = language_param(filters.lang)
    generation = publish.current()
    # Published data only (the default, or a published release named): the
    # answer depends on the address, the language and the generation alone.
    etag = quoted_etag("data", generation, request.get_full_path(), language)
    if filters.release is None and _matches(request, etag):
        return _not_modified(request, etag, generation)
    answer_key = (
        generation,
        request.scheme,
        request.META.get("HTTP_HOST", ""),  # the next and previous links
        request.get_full_path(),
        language,
    )
    body = _answers.get(answer_key) if filters.format == "json" else None
    if body is not None:  # a published query answered before, by this process
        return conditional(
            request,
            etag=etag,
            last_modified=generation / 1e9,
            body=body,
            content_type=FORMATS["json"],
        )
    releases = _releases(request, filters.release)
    if not _is_public(releases):
        etag = None
    elif _matches(request, etag):
        return _not_modified(request, etag, generation)
    query = data_query(
        releases,
        indicator=filters.indicator,
        area=filters.area,
        year=filters.year,
        sex=filters.sex,
        age=filters.age,
        origin=filters.origin,
    )
    if filters.format == "json":
        body = _json_page(request, query, filters, language)
        headers = None
        if etag is not None:
            _answer_keep(answer_key, body)
    else:
        body = _download(request, query, filters, language)
        headers = {
            "Content-Disposition": f'attachment; filename="{_filename(filters)}"'
        }
    return conditional(
        request,
        etag=etag or f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
        last_modified=generation / 1e9,
        body=body,
        content_type=FORMATS[filters.format],
        headers=headers,
    )


# --- a release whole ---------------------------------------------------------------


@router.get(
    "/downloads/{name}",
    response={200: None},
    summary="A published release whole: IDENTIFIER.csv, .xlsx, .sdmx.csv, .sdmx.zip",
    description="Rendered once when the release is published and served as a "
    "file. " + _CONDITIONAL,
    openapi_extra={"responses": {**_NOT_MODIFIED, 200: {"content": _DOWNLOAD_TYPES}}},
)
def release_download(request: HttpRequest, name: str) -> HttpResponse:
    by_suffix = {suffix: fmt for fmt, suffix in prerender.SUFFIXES.items()}
    fmt = next((f for s, f in by_suffix.items() if name.endswith(f".{s}")), None)
    identifier = name[: -len(prerender.SUFFIXES[fmt]) - 1] if fmt else ""
    release = (
        Release.objects.select_related("dataset")
        .filter(identifier=identifier, status=Release.Status.PUBLISHED)
        .first()
    )
    if fmt is None or release is None:
        return error_response(
            404,
            "not_found",
            _("No published release has the download %(name)s.") % {"name": name},
        )
    path = prerender.download_path(release.identifier, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{path.name}"'}
    if not path.exists():
        prerender.write_atomic(path, downloads.release_file(release, fmt))
    served = serve_file(request, str(path), FORMATS[fmt], headers)
    assert served is not None
    return served
