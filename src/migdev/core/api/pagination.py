"""Every list of the API is a page: ``?limit=`` (default 50, at most 200) rows
from ``?offset=`` (default 0), with the total count and the addresses of the
next and previous pages.

    {"count": 250, "limit": 50, "offset": 0,
     "next": "https://…/api/v1/states?limit=50&offset=50", "previous": null,
     "items": [...]}

A limit above the maximum is refused (400), not silently cut, so that a client
never mistakes a first page for the whole list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")


class PageQuery(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
    )
    offset: int = Field(
        0, ge=0, description="How many rows to skip (default 0): see 'next'."
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="Rows in the whole list, on every page.")
    limit: int = Field(description="Rows per page asked for.")
    offset: int = Field(description="Rows skipped before this page.")
    next: str | None = Field(
        description="Address of the next page; null on the last page."
    )
    previous: str | None = Field(
        description="Address of the previous page; null on the first."
    )
    items: list[T] = Field(description="The rows of this page, in the list's order.")


_pages: dict[type, type] = {}


def page_of(model: type) -> type:
    """The page schema of a list of ``model``, named after it (``StateOut`` →
    ``StatePage``) in the OpenAPI document."""
    if model not in _pages:
        name = model.__name__.removesuffix("Out") + "Page"
        _pages[model] = type(name, (Page[model],), {"__module__": model.__module__})  # type: ignore[valid-type]
    return _pages[model]


def _page_url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    rows: QuerySet | Sequence[Any],
    page: PageQuery,
    serialize: Callable[[Iterable[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """One page of ``rows`` (a queryset is counted and sliced in the database).
    ``serialize`` turns the page's rows into items, all at once, so that it can
    fetch what they need in one query per relation rather than one per row."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    # An offset past the end is an empty page (and never reaches the database,
    # where an offset beyond 64 bits is an error).
    window = (
        list(rows[page.offset : page.offset + page.limit])
        if page.offset < count
        else []
    )
    end = page.offset + len(window)
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "next": _page_url(request, page.limit, end) if end < count else None,
        "previous": _page_url(
            request, page.limit, max(0, min(page.offset, count) - page.limit)
        )
        if page.offset > 0
        else None,
        "items": serialize(window) if serialize else window,
    }
