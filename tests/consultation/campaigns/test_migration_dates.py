"""The migration campaigns.0007 leaves a campaign's dates on its outreach
request only, with the campaign's values; reversed, the campaign's columns
come back filled (run on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("campaigns", "0006_outreach_only")]
AFTER = [("campaigns", "0007_dates_on_the_request")]
DATES = {
    "opens_on": dt.date(2026, 3, 1),
    "deadline": dt.date(2026, 4, 30),
    "closes_on": dt.date(2026, 6, 30),
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaf():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


def test_the_dates_move_to_the_request_and_back(reference_data):
    try:
        old = _migrate(BEFORE)
        Campaign = old.get_model("campaigns", "Campaign")
        Request = old.get_model("outreach", "Request")
        Questionnaire = old.get_model("questionnaires", "Questionnaire")
        q = Questionnaire.objects.create(code="d", version="1", title={"en": "Q"})
        # A request whose copy fell behind: the campaign's dates win.
        request = Request.objects.create(
            owner="campaigns.campaign:x",
            status="open",
            opens_on=dt.date(2026, 1, 1),
            deadline=None,
        )
        campaign = Campaign.objects.create(
            questionnaire=q,
            request=request,
            title={"en": "Dated"},
            letter={"en": "<p>Dear</p>"},
            status="open",
            dispatched_at=timezone.now(),
            **DATES,
        )

        new = _migrate(AFTER)
        Request = new.get_model("outreach", "Request")
        Campaign = new.get_model("campaigns", "Campaign")
        moved = Request.objects.get(pk=request.pk)
        assert {name: getattr(moved, name) for name in DATES} == DATES
        field_names = {f.name for f in Campaign._meta.get_fields()}
        assert not field_names & set(DATES)

        back = _migrate(BEFORE)
        restored = back.get_model("campaigns", "Campaign").objects.get(pk=campaign.pk)
        assert {name: getattr(restored, name) for name in DATES} == DATES
    finally:
        _migrate(_leaf())
