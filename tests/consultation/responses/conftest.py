"""Fixtures of the reply tests: a small open campaign, links, users."""

from __future__ import annotations

import uuid

import pytest

from migdev.consultation.campaigns.links import link_issue
from migdev.consultation.campaigns.models import Recipient
from tests.consultation.factories import make_campaign


@pytest.fixture
def campaign(db):
    return make_campaign(recipients=("FRA", "MEX", "EGY"))


@pytest.fixture
def fra(campaign) -> Recipient:
    return campaign.recipients.get(country__iso3="FRA")


@pytest.fixture
def mex(campaign) -> Recipient:
    return campaign.recipients.get(country__iso3="MEX")


@pytest.fixture
def egy(campaign) -> Recipient:
    return campaign.recipients.get(country__iso3="EGY")


@pytest.fixture
def token(fra) -> str:
    return link_issue(fra)


@pytest.fixture
def secretariat(make_user):
    return make_user(make_user.SECRETARIAT)


@pytest.fixture
def fra_focal(make_user):
    return make_user(make_user.FOCAL_POINT, country="FRA")


@pytest.fixture
def mex_focal(make_user):
    return make_user(make_user.FOCAL_POINT, country="MEX")


def key() -> str:
    return uuid.uuid4().hex


ANSWERS = {
    "forum_view": "A useful outcome of the Dialogue.",
    "sole_followup": "no",
    "level": "regional",
}
