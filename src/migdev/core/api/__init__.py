"""The conventions every module's API follows, as platform machinery: one JSON
error body, the error responses each operation declares, pagination of lists,
the language of names, authentication by session or API token, and the
refusal of query parameters an operation does not know.

Apps build their routers with these; the web shell (``migdev.api``) makes the
one ``PlatformAPI`` and mounts the routers. Nothing here knows an app."""

from migdev.core.api.auth import (
    anonymous,
    public_auth,
    session_auth,
    token_auth,
    user_auth,
)
from migdev.core.api.errors import (
    ErrorBody,
    ErrorOut,
    api_error_handler,
    error,
    error_response,
)
from migdev.core.api.pagination import MAX_LIMIT, Page, PageQuery, page_of, paginate
from migdev.core.api.params import language_param
from migdev.core.api.platform import PlatformAPI

__all__ = [
    "MAX_LIMIT",
    "ErrorBody",
    "ErrorOut",
    "Page",
    "PageQuery",
    "PlatformAPI",
    "anonymous",
    "api_error_handler",
    "error",
    "error_response",
    "language_param",
    "page_of",
    "paginate",
    "public_auth",
    "session_auth",
    "token_auth",
    "user_auth",
]
