"""One error body for the whole API, whatever fails and wherever:

    {"error": {"code": "not_found", "message": "No country or area has the code 'XYZ'."}}

plus, for some codes, more members (``details`` for invalid input,
``latest_version`` for a conflict, ``problems`` for a workbook). Errors raised
in an operation become this body through ``PlatformAPI``'s handlers; errors
that happen before or around an operation (no such address, a method not
allowed, a request Django refuses, a server error, in DEBUG too) are turned
into it by ``ApiErrorMiddleware``."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import ConfigDict

#: Where the API lives; every error under it is a JSON error body.
API_PREFIX = "/api/"

#: The code of an error body when nothing more precise is known, by status.
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
}

MESSAGES = {
    400: _("The request is not valid."),
    401: _("Log in first, or send an API token: Authorization: Bearer <token>."),
    403: _("You may not see or change this record."),
    404: _(
        "There is nothing at this address; see the API's documentation at /api/v1/docs."
    ),
    405: _("This address does not take this method."),
    409: _("The request conflicts with the record's current state."),
    413: _("The request is too large."),
    500: _("The server failed; the error is logged."),
    503: _("The service is not available; try again later."),
}


class ErrorBody(Schema):
    model_config = ConfigDict(extra="allow")

    code: str = Field(
        description="What went wrong, for programs: invalid, unknown_parameter, "
        "unknown_language, unauthenticated, invalid_token, forbidden, token_scope, "
        "csrf_failed, not_found, method_not_allowed, conflict, key_reused, "
        "too_large, closed, invalid_link, link_revoked, server_error…"
    )
    message: str = Field(description="What went wrong and how to fix it, for people.")
    details: Any = Field(
        None,
        description="For invalid input: what is wrong, per field or question.",
    )


class ErrorOut(Schema):
    """The body of every error response of the API."""

    error: ErrorBody


def error_response(
    status: int, code: str | None = None, message: str | None = None, **extra: Any
) -> JsonResponse:
    body = {
        "code": code or CODES.get(status, "error"),
        "message": str(message or MESSAGES.get(status, "The request failed.")),
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JsonResponse(
        {"error": body},
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def error(
    request: HttpRequest | None,
    status: int,
    code: str,
    message: str,
    **extra: Any,
) -> HttpResponse:
    """The error body as a response (the request is accepted for symmetry with
    ninja's ``create_response``)."""
    return error_response(status, code, message, **extra)


_APP_ERRORS: dict[type[Exception], Any] = {}


def api_error_handler(exc_class: type[Exception]):
    """Declare how an app's exception answers in the API, without importing the
    API shell: ``@api_error_handler(HistoryIncomplete)`` on a function
    ``(request, exc) -> HttpResponse``. Takes precedence over the platform's
    handlers (which would, say, answer a LookupError with 404)."""

    def register(handler):
        _APP_ERRORS[exc_class] = handler
        return handler

    return register


def app_error_response(request: HttpRequest, exc: Exception) -> HttpResponse | None:
    for cls in type(exc).__mro__:
        handler = _APP_ERRORS.get(cls)
        if handler is not None:
            return handler(request, exc)
    return None


def _is_error_body(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    if getattr(response, "streaming", False):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict)


class ApiErrorMiddleware:
    """Outermost middleware: an error answer under /api/ that is not already the
    API's JSON error body (Django's 404 for an unknown address, 405, 400 for a
    request it refuses, the 500 page, DEBUG's technical pages, the "database not
    ready" page) is replaced by one, keeping the status and the headers that
    matter (Allow, Retry-After)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and not _is_error_body(response)
        ):
            replacement = error_response(response.status_code)
            for header in ("Allow", "Retry-After", "Vary"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
