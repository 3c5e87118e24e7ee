"""Queries compiled once per shape (migdev.core.compiled): the kept SQL gives
each call its own rows, and a misdescribed shape never keeps SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migdev.core import compiled
from migdev.portal.selectors import VALUE_FIELDS, value_page, value_query
from tests.portal.conftest import make_release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    compiled.forget()
    yield
    compiled.forget()


@pytest.fixture
def release():
    rows = [
        (
            "migrant_stock",
            area,
            year,
            sex,
            "_T",
            None,
            None,
            1000.0 * area + len(sex),
            None,
        )
        for area in (4, 8, 12, 250, 504)
        for year in ("2010", "2015", "2020")
        for sex in ("_T", "M", "F")
    ]
    return make_release("compiled-stock", rows)


def orm_page(release, offset, limit, **filters):
    rows = value_query([release], **filters)[offset : offset + limit]
    return [tuple(getattr(v, f) for f in VALUE_FIELDS) for v in rows]


def test_a_shape_is_compiled_once_and_each_call_gets_its_own_rows(release):
    indicator = value_query([release])[0].indicator_id
    first = {"indicators": [indicator], "areas": [4, 250], "periods": ["2020"]}
    second = {"indicators": [indicator], "areas": [8, 504], "periods": ["2010"]}
    got = value_page([release], offset=0, limit=20, **first)
    assert [tuple(r) for r in got] == orm_page(release, 0, 20, **first)
    assert len(compiled._sql) == 1
    with CaptureQueriesContext(connection) as queries:
        again = value_page([release], offset=0, limit=20, **second)
    assert len(queries) == 1 and len(compiled._sql) == 1  # the kept SQL
    assert [tuple(r) for r in again] == orm_page(release, 0, 20, **second)
    assert {r.area for r in again} == {8, 504} and {r.period for r in again} == {"2010"}
    # Another page is another shape.
    value_page([release], offset=20, limit=20, **first)
    assert len(compiled._sql) == 2


def test_origins_with_the_total_and_several_sexes(release):
    filters = {"sexes": ["M", "F"], "origins": [None], "areas": [12]}
    got = value_page([release], offset=0, limit=5, **filters)
    assert [tuple(r) for r in got] == orm_page(release, 0, 5, **filters)
    got = value_page([release], offset=0, limit=5, **{**filters, "areas": [4]})
    assert [tuple(r) for r in got] == orm_page(
        release, 0, 5, **{**filters, "areas": [4]}
    )


def test_a_misdescribed_shape_keeps_nothing_and_the_orm_answers(release):
    from migdev.indicators.models import Value

    def build():
        return Value.objects.filter(release=release, area__in=[4, 8]).order_by("id")

    wrong = compiled.rows("test.wrong", [8, 4, release.pk], build, ("area",))
    assert sorted(r.area for r in wrong) == [4] * 9 + [8] * 9
    assert compiled._sql == {}
    # Duplicates the ORM drops from an IN list: not the caller's parameters.
    doubled = compiled.rows(
        "test.doubled",
        [release.pk, 4, 4],
        lambda: Value.objects.filter(release=release, area__in=[4, 4]).order_by("id"),
        ("area",),
    )
    assert len(doubled) == 9 and compiled._sql == {}


def test_a_value_that_needs_converting_is_never_read_raw(db):
    """Text from the database that the ORM turns into a dict (a localized
    name), and a date: each call's answer is the ORM's, value and type."""
    from migdev.registry.models import Country

    def build():
        return Country.objects.filter(iso3__in=["FRA"]).order_by("id")

    expected = list(build().values_list("iso3", "name", "un_admission"))
    for _ in range(2):
        rows = compiled.rows(
            "test.dates", ["FRA"], build, ("iso3", "name", "un_admission")
        )
        assert [tuple(r) for r in rows] == expected
        assert [type(v) for v in rows[0]] == [type(v) for v in expected[0]]
        assert isinstance(rows[0].un_admission, dt.date)


def test_an_empty_list_of_releases_has_no_rows(db):
    assert value_page([], offset=0, limit=10, areas=[4]) == []
