"""Pages of the cooperation module (A/63/265, chapter V). Thin: read through
selectors; the registers are public, draft assessments the secretariat's."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from migdev.cooperation import maps, selectors
from migdev.cooperation.models import Assessment, CommitmentUpdate, Mechanism
from migdev.core.dated import parse_day
from migdev.core.errors import BadInput
from migdev.core.i18n import active_language
from migdev.registry import permissions
from migdev.registry.selectors import HistoryIncomplete


def _as_of(request: HttpRequest) -> dt.date:
    return parse_day(request.GET.get("as_of"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    mechanisms = list(selectors.mechanism_list())
    counts = {
        k: sum(1 for m in mechanisms if m.kind == k) for k in Mechanism.Kind.values
    }
    return render(
        request,
        "cooperation/home.html",
        {
            "kinds": [(k, label, counts[k]) for k, label in Mechanism.Kind.choices],
            "instrument_count": selectors.instrument_list().count(),
            "fund_count": selectors.fund_list().count(),
        },
    )


@require_safe
def mechanism_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in (None, *Mechanism.Kind.values):
        raise BadInput(_("Choose formal, rcp or interregional."), field="kind")
    mechanisms = list(selectors.mechanism_list(kind=kind))
    day = _as_of(request)
    return render(
        request,
        "cooperation/mechanism_list.html",
        {
            "kind": kind,
            "kinds": Mechanism.Kind.choices,
            "rows": [
                (
                    m,
                    selectors.latest_assessment(request.user, m),
                    selectors.implementation(selectors.mechanism_commitments(m), day),
                )
                for m in mechanisms
            ],
        },
    )


@require_safe
def mechanism_detail(request: HttpRequest, code: str) -> HttpResponse:
    mechanism = selectors.mechanism_get(code)
    permissions.require(request.user, permissions.VIEW, mechanism)
    day = _as_of(request)
    instruments = list(selectors.instrument_list(mechanism=mechanism))
    overall, series = selectors.mechanism_implementation(mechanism, day)
    return render(
        request,
        "cooperation/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "as_of": day,
            "members": selectors.participants(mechanism, role="member", day=day),
            "observers": selectors.participants(mechanism, role="observer", day=day),
            "history": selectors.participation_history(mechanism),
            "assessments": selectors.assessment_history(request.user, mechanism),
            "instruments": [
                (i, selectors.implementation(i.commitments.all(), day))
                for i in instruments
            ],
            "funds": mechanism.funds.all(),
            "implementation": overall,
            "series": series,
        },
    )


@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    day = _as_of(request)
    try:
        cov = selectors.coverage(day)
    except HistoryIncomplete as exc:
        return render(
            request,
            "cooperation/coverage.html",
            {"as_of": day, "incomplete": exc},
            status=400,
        )
    return render(
        request,
        "cooperation/coverage.html",
        {
            "as_of": day,
            "coverage": cov,
            "svg": maps.coverage_map(cov, active_language()).svg(),
        },
    )


@require_safe
def classification(request: HttpRequest) -> HttpResponse:
    period = selectors.parse_period(request.GET.get("period"))
    table = selectors.classification_table(request.user, period)
    return render(
        request,
        "cooperation/classification.html",
        {
            "period": request.GET.get("period", ""),
            "groups": [(g, label, table[g]) for g, label in Assessment.Group.choices],
            "themes": selectors.themes(),
        },
    )


@require_safe
def instrument_list(request: HttpRequest) -> HttpResponse:
    day = _as_of(request)
    instruments = list(selectors.instrument_list())
    return render(
        request,
        "cooperation/instrument_list.html",
        {
            "as_of": day,
            "rows": [
                (i, selectors.implementation(i.commitments.all(), day))
                for i in instruments
            ],
        },
    )


@require_safe
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.instrument_get(code)
    permissions.require(request.user, permissions.VIEW, instrument)
    day = _as_of(request)
    commitments = list(instrument.commitments.prefetch_related("themes", "updates"))
    status = selectors.statuses_on([c.pk for c in commitments], day)
    return render(
        request,
        "cooperation/instrument_detail.html",
        {
            "instrument": instrument,
            "as_of": day,
            "commitments": [(c, status[c.pk]) for c in commitments],
            "status_labels": dict(CommitmentUpdate.Status.choices),
            "series": selectors.implementation_series(
                instrument.commitments.all(),
                selectors.year_ends(instrument.adopted, day),
            ),
        },
    )


@require_safe
def fund_list(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by") or "donor"
    measure = request.GET.get("measure") or "amount"
    if by not in ("donor", "region", "theme"):
        raise BadInput(_("Choose donor, region or theme."), field="by")
    if measure not in ("amount", "committed", "disbursed"):
        raise BadInput(_("Choose amount, committed or disbursed."), field="measure")
    funds = list(selectors.fund_list())
    flows = selectors.flow_totals(funds)
    return render(
        request,
        "cooperation/fund_list.html",
        {
            "rows": [(f, flows.get(f.pk, {})) for f in funds],
            "by": by,
            "measure": measure,
            "totals": selectors.fund_totals(by=by, measure=measure),
        },
    )
