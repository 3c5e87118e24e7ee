"""Pages of the cooperation module (A/63/265, chapter V). Thin: read through
selectors; the registers are public, draft assessments the secretariat's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from migdev.cooperation import maps, rules, selectors, services
from migdev.cooperation.forms import (
    AssessmentForm,
    CommitmentUpdateForm,
    FlowForm,
    ParticipationForm,
    RateForm,
)
from migdev.cooperation.models import (
    Assessment,
    CommitmentUpdate,
    ExchangeRate,
    Mechanism,
)
from migdev.core.dated import parse_day
from migdev.core.errors import BadInput, onto_form
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
            "manage": permissions.can(request.user, rules.MANAGE, mechanism),
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
    qs = selectors.instrument_list()
    if request.GET.get("tag"):
        qs = selectors.instruments_tagged(qs, selectors.tag_get(request.GET["tag"]))
    instruments = list(qs)
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
            "manage": permissions.can(request.user, rules.MANAGE, instrument),
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
            "manage": permissions.can(request.user, rules.MANAGE, ExchangeRate),
        },
    )


# --- The secretariat's forms ---------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict], object],
    *,
    title: str,
    back: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if form.errors else 200,
    )


def _posted(request: HttpRequest) -> dict | None:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@login_required
def participation_new(request: HttpRequest, code: str) -> HttpResponse:
    mechanism = selectors.mechanism_get(code)
    permissions.require(request.user, rules.MANAGE, mechanism)
    return _form_page(
        request,
        ParticipationForm(_posted(request)),
        lambda data: services.participation_add(request.user, mechanism, **data),
        title=_("Add a member or an observer: %(mechanism)s")
        % {"mechanism": mechanism},
        back=mechanism.get_absolute_url(),
        done=_("The membership was recorded."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_update_new(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.instrument_get(code)
    permissions.require(request.user, rules.MANAGE, instrument)

    def save(data: dict) -> object:
        commitment = data.pop("commitment")
        return services.commitment_update_record(request.user, commitment, **data)

    return _form_page(
        request,
        CommitmentUpdateForm(_posted(request), instrument=instrument),
        save,
        title=_("Record how a commitment is implemented: %(instrument)s")
        % {"instrument": instrument},
        back=instrument.get_absolute_url(),
        done=_("The update was recorded."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def flow_new(request: HttpRequest, code: str) -> HttpResponse:
    fund = selectors.fund_get(code)
    permissions.require(request.user, rules.MANAGE, fund)
    return _form_page(
        request,
        FlowForm(_posted(request), fund=fund),
        lambda data: services.flows_record(request.user, fund, [data]),
        title=_("Record a commitment or a disbursement: %(fund)s") % {"fund": fund},
        back=reverse("cooperation:funds"),
        done=_("The money was recorded."),
    )


@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    """The table of exchange rates; the secretariat sets one here."""
    manage = permissions.can(request.user, rules.MANAGE, ExchangeRate)
    if request.method == "POST" and not manage:
        permissions.require(request.user, rules.MANAGE, ExchangeRate)
    form = RateForm(_posted(request)) if manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.rate_set(request.user, **form.cleaned_data)
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The rate was recorded."))
            return redirect("cooperation:rates")
    return render(
        request,
        "cooperation/rates.html",
        {"rates": selectors.rates(), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_new(request: HttpRequest, code: str) -> HttpResponse:
    """The secretariat assesses a mechanism's development focus for a period
    from the checklist of themes; the user is the assessor, and someone else
    reviews it (``assessment_review``) before it is public."""
    mechanism = selectors.mechanism_get(code)
    permissions.require(request.user, permissions.VIEW, mechanism)
    permissions.require(request.user, rules.MANAGE, Assessment)
    form = AssessmentForm(
        _posted(request), mechanism=mechanism, themes=selectors.themes()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                request.user, mechanism, **form.service_arguments()
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The assessment was recorded; it is public once someone else reviews it."
                ),
            )
            return redirect(mechanism.get_absolute_url())
    return render(
        request,
        "cooperation/assessment_form.html",
        {"form": form, "mechanism": mechanism},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    try:
        services.assessment_review(request.user, assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The assessment is reviewed and public."))
    return redirect(assessment.mechanism.get_absolute_url())


@require_safe
def tags(request: HttpRequest) -> HttpResponse:
    """Counts by Global Compact objective and SDG target of the mechanisms,
    instruments, commitments and funds tagged with it."""
    return render(request, "cooperation/tags.html", {"rows": selectors.tag_counts()})
