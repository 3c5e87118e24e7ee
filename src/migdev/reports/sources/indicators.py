"""Fields over the data releases (¶26, ¶42): a value of the release published
by the build's day, and a chart of an indicator over time (the migrant stock
of an area with its interval)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from migdev.indicators import selectors as indicators
from migdev.registry import selectors as registry
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number
from migdev.stats import charts


def _release(ctx: Context, dataset: str) -> Any:
    day = ctx.as_of
    before = dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    release = (
        indicators.release_list(ctx.user, dataset=dataset)
        .filter(status="published", published_at__lt=before)
        .first()
    )
    if release is None:
        raise FieldError(
            f"no release of the dataset {dataset} was published by {day.isoformat()}"
        )
    return release


def _area(code: str) -> Any:
    try:
        return registry.country_get(code)
    except registry.UnknownCode as exc:
        raise FieldError(str(exc)) from exc


@register(
    "indicators.value",
    args=("dataset", "indicator", "area", "period", "sex"),
    required=("dataset", "indicator", "area", "period"),
    help="A value of the release of a dataset published by the build's day: "
    "indicator=migrant_stock area=FRA period=2005 (sex=_T, F or M).",
)
def value(
    ctx: Context, dataset: str, indicator: str, area: str, period: str, sex: str = "_T"
) -> Value:
    release = _release(ctx, dataset)
    country = _area(area)
    row = indicators.value_slice(
        release, indicator=indicator, area=country.m49, period=period, sex=sex
    ).first()
    if row is None or row.value is None:
        raise FieldError(
            f"{release.identifier} has no {indicator} for {area} in {period}"
        )
    return Value(
        "number",
        format_number(round(row.value), ctx.language),
        row.value,
        Provenance(
            "indicators.selectors.value_slice",
            {"indicator": indicator, "area": area, "period": period, "sex": sex},
            records=(f"value:{row.pk}",),
            release=release.identifier,
        ),
    )


@register(
    "indicators.chart",
    args=("dataset", "indicator", "area", "sex"),
    required=("dataset", "indicator", "area"),
    help="A chart of an indicator over time for an area, with its 95 % interval, "
    "from the release published by the build's day.",
    block_kinds=("figure",),
)
def chart(
    ctx: Context, dataset: str, indicator: str, area: str, sex: str = "_T"
) -> Value:
    release = _release(ctx, dataset)
    country = _area(area)
    rows = [
        r
        for r in indicators.value_slice(
            release, indicator=indicator, area=country.m49, sex=sex
        ).select_related("indicator")
        if r.age == "_T" and r.origin is None and r.counterpart is None
    ]
    if not rows:
        raise FieldError(f"{release.identifier} has no {indicator} for {area}")
    name = rows[0].indicator.name.get_text(ctx.language)
    title = f"{registry.country_name(country, ctx.as_of, ctx.language)}: {name}"
    series = charts.Series(
        name,
        [r.value for r in rows],
        low=[r.lower_95 for r in rows]
        if any(r.lower_95 is not None for r in rows)
        else None,
        high=[r.upper_95 for r in rows]
        if any(r.upper_95 is not None for r in rows)
        else None,
    )
    svg = charts.time_series_svg(
        [r.period for r in rows],
        [series],
        lang=ctx.language,
        title=title,
        interval_label="95 %",
    )
    return Value(
        "figure",
        title,
        {r.period: r.value for r in rows},
        Provenance(
            "indicators.selectors.value_slice",
            {"indicator": indicator, "area": area, "sex": sex},
            records=tuple(f"value:{r.pk}" for r in rows),
            release=release.identifier,
        ),
        image_png=charts.to_png(svg, width=1400),
        image_svg=svg,
    )
