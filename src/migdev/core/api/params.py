"""Query parameters every operation shares: the language of names, and the
refusal of parameters an operation does not know (``?page=2`` or a misspelt
filter would otherwise be ignored in silence and return the wrong rows)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from ninja.params.models import QueryModel

from migdev.core.i18n import normalize_language


def language_param(lang: str | None) -> str:
    """The language of names in a response: ``lang`` if given, else the request's."""
    return (
        normalize_language(lang)
        if lang
        else normalize_language(translation.get_language() or "en")
    )


class UnknownParameter(ValueError):
    def __init__(self, names: list[str], known: list[str]) -> None:
        self.names, self.known = names, known
        if known:
            message = _(
                "Unknown query parameter %(names)s: this address accepts %(known)s."
            ) % {"names": ", ".join(names), "known": ", ".join(known)}
        else:
            message = _(
                "Unknown query parameter %(names)s: this address takes none."
            ) % {"names": ", ".join(names)}
        super().__init__(message)


def query_names(operation: Any) -> frozenset[str]:
    """The names of the query parameters an operation declares."""
    names: set[str] = set()
    for model in operation.models:
        if issubclass(model, QueryModel):
            flat = getattr(model, "__ninja_flatten_map__", None)
            if flat:
                names.update(flat)
            else:
                names.update(
                    field.alias or name for name, field in model.model_fields.items()
                )
    return frozenset(names)


def reject_unknown_parameters(run):
    """A view decorator (``api.add_decorator(..., mode="view")``): 400 for a
    query parameter the operation does not declare."""
    operation = run.__self__
    known = query_names(operation)

    @wraps(run)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            return operation.api.on_exception(
                request, UnknownParameter(unknown, sorted(known))
            )
        return run(request, *args, **kwargs)

    return checked
