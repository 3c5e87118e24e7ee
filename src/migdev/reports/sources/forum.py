"""Fields over the Global Forum (¶11–20): the troika on a day, the annual
meetings, the Friends of the Forum."""

from __future__ import annotations

from django.http import Http404

from migdev.core.i18n import sort_key
from migdev.forum import selectors as forum
from migdev.languages import format_date
from migdev.registry import selectors as registry
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number, join_list


@register(
    "forum.troika",
    args=("as_of", "order"),
    help="The troika on a day (past, current and next chair, ¶16) as a list of "
    "States' names of that day; order=name (default) or role.",
)
def troika(ctx: Context, as_of: str = "", order: str = "name") -> Value:
    day = ctx.day(as_of)
    members = forum.troika(day).members()
    if not members:
        raise FieldError(f"no chair of the Forum is recorded around {day.isoformat()}")
    names = [
        (registry.country_name(chair.country, day, ctx.language), chair)
        for _r, chair in members
    ]
    if order == "name":
        names.sort(key=lambda pair: sort_key(pair[0], ctx.language))
    elif order != "role":
        raise FieldError(f"order is name or role, not {order!r}")
    return Value(
        "list",
        join_list([n for n, _c in names], ctx.language),
        [c.country.iso3 for _n, c in names],
        Provenance(
            "forum.selectors.troika",
            {"as_of": day.isoformat()},
            records=tuple(f"{role}:{chair.country.iso3}" for role, chair in members),
        ),
    )


_WHAT = ("states", "host", "city", "start", "end")


@register(
    "forum.meeting",
    args=("edition", "what"),
    required=("edition", "what"),
    help="A fact of an annual meeting: what=states (States represented), host, "
    "city, start or end; edition=1 for Brussels 2007.",
)
def meeting(ctx: Context, edition: str, what: str) -> Value:
    try:
        m = forum.meeting_get(int(edition))
    except (Http404, ValueError) as exc:
        raise FieldError(f"there is no Forum meeting {edition}") from exc
    if m.start > ctx.as_of and what == "states":
        raise FieldError(
            f"the meeting {edition} had not taken place on {ctx.as_of.isoformat()}"
        )
    provenance = Provenance(
        "forum.selectors.meeting_get",
        {"edition": edition, "what": what},
        (f"meeting:{m.pk}",),
    )
    if what == "states":
        if m.states_reported is None:
            raise FieldError(
                f"the number of States at meeting {edition} is not recorded"
            )
        return Value(
            "number",
            format_number(m.states_reported, ctx.language),
            m.states_reported,
            provenance,
        )
    if what == "host":
        name = registry.country_name(m.host, m.start, ctx.language)
        return Value("text", name, m.host.iso3, provenance)
    if what == "city":
        text = m.city.get_text(ctx.language)
        return Value("text", text, text, provenance)
    if what in ("start", "end"):
        day = m.start if what == "start" else m.end
        return Value(
            "date", format_date(day, ctx.language), day.isoformat(), provenance
        )
    raise FieldError(f"what is one of {', '.join(_WHAT)}, not {what!r}")


@register(
    "forum.friends_meetings",
    args=("year",),
    required=("year",),
    help="How many times the Friends of the Forum met in a year (¶18).",
)
def friends_meetings(ctx: Context, year: str) -> Value:
    try:
        y = int(year)
    except ValueError as exc:
        raise FieldError(f"year must be a year, not {year!r}") from exc
    meetings = [m for m in forum.friends_meetings(y) if m.date <= ctx.as_of]
    return Value(
        "number",
        format_number(len(meetings), ctx.language),
        len(meetings),
        Provenance(
            "forum.selectors.friends_meetings",
            {"year": year, "as_of": ctx.as_of.isoformat()},
            tuple(m.date.isoformat() for m in meetings),
        ),
    )
