"""The migration unsystem.0004 leaves a reporting cycle's opening day and
deadline on its outreach request only, with the cycle's values, and gives a
request to a cycle that had none; reversed, the cycle's columns come back
filled (run on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("unsystem", "0003_gmg_coordination_meeting")]
AFTER = [("unsystem", "0004_dates_on_the_request")]
DATES = {"opens_on": dt.date(2026, 3, 1), "deadline": dt.date(2026, 4, 30)}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaf():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


def test_the_dates_move_to_the_request_and_back():
    try:
        old = _migrate(BEFORE)
        Cycle = old.get_model("unsystem", "Cycle")
        Request = old.get_model("outreach", "Request")
        # A request whose copy fell behind: the cycle's dates win.
        request = Request.objects.create(
            owner="unsystem.cycle:x", status="open", opens_on=dt.date(2026, 1, 1)
        )
        period = {
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 12, 31),
        }
        linked = Cycle.objects.create(
            title={"en": "Linked"}, status="open", request=request, **period, **DATES
        )
        # A cycle made without a request (before the cycles used outreach).
        bare = Cycle.objects.create(
            title={"fr": "Sans demande"}, status="closed", **period, **DATES
        )

        new = _migrate(AFTER)
        Cycle = new.get_model("unsystem", "Cycle")
        Request = new.get_model("outreach", "Request")
        moved = Request.objects.get(pk=request.pk)
        assert {name: getattr(moved, name) for name in DATES} == DATES
        made = Request.objects.get(pk=Cycle.objects.get(pk=bare.pk).request_id)
        assert {name: getattr(made, name) for name in DATES} == DATES
        assert (made.owner, made.title, made.status) == (
            f"unsystem.cycle:{bare.pk}",
            "Sans demande",
            "closed",
        )
        assert not {f.name for f in Cycle._meta.get_fields()} & set(DATES)

        back = _migrate(BEFORE)
        Cycle = back.get_model("unsystem", "Cycle")
        for pk in (linked.pk, bare.pk):
            restored = Cycle.objects.get(pk=pk)
            assert {name: getattr(restored, name) for name in DATES} == DATES
    finally:
        _migrate(_leaf())
