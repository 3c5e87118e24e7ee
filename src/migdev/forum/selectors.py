"""Reads of the Forum. The troika, the alternation of chairs, the Steering
Group's balance and the Friends' twice-a-year rule are derived here from the
records, never stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from migdev.core.dated import as_of_q
from migdev.core.errors import BadInput
from migdev.core.i18n import LocalizedText
from migdev.forum import rules
from migdev.forum.models import (
    Broadcast,
    Chairmanship,
    Contribution,
    Delegate,
    Delegation,
    Dialogue,
    Expenditure,
    FriendsMeeting,
    Meeting,
    MigrationProfile,
    Practice,
    StaffMember,
    SteeringMembership,
    Theme,
)
from migdev.registry import permissions
from migdev.registry import selectors as registry
from migdev.registry.groupings import REGIONS  # the M49 regions (¶17)
from migdev.registry.models import Contact, Country, Grouping, Organization

#: The development groups of the registry the alternation reads (¶16).
DEVELOPED = "901"
DEVELOPING = "902"
#: "About 20 to 30 Member States" attended the Steering Group (¶17).
STEERING_SIZE = (20, 30)
#: The Friends of the Forum meet "at least twice a year" (¶18).
FRIENDS_PER_YEAR = 2


# --- Chairs, alternation and the troika -------------------------------------------


def development_group(country: Country, day: dt.date) -> str | None:
    """DEVELOPED or DEVELOPING: the registry's development group of
    ``country`` on ``day`` (None when the registry has neither)."""
    codes = registry.group_codes_by_country(
        [country.pk], as_of=day, codes=(DEVELOPED, DEVELOPING)
    ).get(country.pk, set())
    if DEVELOPED in codes:
        return DEVELOPED
    if DEVELOPING in codes:
        return DEVELOPING
    return None


@dataclass(frozen=True)
class Alternation:
    """Whether a chair alternates with its predecessor between developed and
    developing countries (¶16); ``reason`` says why not, in the active language."""

    ok: bool
    reason: str = ""
    group: str | None = None


def _group_name(code: str | None) -> str:
    if code is None:
        return _("no development group")
    grouping = Grouping.objects.filter(code=code).first()
    return grouping.name.get_text() if grouping else code


def alternation_check(
    country: Country, start: dt.date, previous: Chairmanship | None
) -> Alternation:
    """The alternation rule for a chair taking office on ``start`` after
    ``previous`` (each State's group read on its own first day in office)."""
    group = development_group(country, start)
    if previous is None:
        return Alternation(True, group=group)
    before = development_group(previous.country, previous.start)
    if group is None or before is None:
        return Alternation(
            False,
            _(
                "The registry gives no development group for one of these States "
                "(%(state)s): the alternation between developed and developing "
                "countries cannot be checked."
            )
            % {
                "state": registry.country_name(
                    previous.country if before is None else country,
                    previous.start if before is None else start,
                )
            },
            group,
        )
    if group == before:
        return Alternation(
            False,
            _(
                "Chair: %(state)s; previous chair: %(previous)s; both are in "
                "“%(group)s”. The chair alternates between developed and "
                "developing countries (¶16)."
            )
            % {
                "state": registry.country_name(country, start),
                "previous": registry.country_name(previous.country, previous.start),
                "group": _group_name(group),
            },
            group,
        )
    return Alternation(True, group=group)


def chairs() -> list[Chairmanship]:
    return list(
        registry.with_former_names(
            Chairmanship.objects.select_related("country", "meeting"), "country__"
        ).order_by("start")
    )


@dataclass
class ChairRow:
    chair: Chairmanship
    alternation: Alternation
    name: LocalizedText


def chair_history() -> list[ChairRow]:
    """Every chair in order, with its alternation check and its name as on
    its first day in office."""
    rows: list[ChairRow] = []
    previous: Chairmanship | None = None
    for chair in chairs():
        rows.append(
            ChairRow(
                chair,
                alternation_check(chair.country, chair.start, previous),
                registry.name_on(chair.country, chair.start),
            )
        )
        previous = chair
    return rows


@dataclass(frozen=True)
class Troika:
    """Past, current and next chair on ``day`` (¶16); each may be None."""

    day: dt.date
    past: Chairmanship | None
    current: Chairmanship | None
    next: Chairmanship | None

    def members(self) -> list[tuple[str, Chairmanship]]:
        return [
            (role, chair)
            for role, chair in (
                ("past", self.past),
                ("current", self.current),
                ("next", self.next),
            )
            if chair is not None
        ]

    def country_ids(self) -> set[int]:
        return {chair.country_id for _role, chair in self.members()}


def troika(day: dt.date | None = None) -> Troika:
    """The troika on ``day`` (default today), derived from the chairs: the
    chair in office, the one before it and the one after it. Between two
    chairs (no one in office), the last one and the next one."""
    day = day or timezone.localdate()
    all_chairs = chairs()
    current = next((c for c in all_chairs if c.is_valid_on(day)), None)
    if current is not None:
        i = all_chairs.index(current)
        past = all_chairs[i - 1] if i > 0 else None
        after = all_chairs[i + 1] if i + 1 < len(all_chairs) else None
    else:
        earlier = [c for c in all_chairs if c.end <= day]
        later = [c for c in all_chairs if c.start > day]
        past = earlier[-1] if earlier else None
        after = later[0] if later else None
    return Troika(day, past, current, after)


# --- Migration profiles -------------------------------------------------------------

#: The migration perspectives a balanced Steering Group reflects (¶17).
PERSPECTIVES = (
    ("origin", _lazy("origin")),
    ("transit", _lazy("transit")),
    ("destination", _lazy("destination")),
)
STOCK_INDICATOR = "migrant_stock"


@dataclass(frozen=True)
class Profile:
    """A State's migration perspectives and where they come from: ``recorded``
    (a ``MigrationProfile``) or ``data`` (the migrant-stock release named in
    ``source``: destination when it counts more immigrants in the State than
    emigrants from it, origin otherwise; transit is never read from data)."""

    keys: tuple[str, ...]
    basis: str
    source: str = ""


def _stock_profiles(countries: list[Country], day: dt.date) -> dict[int, Profile]:
    """Origin or destination from the latest published migrant-stock release:
    the stock in each State (all origins) against the stock born in it and
    living elsewhere, at the release's last period up to ``day``."""
    from migdev.indicators import selectors as indicators
    from migdev.indicators.models import Dataset, Value

    release = next(
        (
            r
            for r in indicators.latest_published_releases()
            if r.dataset.kind == Dataset.Kind.STOCK
        ),
        None,
    )
    if release is None or not countries:
        return {}
    m49 = {int(c.m49): c.pk for c in countries if c.m49 and str(c.m49).isdigit()}
    rows = Value.objects.filter(
        release=release,
        indicator__code=STOCK_INDICATOR,
        sex="_T",
        age="_T",
        counterpart__isnull=True,
        period__lte=str(day.year),
    ).filter(Q(area__in=m49) | Q(origin__in=m49))
    last = rows.order_by("-period").values_list("period", flat=True).first()
    if last is None:
        return {}
    immigrants: dict[int, float] = defaultdict(float)
    emigrants: dict[int, float] = defaultdict(float)
    for area, origin, value in rows.filter(period=last).values_list(
        "area", "origin", "value"
    ):
        if value is None:
            continue
        if origin is None and area in m49:
            immigrants[area] += value
        elif origin in m49 and area != origin:
            emigrants[origin] += value
    found: dict[int, Profile] = {}
    source = f"{release.identifier} ({last})"
    for code, pk in m49.items():
        if code not in immigrants or code not in emigrants:
            continue  # a release without the origins says nothing of emigrants
        key = "destination" if immigrants[code] > emigrants[code] else "origin"
        found[pk] = Profile((key,), "data", source)
    return found


def migration_profiles(
    countries: list[Country], day: dt.date | None = None
) -> dict[int, Profile]:
    """Each State's migration profile on ``day``: the recorded one, else the
    one the data module's migrant-stock release gives, else none."""
    day = day or timezone.localdate()
    found: dict[int, Profile] = {}
    for p in MigrationProfile.objects.filter(
        as_of_q(day), country__in=countries
    ).order_by("start"):
        found[p.country_id] = Profile(tuple(p.perspectives()), "recorded", p.source)
    rest = [c for c in countries if c.pk not in found]
    return {**_stock_profiles(rest, day), **found}


# --- Steering Group -----------------------------------------------------------------


@dataclass
class SteeringSeat:
    country: Country
    ex_officio: bool
    member: SteeringMembership | None
    region: Grouping | None
    name: LocalizedText
    profile: Profile | None = None


@dataclass
class SteeringGroup:
    day: dt.date
    seats: list[SteeringSeat]
    by_region: list[tuple[Grouping, list[SteeringSeat]]]
    missing_regions: list[Grouping]
    size_range: tuple[int, int] = STEERING_SIZE
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.seats)

    @property
    def by_profile(self) -> list[tuple[str, str, list[SteeringSeat]]]:
        """Per perspective (origin, transit, destination, then unknown): its
        label in the active language and the seats that hold it (a State may
        hold more than one)."""
        rows: list[tuple[str, str, list[SteeringSeat]]] = []
        for key, label in PERSPECTIVES:
            rows.append(
                (
                    key,
                    str(label),
                    [s for s in self.seats if s.profile and key in s.profile.keys],
                )
            )
        rows.append(
            ("unknown", _("not known"), [s for s in self.seats if s.profile is None])
        )
        return rows


def steering_group(day: dt.date | None = None) -> SteeringGroup:
    """The Steering Group on ``day``: its members, the troika ex officio
    (¶17), by M49 region, with the size against the report's 20–30 and a
    warning for each region without a member."""
    day = day or timezone.localdate()
    members = {
        m.country_id: m
        for m in SteeringMembership.objects.filter(as_of_q(day)).select_related(
            "country"
        )
    }
    team = troika(day)
    ex_officio = team.country_ids()
    ids = set(members) | ex_officio
    countries = list(registry.with_former_names(Country.objects.filter(pk__in=ids)))
    regions = {g.code: g for g in Grouping.objects.filter(code__in=REGIONS)}
    region_of: dict[int, str] = {}
    for country_id, codes in registry.group_codes_by_country(
        ids, as_of=day, codes=REGIONS
    ).items():
        region_of[country_id] = next(iter(codes))
    profiles = migration_profiles(countries, day)
    seats = [
        SteeringSeat(
            country=c,
            ex_officio=c.pk in ex_officio,
            member=members.get(c.pk),
            region=regions.get(region_of.get(c.pk, "")),
            name=registry.name_on(c, day),
            profile=profiles.get(c.pk),
        )
        for c in countries
    ]
    seats = registry.sort_by_name(seats, day=day, country=lambda s: s.country)
    grouped: dict[str, list[SteeringSeat]] = defaultdict(list)
    for seat in seats:
        if seat.region is not None:
            grouped[seat.region.code].append(seat)
    by_region = [(regions[c], grouped[c]) for c in REGIONS if c in regions]
    missing = [g for g, rows in by_region if not rows]
    warnings = [
        _(
            "No member from %(region)s: the Steering Group is to be regionally balanced (¶17)."
        )
        % {"region": g.name.get_text()}
        for g in missing
    ]
    for key, label in PERSPECTIVES:
        if seats and not any(s.profile and key in s.profile.keys for s in seats):
            warnings.append(
                _(
                    "No member known as a country of %(perspective)s: the Steering "
                    "Group is to reflect different migration perspectives (¶17)."
                )
                % {"perspective": label}
            )
    low, high = STEERING_SIZE
    if seats and not low <= len(seats) <= high:
        warnings.append(
            _(
                "%(n)s members: the report speaks of about %(low)s to %(high)s "
                "Member States (¶17)."
            )
            % {"n": len(seats), "low": low, "high": high}
        )
    return SteeringGroup(day, seats, by_region, missing, warnings=warnings)


# --- Friends of the Forum --------------------------------------------------------


def friends_meetings(year: int | None = None) -> QuerySet[FriendsMeeting]:
    qs = FriendsMeeting.objects.prefetch_related(
        Prefetch("states", queryset=registry.with_former_names(Country.objects.all())),
        "organizations",
    ).annotate(
        state_count=Count("states", distinct=True),
        organization_count=Count("organizations", distinct=True),
    )
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs.order_by("date")


@dataclass(frozen=True)
class FriendsYear:
    year: int
    meetings: list[FriendsMeeting]
    required: int = FRIENDS_PER_YEAR

    @property
    def ok(self) -> bool:
        return len(self.meetings) >= self.required

    @property
    def count(self) -> int:
        return len(self.meetings)


def friends_by_year(year: int | None = None) -> list[FriendsYear]:
    """The Friends' meetings per calendar year, each year checked against
    "at least twice a year" (¶18); years from the first meeting to the last
    (or ``year`` only), so that a year without any meeting shows too."""
    meetings = list(friends_meetings(year))
    if year is not None:
        years = [year]
    elif meetings:
        years = list(range(meetings[0].date.year, meetings[-1].date.year + 1))
    else:
        years = []
    by_year: dict[int, list[FriendsMeeting]] = defaultdict(list)
    for m in meetings:
        by_year[m.date.year].append(m)
    return [FriendsYear(y, by_year.get(y, [])) for y in years]


# --- Annual meetings ----------------------------------------------------------------


def meeting_list() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("host", "civil_society_day__organizer")
        .annotate(
            accredited_states=Count(
                "delegations",
                filter=Q(
                    delegations__status=Delegation.Status.ACCREDITED,
                    delegations__country__isnull=False,
                ),
                distinct=True,
            ),
            accredited_organizations=Count(
                "delegations",
                filter=Q(
                    delegations__status=Delegation.Status.ACCREDITED,
                    delegations__organization__isnull=False,
                ),
                distinct=True,
            ),
        )
        .order_by("edition")
    )


def meeting_get(edition: int) -> Meeting:
    try:
        return (
            meeting_list()
            .prefetch_related(
                "roundtables__co_chairs",
                "roundtables__states",
                "roundtables__organizations",
            )
            .get(edition=edition)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404(_("No Forum meeting has this edition.")) from exc


def attendance(meeting: Meeting) -> dict[str, Any]:
    """Who attends ``meeting``: the accredited delegations of States and of
    organizations, States in the alphabetical order of their names on the
    meeting's first day."""
    accredited = Delegation.objects.filter(
        meeting=meeting, status=Delegation.Status.ACCREDITED
    )
    states = registry.sort_by_name(
        registry.with_former_names(
            accredited.filter(country__isnull=False).select_related("country"),
            "country__",
        ),
        day=meeting.start,
        country=lambda d: d.country,
    )
    organizations = list(
        accredited.filter(organization__isnull=False).select_related("organization")
    )
    return {"states": states, "organizations": organizations}


def delegations_for(user: Any, meeting: Meeting) -> list[Delegation]:
    """The registrations of ``meeting`` ``user`` may see that are not public:
    all pending and rejected ones for the support unit, its own for a focal
    point (accredited delegations are in ``attendance``)."""
    qs = (
        Delegation.objects.filter(meeting=meeting)
        .exclude(status=Delegation.Status.ACCREDITED)
        .select_related("country", "organization")
        .prefetch_related("delegates")
    )
    roles = permissions.roles_of(user)
    if not (roles.secretariat or roles.forum_support):
        qs = qs.filter(
            Q(country_id__in=roles.countries)
            | Q(organization_id__in=roles.organizations)
        )
    return [d for d in qs if permissions.can(user, rules.VIEW, d)]


def accredited_for(user: Any, meeting: Meeting) -> list[Delegation]:
    """The accredited delegations of ``meeting`` whose badges ``user`` may
    print and which it may withdraw: its own State's, all for the support unit."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Delegation.objects.filter(
        meeting=meeting, status=Delegation.Status.ACCREDITED
    ).select_related("country", "organization")
    return [d for d in qs if permissions.can(user, rules.REGISTER, d)]


def registrable_countries(user: Any) -> list[Country]:
    """The States ``user`` may register a delegation for: its own."""
    roles = permissions.roles_of(user)
    return list(Country.objects.filter(pk__in=roles.countries).order_by("m49"))


def registrable_organizations(user: Any) -> list[Organization]:
    """The organizations ``user`` may register a delegation for: those it is
    the reporting officer of."""
    roles = permissions.roles_of(user)
    return list(
        Organization.objects.filter(pk__in=roles.organizations).order_by("code")
    )


def delegation_letter(user: Any, pk: int) -> Delegation:
    """A delegation whose letter (note verbale, nomination letter) ``user``
    may read: its own party's, and any for the support unit; 404 for a
    delegation without a letter or one ``user`` may not read."""
    delegation = Delegation.objects.filter(pk=pk).first()
    if (
        delegation is None
        or not delegation.letter
        or not permissions.can(user, rules.REGISTER, delegation)
    ):
        raise Http404(_("No letter is attached to this delegation for you to read."))
    return delegation


# --- Good practices -----------------------------------------------------------------


def practice_list(
    user: Any,
    *,
    theme: str | None = None,
    region: str | None = None,
    state: str | None = None,
    q: str | None = None,
    tag: str | None = None,
    published_only: bool = True,
) -> QuerySet[Practice]:
    """Published practices (and, for the support unit or a State's focal
    point, the ones they may review or wrote), filtered by theme code, M49
    region code, State code, words of the title or description, and a
    Global Compact objective or SDG target (``tag``: 'gcm-19', 'SDG 10.7';
    a target finds practices tagged with its indicators too; an unknown code
    is ``BadInput`` on ``tag``)."""
    roles = permissions.roles_of(user)
    qs = Practice.objects.select_related("country").prefetch_related("themes", "tags")
    visible = Q(status=Practice.Status.PUBLISHED)
    if not published_only:
        if roles.secretariat or roles.forum_support:
            visible = Q()
        else:
            visible |= Q(country_id__in=roles.countries)
    qs = qs.filter(visible)
    if theme:
        qs = qs.filter(themes__code=theme)
    if region:
        qs = qs.filter(
            country__memberships__grouping__code=region,
        ).filter(as_of_q(timezone.localdate(), "country__memberships__"))
    if state:
        try:
            qs = qs.filter(country=registry.country_get(state))
        except registry.UnknownCode:
            qs = qs.none()
    if q and q.strip():
        qs = qs.filter(
            Q(title__icontains=q.strip()) | Q(description__icontains=q.strip())
        )
    if tag:
        try:
            target = registry.framework_target_get(tag)
        except registry.UnknownCode as exc:
            raise BadInput(str(exc), field="tag") from exc
        qs = registry.tagged_with(qs, target)
    return qs.distinct().order_by("-submitted_at", "-id")


def practice_tag_counts(user: Any) -> list[tuple[Any, int]]:
    """How many published practices carry each Global Compact objective and
    SDG target (those carried at least once, in the table's order)."""
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    return [(t, n) for t, n in registry.framework_tag_counts(published) if n]


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def practice_get(user: Any, pk: int) -> Practice:
    try:
        practice = Practice.objects.select_related("country").get(pk=pk)
    except Practice.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can(user, rules.VIEW, practice):
        raise Http404
    return practice


# --- Focal points, support unit, money, Dialogues -------------------------------------


def focal_point_directory(user: Any, day: dt.date | None = None) -> list[Any]:
    """The national focal points (¶14) on ``day``, per State, for the support
    unit: what each is responsible for is its title in the registry."""
    permissions.require(user, rules.MANAGE, Meeting)
    day = day or timezone.localdate()
    contacts = (
        Contact.objects.as_of(day)
        .filter(kind=Contact.Kind.FOCAL_POINT)
        .select_related("country")
    )
    return registry.sort_by_name(contacts, day=day, country=lambda c: c.country)


def staff_list(user: Any) -> QuerySet[StaffMember]:
    permissions.require(user, rules.VIEW, StaffMember)
    return StaffMember.objects.select_related("government")


@dataclass
class Statement:
    year: int
    contributions: list[Contribution]
    expenditures: list[Expenditure]
    cash_by_currency: dict[str, Any]
    in_kind_by_currency: dict[str, Any]
    spent_by_currency: dict[str, Any]
    balance_by_currency: dict[str, Any]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per currency: cash, in kind, spent and balance."""
        currencies = sorted(
            set(self.cash_by_currency)
            | set(self.in_kind_by_currency)
            | set(self.spent_by_currency)
        )
        return [
            {
                "currency": c,
                "cash": self.cash_by_currency.get(c, 0),
                "in_kind": self.in_kind_by_currency.get(c, 0),
                "spent": self.spent_by_currency.get(c, 0),
                "balance": self.balance_by_currency.get(c, 0),
            }
            for c in currencies
        ]


def statement(user: Any, year: int) -> Statement:
    """Contributions (cash and in kind) and expenditures of ``year`` per
    currency, and the balance of cash less expenditure (¶19)."""
    permissions.require(user, rules.VIEW, Contribution)
    contributions = list(
        Contribution.objects.filter(year=year).select_related("government")
    )
    expenditures = list(Expenditure.objects.filter(year=year).select_related("meeting"))
    cash: dict[str, Any] = defaultdict(int)
    kind: dict[str, Any] = defaultdict(int)
    spent: dict[str, Any] = defaultdict(int)
    for c in contributions:
        (cash if c.kind == Contribution.Kind.CASH else kind)[c.currency] += c.amount
    for e in expenditures:
        spent[e.currency] += e.amount
    currencies = sorted(set(cash) | set(spent))
    balance = {cur: cash.get(cur, 0) - spent.get(cur, 0) for cur in currencies}
    return Statement(
        year, contributions, expenditures, dict(cash), dict(kind), dict(spent), balance
    )


def money_years(user: Any) -> list[int]:
    """The years with a contribution or an expenditure, in order."""
    permissions.require(user, rules.VIEW, Contribution)
    years = set(Contribution.objects.values_list("year", flat=True))
    years |= set(Expenditure.objects.values_list("year", flat=True))
    return sorted(years)


def dialogue_list() -> QuerySet[Dialogue]:
    return Dialogue.objects.prefetch_related(
        Prefetch("round_tables"),
        Prefetch(
            "participants",
            queryset=registry.with_former_names(Country.objects.all()),
        ),
    )


@dataclass
class Participation:
    """Who took part in a Dialogue. ``member_states`` is counted from the
    participants recorded (``basis`` "records"); where none are recorded it
    is the figure the source reports (``basis`` "reported"), or None."""

    member_states: int | None
    basis: str | None
    states: list[Country] = field(default_factory=list)
    observers: list[Country] = field(default_factory=list)
    illustrative: bool = False


def dialogue_participation(dialogue: Dialogue) -> Participation:
    """The participants of ``dialogue``: the Member States of its first day
    and the others (observers), each in the order of their names that day."""
    participants = list(dialogue.participants.all())
    if not participants:
        reported = dialogue.member_states
        return Participation(reported, "reported" if reported is not None else None)
    standing = registry.standings_on([c.pk for c in participants], dialogue.start)
    members = [c for c in participants if standing.get(c.pk) == registry.MEMBER_STATE]
    others = [c for c in participants if standing.get(c.pk) != registry.MEMBER_STATE]
    return Participation(
        member_states=len(members),
        basis="records",
        states=registry.sort_by_name(members, day=dialogue.start),
        observers=registry.sort_by_name(others, day=dialogue.start),
        illustrative=dialogue.participants_illustrative,
    )


def dialogue_get(slug: str) -> Dialogue:
    """The Dialogue ``<kind>-<year>`` (``hld-2006``, ``imrf-2022``)."""
    kind, _sep, year = slug.partition("-")
    if not (year.isdigit() and 1 <= int(year) <= 9999):
        raise Http404(_("No Dialogue is recorded under this name."))
    found = dialogue_list().filter(kind=kind, start__year=int(year)).first()
    if found is None:
        raise Http404(_("No Dialogue is recorded under this name."))
    return found


# --- Delegations: the list of participants, badges ------------------------------------


def delegation_get(user: Any, pk: int) -> Delegation:
    """A delegation ``user`` may see (404 otherwise)."""
    delegation = (
        Delegation.objects.select_related("meeting", "country", "organization")
        .prefetch_related("delegates")
        .filter(pk=pk)
        .first()
    )
    if delegation is None or not permissions.can(user, rules.VIEW, delegation):
        raise Http404
    return delegation


def participants(user: Any, meeting: Meeting) -> list[tuple[Delegation, Delegate]]:
    """The list of participants of ``meeting``, for the support unit: each
    delegate of an accredited delegation, States in the order of their names
    on the meeting's first day, then organizations."""
    permissions.require(user, rules.DECIDE, Delegation)
    found = attendance(meeting)
    delegations = [*found["states"], *found["organizations"]]
    delegates: dict[int, list[Delegate]] = defaultdict(list)
    for d in Delegate.objects.filter(delegation__in=delegations):
        delegates[d.delegation_id].append(d)
    return [(d, p) for d in delegations for p in delegates[d.pk]]


def party_name(delegation: Delegation, language: str | None = None) -> str:
    """A delegation's State, named as on the meeting's first day, or its
    organization."""
    if delegation.country is not None:
        return registry.country_name(
            delegation.country, delegation.meeting.start, language
        )
    return delegation.organization.name.get_text(language)


def badge_delegates(user: Any, delegation: Delegation) -> list[Delegate]:
    """The delegates of an accredited delegation whose badges ``user`` may
    print: its own State's focal point, the support unit."""
    permissions.require(user, rules.REGISTER, delegation)
    if delegation.status != Delegation.Status.ACCREDITED:
        raise Http404(_("Badges are printed for accredited delegations only."))
    return list(delegation.delegates.all())


def badge_check(delegate_id: int | None) -> Delegate | None:
    """The delegate a badge's code names (None for a code that names none)."""
    if delegate_id is None:
        return None
    return (
        Delegate.objects.select_related(
            "delegation__meeting", "delegation__country", "delegation__organization"
        )
        .filter(pk=delegate_id)
        .first()
    )


# --- The calendar ---------------------------------------------------------------------


def calendar_meetings(edition: int | None = None) -> dict[str, list[Any]]:
    """What the Forum's calendar holds: the annual meetings (one, with
    ``edition``), their civil-society days and the Friends' meetings (not
    with ``edition``)."""
    meetings = Meeting.objects.select_related(
        "host", "civil_society_day__organizer"
    ).order_by("edition")
    if edition is not None:
        meetings = meetings.filter(edition=edition)
        if not meetings.exists():
            raise Http404(_("No Forum meeting has this edition."))
    return {
        "meetings": list(meetings),
        "friends": [] if edition is not None else list(FriendsMeeting.objects.all()),
    }


# --- Messages to the focal points -------------------------------------------------------


def broadcast_list(user: Any) -> QuerySet[Broadcast]:
    permissions.require(user, rules.MANAGE, Broadcast)
    return Broadcast.objects.select_related("request").prefetch_related("countries")


def broadcast_log(user: Any, broadcast: Broadcast) -> list[Any]:
    """Per focal point written to: its outbox message (status, language,
    address), for the support unit."""
    permissions.require(user, rules.MANAGE, broadcast)
    if broadcast.request is None:
        return []
    from migdev.outreach.models import Message

    return list(
        Message.objects.filter(recipient__request=broadcast.request)
        .select_related("recipient")
        .order_by("recipient__name", "pk")
    )
