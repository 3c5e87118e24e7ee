"""Forum endpoints: /api/v1/forum/meetings, /troika, /steering-group,
/friends-meetings, /practices. Public reads; names in the requested language,
as they were on the day asked about."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from migdev.core.api import PageQuery, language_param, page_of, paginate
from migdev.core.dated import check_day
from migdev.forum import selectors
from migdev.forum.models import Chairmanship, FriendsMeeting, Meeting, Practice
from migdev.registry import selectors as registry
from migdev.registry.models import Country

router = Router(tags=["forum"])

LANG = Field(
    None,
    description="Language of 'name' fields: ar, zh-hans, en, fr, ru or es (default: the request's).",
)


class StateRef(Schema):
    iso3: str | None = Field(description="ISO 3166-1 alpha-3 code.")
    name: str = Field(
        description="UN short name on the day the record speaks of, in the requested language."
    )


def _state(country: Country, day: dt.date, lang: str) -> StateRef:
    return StateRef(iso3=country.iso3, name=registry.country_name(country, day, lang))


# --- Meetings ---------------------------------------------------------------------


class CivilSocietyOut(Schema):
    organizer: str = Field(
        description="Code of the organizing organization in the registry."
    )
    organizer_name: str
    start: dt.date
    end: dt.date
    days: int
    report: str
    report_date: dt.date | None


class RoundtableOut(Schema):
    number: str
    title: str
    co_chairs: list[StateRef]
    background_paper: str
    rapporteur: str
    states: list[str] = Field(description="ISO alpha-3 codes of participating States.")
    organizations: list[str] = Field(
        description="Codes of participating organizations."
    )


class MeetingOut(Schema):
    edition: int
    host: StateRef = Field(description="The host State, named as on the first day.")
    city: str
    start: dt.date
    end: dt.date
    theme: str
    themes: list[str]
    states_attending: int | None = Field(
        description="Accredited State delegations; where none are recorded, the figure the Forum reported (e.g. 156 for Brussels 2007); null if neither."
    )
    organizations_attending: int
    civil_society: CivilSocietyOut | None
    roundtables: list[RoundtableOut]
    report_symbol: str = Field(
        description="Document symbol of the report's transmission to the President of the General Assembly."
    )
    report_transmitted_on: dt.date | None
    illustrative: bool = Field(
        description="Demo content whose details are not in the source report."
    )
    url: str


def _meeting_out(m: Meeting, lang: str) -> MeetingOut:
    csd = getattr(m, "civil_society_day", None)
    return MeetingOut(
        edition=m.edition,
        host=_state(m.host, m.start, lang),
        city=m.city.get_text(lang),
        start=m.start,
        end=m.end,
        theme=m.theme.get_text(lang),
        themes=[t for t in m.themes.get_text(lang).splitlines() if t.strip()],
        states_attending=m.accredited_states or m.states_reported,  # type: ignore[attr-defined]
        organizations_attending=m.accredited_organizations,  # type: ignore[attr-defined]
        civil_society=CivilSocietyOut(
            organizer=csd.organizer.code,
            organizer_name=csd.organizer.name.get_text(lang),
            start=csd.start,
            end=csd.end,
            days=csd.days,
            report=csd.report_title.get_text(lang),
            report_date=csd.report_date,
        )
        if csd
        else None,
        roundtables=[
            RoundtableOut(
                number=r.number,
                title=r.title.get_text(lang),
                co_chairs=[_state(c, m.start, lang) for c in r.co_chairs.all()],
                background_paper=r.background_paper,
                rapporteur=r.rapporteur,
                states=[c.iso3 or c.m49 for c in r.states.all()],
                organizations=[o.code for o in r.organizations.all()],
            )
            for r in m.roundtables.all()
        ],
        report_symbol=m.report_symbol,
        report_transmitted_on=m.report_transmitted_on,
        illustrative=m.illustrative,
        url=m.get_absolute_url(),
    )


@router.get(
    "/forum/meetings",
    response=page_of(MeetingOut),
    summary="Annual meetings of the Global Forum (a page)",
)
def meetings_list(
    request: HttpRequest, page: Query[PageQuery], lang: str | None = None
) -> dict:
    language = language_param(lang)
    rows = selectors.meeting_list().prefetch_related(
        "roundtables__co_chairs",
        "roundtables__states",
        "roundtables__organizations",
        "host__former_names",
    )
    return paginate(
        request, rows, page, lambda ms: [_meeting_out(m, language) for m in ms]
    )


# --- Troika -----------------------------------------------------------------------


class ChairOut(Schema):
    iso3: str | None
    name: str = Field(description="UN short name on the as_of date.")
    start: dt.date
    end: dt.date = Field(description="First day on which the next chair is in office.")
    meeting: int | None = Field(description="Edition of the meeting it hosts.")


class DayQuery(Schema):
    as_of: dt.date | None = Field(None, description="The day (default: today).")
    lang: str | None = LANG


class TroikaOut(Schema):
    as_of: dt.date
    past: ChairOut | None
    current: ChairOut | None
    next: ChairOut | None


def _chair(chair: Chairmanship | None, day: dt.date, lang: str) -> ChairOut | None:
    if chair is None:
        return None
    return ChairOut(
        iso3=chair.country.iso3,
        name=registry.country_name(chair.country, day, lang),
        start=chair.start,
        end=chair.end,
        meeting=chair.meeting.edition if chair.meeting_id else None,
    )


@router.get(
    "/forum/troika",
    response=TroikaOut,
    summary="The troika on a day: past, current and next chair (derived from the chairs)",
)
def troika_get(request: HttpRequest, query: Query[DayQuery]) -> TroikaOut:
    language = language_param(query.lang)
    team = selectors.troika(check_day(query.as_of))
    return TroikaOut(
        as_of=team.day,
        past=_chair(team.past, team.day, language),
        current=_chair(team.current, team.day, language),
        next=_chair(team.next, team.day, language),
    )


# --- Steering Group ---------------------------------------------------------------


class SteeringMemberOut(Schema):
    iso3: str | None
    name: str
    ex_officio: bool = Field(
        description="A member of the troika on the as_of date (¶17)."
    )
    region: str | None = Field(description="M49 region code.")
    start: dt.date | None
    end: dt.date | None


class RegionCount(Schema):
    code: str
    name: str
    members: int


class SteeringGroupOut(Schema):
    as_of: dt.date
    size: int
    size_range: list[int] = Field(description="The report's 'about 20 to 30' (¶17).")
    members: list[SteeringMemberOut]
    regions: list[RegionCount]
    missing_regions: list[str] = Field(description="M49 regions without a member.")
    warnings: list[str]


@router.get(
    "/forum/steering-group",
    response=SteeringGroupOut,
    summary="The Steering Group on a day, with the troika ex officio and its balance by region",
)
def steering_group_get(
    request: HttpRequest, query: Query[DayQuery]
) -> SteeringGroupOut:
    language = language_param(query.lang)
    group = selectors.steering_group(check_day(query.as_of))
    return SteeringGroupOut(
        as_of=group.day,
        size=group.size,
        size_range=list(group.size_range),
        members=[
            SteeringMemberOut(
                iso3=s.country.iso3,
                name=s.name.get_text(language),
                ex_officio=s.ex_officio,
                region=s.region.code if s.region else None,
                start=s.member.start if s.member else None,
                end=s.member.end if s.member else None,
            )
            for s in group.seats
        ],
        regions=[
            RegionCount(code=g.code, name=g.name.get_text(language), members=len(rows))
            for g, rows in group.by_region
        ],
        missing_regions=[g.code for g in group.missing_regions],
        warnings=group.warnings,
    )


# --- Friends of the Forum --------------------------------------------------------


class YearCheck(Schema):
    year: int
    meetings: int
    required: int
    ok: bool = Field(description="At least twice a year (¶18).")


class FriendsQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2199, description="Calendar year.")
    lang: str | None = LANG


class FriendsMeetingOut(Schema):
    date: dt.date
    place: str
    agenda: str
    minutes: str
    states: list[str] = Field(description="ISO alpha-3 codes of the States attending.")
    organizations: list[str]
    year_check: YearCheck
    illustrative: bool


@router.get(
    "/forum/friends-meetings",
    response=page_of(FriendsMeetingOut),
    summary="Meetings of the Friends of the Forum, each with its year's twice-a-year check (a page)",
)
def friends_meetings_list(
    request: HttpRequest,
    query: Query[FriendsQuery],
    page: Query[PageQuery],
) -> dict:
    language = language_param(query.lang)
    year = query.year
    checks = {y.year: y for y in selectors.friends_by_year(year)}

    def out(rows: list[FriendsMeeting]) -> list[FriendsMeetingOut]:
        return [
            FriendsMeetingOut(
                date=m.date,
                place=m.place.get_text(language),
                agenda=m.agenda.get_text(language),
                minutes=m.minutes.get_text(language),
                states=sorted(c.iso3 or c.m49 for c in m.states.all()),
                organizations=sorted(o.code for o in m.organizations.all()),
                year_check=YearCheck(
                    year=m.date.year,
                    meetings=checks[m.date.year].count,
                    required=checks[m.date.year].required,
                    ok=checks[m.date.year].ok,
                ),
                illustrative=m.illustrative,
            )
            for m in rows
        ]

    return paginate(request, selectors.friends_meetings(year), page, out)


# --- Good practices -----------------------------------------------------------------


class PracticeOut(Schema):
    id: int
    state: str | None = Field(description="ISO alpha-3 of the State.")
    state_name: str
    language: str = Field(description="The official language it was written in.")
    title: str
    description: str
    themes: list[str] = Field(description="Theme codes.")
    period: str
    partners: str
    results: str
    links: list[str]
    illustrative: bool


class PracticeFilters(Schema):
    theme: str | None = Field(None, description="Theme code (e.g. 'remittances').")
    region: str | None = Field(None, description="M49 region code (e.g. '142').")
    state: str | None = Field(None, description="ISO alpha-3 of the State.")
    q: str | None = Field(None, description="Words of the title or description.")
    lang: str | None = LANG


@router.get(
    "/forum/practices",
    response=page_of(PracticeOut),
    summary="Published good practices, by theme, region and State (a page)",
)
def practices_list(
    request: HttpRequest, filters: Query[PracticeFilters], page: Query[PageQuery]
) -> dict:
    language = language_param(filters.lang)
    rows = selectors.practice_list(
        request.user,
        theme=filters.theme,
        region=filters.region,
        state=filters.state,
        q=filters.q,
    )

    def out(items: list[Practice]) -> list[PracticeOut]:
        return [
            PracticeOut(
                id=p.pk,
                state=p.country.iso3,
                state_name=p.country.name.get_text(language),
                language=p.language,
                title=p.title,
                description=p.description,
                themes=[t.code for t in p.themes.all()],
                period=p.period,
                partners=p.partners,
                results=p.results,
                links=[x.strip() for x in p.links.splitlines() if x.strip()],
                illustrative=p.illustrative,
            )
            for p in items
        ]

    return paginate(request, rows, page, out)
