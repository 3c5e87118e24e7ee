"""Input a request cannot be served with, whichever page or endpoint reads it.

Raised by the shared parsers (``dated.parse_day``…); answered 400 with the
message, as an HTML page (``middleware.BadInputMiddleware``) or as the API's
JSON error body (the API's exception handler)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from migdev.core.i18n import sentences


class BadInput(ValueError):
    """``message`` says what to fix; ``field`` names the parameter or the
    JSON path at fault; ``code`` is the API's error code."""

    code = "invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


def onto_form(
    form: Any, exc: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """A service's ``ValidationError`` onto the form that fed it: each error
    on its field where the form shows one, else above the form (an error on
    a hidden input would be seen nowhere). ``fields`` names the form's field
    for a service's where they differ (``{"recipients": "states"}``)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = (fields or {}).get(name, name)
            field = form.fields.get(target)
            shown = field is not None and not field.widget.is_hidden
            form.add_error(target if shown else None, errors)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    """The error's messages as one text (for a flash message): its sentences
    side by side as the active language sets them (no space after "。")."""
    return sentences(exc.messages)
