"""Input a request cannot be served with, whichever page or endpoint reads it.

Raised by the shared parsers (``dated.parse_day``…); answered 400 with the
message, as an HTML page (``middleware.BadInputMiddleware``) or as the API's
JSON error body (the API's exception handler)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class BadInput(ValueError):
    """``message`` says what to fix; ``field`` names the parameter or the
    JSON path at fault; ``code`` is the API's error code."""

    code = "invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


def onto_form(form: Any, exc: ValidationError) -> None:
    """A service's ``ValidationError`` onto the form that fed it: each error
    on its field where the form has one, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
