"""Input a request cannot be served with, whichever page or endpoint reads it.

Raised by the shared parsers (``dated.parse_day``…); answered 400 with the
message, as an HTML page (``middleware.BadInputMiddleware``) or as the API's
JSON error body (the API's exception handler)."""

from __future__ import annotations


class BadInput(ValueError):
    """``message`` says what to fix; ``field`` names the parameter or the
    JSON path at fault; ``code`` is the API's error code."""

    code = "invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)
