from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
