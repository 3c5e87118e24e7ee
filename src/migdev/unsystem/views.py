"""Pages of the UN-system activities (A/63/265, chapter IV). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from migdev.core.audit import audit_history
from migdev.registry import permissions
from migdev.registry.selectors import framework_tag_counts
from migdev.unsystem import rules, selectors, services
from migdev.unsystem.forms import ActivityForm, ReviewForm
from migdev.unsystem.models import Activity


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
        },
    )


def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get(request.user, pk)
    manage = permissions.can(request.user, rules.MANAGE, cycle)
    return render(
        request,
        "unsystem/cycle_detail.html",
        {
            "cycle": cycle,
            "manage": manage,
            "contributions": cycle.contributions.select_related("organization")
            if manage
            else [],
            "queue": selectors.review_queue(cycle) if manage else [],
        },
    )


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


@login_required
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_get(request.user, pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes, tags = data.pop("themes"), data.pop("tags")
        try:
            services.activity_submit(
                request.user, contribution, themes=themes, tags=tags, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The activity was submitted to the secretariat.")
            )
            return redirect("unsystem:contribute", pk=contribution.pk)
    return render(
        request,
        "unsystem/contribute.html",
        {
            "contribution": contribution,
            "form": form,
            "activities": contribution.activities.all(),
        },
    )


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
        request.POST or None,
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
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("unsystem:cycle", pk=activity.contribution.cycle_id)
    return render(
        request,
        "unsystem/review.html",
        {"activity": activity, "form": form, "history": audit_history(activity)},
    )
