"""Forum endpoints: /api/v1/forum/meetings, /troika, /steering-group,
/friends-meetings, /practices, /dialogues (public reads; names in the
requested language, as they were on the day asked about), and the writes of
registration as a focal point and the support unit make them: a delegation
registered, changed, given its status (accredited, rejected, withdrawn); a
practice submitted.
Permissions are the services' (403), a delegation one may not see is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from migdev.core.api import (
    PageQuery,
    language_param,
    page_of,
    paginate,
    user_auth,
)
from migdev.core.dated import check_day
from migdev.core.errors import BadInput
from migdev.forum import selectors, services
from migdev.forum.models import (
    Chairmanship,
    Delegation,
    Dialogue,
    FriendsMeeting,
    Meeting,
    Practice,
)
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
    profile: list[str] = Field(
        description="Migration perspectives: origin, transit, destination (empty: not known)."
    )
    profile_basis: str | None = Field(
        description="'recorded' by the support unit, or 'data': read from the latest published migrant-stock release."
    )
    start: dt.date | None
    end: dt.date | None


class ProfileCount(Schema):
    perspective: str = Field(description="origin, transit, destination or unknown.")
    members: int


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
    profiles: list[ProfileCount] = Field(
        description="Members per migration perspective (a State may hold more than one)."
    )
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
                profile=list(s.profile.keys) if s.profile else [],
                profile_basis=s.profile.basis if s.profile else None,
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
        profiles=[
            ProfileCount(perspective=key, members=len(seats))
            for key, _label, seats in group.by_profile
        ],
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
    tags: list[str] = Field(
        description="Global Compact objectives and SDG targets ('gcm-19', 'sdg-10.7')."
    )
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
    tag: str | None = Field(
        None,
        description="A Global Compact objective or SDG target ('gcm-19', 'SDG 10.7'); a target finds practices tagged with its indicators too.",
    )
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
        tag=filters.tag,
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
                tags=[t.code for t in p.tags.all()],
                period=p.period,
                partners=p.partners,
                results=p.results,
                links=[x.strip() for x in p.links.splitlines() if x.strip()],
                illustrative=p.illustrative,
            )
            for p in items
        ]

    return paginate(request, rows, page, out)


# --- High-level Dialogues -------------------------------------------------------------


class DialogueOut(Schema):
    kind: str = Field(
        description="hld: High-level Dialogue on International Migration and Development; imrf: International Migration Review Forum."
    )
    slug: str = Field(description="'hld-2006': the page is /forum/dialogues/<slug>/.")
    name: str
    start: dt.date
    end: dt.date
    place: str
    member_states: int | None = Field(
        description="Member States taking part: counted from the participants recorded (Member States on the first day; 132 for 2006), or, where no list is recorded, the figure the source reports; null if neither."
    )
    member_states_basis: Literal["records", "reported"] | None = Field(
        description="'records': counted from 'participants'; 'reported': the figure the source gives."
    )
    participants: list[str] = Field(
        description="ISO alpha-3 of the participating States recorded."
    )
    participants_illustrative: bool = Field(
        description="The list stands in for one the source does not give (it gives the number only)."
    )
    round_tables: list[str]
    key_messages: list[str]
    outcome: str
    documents: list[str]
    illustrative: bool


class LangQuery(Schema):
    lang: str | None = LANG


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.get(
    "/forum/dialogues",
    response=page_of(DialogueOut),
    summary="The High-level Dialogues (2006, 2013) and the International Migration Review Forum (a page)",
)
def dialogues_list(
    request: HttpRequest, query: Query[LangQuery], page: Query[PageQuery]
) -> dict:
    language = language_param(query.lang)

    def out(rows: list[Dialogue]) -> list[DialogueOut]:
        return [_dialogue_out(d, selectors.dialogue_participation(d)) for d in rows]

    def _dialogue_out(d: Dialogue, who: selectors.Participation) -> DialogueOut:
        return DialogueOut(
            kind=d.kind,
            slug=d.slug,
            name=str(Dialogue.Kind(d.kind).label),
            start=d.start,
            end=d.end,
            place=d.place.get_text(language),
            member_states=who.member_states,
            member_states_basis=who.basis,
            participants=sorted(c.iso3 or c.m49 for c in d.participants.all()),
            participants_illustrative=d.participants_illustrative,
            round_tables=[r.title.get_text(language) for r in d.round_tables.all()],
            key_messages=_lines(d.key_messages.get_text(language)),
            outcome=d.outcome.get_text(language),
            documents=_lines(d.documents),
            illustrative=d.illustrative,
        )

    return paginate(
        request,
        selectors.dialogue_list().order_by("start"),
        page,
        out,
    )


# --- Registration of delegations (writes) ------------------------------------------------


class DelegateIn(Schema):
    id: int | None = Field(
        None, description="A delegate's id, to change that delegate (PUT)."
    )
    name: str
    function: str = ""
    email: str = ""
    language: str = Field(
        "en", description="Language of correspondence: ar, zh-hans, en, fr, ru, es."
    )


class DelegationIn(Schema):
    state: str | None = Field(None, description="ISO alpha-3 of the State.")
    organization: str | None = Field(
        None, description="Code of the organization (its reporting officer registers)."
    )
    delegates: list[DelegateIn]


class DelegatesIn(Schema):
    delegates: list[DelegateIn]


class StatusIn(Schema):
    status: Literal["accredited", "rejected", "withdrawn"] = Field(
        description="accredited or rejected: the support unit's decision on a "
        "registration; withdrawn: its party (or the support unit) withdraws it."
    )
    reason: str = Field("", description="Required to reject.")


class DelegateOut(Schema):
    id: int
    name: str
    function: str
    email: str
    language: str


class DelegationOut(Schema):
    id: int
    meeting: int = Field(description="The meeting's edition.")
    state: str | None
    organization: str | None
    status: str = Field(description="pending, accredited, rejected or withdrawn.")
    reason: str
    delegates: list[DelegateOut]


def _delegation_out(d: Delegation) -> DelegationOut:
    return DelegationOut(
        id=d.pk,
        meeting=d.meeting.edition,
        state=d.country.iso3 if d.country_id else None,
        organization=d.organization.code if d.organization_id else None,
        status=d.status,
        reason=d.reason,
        delegates=[
            DelegateOut(
                id=p.pk,
                name=p.name,
                function=p.function,
                email=p.email,
                language=p.language,
            )
            for p in d.delegates.all()
        ],
    )


def _fresh(user, delegation: Delegation) -> DelegationOut:  # type: ignore[no-untyped-def]
    return _delegation_out(selectors.delegation_get(user, delegation.pk))


@router.post(
    "/forum/meetings/{edition}/delegations",
    response={201: DelegationOut},
    auth=user_auth,
    summary="Register a delegation (a focal point for its own State; the note verbale goes through the page)",
)
def delegation_create(
    request: HttpRequest, edition: int, payload: DelegationIn
) -> Status:
    meeting = selectors.meeting_get(edition)
    delegation = services.delegation_register(
        actor=request.user,
        meeting=meeting,
        country=registry.country_get(payload.state) if payload.state else None,
        organization=registry.organization_get(payload.organization)
        if payload.organization
        else None,
        delegates=[d.dict() for d in payload.delegates],
    )
    return Status(201, _fresh(request.user, delegation))


@router.get(
    "/forum/delegations/{delegation_id}",
    response=DelegationOut,
    auth=user_auth,
    summary="One delegation (accredited ones to anyone signed in; others to their party and the support unit)",
)
def delegation_read(request: HttpRequest, delegation_id: int) -> DelegationOut:
    return _delegation_out(selectors.delegation_get(request.user, delegation_id))


@router.put(
    "/forum/delegations/{delegation_id}/delegates",
    response=DelegationOut,
    auth=user_auth,
    summary="Change the delegates (the focal point while pending; the support unit at any time)",
)
def delegation_delegates(
    request: HttpRequest, delegation_id: int, payload: DelegatesIn
) -> DelegationOut:
    delegation = selectors.delegation_get(request.user, delegation_id)
    services.delegation_update(
        actor=request.user,
        delegation=delegation,
        delegates=[
            {**d.dict(), "id": str(d.id) if d.id else ""} for d in payload.delegates
        ],
    )
    return _fresh(request.user, delegation)


@router.post(
    "/forum/delegations/{delegation_id}/status",
    response=DelegationOut,
    auth=user_auth,
    summary="Accredit or reject a registration (the support unit), or withdraw a delegation (its focal point or the support unit)",
)
def delegation_status(
    request: HttpRequest, delegation_id: int, payload: StatusIn
) -> DelegationOut:
    delegation = selectors.delegation_get(request.user, delegation_id)
    if payload.status == "withdrawn":
        services.delegation_withdraw(
            actor=request.user, delegation=delegation, reason=payload.reason
        )
    else:
        services.delegation_decide(
            actor=request.user,
            delegation=delegation,
            accredit=payload.status == "accredited",
            reason=payload.reason,
        )
    return _fresh(request.user, delegation)


class PracticeIn(Schema):
    state: str = Field(description="ISO alpha-3 of the State (the focal point's own).")
    language: str = Field(description="ar, zh-hans, en, fr, ru or es.")
    title: str
    description: str
    themes: list[str] = Field(description="Theme codes.")
    tags: list[str] = Field(
        [],
        description="Global Compact objectives and SDG targets ('gcm-19', 'sdg-10.7').",
    )
    period: str = ""
    partners: str = ""
    results: str = ""
    links: list[str] = []


class PracticeSubmitted(Schema):
    id: int
    status: str


@router.post(
    "/forum/practices",
    response={201: PracticeSubmitted},
    auth=user_auth,
    summary="Submit a good practice of one's own State (it awaits the support unit's review)",
)
def practice_create(request: HttpRequest, payload: PracticeIn) -> Status:
    data = payload.dict()
    try:
        country = registry.country_get(data.pop("state"))
    except registry.UnknownCode as exc:  # a field of the body: 400, not 404
        raise BadInput(str(exc), field="state") from exc
    practice = services.practice_submit(
        actor=request.user,
        country=country,
        links="\n".join(data.pop("links")),
        **data,
    )
    return Status(201, PracticeSubmitted(id=practice.pk, status=practice.status))
