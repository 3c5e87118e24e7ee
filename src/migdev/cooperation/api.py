"""Public API of the cooperation module: mechanisms and their coverage,
instruments with their implementation, funds, assessments (A/63/265, ¶45–68, ¶75)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from migdev.cooperation import selectors
from migdev.cooperation.models import Assessment, Mechanism, Participation
from migdev.core.api import PageQuery, language_param, page_of, paginate
from migdev.core.dated import check_day
from migdev.registry import permissions
from migdev.registry import selectors as registry

router = Router(tags=["cooperation"])

MechanismKind = Literal["formal", "rcp", "interregional"]


class PartyOut(Schema):
    kind: Literal["state", "organization"]
    code: str = Field(
        description="ISO alpha-3 (else M49) of a State; registry code of an organization."
    )
    name: str
    start: dt.date | None = Field(
        description="Joined (empty: since before the records)."
    )
    end: dt.date | None = Field(description="Left (exclusive; empty: still there).")
    illustrative: bool = Field(
        description="True where the membership is a guess to be checked."
    )


class MechanismOut(Schema):
    id: int
    code: str
    kind: MechanismKind
    name: str
    acronym: str
    founded: dt.date | None
    founded_year_only: bool
    supporting_organizations: list[str] = Field(
        description="Registry codes (e.g. 'iom')."
    )
    themes: list[str] = Field(description="Theme codes of the checklist.")
    tags: list[str] = Field(
        description="Global Compact objectives and SDG targets ('gcm-5', 'sdg-10.7')."
    )
    member_count: int = Field(description="Member States on the as_of day.")


class AssessmentOut(Schema):
    mechanism: str = Field(description="Mechanism code.")
    period_start: dt.date
    period_end: dt.date
    group: Literal[1, 2, 3] = Field(
        description="1: migration and development as a focus; 2: ad hoc; 3: governance without the development dimension (A/63/265, ¶57–63)."
    )
    suggested_group: Literal[1, 2, 3] = Field(
        description="The group the checklist gives."
    )
    levels: dict[str, int] = Field(
        description="Theme code → 0 not addressed, 1 ad hoc, 2 a regular focus."
    )
    evidence: str
    justification: str


class OverlapOut(Schema):
    first: str = Field(description="Code of one RCP.")
    second: str = Field(description="Code of the other.")
    states: int = Field(description="States members of both.")


class CoverageOut(Schema):
    as_of: dt.date
    states: int = Field(description="Member States and observer States on the day.")
    in_at_least_one: list[str] = Field(
        description="ISO alpha-3 codes of States in one RCP or more."
    )
    in_none: list[str] = Field(description="ISO alpha-3 codes of States in no RCP.")
    by_count: dict[int, int] = Field(
        description="Number of RCPs → number of States in exactly that many."
    )
    overlaps: list[OverlapOut] = Field(
        description="Pairs of RCPs sharing member States, largest first."
    )


class ImplementationOut(Schema):
    as_of: dt.date
    not_started: int
    under_way: int
    done: int
    dropped: int
    rate: float | None = Field(
        description="Done over commitments still pursued (dropped left out); null when none."
    )


class MechanismDetailOut(MechanismOut):
    members: list[PartyOut]
    observers: list[PartyOut]
    latest_assessment: AssessmentOut | None = Field(
        description="The latest reviewed assessment."
    )
    implementation: ImplementationOut = Field(
        description="The commitments of all the mechanism's instruments on as_of."
    )
    implementation_series: list[ImplementationOut] = Field(
        description="The same at each 31 December since its first instrument, then on as_of."
    )


class InstrumentOut(Schema):
    code: str
    mechanism: str
    kind: str
    title: str
    adopted: dt.date
    status: Literal["in_force", "withdrawn"]
    commitments: int
    implementation: ImplementationOut


class FundOut(Schema):
    code: str
    name: str
    mechanism: str | None
    amount: Decimal | None
    currency: str
    committed: Decimal = Field(
        description="Money committed so far, in the fund's currency."
    )
    disbursed: Decimal = Field(
        description="Money disbursed so far, in the fund's currency."
    )
    donors: list[str] = Field(
        description="ISO alpha-3 of donor States, registry codes of donor organizations."
    )
    managers: list[str]
    amount_usd: Decimal | None = Field(
        description="Amount in US dollars at the rate of the year announced; null: no rate."
    )


def _party(p: Participation, lang: str) -> PartyOut:
    if p.country_id:
        return PartyOut(
            kind="state",
            code=p.country.key,
            name=p.country.name.get_text(lang),
            start=p.start,
            end=p.end,
            illustrative=p.illustrative,
        )
    return PartyOut(
        kind="organization",
        code=p.organization.code,
        name=str(p.organization),
        start=p.start,
        end=p.end,
        illustrative=p.illustrative,
    )


def _mechanism(m: Mechanism, lang: str, day: dt.date) -> dict:
    return {
        "id": m.pk,
        "code": m.code,
        "kind": m.kind,
        "name": m.name.get_text(lang),
        "acronym": m.acronym.get_text(lang),
        "founded": m.founded,
        "founded_year_only": m.founded_year_only,
        "supporting_organizations": [o.code for o in m.supporting_organizations.all()],
        "themes": [t.code for t in m.themes.all()],
        "tags": [t.code for t in m.tags.all()],
        "member_count": Participation.objects.as_of(day)
        .filter(mechanism=m, role="member")
        .count(),
    }


def _assessment(a: Assessment) -> AssessmentOut:
    items = list(a.items.select_related("theme"))
    return AssessmentOut(
        mechanism=a.mechanism.code,
        period_start=a.period_start,
        period_end=a.period_end,
        group=a.group,
        suggested_group=selectors.suggested_group(
            (i.theme.development, i.level) for i in items
        ),
        levels={i.theme.code: i.level for i in items},
        evidence=a.evidence,
        justification=a.justification,
    )


@router.get(
    "/mechanisms",
    response=page_of(MechanismOut),
    summary="Cooperation mechanisms (a page)",
)
def mechanisms_list(
    request: HttpRequest,
    page: Query[PageQuery],
    kind: MechanismKind | None = None,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> dict:
    lang = language_param(lang)
    day = check_day(as_of) or timezone.localdate()
    qs = selectors.mechanism_list(kind=kind).prefetch_related("tags")
    return paginate(
        request, qs, page, lambda rows: [_mechanism(m, lang, day) for m in rows]
    )


@router.get(
    "/mechanisms/coverage",
    response=CoverageOut,
    summary="States in at least one regional consultative process, and in none",
)
def mechanisms_coverage(
    request: HttpRequest, as_of: dt.date | None = None
) -> CoverageOut:
    day = check_day(as_of) or timezone.localdate()
    cov = selectors.coverage(day)
    return CoverageOut(
        as_of=day,
        states=len(cov.states),
        in_at_least_one=[c.key for c in cov.covered],
        in_none=[c.key for c in cov.uncovered],
        by_count=dict(cov.multiplicity),
        overlaps=[
            OverlapOut(first=a.code, second=b.code, states=n)
            for a, b, n in cov.overlaps
        ],
    )


@router.get(
    "/mechanisms/{mechanism_id}",
    response=MechanismDetailOut,
    summary="One mechanism: members, observers, latest assessment group, implementation rate",
)
def mechanisms_get(
    request: HttpRequest,
    mechanism_id: str,
    lang: str | None = None,
    as_of: dt.date | None = None,
) -> dict:
    lang = language_param(lang)
    day = check_day(as_of) or timezone.localdate()
    m = selectors.mechanism_get(mechanism_id)
    permissions.require(request.user, permissions.VIEW, m)
    latest = selectors.latest_assessment(request.user, m)
    overall, series = selectors.mechanism_implementation(m, day)
    return {
        **_mechanism(m, lang, day),
        "members": [
            _party(p, lang) for p in selectors.participants(m, role="member", day=day)
        ],
        "observers": [
            _party(p, lang) for p in selectors.participants(m, role="observer", day=day)
        ],
        "latest_assessment": _assessment(latest) if latest else None,
        "implementation": _implementation(overall),
        "implementation_series": [_implementation(i) for i in series],
    }


def _implementation(impl: selectors.Implementation) -> ImplementationOut:
    return ImplementationOut(as_of=impl.day, rate=impl.rate, **impl.counts)


@router.get(
    "/instruments",
    response=page_of(InstrumentOut),
    summary="Declarations and action plans with their implementation (a page)",
)
def instruments_list(
    request: HttpRequest,
    page: Query[PageQuery],
    mechanism: str | None = None,
    lang: str | None = None,
    as_of: dt.date | None = None,
    tag: str | None = None,
) -> dict:
    """``tag``: a Global Compact objective or SDG target ('gcm-20', 'SDG 10.c'):
    instruments tagged with it, or with a commitment tagged with it."""
    lang = language_param(lang)
    day = check_day(as_of) or timezone.localdate()
    try:
        chosen = selectors.mechanism_get(mechanism) if mechanism else None
    except Http404 as exc:
        # A filter naming no mechanism is a bad parameter, as for the registry's lists.
        raise ValidationError({"mechanism": [str(exc)]}) from exc
    qs = selectors.instrument_list(mechanism=chosen)
    if tag:
        qs = selectors.instruments_tagged(qs, selectors.tag_get(tag))

    def out(rows):
        return [
            InstrumentOut(
                code=i.code,
                mechanism=i.mechanism.code,
                kind=i.kind,
                title=i.title.get_text(lang),
                adopted=i.adopted,
                status=i.status,
                commitments=i.commitments.count(),
                implementation=_implementation(
                    selectors.implementation(i.commitments.all(), day)
                ),
            )
            for i in rows
        ]

    return paginate(request, qs, page, out)


@router.get(
    "/funds",
    response=page_of(FundOut),
    summary="Funds and programmes: amount, currency, committed, disbursed (a page)",
)
def funds_list(
    request: HttpRequest,
    page: Query[PageQuery],
    lang: str | None = None,
    tag: str | None = None,
) -> dict:
    """``tag``: a Global Compact objective or SDG target: the funds tagged with it."""
    lang = language_param(lang)
    qs = selectors.fund_list()
    if tag:
        qs = registry.tagged_with(qs, selectors.tag_get(tag))
    rates = selectors.rates_table()

    def out(rows):
        flows = selectors.flow_totals(rows)
        result = []
        for f in rows:
            usd = None
            if f.amount is not None and f.announced:
                total = selectors.totals_compute(
                    [(f.pk, f.amount, f.currency, f.announced.year)], rates
                )[f.pk]
                usd = total.usd
            result.append(
                FundOut(
                    code=f.code,
                    name=f.name.get_text(lang),
                    mechanism=f.mechanism.code if f.mechanism_id else None,
                    amount=f.amount,
                    currency=f.currency,
                    committed=flows.get(f.pk, {}).get("commitment", Decimal("0.00")),
                    disbursed=flows.get(f.pk, {}).get("disbursement", Decimal("0.00")),
                    donors=[c.key for c in f.donor_countries.all()]
                    + [o.code for o in f.donor_organizations.all()],
                    managers=[o.code for o in f.managers.all()],
                    amount_usd=usd,
                )
            )
        return result

    return paginate(request, qs, page, out)


@router.get(
    "/assessments",
    response=page_of(AssessmentOut),
    summary="Reviewed development-focus assessments (a page)",
)
def assessments_list(
    request: HttpRequest,
    page: Query[PageQuery],
    period: str | None = None,
    kind: MechanismKind | None = None,
) -> dict:
    qs = (
        selectors.assessments_visible(request.user)
        .filter(status=Assessment.Status.REVIEWED)
        .order_by("mechanism__code", "period_start", "created_at")
    )
    span = selectors.parse_period(period)
    if span:
        qs = qs.filter(period_start__lte=span[1], period_end__gte=span[0])
    if kind:
        qs = qs.filter(mechanism__kind=kind)
    return paginate(request, qs, page, lambda rows: [_assessment(a) for a in rows])
