"""Fields over the registry: Member States and observers on a day, a State's
name on a day, the members of an inter-agency group (the GMG, ¶44)."""

from __future__ import annotations

from django.utils import translation

from migdev.registry import selectors as registry
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number, join_list


def _members(ctx: Context, code: str, as_of: str) -> tuple[list, str]:
    day = ctx.day(as_of)
    try:
        grouping = registry.grouping_get(code)
        members = list(registry.grouping_members(grouping, as_of=day).order_by("m49"))
    except registry.UnknownCode as exc:
        raise FieldError(str(exc)) from exc
    except registry.HistoryIncomplete as exc:
        raise FieldError(f"no data on {day.isoformat()}: {exc}") from exc
    return members, day.isoformat()


@register(
    "registry.member_states",
    args=("as_of",),
    help="How many Member States the United Nations had at the end of a day.",
)
def member_states(ctx: Context, as_of: str = "") -> Value:
    members, day = _members(ctx, registry.UN_MEMBERS, as_of)
    return Value(
        "number",
        format_number(len(members), ctx.language),
        len(members),
        Provenance(
            "registry.selectors.grouping_members",
            {"grouping": registry.UN_MEMBERS, "as_of": day},
            records=tuple(c.iso3 for c in members),
        ),
    )


@register(
    "registry.country",
    args=("code", "as_of"),
    required=("code",),
    help="A State's short name on a day, in the report's language: code=PHL.",
)
def country(ctx: Context, code: str, as_of: str = "") -> Value:
    day = ctx.day(as_of)
    try:
        found = registry.country_get(code)
    except registry.UnknownCode as exc:
        raise FieldError(str(exc)) from exc
    name = registry.country_name(found, day, ctx.language)
    return Value(
        "text",
        registry.country_name_in_text(found, day, ctx.language),
        name,
        Provenance(
            "registry.selectors.country_name",
            {"code": code, "as_of": day.isoformat()},
            (found.iso3,),
        ),
    )


@register(
    "registry.group_members",
    args=("group", "as_of", "style"),
    required=("group",),
    help="The members of an inter-agency group on a day (group=gmg), by acronym "
    "in the report's language; style=count gives how many.",
)
def group_members(
    ctx: Context, group: str, as_of: str = "", style: str = "list"
) -> Value:
    day = ctx.day(as_of)
    try:
        organization = registry.organization_get(group)
    except registry.UnknownCode as exc:
        raise FieldError(str(exc)) from exc
    links = registry.organization_members(organization, as_of=day)
    if not links:
        raise FieldError(f"the group {group} had no members on {day.isoformat()}")
    with translation.override(ctx.language):
        names = [
            m.member.acronym.get_text(ctx.language)
            or m.member.name.get_text(ctx.language)
            for m in links
        ]
    codes = tuple(m.member.code for m in links)
    provenance = Provenance(
        "registry.selectors.organization_members",
        {"group": group, "as_of": day.isoformat()},
        codes,
    )
    if style == "count":
        return Value(
            "number", format_number(len(names), ctx.language), len(names), provenance
        )
    if style != "list":
        raise FieldError(f"style is list or count, not {style!r}")
    return Value("list", join_list(names, ctx.language), list(codes), provenance)
