"""Pages of the UN-system activities (A/63/265, chapter IV). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from migdev.core.audit import audit_history
from migdev.core.dated import parse_day
from migdev.core.errors import onto_form
from migdev.outreach import services as outreach
from migdev.outreach.forms import FollowUpForm
from migdev.registry import permissions
from migdev.registry.selectors import framework_tag_counts
from migdev.unsystem import rules, selectors, services
from migdev.unsystem.forms import ActivityForm, ChairForm, CycleForm, ReviewForm
from migdev.unsystem.models import Activity, Contribution, Cycle, GroupChair


@require_safe
def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "unsystem/cycle_list.html",
        {
            "cycles": selectors.cycles_visible(request.user),
            "contributions": selectors.contributions_of(request.user).filter(
                cycle__status="open"
            )
            if request.user.is_authenticated
            else [],
            "may_open": permissions.can(request.user, rules.MANAGE, Cycle),
        },
    )


@require_safe
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.user, pk)
    manage = permissions.can(request.user, rules.MANAGE, cycle)
    return render(
        request,
        "unsystem/cycle_detail.html",
        {
            "cycle": cycle,
            "manage": manage,
            "contributions": cycle.contributions.select_related(
                "organization", "outreach"
            )
            if manage
            else [],
            "queue": selectors.review_queue(cycle) if manage else [],
        },
    )


@require_safe
def chapter_iv(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.user, pk)
    return render(
        request,
        "unsystem/chapter_iv.html",
        {
            "cycle": cycle,
            "sections": selectors.chapter_iv(cycle),
            "tag_counts": [
                (t, n)
                for t, n in framework_tag_counts(selectors.activities_published(cycle))
                if n
            ],
        },
    )


#: HTTP status of a link that cannot be used, by its code.
LINK_STATUS = {
    "invalid": 403,
    "not_yet_valid": 403,
    "revoked": 410,
    "expired": 410,
    "closed": 410,
}


def _private(response: HttpResponse) -> HttpResponse:
    """A page behind an access link: never cached, its address never sent on."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _contribution_page(
    request: HttpRequest, contribution: Contribution, token: str | None
) -> HttpResponse:
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes, tags = data.pop("themes"), data.pop("tags")
        try:
            if token is None:
                services.activity_submit(
                    request.user, contribution, themes=themes, tags=tags, **data
                )
            else:
                services.activity_submit_by_link(
                    token, themes=themes, tags=tags, **data
                )
        except ValidationError as exc:
            onto_form(form, exc)
        except outreach.LinkError as exc:
            return _link_refused(request, exc)
        else:
            messages.success(
                request, _("The activity was submitted to the secretariat.")
            )
            return redirect(request.path)
    return render(
        request,
        "unsystem/contribute.html",
        {
            "contribution": contribution,
            "form": form,
            "activities": contribution.activities.all(),
            "by_link": token is not None,
        },
        status=400 if form.errors else 200,
    )


def _link_refused(request: HttpRequest, exc: outreach.LinkError) -> HttpResponse:
    return _private(
        render(
            request,
            "unsystem/link_refused.html",
            {"message": exc.message, "code": exc.code},
            status=LINK_STATUS.get(exc.code, 403),
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link_contribute(request: HttpRequest, token: str) -> HttpResponse:
    """The entity's contribution behind the access link mailed to its
    reporting officer: the link is the credential, for that entity only."""
    try:
        contribution = services.contribution_for_link(token)
    except outreach.LinkError as exc:
        return _link_refused(request, exc)
    return _private(_contribution_page(request, contribution, token))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a reporting officer who logs in."""
    contribution = selectors.contribution_get(request.user, pk)
    return _contribution_page(request, contribution, None)


@require_http_methods(["GET", "POST"])
@login_required
def cycle_new(request: HttpRequest) -> HttpResponse:
    """The secretariat opens a reporting cycle: the entities' reporting
    officers are mailed their links at once."""
    permissions.require(request.user, rules.MANAGE, Cycle)
    form = CycleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(request.user, **form.cleaned_data)
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _("The cycle is open; the reporting officers are being written to."),
            )
            return redirect(cycle.get_absolute_url())
    return render(
        request,
        "unsystem/cycle_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.user, pk)
    permissions.require(request.user, rules.MANAGE, cycle)
    services.cycle_close(request.user, cycle)
    messages.success(request, _("The cycle is closed."))
    return redirect(cycle.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related(
            "contribution__cycle", "contribution__organization"
        ),
        pk=pk,
    )
    if not permissions.can(request.user, rules.MANAGE, activity):
        raise Http404("No such activity.")
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"title": activity.title, "description": activity.description},
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            k: form.cleaned_data[k]
            for k in ("title", "description")
            if form.cleaned_data[k] != getattr(activity, k)
        }
        try:
            services.activity_review(
                request.user,
                activity,
                publish="publish" in request.POST,
                note=form.cleaned_data["note"],
                changes=changes,
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("unsystem:cycle", pk=activity.contribution.cycle_id)
    return render(
        request,
        "unsystem/review.html",
        {"activity": activity, "form": form, "history": audit_history(activity)},
    )


@require_safe
def gmg(request: HttpRequest) -> HttpResponse:
    """The Global Migration Group (¶44): members on the day, chair rotation,
    joint products."""
    day = parse_day(request.GET.get("as_of"))
    return render(
        request,
        "unsystem/gmg.html",
        {
            "view": selectors.gmg(day),
            "as_of": day,
            "manage": permissions.can(request.user, rules.MANAGE, GroupChair),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def chair_new(request: HttpRequest) -> HttpResponse:
    """The secretariat records a term as chair of the Global Migration Group."""
    permissions.require(request.user, rules.MANAGE, GroupChair)
    group = selectors.gmg_group()
    form = ChairForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.chair_add(request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The chair's term was recorded."))
            return redirect("unsystem:gmg")
    return render(
        request,
        "unsystem/chair_form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "unsystem/meeting_list.html", {"meetings": selectors.meetings()}
    )


@require_safe
def meeting_detail(request: HttpRequest, number: int) -> HttpResponse:
    meeting = selectors.meeting_get(number)
    permissions.require(request.user, permissions.VIEW, meeting)
    return render(request, "unsystem/meeting_detail.html", {"meeting": meeting})


@require_http_methods(["GET", "POST"])
@login_required
def follow_ups(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-up log of one entity's contribution, and the form to add
    to it (the secretariat)."""
    contribution = selectors.contribution_get(request.user, pk)
    permissions.require(request.user, rules.MANAGE, contribution.cycle)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(request.user, contribution, **form.cleaned_data)
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect(request.path)
    return render(
        request,
        "unsystem/follow_ups.html",
        {
            "contribution": contribution,
            "form": form,
            "log": selectors.follow_ups(contribution),
            "messages_sent": selectors.messages_of(contribution),
        },
        status=400 if form.errors else 200,
    )
