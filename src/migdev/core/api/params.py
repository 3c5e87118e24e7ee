"""Query parameters every operation shares: the language of names, and the
refusal of parameters an operation does not know (``?page=2`` or a misspelt
filter would otherwise be ignored in silence and return the wrong rows)."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.params.models import QueryModel

from migdev.core.i18n import listed, normalize_language


def language_param(lang: str | None) -> str:
    """The language of names in a response: ``lang`` if given, else the
    request's (its ``Accept-Language``, see ``migdev.core.api.language``)."""
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
            ) % {"names": listed(names), "known": listed(known)}
        else:
            message = _(
                "Unknown query parameter %(names)s: this address takes none."
            ) % {"names": listed(names)}
        super().__init__(message)


class UnstorableText(ValueError):
    """Text with a NUL character or a lone surrogate: no database stores it
    (PostgreSQL refuses it, SQLite keeps what no page can then show)."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            _(
                "%(where)s contains a character that is not text (a NUL character "
                "or half of a UTF-16 surrogate pair); remove it."
            )
            % {"where": where}
        )


def _unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _first_unstorable(value: Any, path: str) -> str | None:
    """The JSON path of the first unstorable string (key or value) in ``value``."""
    if isinstance(value, str):
        return path if _unstorable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _unstorable(key):
                return path or "body"
            found = _first_unstorable(item, where)
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_unstorable(item, f"{path}[{i}]")
            if found:
                return found
    return None


def check_text(request: Any, path_params: dict[str, Any]) -> None:
    """Refuse, at the edge, text no database can store, naming where it is."""
    for name, value in path_params.items():
        if isinstance(value, str) and _unstorable(value):
            raise UnstorableText(name)
    for name, values in request.GET.lists():
        if _unstorable(name) or any(_unstorable(v) for v in values):
            raise UnstorableText(name)
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return  # not JSON: the operation's parser says so
        where = _first_unstorable(body, "")
        if where:
            raise UnstorableText(where or "body")
    elif content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        if content_type.startswith("multipart/") and not request.content_params.get(
            "boundary"
        ):
            # Said here: a middleware that read the form first hid Django's error.
            raise MultiPartParserError("multipart body without a boundary")
        for name, values in request.POST.lists():
            if _unstorable(name) or any(_unstorable(v) for v in values):
                raise UnstorableText(name)


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
    query parameter the operation does not declare, or for text that is not
    text (see ``check_text``)."""
    operation = run.__self__
    known = query_names(operation)

    @wraps(run)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        try:
            if unknown:
                raise UnknownParameter(unknown, sorted(known))
            check_text(request, kwargs)
        except Exception as exc:
            return operation.api.on_exception(request, exc)
        return run(request, *args, **kwargs)

    return checked
