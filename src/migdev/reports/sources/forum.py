"""Fields over the Global Forum (¶4, ¶11–20, ¶70): the High-level Dialogue,
the troika on a day, the chairs, the annual meetings and their civil-society
days, the Steering Group, the Friends of the Forum."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation

from migdev.core.i18n import sort_key
from migdev.forum import selectors as forum
from migdev.languages import format_date, format_month
from migdev.registry import selectors as registry
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number, join_list
from migdev.reports.sources.wording import format_day_count, format_days


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
        join_list(
            [
                registry.country_name_in_text(c.country, day, ctx.language)
                for _n, c in names
            ],
            ctx.language,
        ),
        sorted(c.country.iso3 for _n, c in names),
        Provenance(
            "forum.selectors.troika",
            {"as_of": day.isoformat()},
            records=tuple(f"{role}:{chair.country.iso3}" for role, chair in members),
        ),
    )


_WHAT = (
    "states",
    "host",
    "city",
    "start",
    "end",
    "month",
    "days",
    "theme",
    "civil_society_organizer",
    "civil_society_days",
    "civil_society_length",
)


@register(
    "forum.meeting",
    args=("edition", "what"),
    required=("edition", "what"),
    help="A fact of an annual meeting: what=states (States represented), host, "
    "city, start, end, month (July 2007), days (10 and 11 July 2007), theme, civil_society_organizer, "
    "civil_society_days (its dates) or civil_society_length (two days); "
    "edition=1 for Brussels 2007.",
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
        name = registry.country_name_in_text(m.host, m.start, ctx.language)
        return Value("text", name, m.host.iso3, provenance)
    if what == "city":
        text = m.city.get_text(ctx.language)
        return Value("text", text, m.city.get_text("en"), provenance)
    if what in ("start", "end"):
        day = m.start if what == "start" else m.end
        return Value(
            "date", format_date(day, ctx.language), day.isoformat(), provenance
        )
    if what == "month":
        return Value(
            "date",
            format_month(m.start, ctx.language),
            m.start.isoformat()[:7],
            provenance,
        )
    if what == "days":
        return Value(
            "date",
            format_days(m.start, m.end, ctx.language),
            [m.start.isoformat(), m.end.isoformat()],
            provenance,
        )
    if what == "theme":
        text = m.theme.get_text(ctx.language)
        if not text:
            raise FieldError(f"the meeting {edition} has no theme recorded")
        return Value("text", text, m.theme.get_text("en"), provenance)
    if what.startswith("civil_society_"):
        return _civil_society(ctx, m, edition, what, provenance)
    raise FieldError(f"what is one of {', '.join(_WHAT)}, not {what!r}")


def _civil_society(
    ctx: Context, m: Any, edition: str, what: str, provenance: Provenance
) -> Value:
    """The civil-society day(s) before a meeting (¶12, ¶15)."""
    day = getattr(m, "civil_society_day", None)
    if day is None:
        raise FieldError(f"no civil-society day is recorded for meeting {edition}")
    provenance = Provenance(
        provenance.query,
        provenance.args,
        (*provenance.records, f"civil_society_day:{day.pk}"),
    )
    if what == "civil_society_organizer":
        organizer = day.organizer
        with translation.override(ctx.language):
            name = organizer.name.get_text(ctx.language) or str(organizer)
        return Value("text", name, organizer.code, provenance)
    if what == "civil_society_days":
        return Value(
            "date",
            format_days(day.start, day.end, ctx.language),
            [day.start.isoformat(), day.end.isoformat()],
            provenance,
        )
    if what == "civil_society_length":
        length = (day.end - day.start).days + 1
        return Value(
            "number", format_day_count(length, ctx.language), length, provenance
        )
    raise FieldError(f"what is one of {', '.join(_WHAT)}, not {what!r}")


@register(
    "forum.chair",
    args=("year", "edition"),
    help="The State that chairs the Forum (or has offered to) in a year, or that "
    "hosts a meeting: year=2010 or edition=3 (¶16, ¶70); its name as on the "
    "first day of its chairmanship.",
)
def chair(ctx: Context, year: str = "", edition: str = "") -> Value:
    if bool(year) == bool(edition):
        raise FieldError("give either year= or edition=")
    all_chairs = forum.chairs()
    if year:
        if not year.isdigit():
            raise FieldError(f"year must be a year, not {year!r}")
        found = [c for c in all_chairs if c.start.year == int(year)]
        wanted = f"in {year}"
    else:
        found = [
            c for c in all_chairs if c.meeting and str(c.meeting.edition) == edition
        ]
        wanted = f"for meeting {edition}"
    if not found:
        raise FieldError(f"no chair of the Forum is recorded {wanted}")
    chosen = found[0]
    name = registry.country_name_in_text(chosen.country, chosen.start, ctx.language)
    return Value(
        "text",
        name,
        chosen.country.iso3,
        Provenance(
            "forum.selectors.chairs",
            {"year": year, "edition": edition},
            (f"chair:{chosen.pk}:{chosen.country.iso3}",),
        ),
    )


@register(
    "forum.steering_group",
    args=("as_of", "style"),
    help="The Steering Group on a day (¶17), the troika's members ex officio "
    "included: style=size (default, how many States) or list (their names).",
)
def steering_group(ctx: Context, as_of: str = "", style: str = "size") -> Value:
    day = ctx.day(as_of)
    group = ctx.remember(("steering", day), lambda: forum.steering_group(day))
    if not group.seats:
        raise FieldError(f"the Steering Group had no member on {day.isoformat()}")
    codes = tuple(sorted(s.country.iso3 for s in group.seats))
    provenance = Provenance(
        "forum.selectors.steering_group",
        {"as_of": day.isoformat()},
        codes,
        note="members and the troika ex officio",
    )
    if style == "size":
        return Value(
            "number", format_number(group.size, ctx.language), group.size, provenance
        )
    if style != "list":
        raise FieldError(f"style is size or list, not {style!r}")
    seats = sorted(
        group.seats,
        key=lambda s: sort_key(
            registry.country_name(s.country, day, ctx.language), ctx.language
        ),
    )
    names = [registry.country_name_in_text(s.country, day, ctx.language) for s in seats]
    return Value("list", join_list(names, ctx.language), list(codes), provenance)


@register(
    "forum.dialogue",
    args=("dialogue", "what"),
    required=("dialogue", "what"),
    help="A fact of a High-level Dialogue (¶4): dialogue=hld-2006; what=days "
    "(14 and 15 September 2006), start, end, place or states (Member States "
    "taking part).",
)
def dialogue(ctx: Context, dialogue: str, what: str) -> Value:
    try:
        d = forum.dialogue_get(dialogue)
    except Http404 as exc:
        raise FieldError(f"there is no Dialogue {dialogue}") from exc
    if d.start > ctx.as_of:
        raise FieldError(
            f"the Dialogue {dialogue} had not taken place on {ctx.as_of.isoformat()}"
        )
    participants = tuple(sorted(c.iso3 for c in d.participants.all()))
    provenance = Provenance(
        "forum.selectors.dialogue_get",
        {"dialogue": dialogue, "what": what},
        (f"dialogue:{d.pk}", *participants),
    )
    if what == "states":
        n = d.member_states if d.member_states is not None else len(participants)
        if not n:
            raise FieldError(f"the States taking part in {dialogue} are not recorded")
        return Value("number", format_number(n, ctx.language), n, provenance)
    if what == "days":
        return Value(
            "date",
            format_days(d.start, d.end, ctx.language),
            [d.start.isoformat(), d.end.isoformat()],
            provenance,
        )
    if what in ("start", "end"):
        day = d.start if what == "start" else d.end
        return Value(
            "date", format_date(day, ctx.language), day.isoformat(), provenance
        )
    if what == "place":
        text = d.place.get_text(ctx.language)
        return Value("text", text, d.place.get_text("en"), provenance)
    raise FieldError(f"what is days, start, end, place or states, not {what!r}")


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
