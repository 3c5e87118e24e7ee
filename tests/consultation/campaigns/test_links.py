"""Access links: unguessable, revocable, with a validity window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation.campaigns import services
from migdev.consultation.campaigns.links import (
    LinkError,
    link_issue,
    link_revoke,
    link_url,
    recipient_for_token,
    token_hash,
)
from migdev.outreach.models import Request
from tests.consultation.factories import make_campaign, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient():
    return make_campaign(recipients=("FRA",)).recipients.get()


def code_of(token: str) -> str:
    with pytest.raises(LinkError) as info:
        recipient_for_token(token)
    return info.value.code


def test_issued_link_finds_its_recipient_and_only_the_hash_is_stored(recipient):
    token = link_issue(recipient)
    assert len(token) >= 43
    recipient.outreach.refresh_from_db()
    assert recipient.outreach.token_hash == token_hash(token)
    assert token not in recipient.outreach.token_hash
    assert recipient_for_token(token) == recipient


def test_reissue_replaces_the_old_link(recipient):
    old = link_issue(recipient)
    new = link_issue(recipient)
    assert old != new
    assert code_of(old) == "invalid"
    assert recipient_for_token(new) == recipient


def test_tampered_or_unknown_token_is_invalid(recipient):
    token = link_issue(recipient)
    assert code_of(token[:-1] + ("A" if token[-1] != "A" else "B")) == "invalid"
    assert code_of("") == "invalid"
    assert code_of("x" * 500) == "invalid"


def test_revoked_link_is_refused_with_advice(recipient):
    token = link_issue(recipient)
    link_revoke(recipient)
    with pytest.raises(LinkError) as info:
        recipient_for_token(token)
    assert info.value.code == "revoked"
    assert "secretariat" in info.value.message


def test_validity_window(recipient):
    now = timezone.now()
    token = link_issue(recipient, valid_from=now + dt.timedelta(days=1))
    assert code_of(token) == "not_yet_valid"
    token = link_issue(recipient, valid_until=now - dt.timedelta(seconds=1))
    assert code_of(token) == "expired"
    token = link_issue(
        recipient,
        valid_from=now - dt.timedelta(days=1),
        valid_until=now + dt.timedelta(days=1),
    )
    assert recipient_for_token(token) == recipient


def test_naive_bounds_are_refused(recipient):
    with pytest.raises(ValueError):
        link_issue(recipient, valid_from=dt.datetime(2008, 3, 18))


def test_closed_campaign_refuses_links(recipient):
    token = link_issue(recipient)
    services.campaign_close(actor=secretariat(), campaign=recipient.campaign)
    assert code_of(token) == "closed"


def test_campaign_past_its_closing_day_refuses_links(recipient):
    token = link_issue(recipient)
    # The campaign's request holds the dates the links follow.
    Request.objects.filter(campaign=recipient.campaign_id).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert code_of(token) == "closed"


def test_link_url_is_absolute_and_language_prefixed(recipient, settings):
    settings.SITE_URL = "https://migdev.example.org"
    assert (
        link_url("abc", language="fr")
        == "https://migdev.example.org/fr/consultations/replies/link/abc/"
    )
    assert (
        link_url("abc", language="en")
        == "https://migdev.example.org/consultations/replies/link/abc/"
    )
    assert "/zh-hans/" in link_url("abc", language="zh-hans")
