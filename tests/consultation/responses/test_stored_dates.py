"""The dates a save reads back from the database under its row lock are
compared with aware datetimes: the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses import services
from migdev.outreach.models import Request
from tests.consultation.responses import files
from tests.consultation.responses.conftest import ANSWERS, key


def test_the_lock_reads_aware_datetimes(fra, campaign):
    now = timezone.now()
    Recipient.objects.filter(pk=fra.pk).update(completed_at=now, last_submitted_at=now)
    Request.objects.filter(campaign=campaign).update(closed_at=now)
    locked = services._lock(fra)
    for value in (
        locked.completed_at,
        locked.last_submitted_at,
        locked.campaign.closed_at,
    ):
        assert timezone.is_aware(value) and value == now


def test_a_draft_to_a_campaign_closed_today_is_refused_with_its_date(fra, campaign):
    Request.objects.filter(campaign=campaign).update(
        status=Request.Status.CLOSED, closed_at=timezone.now()
    )
    with pytest.raises(services.ResponseClosed) as exc:
        services.response_save(
            recipient=fra,
            answers={"forum_view": "A draft."},
            kind="draft",
            submission_key=key(),
            based_on=None,
            language="fr",
        )
    assert exc.value.status == 410 and "closed on" in exc.value.message
    assert fra.versions.count() == 0


def test_a_focal_points_draft_to_a_closed_campaign_answers_410(
    client, fra, fra_focal, campaign
):
    Request.objects.filter(campaign=campaign).update(
        status=Request.Status.CLOSED, closed_at=timezone.now()
    )
    client.force_login(fra_focal)
    response = client.post(
        f"/api/v1/replies/{fra.pk}",
        {
            "kind": "draft",
            "answers": {"forum_view": "A draft."},
            "submission_key": key(),
            "based_on": None,
        },
        content_type="application/json",
    )
    assert response.status_code == 410, response.content
    assert response.json()["error"]["code"] == "closed"


def _enter(recipient, actor, received_on):
    return services.response_enter_for_state(
        actor=actor,
        recipient=recipient,
        answers={"forum_view": "Transcribed from the fax."},
        received_on=received_on,
        original_file=files.upload("fax.pdf", files.PDF),
    )


def test_a_second_fax_for_a_state_that_replied(egy, secretariat):
    services.response_save(
        recipient=egy,
        answers=ANSWERS,
        kind="submission",
        submission_key=key(),
        based_on=None,
        language="ar",
    )
    first, _ = _enter(egy, secretariat, dt.date(2008, 5, 6))
    second, created = _enter(egy, secretariat, dt.date(2008, 4, 2))
    assert created and second.number == first.number + 1 == 3
    egy.refresh_from_db()
    # The State counts as having replied on the earliest day it did.
    assert timezone.localdate(egy.completed_at) == dt.date(2008, 4, 2)
