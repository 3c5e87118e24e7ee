"""A short-lived cache of public reads whose answer depends on nothing but the
address and the language: reference data (States, groupings, organizations)
that changes a few times a year and is read by every portal page.

``@cached_read(invalidated_by=(Country, ...))`` on an operation keeps the
operation's result, per process, keyed by the path, the query string, the
active language and today's date, for ``seconds`` (60). A save or delete of one
of the models empties it in the process that made the change at once, and the
others within ``seconds``. A hit makes no query at all, so the request does
not even check out its database connection. Credentials are checked before,
as on every request (the decorator wraps the view, inside the operation)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

#: Entries kept per process; the cache is emptied when it is full.
MAX_ENTRIES = 4096

_entries: dict[tuple, tuple[float, Any]] = {}


#: Other per-process caches of public reads, emptied with this one.
_also: list[Callable[[], None]] = []


def also_clear(forget: Callable[[], None]) -> None:
    """Have ``clear`` empty another per-process cache too (an app's tables of
    names, of what its releases hold…)."""
    _also.append(forget)


def clear(**_: Any) -> None:
    """Forget every cached read (a signal receiver, and for tests)."""
    _entries.clear()
    for forget in _also:
        forget()


def cached_read(
    *, invalidated_by: Iterable[type[Model]], seconds: float = 60.0
) -> Callable:
    for model in invalidated_by:
        post_save.connect(clear, sender=model, dispatch_uid=f"api-cache-{model}-save")
        post_delete.connect(
            clear, sender=model, dispatch_uid=f"api-cache-{model}-delete"
        )

    def decorator(view: Callable) -> Callable:
        def wrap(view_func: Callable) -> Callable:
            @wraps(view_func)
            def cached(request: Any, *args: Any, **kwargs: Any) -> Any:
                key = (
                    view.__module__,
                    view.__qualname__,
                    request.scheme,
                    request.META.get("HTTP_HOST", ""),  # pages' next links
                    request.path,
                    request.META.get("QUERY_STRING", ""),
                    translation.get_language(),
                    timezone.localdate(),
                )
                now = time.monotonic()
                hit = _entries.get(key)
                if hit is not None and hit[0] > now:
                    return hit[1]
                result = view_func(request, *args, **kwargs)
                if len(_entries) >= MAX_ENTRIES:
                    _entries.clear()
                _entries[key] = (now + seconds, result)
                return result

            return cached

        # ninja reads the view's signature first, then lets this wrap the
        # operation's view: the cache sits after the credentials' check.
        hooks = getattr(view, "_ninja_contribute_to_operation", [])
        view._ninja_contribute_to_operation = [  # type: ignore[attr-defined]
            *hooks,
            lambda operation: setattr(
                operation, "view_func", wrap(operation.view_func)
            ),
        ]
        return view

    return decorator


# --- conditional requests ------------------------------------------------------


def quoted_etag(*parts: object) -> str:
    """A strong entity tag made from ``parts`` (a generation, an address…)."""
    import hashlib

    digest = hashlib.blake2b(
        "\x1f".join(str(p) for p in parts).encode(), digest_size=12
    ).hexdigest()
    return f'"{digest}"'


def conditional(
    request: Any,
    *,
    etag: str,
    last_modified: float | None,
    body: Callable[[], bytes] | bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> Any:
    """The answer with its ``ETag`` and ``Last-Modified``, or ``304 Not
    Modified`` when the request's ``If-None-Match`` (else
    ``If-Modified-Since``) says the client has it; ``body`` may be a callable,
    so that a 304 never builds it."""
    from django.http import HttpResponse
    from django.utils.cache import get_conditional_response
    from django.utils.http import http_date

    stamp = int(last_modified) if last_modified is not None else None
    extra = {"ETag": etag, "Vary": "Accept-Language", **(headers or {})}
    if stamp is not None:
        extra["Last-Modified"] = http_date(stamp)
    if request.method in ("GET", "HEAD"):
        answer = get_conditional_response(
            request, etag=etag, last_modified=stamp, response=None
        )
        if answer is not None:  # 304, or 412 for a failed If-Match
            for name, value in extra.items():
                if name != "Content-Disposition":
                    answer[name] = value
            return answer
    response = HttpResponse(
        body() if callable(body) else body, content_type=content_type
    )
    for name, value in extra.items():
        response[name] = value
    return response
