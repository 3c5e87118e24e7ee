"""Who is asking: a session of the site (with its CSRF check on writes) or an
API token (``Authorization: Bearer mdv_…``, no CSRF: it is not sent by the
browser on its own).

- ``user_auth``: a token or a session is required (401 without, 403 when a
  read-only token asks to write).
- ``public_auth``: anyone; a token, if sent, must be valid and then stands
  for its user (who may see more than the public).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from migdev.core.tokens import token_authenticate


class InvalidToken(Exception):
    """A bearer token that is unknown, revoked or whose user is inactive."""


class TokenScopeError(Exception):
    """A read-only token used for a write."""


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer":
            return None  # no token (another scheme belongs to a proxy in front)
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_authenticate(token)
        if api_token is None:
            raise InvalidToken(
                _(
                    "The API token is not valid: it is unknown or was revoked. "
                    "Ask the secretariat for a new one."
                )
            )
        if not api_token.allows(request.method or "GET"):
            raise TokenScopeError(
                _("This API token may only read; a write needs a read-write token.")
            )
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


def anonymous(request: HttpRequest) -> bool:
    """Lets a request through without credentials (after ``token_auth`` has
    refused a bad token); the session's user, if any, is request.user."""
    return True


token_auth = TokenAuth()
session_auth = SessionAuth()
user_auth = [token_auth, session_auth]
public_auth = [token_auth, anonymous]
