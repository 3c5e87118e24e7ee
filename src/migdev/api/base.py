"""The REST API of migdev, version 1: one NinjaAPI; each app adds its router."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from migdev.core.errors import BadInput
from migdev.core.i18n import UnknownLanguage, normalize_language

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="migdev API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Open data and workflows of migdev: the registry of States, groupings and "
        "organizations; more modules add their endpoints here. Reads of published "
        "data are public; writes need a session (log in on the site) and are "
        "checked per object. Errors are JSON objects: "
        '{"error": {"code": "...", "message": "..."}}.'
    ),
)

session_auth = SessionAuth()


def error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(LookupError)
def _lookup(request: HttpRequest, exc: LookupError) -> HttpResponse:
    if isinstance(exc, KeyError | IndexError):
        # A programming error, not a missing record: do not echo its text.
        logger.exception("Unexpected %s in %s", type(exc).__name__, request.path)
        return error(
            request, 500, "server_error", "The server failed; the error is logged."
        )
    return error(request, 404, "not_found", str(exc))


@api.exception_handler(UnknownLanguage)
def _bad_language(request: HttpRequest, exc: UnknownLanguage) -> HttpResponse:
    return error(request, 400, "unknown_language", str(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", "You may not see or change this record.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(
        request, 401, "unauthenticated", "Log in first: this endpoint needs a session."
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error(
        request,
        400,
        "invalid",
        "The request is not valid; see details.",
        details=exc.errors,
    )


@api.exception_handler(ValidationError)
def _model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = (
        exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    )
    return error(
        request,
        400,
        "invalid",
        "The record is not valid; see details.",
        details=details,
    )


@api.exception_handler(BadInput)
def _bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
    extra = {"field": exc.field} if exc.field else {}
    return error(request, 400, exc.code, exc.message, **extra)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "error", str(exc))


def language_param(lang: str | None) -> str:
    """The language of names in a response: ``lang`` if given, else the request's."""
    return (
        normalize_language(lang)
        if lang
        else normalize_language(translation.get_language() or "en")
    )
