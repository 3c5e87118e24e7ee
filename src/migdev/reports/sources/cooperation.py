"""Fields over the cooperation mechanisms (chapter V, ¶45–68): how many RCPs
there were, the mechanisms by development-focus group (¶57–63) and the amounts
of the funds (¶48–51)."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migdev.cooperation import selectors as cooperation
from migdev.core.i18n import sort_key
from migdev.languages import format_date
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number, join_list
from migdev.reports.sources.wording import format_amount

_KINDS = ("rcp", "formal", "interregional")

FOCUS_GROUPS = {
    1: _("Development a focus"),
    2: _("Development addressed ad hoc"),
    3: _("Migration governance without development"),
}


def focus_group_label(group: int, language: str) -> str:
    with translation.override(language):
        return str(FOCUS_GROUPS.get(group, group))


def table_header(language: str) -> tuple[str, ...]:
    with translation.override(language):
        return (
            gettext("Group"),
            gettext("Number"),
            gettext("Regional consultative processes"),
        )


def _name(mechanism, language: str) -> str:
    with translation.override(language):
        return mechanism.name.get_text(language) or str(mechanism)


@register(
    "cooperation.mechanisms",
    args=("kind", "as_of"),
    help="How many cooperation mechanisms of a kind existed on a day: kind=rcp "
    "(default), formal or interregional.",
)
def mechanisms(ctx: Context, kind: str = "rcp", as_of: str = "") -> Value:
    if kind not in _KINDS:
        raise FieldError(f"kind is one of {', '.join(_KINDS)}, not {kind!r}")
    day = ctx.day(as_of)
    found = [
        m
        for m in cooperation.mechanism_list(kind=kind)
        if m.founded is None or m.founded <= day
    ]
    return Value(
        "number",
        format_number(len(found), ctx.language),
        len(found),
        Provenance(
            "cooperation.selectors.mechanism_list",
            {"kind": kind, "as_of": day.isoformat()},
            tuple(sorted(m.code for m in found)),
            note="mechanisms founded on or before the day (or with no founding date)",
        ),
    )


def _groups(ctx: Context, period: str) -> dict[int, list]:
    try:
        span = cooperation.parse_period(period)
    except ValueError as exc:
        raise FieldError(str(exc)) from exc
    return ctx.remember(
        ("focus", period), lambda: cooperation.classification_table(ctx.user, span)
    )


@register(
    "cooperation.focus_group",
    args=("group", "period", "style"),
    required=("group",),
    help="The regional consultative processes of a development-focus group "
    "(¶57–63: 1 focus, 2 ad hoc, 3 governance only) from their reviewed "
    "assessments; period=2006-2008; style=list (default) or count.",
)
def focus_group(
    ctx: Context, group: str, period: str = "", style: str = "list"
) -> Value:
    table = _groups(ctx, period)
    try:
        rows = table[int(group)]
    except (KeyError, ValueError) as exc:
        raise FieldError(f"group is 1, 2 or 3, not {group!r}") from exc
    names = sorted(
        (_name(a.mechanism, ctx.language) for a in rows),
        key=lambda n: sort_key(n, ctx.language),
    )
    provenance = Provenance(
        "cooperation.selectors.classification_table",
        {"group": group, "period": period},
        tuple(f"assessment:{a.pk}" for a in rows),
    )
    if style == "count":
        return Value(
            "number", format_number(len(rows), ctx.language), len(rows), provenance
        )
    if style != "list":
        raise FieldError(f"style is list or count, not {style!r}")
    return Value(
        "list",
        join_list(names, ctx.language),
        sorted(a.mechanism.code for a in rows),
        provenance,
    )


@register(
    "cooperation.focus_table",
    args=("period",),
    help="A table of the regional consultative processes by development-focus group (¶57–63).",
    block_kinds=("table",),
)
def focus_table(ctx: Context, period: str = "") -> Value:
    table = _groups(ctx, period)
    rows = []
    comparable = {}
    records = []
    for group, assessments in sorted(table.items()):
        names = sorted(
            (_name(a.mechanism, ctx.language) for a in assessments),
            key=lambda n: sort_key(n, ctx.language),
        )
        rows.append(
            (
                focus_group_label(group, ctx.language),
                format_number(len(names), ctx.language),
                join_list(names, ctx.language),
            )
        )
        comparable[str(group)] = sorted(a.mechanism.code for a in assessments)
        records.extend(f"assessment:{a.pk}" for a in assessments)
    return Value(
        "table",
        "",
        comparable,
        Provenance(
            "cooperation.selectors.classification_table",
            {"period": period},
            tuple(records),
        ),
        rows=tuple(rows),
        header=table_header(ctx.language),
    )


@register(
    "cooperation.fund",
    args=("fund", "what"),
    required=("fund",),
    help="A fund or programme (¶48–51): fund=ecowas-spain-fund; what=amount "
    "(default: €15 million as the language writes it), committed (the "
    "commitments recorded by the build's day) or announced (its date).",
)
def fund(ctx: Context, fund: str, what: str = "amount") -> Value:
    try:
        found = cooperation.fund_get(fund)
    except Http404 as exc:
        raise FieldError(f"there is no fund {fund}") from exc
    # The fund's amount has no history of its own: a build as of a day
    # before the fund was announced still gives it, and says so.
    note = (
        f"announced on {found.announced.isoformat()}, after the build's day"
        if found.announced and found.announced > ctx.as_of
        else ""
    )
    if what == "announced":
        if found.announced is None:
            raise FieldError(f"the fund {fund} has no announcement date")
        return Value(
            "date",
            format_date(found.announced, ctx.language),
            found.announced.isoformat(),
            Provenance(
                "cooperation.selectors.fund_get",
                {"fund": fund, "what": what},
                (f"fund:{found.code}",),
            ),
        )
    if found.amount is None or not found.currency:
        raise FieldError(f"the fund {fund} has no amount recorded")
    if what == "amount":
        amount = found.amount
        records: tuple[str, ...] = (f"fund:{found.code}",)
        query = "cooperation.selectors.fund_get"
    elif what == "committed":
        totals = cooperation.flow_totals([found], ctx.as_of)
        amount = totals[found.pk]["commitment"]
        records = (f"fund:{found.code}", f"flows until {ctx.as_of.isoformat()}")
        query = "cooperation.selectors.flow_totals"
    else:
        raise FieldError(f"what is amount, committed or announced, not {what!r}")
    return Value(
        "number",
        format_amount(amount, found.currency, ctx.language),
        {"amount": format(amount.normalize(), "f"), "currency": found.currency},
        Provenance(query, {"fund": fund, "what": what}, records, note=note),
    )
