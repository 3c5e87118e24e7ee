"""Fields that read no module: a date written in the report's language."""

from __future__ import annotations

import datetime as dt

from migdev.languages import format_date, format_month
from migdev.reports.fields import Context, FieldError, Provenance, Value, register


@register(
    "date",
    args=("value", "style"),
    required=("value",),
    help="A date in the style of UN documents (2008年7月15日, 15 July 2008): "
    "{{ date 2008-07-15 }}; style=month gives July 2008.",
)
def date(ctx: Context, value: str, style: str = "day") -> Value:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise FieldError(f"{value!r} is not a date: write it as YYYY-MM-DD") from exc
    if style not in ("day", "month"):
        raise FieldError(f"style is day or month, not {style!r}")
    text = (
        format_date(day, ctx.language)
        if style == "day"
        else format_month(day, ctx.language)
    )
    return Value("date", text, day.isoformat(), Provenance("literal", {"value": value}))


@register(
    "build.as_of",
    help="The day the report is built as of, in the report's language.",
)
def build_day(ctx: Context) -> Value:
    return Value(
        "date",
        format_date(ctx.as_of, ctx.language),
        ctx.as_of.isoformat(),
        Provenance("build", {}),
    )


@register(
    "as_of",
    args=("value",),
    required=("value",),
    help="The day data is read as of, in the report's language: {{ as_of 2008-07-15 }} "
    "gives that day, or the build's day when the build is as of an earlier one.",
)
def as_of_day(ctx: Context, value: str) -> Value:
    day = ctx.day(value)
    return Value(
        "date",
        format_date(day, ctx.language),
        day.isoformat(),
        Provenance("build", {"value": value, "as_of": ctx.as_of.isoformat()}),
    )
