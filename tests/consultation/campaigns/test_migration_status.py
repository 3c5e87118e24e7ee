"""The migration campaigns.0008 leaves a campaign's status, sender and times
of dispatch and closing on its outreach request only, with the campaign's
values; reversed, the campaign's columns come back filled (run on SQLite
and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("campaigns", "0007_dates_on_the_request")]
AFTER = [("campaigns", "0008_status_on_the_request")]
DISPATCHED = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
CLOSED = dt.datetime(2026, 7, 1, 17, tzinfo=dt.UTC)
CAMPAIGN = {
    "status": "closed",
    "sender": "Under-Secretary-General",
    "dispatched_at": DISPATCHED,
    "closed_at": CLOSED,
}
REQUEST = {
    "status": "closed",
    "sender": "Under-Secretary-General",
    "opened_at": DISPATCHED,
    "closed_at": CLOSED,
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


def test_the_status_moves_to_the_request_and_back(reference_data):
    try:
        old = _migrate(BEFORE)
        Campaign = old.get_model("campaigns", "Campaign")
        Request = old.get_model("outreach", "Request")
        Questionnaire = old.get_model("questionnaires", "Questionnaire")
        q = Questionnaire.objects.create(code="s", version="1", title={"en": "Q"})
        # A request whose copy fell behind (never opened, no sender): the
        # campaign's values win.
        request = Request.objects.create(
            owner="campaigns.campaign:x",
            status="draft",
            opens_on=dt.date(2026, 3, 1),
            deadline=dt.date(2026, 4, 30),
        )
        campaign = Campaign.objects.create(
            questionnaire=q,
            request=request,
            title={"en": "Closed"},
            letter={"en": "<p>Dear</p>"},
            **CAMPAIGN,
        )
        # A draft with its request as it was written: nothing changes.
        draft_request = Request.objects.create(
            owner="campaigns.campaign:y", opens_on=dt.date(2026, 5, 1)
        )
        draft = Campaign.objects.create(
            questionnaire=q,
            request=draft_request,
            title={"en": "Draft"},
            letter={"en": ""},
        )

        new = _migrate(AFTER)
        Request = new.get_model("outreach", "Request")
        Campaign = new.get_model("campaigns", "Campaign")
        moved = Request.objects.get(pk=request.pk)
        assert {name: getattr(moved, name) for name in REQUEST} == REQUEST
        untouched = Request.objects.get(pk=draft_request.pk)
        assert (untouched.status, untouched.sender, untouched.opened_at) == (
            "draft",
            "",
            None,
        )
        field_names = {f.name for f in Campaign._meta.get_fields()}
        assert not field_names & set(CAMPAIGN)

        back = _migrate(BEFORE)
        Campaign = back.get_model("campaigns", "Campaign")
        restored = Campaign.objects.get(pk=campaign.pk)
        assert {name: getattr(restored, name) for name in CAMPAIGN} == CAMPAIGN
        assert Campaign.objects.get(pk=draft.pk).status == "draft"
    finally:
        _migrate(_leaf())
