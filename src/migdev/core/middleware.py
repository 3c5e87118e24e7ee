from __future__ import annotations

import json

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from migdev.core import text
from migdev.core.errors import BadInput
from migdev.core.i18n import active_language


class RootLanguageMiddleware:
    """Send a visitor of ``/`` to the home page in their language.

    Pages carry their language in the address and English has none, so ``/``
    is the English home page. A visitor who chose a language before (the
    language cookie, set by the language selector) or whose browser prefers
    one of the other official languages (``Accept-Language``) is redirected
    to that language's address: ``/fr/``, ``/zh-hans/``… The cookie comes
    first, so that choosing English at ``/fr/`` sticks too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # Cookie first, then Accept-Language, then LANGUAGE_CODE (Django's
        # order), ignoring the address, which at "/" always says English.
        language = active_language(
            translation.get_language_from_request(request, check_path=False)
        )
        if language != settings.LANGUAGE_CODE:
            with translation.override(language):
                target = reverse("home")
            query = request.META.get("QUERY_STRING", "")
            response: HttpResponse = HttpResponseRedirect(
                f"{target}?{query}" if query else target
            )
        else:
            response = self.get_response(request)
        # Caches must not give one visitor's language to another.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class DatabaseNotReadyMiddleware:
    """Turn "no such table" errors of an unmigrated database into a page that
    says which command to run, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError) or not _has_unapplied_migrations():
            return None
        return HttpResponse(
            render_to_string("core/database_not_ready.html"), status=503
        )


def _has_unapplied_migrations() -> bool:
    try:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return True


class BadInputMiddleware:
    """Refuse, with a 400 naming the field, a request whose text is not valid
    Unicode (``text``), before any view reads it; and answer 400 with its
    message the ``errors.BadInput`` a page raises (an ``as_of`` out of range…).

    JSON bodies are checked on every path (the API's, chiefly); form fields
    and uploaded file names too, whatever the charset the form declared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs):
        field = _invalid_text_field(request)
        if field is None:
            return None
        return bad_input_response(
            request,
            BadInput(
                _(
                    "The text of %(field)s is not valid Unicode: it holds half of "
                    "a UTF-16 surrogate pair (\\ud800–\\udfff). Send the text as "
                    "it was written, encoded in UTF-8."
                )
                % {"field": field},
                field=field,
            ),
            code="invalid_text",
        )

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, BadInput):
            return bad_input_response(request, exception)
        return None


def _invalid_text_field(request: HttpRequest) -> str | None:
    # Query strings and UTF-8 forms are decoded with replacement characters by
    # Django: only a JSON escape or a form's declared charset gets one through.
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = (request.content_type or "").lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            raw = request.body
        except Exception:  # too large, already read: the view answers
            return None
        if not text.may_hold_surrogates(raw):
            return None
        try:
            return text.invalid_text_path(json.loads(raw))
        except ValueError:  # not JSON: the view says so
            return None
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            fields = request.POST.lists()
            files = [(name, [f.name or ""]) for name, f in request.FILES.items()]
        except Exception:  # a malformed body: the view (or Django) answers it
            return None
        return _first_invalid(fields) or _first_invalid(files)
    return None


def _first_invalid(pairs) -> str | None:
    for name, values in pairs:
        if text.has_lone_surrogate(name) or any(
            isinstance(v, str) and text.has_lone_surrogate(v) for v in values
        ):
            return name.encode("utf-8", "backslashreplace").decode("ascii")
    return None


def wants_json(request: HttpRequest) -> bool:
    content_type = (request.content_type or "").lower()
    return (
        request.path_info.startswith("/api/")
        or content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def bad_input_response(
    request: HttpRequest, exc: BadInput, *, code: str | None = None
) -> HttpResponse:
    """A 400 that says what to fix: the API's JSON error body, or a page."""
    if wants_json(request):
        error = {"code": code or exc.code, "message": exc.message}
        if exc.field:
            error["field"] = exc.field
        return JsonResponse({"error": error}, status=400)
    return HttpResponse(
        render_to_string(
            "core/bad_request.html", {"message": exc.message}, request=request
        ),
        status=400,
    )


# --- middleware of the site's pages only ---------------------------------------


def pages_only(middleware: type, *, skip: str = "/api/") -> type:
    """A subclass of ``middleware`` that serves the site's pages and lets
    addresses under ``skip`` (the API) pass: an API request carries its
    language in Accept-Language (``ApiLanguageMiddleware``), its credentials
    in a token or the session (whose CSRF token the API checks itself), and
    needs no static files, messages or page redirects.
    Each middleware passed over is a layer less on every API request."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(skip):
            return self.get_response(request)
        return middleware.__call__(self, request)

    members: dict = {
        "__call__": __call__,
        "__doc__": f"``{middleware.__module__}.{middleware.__name__}`` for pages only.",
        "__module__": __name__,
    }
    for hook in ("process_view", "process_exception"):
        method = getattr(middleware, hook, None)
        if method is not None:
            members[hook] = _for_pages(method, skip)
    return type(f"Pages{middleware.__name__}", (middleware,), members)


def _for_pages(method, skip: str):
    def hook(self, request: HttpRequest, *args):
        if request.path_info.startswith(skip):
            return None
        return method(self, request, *args)

    return hook
