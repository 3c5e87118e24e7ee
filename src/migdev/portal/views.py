"""The portal's public pages: the index of areas, a country's, region's or
group's profile, a comparison of areas, and the world map. No login: they
show published releases only (``portal.selectors``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from migdev.cooperation.models import Participation
from migdev.core.i18n import LocalizedText, normalize_language
from migdev.portal import charts, maps
from migdev.portal.selectors import UnknownArea, area_profile, area_resolve
from migdev.registry.models import Country, Grouping
from migdev.registry.selectors import sort_by_name
from migdev.stats import charts as stats_charts
from migdev.stats.worldmap import svg_to_png

#: Most areas a comparison shows side by side.
COMPARE_MAX = 6

_REGION_KINDS = (
    Grouping.Kind.WORLD,
    Grouping.Kind.REGION,
    Grouping.Kind.SUBREGION,
    Grouping.Kind.INTERMEDIATE_REGION,
)
_GROUP_KINDS = (Grouping.Kind.DEVELOPMENT_GROUP, Grouping.Kind.INCOME_GROUP)


#: A State's seat in the Forum's troika (past, current and next chair).
_TROIKA_ROLES = {
    "past": gettext_lazy("Member of the troika (the previous chair)"),
    "current": gettext_lazy("Member of the troika (the chair in office)"),
    "next": gettext_lazy("Member of the troika (the next chair)"),
}


#: A State's role in a mechanism after a dash in running text ("Processus
#: de Budapest — membre"): the label as the middle of a sentence writes it,
#: lower case in the languages that have case (French typography after a
#: dash), where ``Participation.Role``'s labels head table cells.
_ROLES_IN_TEXT = {
    Participation.Role.MEMBER: pgettext_lazy(
        "role after a dash in running text", "member"
    ),
    Participation.Role.OBSERVER: pgettext_lazy(
        "role after a dash in running text", "observer"
    ),
}


def _language() -> str:
    return normalize_language(get_language())


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Every State and area, the regions and the groups, each a profile."""
    language = _language()
    countries = sort_by_name(Country.objects.all(), language=language)
    groupings = list(Grouping.objects.filter(kind__in=(*_REGION_KINDS, *_GROUP_KINDS)))
    return render(
        request,
        "portal/home.html",
        {
            "countries": [(c.key, c.name.get_text(language)) for c in countries],
            "regions": [
                _grouping(g, language) for g in groupings if g.kind in _REGION_KINDS
            ],
            "groups": [
                _grouping(g, language) for g in groupings if g.kind in _GROUP_KINDS
            ],
        },
    )


def _grouping(grouping: Grouping, language: str) -> tuple[str, str, str]:
    return (
        grouping.code,
        LocalizedText(grouping.name).get_text(language),
        grouping.kind,
    )


def _profile(code: str, language: str, request: HttpRequest) -> dict[str, Any]:
    try:
        area = area_resolve(code)
    except UnknownArea as exc:
        raise Http404(str(exc)) from None
    if area.kind == "other":  # a residual origin is no place with a profile
        raise Http404(str(UnknownArea(code)))
    return area_profile(area, language=language)


@require_safe
def profile(request: HttpRequest, code: str) -> HttpResponse:
    """A country's, area's, region's or group's profile."""
    language = _language()
    data = _profile(code, language, request)
    figures = charts.profile_figures(data, language)
    for mechanism in data["mechanisms"]:
        mechanism["role_label"] = str(_ROLES_IN_TEXT.get(mechanism["role"], ""))
    troika = (data["forum"] or {}).get("troika")
    members = []
    if data["area"]["members"]:
        keys = set(data["area"]["members"])
        found = Country.objects.filter(iso3__in=keys) | Country.objects.filter(
            m49__in=keys
        )
        members = [
            (c.key, c.name.get_text(language))
            for c in sort_by_name(found, language=language)
        ]
    return render(
        request,
        "portal/profile.html",
        {
            "profile": data,
            "area": data["area"],
            "figures": figures,
            "members": members,
            "troika_role": str(_TROIKA_ROLES[troika]) if troika else "",
            "downloads": charts.downloads(language, area=data["area"]["key"]),
            "today": timezone.localdate(),
        },
    )


@require_safe
def chart_image(request: HttpRequest, code: str, key: str, fmt: str) -> HttpResponse:
    """One chart of a profile as SVG or PNG (for reports and re-use)."""
    language = _language()
    data = _profile(code, language, request)
    figure = next(
        (f for f in charts.profile_figures(data, language) if f.key == key), None
    )
    if figure is None:
        raise Http404(_("This profile has no such chart."))
    name = f"{data['area']['key']}-{key}-{language}.{fmt}"
    if fmt == "png":
        response = HttpResponse(
            stats_charts.to_png(figure.svg), content_type="image/png"
        )
    else:
        response = HttpResponse(figure.svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _requested_areas(request: HttpRequest) -> list[str]:
    codes: list[str] = []
    for value in request.GET.getlist("area"):
        for code in value.split(","):
            code = code.strip().upper()
            if code and code not in codes:
                codes.append(code)
    return codes


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Chosen areas side by side: their latest figures and the migrant
    share and stock over time."""
    language = _language()
    codes = _requested_areas(request)
    error = ""
    if len(codes) > COMPARE_MAX:
        error = _("Choose at most %(count)s areas.") % {"count": COMPARE_MAX}
        codes = codes[:COMPARE_MAX]
    profiles = []
    for code in codes:
        try:
            profiles.append(area_profile(area_resolve(code), language=language))
        except UnknownArea:
            error = _("Unknown area %(code)s: choose areas from the list.") % {
                "code": code
            }
    figures = []
    if profiles:
        figures = [
            _comparison(
                profiles,
                "share_of_population",
                "migrant_share",
                language,
                percent=True,
                digits=1,
            ),
            _comparison(
                profiles, "stock", "migrant_stock", language, percent=False, digits=0
            ),
        ]
    countries = sort_by_name(Country.objects.all(), language=language)
    groupings = Grouping.objects.filter(kind__in=(*_REGION_KINDS, *_GROUP_KINDS))
    options = [(c.key, c.name.get_text(language)) for c in countries] + [
        (g.code, LocalizedText(g.name).get_text(language)) for g in groupings
    ]
    response = render(
        request,
        "portal/compare.html",
        {
            "profiles": profiles,
            "releases": list(
                {r["identifier"]: r for p in profiles for r in p["releases"]}.values()
            ),
            "rows": _latest_rows(profiles, language),
            "figures": [f for f in figures if f is not None],
            "options": options,
            "chosen": [p["area"]["key"] for p in profiles],
            "error": error,
            "limit": COMPARE_MAX,
        },
        status=400 if error else 200,
    )
    return response


def _comparison(
    profiles: list[dict[str, Any]],
    block: str,
    indicator: str,
    language: str,
    *,
    percent: bool,
    digits: int,
) -> charts.Figure | None:
    series = []
    periods: set[str] = set()
    for p in profiles:
        points = (p.get(block) or {}).get("series") or []
        values = {pt["period"]: pt["value"] for pt in points}
        periods |= set(values)
        series.append((p["area"]["name"], values))
    if not periods:
        return None
    names = charts.indicator_names(language)
    keys = ",".join(p["area"]["key"] for p in profiles)
    return charts.comparison_figure(
        block,
        names.get(indicator, indicator),
        sorted(periods),
        series,
        language=language,
        percent=percent,
        digits=digits,
        downloads=charts.downloads(language, area=keys, indicator=indicator),
    )


def _latest(block: dict[str, Any] | None) -> tuple[str, float | None]:
    points = (block or {}).get("series") or []
    present = [p for p in points if p.get("value") is not None]
    return (present[-1]["period"], present[-1]["value"]) if present else ("", None)


def _latest_rows(profiles: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """One row per figure, one cell per area: the latest value and its year."""
    if not profiles:
        return []
    number = charts.Numbers(language)
    names = charts.indicator_names(language)
    wanted = [
        ("migrant_stock", lambda p: p.get("stock"), 0, False),
        ("migrant_share", lambda p: p.get("share_of_population"), 1, True),
        ("female_share", lambda p: p.get("female_share"), 1, True),
        ("refugees", lambda p: (p.get("refugees") or {}).get("count"), 0, False),
        (
            "remittances_received_gdp",
            lambda p: (p.get("remittances") or {}).get("inflows_gdp"),
            2,
            True,
        ),
    ]
    rows = []
    for code, get, digits, percent in wanted:
        cells = []
        for p in profiles:
            period, value = _latest(get(p))
            cells.append({"value": number(value, digits, percent), "period": period})
        rows.append({"label": names.get(code, code), "cells": cells})
    return rows


@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    """The world map of any indicator and year; focus or hover on a country
    gives its value."""
    language = _language()
    context: dict[str, Any] = {
        "choices": maps.choices(language),
        "methods": _methods(),
    }
    status = 200
    try:
        drawn = maps.world_map(
            language,
            indicator=request.GET.get("indicator"),
            year=request.GET.get("year"),
            method=request.GET.get("method"),
        )
    except maps.MapError as exc:
        context["error"] = str(exc)
        context["error_parameter"] = exc.parameter
        status = 400 if request.GET else 200
    else:
        context["map"] = drawn
        context["downloads"] = [
            ("SVG", "svg"),
            ("PNG", "png"),
        ]
        context["data_downloads"] = charts.downloads(
            language, indicator=drawn.indicator.code, year=drawn.year
        )
    return render(request, "portal/map.html", context, status=status)


def _methods() -> list[tuple[str, str]]:
    return [
        ("quantiles", _("Quantiles (about as many countries in each class)")),
        ("jenks", _("Natural breaks (Jenks)")),
    ]


@require_safe
def map_image(request: HttpRequest, fmt: str) -> HttpResponse:
    """The map as a standalone SVG or PNG file."""
    language = _language()
    try:
        drawn = maps.world_map(
            language,
            indicator=request.GET.get("indicator"),
            year=request.GET.get("year"),
            method=request.GET.get("method"),
            width=1200,
        )
    except maps.MapError as exc:
        return HttpResponse(
            str(exc), status=400, content_type="text/plain; charset=utf-8"
        )
    name = f"map-{drawn.indicator.code}-{drawn.year}-{language}.{fmt}"
    if fmt == "png":
        response = HttpResponse(
            svg_to_png(drawn.svg, width=1200), content_type="image/png"
        )
    else:
        response = HttpResponse(drawn.svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
