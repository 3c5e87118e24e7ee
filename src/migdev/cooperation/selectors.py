"""Reads of the cooperation module. Public registers need no user; the
assessment reads take the user and return drafts to the secretariat only."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from migdev.cooperation.models import (
    Assessment,
    AssessmentItem,
    Commitment,
    CommitmentUpdate,
    ExchangeRate,
    Flow,
    Fund,
    Instrument,
    Mechanism,
    Participation,
    Theme,
)
from migdev.core.errors import BadInput
from migdev.registry import permissions
from migdev.registry import selectors as registry
from migdev.registry.models import Country

# --- Mechanisms and membership -------------------------------------------------


def mechanism_list(*, kind: str | None = None) -> QuerySet[Mechanism]:
    qs = Mechanism.objects.select_related("organization").prefetch_related(
        "supporting_organizations", "themes"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def mechanism_get(code_or_id: str | int) -> Mechanism:
    qs = mechanism_list()
    try:
        if isinstance(code_or_id, int) or str(code_or_id).isdigit():
            return qs.get(pk=int(code_or_id))
        return qs.get(code=code_or_id)
    except Mechanism.DoesNotExist as exc:
        raise Http404(f"No mechanism {code_or_id!r}.") from exc


def participants(
    mechanism: Mechanism, *, role: str, day: dt.date | None = None
) -> list[Participation]:
    """Members (States) or observers (States and organizations) on ``day``."""
    return list(
        Participation.objects.as_of(day or timezone.localdate())
        .filter(mechanism=mechanism, role=role)
        .select_related("country", "organization")
        .order_by("country__m49", "organization__code")
    )


def participation_history(mechanism: Mechanism) -> list[Participation]:
    return list(
        Participation.objects.filter(mechanism=mechanism)
        .select_related("country", "organization")
        .order_by("role", "country__m49", "organization__code", "start")
    )


def memberships_on(
    day: dt.date, *, kind: str = Mechanism.Kind.RCP
) -> dict[int, set[int]]:
    """Mechanism id → the ids of its member States on ``day``."""
    result: dict[int, set[int]] = defaultdict(set)
    rows = (
        Participation.objects.as_of(day)
        .filter(role=Participation.Role.MEMBER, mechanism__kind=kind)
        .values_list("mechanism_id", "country_id")
    )
    for mech, country in rows:
        result[mech].add(country)
    return dict(result)


@dataclass
class Coverage:
    """Which States belong to at least one mechanism of a kind on a day."""

    day: dt.date
    kind: str
    states: list[Country]
    mechanisms: list[Mechanism]
    by_state: dict[int, list[Mechanism]]  # State id → its mechanisms (members)
    overlaps: list[tuple[Mechanism, Mechanism, int]] = field(default_factory=list)

    @property
    def covered(self) -> list[Country]:
        return [c for c in self.states if self.by_state.get(c.pk)]

    @property
    def uncovered(self) -> list[Country]:
        return [c for c in self.states if not self.by_state.get(c.pk)]

    @property
    def multiplicity(self) -> list[tuple[int, int]]:
        """(number of mechanisms, number of States in exactly that many), from 0."""
        counts = Counter(len(self.by_state.get(c.pk, ())) for c in self.states)
        return sorted(counts.items())


def coverage_compute(
    states: Sequence[Any], members: dict[Any, set[Any]]
) -> tuple[dict[Any, list[Any]], list[tuple[Any, Any, int]]]:
    """The arithmetic of coverage, on plain keys: for each State (of
    ``states``) the mechanisms it is a member of, and for each pair of
    mechanisms the number of States of ``states`` in both (pairs sharing
    none left out), largest first. Members outside ``states`` (areas,
    States not yet admitted) are not counted."""
    universe = set(states)
    by_state: dict[Any, list[Any]] = defaultdict(list)
    for mech in sorted(members, key=str):
        for state in members[mech]:
            if state in universe:
                by_state[state].append(mech)
    pairs = []
    for a, b in combinations(sorted(members, key=str), 2):
        shared = len(members[a] & members[b] & universe)
        if shared:
            pairs.append((a, b, shared))
    pairs.sort(key=lambda p: (-p[2], str(p[0]), str(p[1])))
    return dict(by_state), pairs


def coverage(day: dt.date | None = None, *, kind: str = Mechanism.Kind.RCP) -> Coverage:
    """States (Member States and observers on ``day``) in at least one
    mechanism of ``kind``, those in none, and overlaps between mechanisms."""
    day = day or timezone.localdate()
    states = registry.states_on(day)
    mechanisms = {m.pk: m for m in mechanism_list(kind=kind)}
    members = memberships_on(day, kind=kind)
    members = {m: members.get(m, set()) for m in mechanisms}
    by_state, pairs = coverage_compute([c.pk for c in states], members)
    return Coverage(
        day=day,
        kind=kind,
        states=states,
        mechanisms=list(mechanisms.values()),
        by_state={c: [mechanisms[m] for m in ms] for c, ms in by_state.items()},
        overlaps=[(mechanisms[a], mechanisms[b], n) for a, b, n in pairs],
    )


# --- Development-focus assessment (¶57–63) --------------------------------------

#: How many development themes must be a regular focus for group 1.
FOCUS_THRESHOLD = 2


def suggested_group(levels: Iterable[tuple[bool, int]]) -> int:
    """The group the checklist gives, from (theme is a development theme,
    level 0/1/2) pairs: 1 when at least FOCUS_THRESHOLD development themes
    are a regular focus; 2 when some development theme is addressed at all;
    3 otherwise (migration governance without the development dimension)."""
    dev = [level for development, level in levels if development]
    if (
        sum(1 for level in dev if level >= AssessmentItem.Level.FOCUS)
        >= FOCUS_THRESHOLD
    ):
        return Assessment.Group.FOCUS
    if any(level >= AssessmentItem.Level.AD_HOC for level in dev):
        return Assessment.Group.AD_HOC
    return Assessment.Group.GOVERNANCE


def assessments_visible(user: Any) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("mechanism", "assessor", "reviewer")
    if not permissions.roles_of(user).secretariat:
        qs = qs.filter(status=Assessment.Status.REVIEWED)
    return qs


def assessment_get(user: Any, pk: int) -> Assessment:
    """An assessment the user may see (drafts: the secretariat only)."""
    assessment = assessments_visible(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def assessment_history(user: Any, mechanism: Mechanism) -> list[Assessment]:
    return list(
        assessments_visible(user)
        .filter(mechanism=mechanism)
        .prefetch_related(
            Prefetch("items", queryset=AssessmentItem.objects.select_related("theme"))
        )
        .order_by("period_start", "created_at")
    )


def latest_assessment(user: Any, mechanism: Mechanism) -> Assessment | None:
    return (
        assessments_visible(user)
        .filter(mechanism=mechanism, status=Assessment.Status.REVIEWED)
        .order_by("-period_end", "-created_at")
        .first()
    )


def parse_period(text: str | None) -> tuple[dt.date, dt.date] | None:
    """ "2008" or "2006-2008" → first and last day; None when empty."""
    text = (text or "").strip().replace("–", "-")
    if not text:
        return None
    parts = text.split("-")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or not all(1900 <= y <= 2199 for y in years):
        raise BadInput(
            "Give the period as a year (2008) or two years (2006-2008).",
            field="period",
        )
    return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)


def classification_table(
    user: Any,
    period: tuple[dt.date, dt.date] | None = None,
    *,
    kind: str | None = Mechanism.Kind.RCP,
) -> dict[int, list[Assessment]]:
    """Group (1, 2, 3) → the latest reviewed assessment of each mechanism
    whose period overlaps ``period`` (default: any), as ¶57–63 lays it out."""
    qs = assessments_visible(user).filter(status=Assessment.Status.REVIEWED)
    if kind:
        qs = qs.filter(mechanism__kind=kind)
    if period:
        qs = qs.filter(period_start__lte=period[1], period_end__gte=period[0])
    latest: dict[int, Assessment] = {}
    for a in qs.order_by("mechanism_id", "period_end", "created_at"):
        latest[a.mechanism_id] = a
    table: dict[int, list[Assessment]] = {g: [] for g in Assessment.Group.values}
    for a in sorted(latest.values(), key=lambda a: a.mechanism.code):
        table[a.group].append(a)
    return table


# --- Instruments and implementation ------------------------------------------------

NOT_STARTED = CommitmentUpdate.Status.NOT_STARTED
DONE = CommitmentUpdate.Status.DONE
DROPPED = CommitmentUpdate.Status.DROPPED


def instrument_list(*, mechanism: Mechanism | None = None) -> QuerySet[Instrument]:
    qs = Instrument.objects.select_related("mechanism").prefetch_related(
        "themes", "tags"
    )
    if mechanism is not None:
        qs = qs.filter(mechanism=mechanism)
    return qs


def instrument_get(code: str) -> Instrument:
    try:
        return instrument_list().get(code=code)
    except Instrument.DoesNotExist as exc:
        raise Http404(f"No instrument {code!r}.") from exc


def statuses_on(commitment_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """Each commitment's status on ``day``: its latest update dated on or
    before it (ties: the last recorded); none yet → not started."""
    ids = list(commitment_ids)
    status = dict.fromkeys(ids, NOT_STARTED)
    rows = (
        CommitmentUpdate.objects.filter(commitment_id__in=ids, day__lte=day)
        .order_by("commitment_id", "day", "id")
        .values_list("commitment_id", "status")
    )
    for cid, st in rows:
        status[cid] = st
    return status


@dataclass(frozen=True)
class Implementation:
    day: dt.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float | None:
        """Done over the commitments still pursued (dropped ones left out);
        None when none is pursued."""
        pursued = self.total - self.counts.get(DROPPED, 0)
        return self.counts.get(DONE, 0) / pursued if pursued else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def implementation_compute(statuses: Iterable[str], day: dt.date) -> Implementation:
    counts = dict.fromkeys(CommitmentUpdate.Status.values, 0)
    for st in statuses:
        counts[st] += 1
    return Implementation(day=day, counts=counts)


def implementation(
    commitments: QuerySet[Commitment], day: dt.date | None = None
) -> Implementation:
    day = day or timezone.localdate()
    ids = list(
        commitments.filter(instrument__adopted__lte=day).values_list("pk", flat=True)
    )
    return implementation_compute(statuses_on(ids, day).values(), day)


def implementation_series(
    commitments: QuerySet[Commitment], days: Iterable[dt.date]
) -> list[Implementation]:
    return [implementation(commitments, d) for d in days]


def mechanism_commitments(mechanism: Mechanism) -> QuerySet[Commitment]:
    """The commitments of all the mechanism's instruments: its implementation
    rate is theirs, counted together (each one once, whatever its instrument)."""
    return Commitment.objects.filter(instrument__mechanism=mechanism)


def mechanism_implementation(
    mechanism: Mechanism, day: dt.date | None = None
) -> tuple[Implementation, list[Implementation]]:
    """The mechanism's implementation on ``day`` and at each year end since
    its first instrument was adopted (no instrument: an empty series)."""
    day = day or timezone.localdate()
    commitments = mechanism_commitments(mechanism)
    first = (
        Instrument.objects.filter(mechanism=mechanism, adopted__lte=day)
        .order_by("adopted")
        .values_list("adopted", flat=True)
        .first()
    )
    series = implementation_series(commitments, year_ends(first, day)) if first else []
    return implementation(commitments, day), series


def year_ends(first: dt.date, last: dt.date | None = None) -> list[dt.date]:
    """31 December of each year from ``first``'s to ``last``'s (default
    today), the last one replaced by ``last`` itself."""
    last = last or timezone.localdate()
    days = [dt.date(y, 12, 31) for y in range(first.year, last.year)]
    return [*days, last]


# --- Funds and money -------------------------------------------------------------------


CENT = Decimal("0.01")


def fund_list() -> QuerySet[Fund]:
    return Fund.objects.select_related("mechanism", "region").prefetch_related(
        "donor_countries", "donor_organizations", "managers", "themes", "projects"
    )


def flow_totals(
    funds: Iterable[Fund], day: dt.date | None = None
) -> dict[int, dict[str, Decimal]]:
    """Fund id → {"commitment": …, "disbursement": …} up to ``day``."""
    qs = Flow.objects.filter(fund__in=list(funds))
    if day:
        qs = qs.filter(day__lte=day)
    result: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(Flow.Kind.values, CENT * 0)
    )
    for fund_id, kind, total in qs.values_list("fund_id", "kind").annotate(
        t=Sum("amount")
    ):
        result[fund_id][kind] = Decimal(total).quantize(CENT)
    return result


def fund_get(code: str) -> Fund:
    fund = fund_list().filter(code=code).first()
    if fund is None:
        raise Http404(f"No fund {code!r}.")
    return fund


def rates() -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.order_by("currency", "-year")


def rates_table() -> dict[tuple[str, int], Decimal]:
    return {(r.currency, r.year): r.usd_per_unit for r in ExchangeRate.objects.all()}


@dataclass
class Total:
    """A sum in its original currencies and, where every rate is known, in
    US dollars; ``missing`` lists the (currency, year) without a rate, and
    then ``usd`` is None: "no rate", never a wrong total."""

    key: Any
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    usd: Decimal | None = Decimal("0")
    missing: set[tuple[str, int]] = field(default_factory=set)

    def add(self, amount: Decimal, currency: str, year: int, rates: dict) -> None:
        self.by_currency[currency] = (
            self.by_currency.get(currency, Decimal("0")) + amount
        )
        if currency == "USD":
            rate: Decimal | None = Decimal("1")
        else:
            rate = rates.get((currency, year))
        if rate is None:
            self.missing.add((currency, year))
            self.usd = None
        elif self.usd is not None:
            self.usd += (amount * rate).quantize(Decimal("0.01"))


def totals_compute(
    rows: Iterable[tuple[Any, Decimal, str, int]], rates: dict[tuple[str, int], Decimal]
) -> dict[Any, Total]:
    """Sum (key, amount, currency, year) rows per key, converting with
    ``rates`` ((currency, year) → US dollars per unit)."""
    totals: dict[Any, Total] = {}
    for key, amount, currency, year in rows:
        totals.setdefault(key, Total(key=key)).add(amount, currency, year, rates)
    return totals


def fund_totals(
    *, by: str = "donor", measure: str = "amount", day: dt.date | None = None
) -> list[Total]:
    """Totals of the funds by donor, region or theme. ``measure`` is the
    announced ``amount``, or the money ``committed`` or ``disbursed`` (up
    to ``day``), converted at the rate of the year of the announcement or of
    each flow. A fund with several donors (regions, themes) counts in full
    under each: the totals of a breakdown are not added up."""
    funds = list(fund_list())
    rows: list[tuple[Any, Decimal, str, int]] = []
    for fund in funds:
        if by == "donor":
            keys = [*fund.donor_countries.all(), *fund.donor_organizations.all()]
        elif by == "region":
            keys = [fund.region] if fund.region else []
        elif by == "theme":
            keys = list(fund.themes.all())
        else:
            raise ValueError(f"by must be donor, region or theme, not {by!r}")
        keys = keys or [None]
        amounts: list[tuple[Decimal, int]] = []
        if measure == "amount":
            if fund.amount is not None and fund.announced:
                amounts.append((fund.amount, fund.announced.year))
        else:
            kind = {"committed": "commitment", "disbursed": "disbursement"}[measure]
            flows = fund.flows.filter(kind=kind)
            if day:
                flows = flows.filter(day__lte=day)
            amounts += [(f.amount, f.day.year) for f in flows]
        for key in keys:
            for amount, year in amounts:
                rows.append((key, amount, fund.currency, year))
    totals = totals_compute(rows, rates_table())
    return sorted(totals.values(), key=lambda t: str(t.key or ""))


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()


# --- Global Compact objectives and SDG targets ----------------------------------------


def tag_get(code: str) -> Any:
    """A Global Compact objective or SDG target named in a ``tag`` parameter
    ('gcm-20', 'SDG 10.c'); an unknown one is a 400 naming the parameter."""
    try:
        return registry.framework_target_get(code)
    except registry.UnknownCode as exc:
        raise BadInput(str(exc), field="tag") from exc


def instruments_tagged(qs: QuerySet[Instrument], target: Any) -> QuerySet[Instrument]:
    """Instruments tagged with ``target`` (or one of its indicators), or with
    a commitment so tagged."""
    own = registry.tagged_with(Instrument.objects.all(), target).values("pk")
    by_commitment = registry.tagged_with(Commitment.objects.all(), target).values(
        "instrument_id"
    )
    return qs.filter(Q(pk__in=own) | Q(pk__in=by_commitment))


def tag_counts() -> list[tuple[Any, dict[str, int]]]:
    """For each Global Compact objective and SDG target: how many mechanisms,
    instruments, commitments and funds carry it."""
    columns = {
        "mechanisms": Mechanism.objects.all(),
        "instruments": Instrument.objects.all(),
        "commitments": Commitment.objects.all(),
        "funds": Fund.objects.all(),
    }
    counted = {
        name: dict(registry.framework_tag_counts(qs)) for name, qs in columns.items()
    }
    return [
        (target, {name: counted[name][target] for name in columns})
        for target in registry.framework_targets()
    ]
