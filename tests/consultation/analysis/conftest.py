"""Builders for the analysis tests: replies written directly as versions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses.models import ResponseVersion

_keys = itertools.count(1)


def reply(
    recipient: Recipient,
    answers: dict,
    *,
    on: dt.date = dt.date(2008, 4, 20),
    kind: str = ResponseVersion.Kind.SUBMISSION,
) -> ResponseVersion:
    """Add a version to ``recipient``'s reply, saved on ``on``; a submission
    marks the recipient as replied (completed on its first submission)."""
    number = recipient.versions.count() + 1
    version = ResponseVersion.objects.create(
        recipient=recipient,
        number=number,
        kind=kind,
        answers=answers,
        language=recipient.language,
        submission_key=f"key-{next(_keys)}",
    )
    at = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
    ResponseVersion.objects.filter(pk=version.pk).update(created_at=at)
    version.created_at = at
    if kind == ResponseVersion.Kind.SUBMISSION:
        recipient.status = Recipient.Status.SUBMITTED
        recipient.completed_at = recipient.completed_at or at
        recipient.last_submitted_at = at
    elif recipient.status == Recipient.Status.NOT_STARTED:
        recipient.status = Recipient.Status.DRAFTING
    recipient.save()
    return version


def recipient_of(campaign, iso3: str) -> Recipient:
    return campaign.recipients.select_related("country").get(country__iso3=iso3)


@pytest.fixture
def secretariat(make_user):
    return make_user(make_user.SECRETARIAT)


@pytest.fixture
def focal_point(make_user):
    return make_user(make_user.FOCAL_POINT, country="FRA")


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request in another language leaves it
    active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
