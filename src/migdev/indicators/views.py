"""The secretariat's pages of releases: the list, one release with its
metadata, and the review and publish buttons. Thin: selectors read, services
write; the public reads published releases through the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from migdev.indicators import rules, selectors, services
from migdev.indicators.forms import ReleaseTitleForm
from migdev.indicators.models import Release
from migdev.registry.permissions import require


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    require(request.user, rules.REVIEW, Release)
    releases = list(selectors.release_list(request.user))
    latest = {r.pk for r in selectors.latest_published_releases()}
    return render(
        request,
        "indicators/release_list.html",
        {"releases": releases, "latest": latest},
    )


def _step(request: HttpRequest, release: Release, step: str | None) -> None:
    """Review or publish ``release`` as the secretariat asked on its page."""
    try:
        if step == "review":
            services.release_review(actor=request.user, release=release)
            messages.success(request, _("The release is marked as reviewed."))
        elif step == "publish":
            services.release_publish(actor=request.user, release=release)
            messages.success(request, _("The release is published."))
        else:
            messages.error(request, _("Choose review or publish."))
    except services.WorkflowError:
        messages.error(request, _("This step does not apply to the release now."))


@login_required
@require_http_methods(["GET", "POST"])
def release_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    require(request.user, rules.REVIEW, Release)
    release = selectors.release_get(identifier, request.user)
    form = ReleaseTitleForm(initial={"title": release.title})
    if request.method == "POST" and request.POST.get("step") == "title":
        form = ReleaseTitleForm(request.POST)
        if form.is_valid():
            try:
                services.release_retitle(
                    actor=request.user,
                    release=release,
                    title=form.cleaned_data["title"],
                )
            except services.WorkflowError:
                messages.error(
                    request, _("A published release cannot change its title.")
                )
            else:
                messages.success(request, _("The title is saved."))
            return redirect("indicators:release", identifier=release.identifier)
    elif request.method == "POST":
        _step(request, release, request.POST.get("step"))
        return redirect("indicators:release", identifier=release.identifier)
    indicators = (
        selectors.value_slice(release)
        .values_list("indicator__code", flat=True)
        .order_by("indicator__code")
        .distinct()
    )
    return render(
        request,
        "indicators/release_detail.html",
        {"release": release, "indicators": list(indicators), "form": form},
        status=400 if form.errors else 200,
    )
