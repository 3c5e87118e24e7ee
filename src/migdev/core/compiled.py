"""Read queries compiled once per shape.

For the small indexed reads of the public data API, building a QuerySet and
compiling it to SQL costs more CPU than PostgreSQL spends answering it
(docs/portal.md, "Measured"). What fixes a query's SQL text is its *shape*:
which filters it has, how many values each ``IN`` list holds, its order and
its slice; the values themselves are parameters. So the first query of a
shape is built and compiled by the ORM, and its SQL is kept; a later query of
the same shape runs the kept SQL with its own values.

The caller names the shape and gives the parameters in the order the ORM
binds them. The first query of a shape is answered by the ORM, and its SQL
is kept only when the ORM bound exactly those parameters and the SQL run
by hand gives the same rows: a caller that misnames a shape or misorders
its values, or a field whose database value needs converting, gets the
ORM's answer every time, never another query's rows.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

#: SQL by (database alias, vendor, shape, fields); kept for the life of the
#: process (shapes are few: a new one past the limit is not kept).
_sql: dict[tuple, str] = {}
SHAPES_KEPT = 1024
_record_types: dict[tuple[str, ...], type] = {}


def _record(fields: tuple[str, ...]) -> type:
    record = _record_types.get(fields)
    if record is None:
        record = _record_types[fields] = namedtuple("Row", fields)  # type: ignore[misc]
    return record


def rows(
    shape: Hashable,
    params: Sequence[Any],
    build: Callable[[], QuerySet],
    fields: Sequence[str],
    *,
    using: str = "default",
) -> list[Any]:
    """The rows of ``build()`` as named tuples of ``fields`` (model
    attribute names), running kept SQL when ``shape`` was compiled before.

    ``build`` must return the QuerySet of this call (filters, order and
    slice); it is called only when the shape's SQL is not kept yet."""
    connection = connections[using]
    fields = tuple(fields)
    key = (using, connection.vendor, shape, fields)
    Row = _record(fields)
    sql = _sql.get(key)
    if sql is not None:
        return _run(connection, sql, params, Row)
    queryset = build().using(using).values_list(*fields)
    try:
        compiled, bound = queryset.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # an empty IN list: no SQL, no rows
        return []
    answer = [Row(*r) for r in queryset]
    # Kept only if the kept SQL gives the ORM's answer: the shape's
    # parameters are these, in this order, and no field's database value
    # needs converting.
    if (
        list(bound) == list(params)
        and len(_sql) < SHAPES_KEPT
        and _typed(_run(connection, compiled, params, Row)) == _typed(answer)
    ):
        _sql[key] = compiled
    return answer


def _typed(rows: list[Any]) -> list[tuple]:
    """Rows compared value and type (1 is not True, "{}" is not {})."""
    return [tuple((type(v), v) for v in row) for row in rows]


def _run(connection: Any, sql: str, params: Sequence[Any], Row: type) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [Row(*r) for r in cursor.fetchall()]


def forget() -> None:
    """Drop the kept SQL (tests; a migration that changes a table)."""
    _sql.clear()
