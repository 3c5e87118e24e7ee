from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.registry.models import Country, Organization

# What each module of the platform covers, with the paragraphs of the
# Secretary-General's report (A/63/265) it follows up.
MODULES = {
    "consultations": (
        _("Consultations"),
        _(
            "Questionnaire campaigns to Member States and observer States: dispatch, reminders, follow-up calls, replies, the response map and the coded analysis of open answers."
        ),
        "¶21–24",
    ),
    "forum": (
        _("Global Forum on Migration and Development"),
        _(
            "Chairs and troika, Steering Group, Friends of the Forum, annual meetings with their roundtables and civil-society days, the support unit and contributions."
        ),
        "¶11–20",
    ),
    "cooperation": (
        _("Cooperation mechanisms and the United Nations system"),
        _(
            "Regional intergovernmental bodies and regional consultative processes, their instruments and funds, and the activities of United Nations entities."
        ),
        "¶25–68",
    ),
    "data": (
        _("Data"),
        _(
            "International migrant stock estimates by destination, origin, sex and age; remittance flows and costs; the registry of countries, groupings and organizations."
        ),
        "¶6, ¶13, ¶26, ¶42",
    ),
    "reports": (
        _("Reports"),
        _(
            "The report of the Secretary-General to the General Assembly, assembled from live data in the six official languages."
        ),
        "A/63/265",
    ),
}


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "members": Country.objects.filter(status=Country.Status.MEMBER).count(),
        "observers": Country.objects.filter(status=Country.Status.OBSERVER).count(),
        "areas": Country.objects.filter(status=Country.Status.AREA).count(),
        "organizations": Organization.objects.count(),
    }
    modules = [
        {"key": k, "title": t, "summary": s, "source": src, "url": _module_url(k)}
        for k, (t, s, src) in MODULES.items()
    ]
    return render(request, "web/home.html", {"counts": counts, "modules": modules})


# Modules that are built have their own start page.
_BUILT = {"consultations": "campaigns:list"}


def _module_url(key: str) -> str:
    if key in _BUILT:
        return reverse(_BUILT[key])
    return reverse("module", kwargs={"module": key})


def module(request: HttpRequest, module: str) -> HttpResponse:
    if module not in MODULES:
        raise Http404
    if module in _BUILT:
        return redirect(_BUILT[module])
    title, summary, source = MODULES[module]
    return render(
        request,
        "web/module.html",
        {
            "module_key": module,
            "title": title,
            "summary": summary,
            "source": source,
        },
    )


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What a login form answers while its account or address is locked out
    (django-axes calls it): 429, with when to try again and whom to ask."""
    return render(
        request,
        "registration/locked_out.html",
        {"until": timezone.now() + settings.AXES_COOLOFF_TIME},
        status=429,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the context processors may be what failed (the
    # database, a session). The language of the request is still active.
    return HttpResponse(render_to_string("500.html"), status=500)


_FAVICON = Path(__file__).resolve().parent / "static" / "migdev" / "favicon.ico"


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page links to."""
    response = HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
