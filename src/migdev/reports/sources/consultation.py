"""Fields over a consultation of Member States (A/63/265, fn 1, ¶21–24 and the
figure): replies as of a day, recipients, quantifiers of the coded replies,
the campaign's dates and the response map."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from migdev.consultation.analysis.tallies import tally
from migdev.consultation.campaigns import selectors as campaigns
from migdev.consultation.campaigns.maps import response_map
from migdev.languages import format_date
from migdev.registry import selectors as registry
from migdev.reports.fields import Context, FieldError, Provenance, Value, register
from migdev.reports.formatting import format_number

CAMPAIGN_HELP = (
    "campaign: the questionnaire's code (hld-follow-up-2008) or the campaign's number"
)


def _campaign(ctx: Context, ref: str) -> Any:
    def find() -> Any:
        qs = campaigns.campaign_list_for_user(ctx.user)
        if ref.isdigit():
            found = qs.filter(pk=int(ref)).first()
        else:
            found = (
                qs.filter(questionnaire__code=ref)
                .order_by("-request__opens_on")
                .first()
            )
        if found is None:
            raise FieldError(f"there is no campaign {ref} (or it is not published)")
        return found

    return ctx.remember(("campaign", ref), find)


def _day(ctx: Context, campaign: Any, as_of: str | None) -> dt.date:
    day = ctx.day(as_of)
    if day < campaign.opens_on:
        raise FieldError(
            f"no data before {format_date(campaign.opens_on, 'en')}, "
            f"when the campaign opened (asked for {format_date(day, 'en')})"
        )
    return day


def _status(ctx: Context, campaign: Any, day: dt.date) -> Any:
    return ctx.remember(
        ("status", campaign.pk, day),
        lambda: campaigns.campaign_status_as_of(campaign, day),
    )


def _standings(ctx: Context, status: Any, day: dt.date) -> dict[int, str]:
    ids = [r.recipient.country_id for r in status.rows]
    return ctx.remember(
        ("standings", status.campaign.pk, day), lambda: registry.standings_on(ids, day)
    )


def _number(n: int, ctx: Context, provenance: Provenance) -> Value:
    return Value("number", format_number(n, ctx.language), n, provenance)


@register(
    "consultation.replies",
    args=("campaign", "as_of", "standing"),
    required=("campaign",),
    help="How many States had replied by the end of a day. "
    + CAMPAIGN_HELP
    + "; as_of: YYYY-MM-DD (default: the build's day); standing: member (default) or all.",
)
def replies(
    ctx: Context, campaign: str, as_of: str = "", standing: str = "member"
) -> Value:
    c = _campaign(ctx, campaign)
    day = _day(ctx, c, as_of)
    status = _status(ctx, c, day)
    rows = [r for r in status.rows if r.status == campaigns.REPLIED]
    if standing == "member":
        standings = _standings(ctx, status, day)
        rows = [
            r
            for r in rows
            if standings.get(r.recipient.country_id) == registry.MEMBER_STATE
        ]
    elif standing != "all":
        raise FieldError(f"standing is member or all, not {standing!r}")
    iso3 = sorted(r.country.iso3 for r in rows)
    return _number(
        len(rows),
        ctx,
        Provenance(
            "consultation.campaigns.selectors.campaign_status_as_of",
            {"campaign": str(c.pk), "as_of": day.isoformat(), "standing": standing},
            records=tuple(iso3),
            note="States whose reply was submitted before the end of the day",
        ),
    )


@register(
    "consultation.recipients",
    args=("campaign", "standing"),
    required=("campaign",),
    help="How many States and observers the questionnaire went to. "
    + CAMPAIGN_HELP
    + "; standing: all (default), member, observer.",
)
def recipients(ctx: Context, campaign: str, standing: str = "all") -> Value:
    c = _campaign(ctx, campaign)
    status = _status(ctx, c, c.opens_on)
    standings = _standings(ctx, status, c.opens_on)
    wanted = {
        "all": None,
        "member": {registry.MEMBER_STATE},
        "observer": {registry.OBSERVER_STATE, registry.OBSERVER_ENTITY},
    }
    if standing not in wanted:
        raise FieldError(f"standing is all, member or observer, not {standing!r}")
    keep = wanted[standing]
    rows = [
        r
        for r in status.rows
        if keep is None or standings.get(r.recipient.country_id) in keep
    ]
    return _number(
        len(rows),
        ctx,
        Provenance(
            "consultation.campaigns.selectors.campaign_status_as_of",
            {
                "campaign": str(c.pk),
                "as_of": c.opens_on.isoformat(),
                "standing": standing,
            },
            records=tuple(sorted(r.country.iso3 for r in rows)),
            note="the campaign's roster, standings on its opening day",
        ),
    )


_DATES = ("opens", "deadline", "dispatched", "closes")


@register(
    "consultation.date",
    args=("campaign", "what"),
    required=("campaign", "what"),
    help="A date of the campaign: what=opens, deadline, dispatched or closes. "
    + CAMPAIGN_HELP,
)
def campaign_date(ctx: Context, campaign: str, what: str) -> Value:
    c = _campaign(ctx, campaign)
    days = {
        "opens": c.opens_on,
        "deadline": c.deadline,
        "dispatched": timezone.localdate(c.dispatched_at) if c.dispatched_at else None,
        "closes": c.closes_on,
    }
    if what not in days:
        raise FieldError(f"what is one of {', '.join(_DATES)}, not {what!r}")
    day = days[what]
    if day is None:
        raise FieldError(f"the campaign has no {what} date")
    return Value(
        "date",
        format_date(day, ctx.language),
        day.isoformat(),
        Provenance(
            "consultation.campaigns.selectors.campaign_list_for_user",
            {"campaign": str(c.pk), "what": what},
        ),
    )


def _theme_tally(ctx: Context, c: Any, day: dt.date, question: str, theme: str) -> Any:
    result = ctx.remember(
        ("tally", c.pk, day, ctx.language),
        lambda: tally(c, language=ctx.language, as_of=day, with_quotes=False),
    )
    for q in result.open:
        if q.question.name != question:
            continue
        for t in q.themes:
            if t.code == theme:
                return t
        codes = ", ".join(t.code for t in q.themes)
        raise FieldError(
            f"the question {question} has no theme {theme} (it has: {codes})"
        )
    names = ", ".join(q.question.name for q in result.open)
    raise FieldError(f"the campaign has no open question {question} (it has: {names})")


@register(
    "consultation.quantifier",
    args=("campaign", "question", "theme", "as_of", "style"),
    required=("campaign", "question", "theme"),
    help="How many of the States that replied hold a coded view, as the report says it "
    '("almost all", "one sixth", "only three"). '
    + CAMPAIGN_HELP
    + "; question: the open question's name; theme: the theme's code; "
    "style: report (default), count (61 of 64) or number (61).",
)
def quantifier(
    ctx: Context,
    campaign: str,
    question: str,
    theme: str,
    as_of: str = "",
    style: str = "report",
) -> Value:
    c = _campaign(ctx, campaign)
    day = _day(ctx, c, as_of)
    t = _theme_tally(ctx, c, day, question, theme)
    provenance = Provenance(
        "consultation.analysis.tallies.tally",
        {
            "campaign": str(c.pk),
            "as_of": day.isoformat(),
            "question": question,
            "theme": theme,
        },
        note=f"{t.count} of {t.base} respondents",
    )
    if style == "number":
        return _number(t.count, ctx, provenance)
    if style == "count":
        return Value("text", t.count_phrase, [t.count, t.base], provenance)
    if style != "report":
        raise FieldError(f"style is report, count or number, not {style!r}")
    if t.quantifier is None:
        raise FieldError("no State had replied on that day: nothing to quantify")
    return Value(
        "text", t.quantifier.phrase, [t.count, t.base, t.quantifier.key], provenance
    )


@register(
    "consultation.response_map",
    args=("campaign", "as_of"),
    required=("campaign",),
    help="The world map of the States that had replied, in gray. " + CAMPAIGN_HELP,
    block_kinds=("figure",),
)
def map_figure(ctx: Context, campaign: str, as_of: str = "") -> Value:
    c = _campaign(ctx, campaign)
    day = _day(ctx, c, as_of)
    drawn = response_map(c, as_of=day, language=ctx.language)
    replied = sorted(drawn.replied)
    return Value(
        "figure",
        drawn.title,
        {"replied": replied},
        Provenance(
            "consultation.campaigns.maps.response_map",
            {"campaign": str(c.pk), "as_of": day.isoformat()},
            records=tuple(replied),
        ),
        image_png=drawn.png(width=1400),
        image_svg=drawn.svg(width=1000),
    )
