"""``PlatformAPI``: a NinjaAPI with the platform's conventions built in.

- every exception an operation raises becomes the JSON error body with the
  right status (an unexpected one is left to Django, which logs it, and
  ``ApiErrorMiddleware`` answers the JSON body);
- unknown query parameters are refused (400);
- the OpenAPI document declares, for each operation, the error responses it
  can give, with the error body's schema, and refuses two schemas of one name
  (one would silently replace the other in the document);
- the document and its viewer answer GET and HEAD only (another method: 405
  with the JSON error body and ``Allow``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ConfigError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from migdev.core.api.auth import InvalidToken, TokenScopeError, anonymous
from migdev.core.api.errors import ErrorOut, app_error_response, error_response
from migdev.core.api.params import (
    UnknownParameter,
    UnstorableText,
    reject_unknown_parameters,
)
from migdev.core.errors import BadInput
from migdev.core.i18n import UnknownLanguage, listed
from migdev.languages import CODES

DESCRIPTIONS = {
    400: "The request is not valid: a parameter or the body (see error.details).",
    401: "No valid credentials: log in, or send an API token.",
    403: "Not allowed for this user or token (or the session's CSRF check failed).",
    404: "No such record.",
    409: "The record changed since you read it.",
    410: "No longer available.",
    413: "The request body is too large.",
}


def _statuses(operation: Any) -> set[int]:
    """The error statuses an operation can answer, from what it declares: any
    operation 400 (a bad or unknown parameter); with credentials 401 and 403;
    with a path parameter 404, and 403 (a record this user may not see); with
    a body 413."""
    statuses = {400}
    callbacks = list(operation.auth_callbacks)
    if callbacks:
        statuses.add(401)  # a bad token, or no credentials where they are needed
        if anonymous not in callbacks:
            statuses.add(403)
    sources = {m.__ninja_param_source__ for m in operation.models}
    if "path" in sources:
        statuses.update((403, 404))
    if sources & {"body", "form", "file"}:
        statuses.add(413)
    return statuses


class PlatformOpenAPISchema(OpenAPISchema):
    def responses(self, operation: Any) -> dict[int, Any]:
        result = super().responses(operation)
        declared = set(result)
        missing = sorted(_statuses(operation) - declared)
        if missing:
            ref, _required = self._create_schema_from_model(
                _ERROR_RESPONSE, mode="serialization"
            )
            for status in missing:
                result[status] = {
                    "description": DESCRIPTIONS.get(status, "Error."),
                    "content": {self.api.renderer.media_type: {"schema": ref}},
                }
        return dict(sorted(result.items()))

    def operation_security(self, operation: Any) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security is not None and anonymous in operation.auth_callbacks:
            security.append({})  # credentials are optional
        return security

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != schema:
                raise ConfigError(
                    f"Two schemas of the API are named {name!r}; rename one "
                    "(the OpenAPI document would show only one of them)."
                )
        super().add_schema_definitions(definitions)


# The error body as ninja wraps a response model, so that its schema is the
# one ninja writes for operations that declare ErrorOut themselves.
_ERROR_RESPONSE = type(
    "NinjaResponseSchema", (Schema,), {"__annotations__": {"response": ErrorOut}}
)


def _read_only(decorator: Any = None) -> Any:
    """The docs' decorator, and GET/HEAD only: ninja serves the OpenAPI
    document to any method."""

    def decorate(view: Any) -> Any:
        return require_safe(decorator(view) if decorator else view)

    return decorate


class PlatformAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["docs_decorator"] = _read_only(kwargs.get("docs_decorator"))
        super().__init__(*args, **kwargs)
        self.add_decorator(reject_unknown_parameters, mode="view")
        for exc, handler in _HANDLERS.items():
            self.add_exception_handler(exc, handler)

    def on_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        response = app_error_response(request, exc)
        if response is not None:
            return response
        return super().on_exception(request, exc)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: Any = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return PlatformOpenAPISchema(self, path_prefix)


# --- Exception handlers -----------------------------------------------------------


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(404, "not_found", str(exc) or None)


def _lookup(request: HttpRequest, exc: LookupError) -> HttpResponse:
    if isinstance(exc, KeyError | IndexError):
        raise exc  # a programming error, not a missing record: Django logs it
    return error_response(404, "not_found", str(exc))


def _bad_language(request: HttpRequest, exc: UnknownLanguage) -> HttpResponse:
    return error_response(
        400,
        "unknown_language",
        str(exc),
        details={"given": [str(exc.code)], "allowed": list(CODES)},
    )


def _unknown_parameter(request: HttpRequest, exc: UnknownParameter) -> HttpResponse:
    return error_response(
        400,
        "unknown_parameter",
        str(exc),
        details={"unknown": exc.names, "accepted": exc.known},
    )


def _unstorable(request: HttpRequest, exc: UnstorableText) -> HttpResponse:
    return error_response(400, "invalid_text", str(exc), field=exc.where)


def _bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
    return error_response(400, exc.code, exc.message, field=exc.field or None)


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "forbidden")


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated")


def _invalid_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
    response = error_response(401, "invalid_token", str(exc))
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def _token_scope(request: HttpRequest, exc: TokenScopeError) -> HttpResponse:
    return error_response(403, "token_scope", str(exc))


#: What a query parameter refused by its type may be, by pydantic's error.
_EXPECTED = {
    "int_parsing": "an integer",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_parsing": "a number",
    "bool_parsing": "true or false",
    "date_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
}


def _allowed(error: dict) -> str | None:
    ctx = error.get("ctx") or {}
    if error.get("type") in _EXPECTED:
        return _EXPECTED[error["type"]]
    for key, sign in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if key in ctx:
            return f"{sign} {ctx[key]}"
    return str(ctx["expected"]) if "expected" in ctx else None


def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """A 400 whose details say, for each query parameter refused, what it was
    given and what it may be; the message names the parameters."""
    details, names = [], []
    for error in exc.errors:
        loc = error.get("loc") or ()
        if len(loc) >= 2 and loc[0] == "query":
            name = str(loc[1])
            error = {
                **error,
                "parameter": name,
                "given": request.GET.getlist(name),
                "allowed": _allowed(error),
            }
            names.append(name)
        details.append(error)
    if names:
        message = _("The parameter %(names)s is not valid; see details.") % {
            "names": listed(dict.fromkeys(names))
        }
    else:
        message = _("The request is not valid; see details.")
    return error_response(
        400, "invalid", message, field=names[0] if names else None, details=details
    )


def _model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = (
        exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    )
    return error_response(
        400, "invalid", _("The record is not valid; see details."), details=details
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "csrf" in str(exc).lower():
        return error_response(
            403,
            "csrf_failed",
            _(
                "The session's CSRF check failed: send the X-CSRFToken header, "
                "or use an API token."
            ),
        )
    return error_response(exc.status_code, None, str(exc))


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(
        413,
        "too_large",
        _("The request body is larger than the %(size)s bytes accepted.")
        % {"size": f"{limit:,}" if limit else "?"},
    )


def _bad_multipart(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        400,
        "invalid_body",
        _(
            "The request body could not be read (%(reason)s); send multipart/form-data "
            "with its boundary, or JSON."
        )
        % {"reason": str(exc) or type(exc).__name__},
    )


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(400, "invalid", _("The request was refused as malformed."))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    raise exc  # Django logs it (and mails the admins); the middleware answers JSON


_HANDLERS: dict[type[Exception], Any] = {
    Http404: _not_found,
    LookupError: _lookup,
    UnknownLanguage: _bad_language,
    UnknownParameter: _unknown_parameter,
    BadInput: _bad_input,
    UnstorableText: _unstorable,
    PermissionDenied: _forbidden,
    AuthenticationError: _unauthenticated,
    InvalidToken: _invalid_token,
    TokenScopeError: _token_scope,
    NinjaValidationError: _invalid,
    ValidationError: _model_invalid,
    HttpError: _http_error,
    RequestDataTooBig: _too_large,
    MultiPartParserError: _bad_multipart,
    UnreadablePostError: _bad_multipart,
    SuspiciousOperation: _suspicious,
    Exception: _unexpected,
}

__all__ = ["PlatformAPI"]
