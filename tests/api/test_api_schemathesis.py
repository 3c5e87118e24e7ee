"""schemathesis against the OpenAPI document: every operation, anonymous,
with a secretariat's read-write token and with a focal point's read-only
token, valid and invalid input; no answer may
be a server error, a status the document does not declare, or a body that
does not match its declared schema. Bounded: a few examples per operation
(SCHEMATHESIS_EXAMPLES to change it; about 400 requests in all by default)."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from tests.openapi_fuzz import CHECKS, api_schema, hypothesis_settings

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))

schema = api_schema(EXAMPLES)
HYPOTHESIS = hypothesis_settings(EXAMPLES)

pytestmark = pytest.mark.usefixtures("wsgi_keeps_connection")


@pytest.fixture
def world(make_user):
    """A published campaign and a secretariat user with a read-write token, so
    that some generated ids reach real records."""
    from migdev.consultation.campaigns.models import Campaign
    from migdev.core.tokens import token_create
    from tests.consultation.factories import make_campaign

    campaign = make_campaign()
    campaign.request.status = "closed"  # a campaign's status is its request's
    campaign.request.save(update_fields=["status"])
    Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
    secretariat = make_user(make_user.SECRETARIAT)
    _token, raw = token_create(user=secretariat, name="fuzz", scope="write")
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    _token, focal_raw = token_create(user=focal, name="fuzz", scope="read")
    return {
        "secretariat": {"Authorization": f"Bearer {raw}"},
        "focal_point": {"Authorization": f"Bearer {focal_raw}"},
    }


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_anonymous(case, world):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_with_the_secretariats_read_write_token(case, world):
    case.call_and_validate(headers=world["secretariat"], checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_with_a_focal_points_read_token(case, world):
    case.call_and_validate(headers=world["focal_point"], checks=CHECKS)
