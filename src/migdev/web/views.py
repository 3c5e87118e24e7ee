from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from migdev.registry.models import Country, Organization
from migdev.web.modules import link_url, module_url, source_of, visible_modules


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "members": Country.objects.filter(status=Country.Status.MEMBER).count(),
        "observers": Country.objects.filter(status=Country.Status.OBSERVER).count(),
        "areas": Country.objects.filter(status=Country.Status.AREA).count(),
        "organizations": Organization.objects.count(),
    }
    modules = [
        {
            "key": m.key,
            "title": m.title,
            "summary": m.summary,
            "source": source_of(m),
            "url": module_url(m),
        }
        for m in visible_modules(request)
    ]
    return render(request, "web/home.html", {"counts": counts, "modules": modules})


def module(request: HttpRequest, module: str) -> HttpResponse:
    found = next((m for m in visible_modules(request) if m.key == module), None)
    if found is None:
        raise Http404
    if found.url:
        return redirect(found.url)
    return render(
        request,
        "web/module.html",
        {
            "module": found,
            "title": found.title,
            "summary": found.summary,
            "source": source_of(found),
            "links": [(label, link_url(target)) for label, target in found.links],
        },
    )


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "403.html", status=403)


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: the site's page, in the visitor's
    language, whatever DEBUG says (Django's own page is for developers)."""
    return render(request, "403_csrf.html", status=403)


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
