"""schemathesis against the OpenAPI document: every operation, anonymous,
with a secretariat's read-write token and with a focal point's read-only
token, valid and invalid input; no answer may
be a server error, a status the document does not declare, or a body that
does not match its declared schema. Bounded: a few examples per operation
(SCHEMATHESIS_EXAMPLES to change it; about 400 requests in all by default)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

config = SchemathesisConfig.from_dict(
    {
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
            "fuzzing": {"enabled": True},
        },
        "generation": {"mode": "all", "max-examples": EXAMPLES},
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=config
)

HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _one_connection():
    """Requests go straight to the WSGI application: keep Django from closing
    the test's database connection (and its transaction) after each one, as
    Django's own test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(make_user):
    """A published campaign and a secretariat user with a read-write token, so
    that some generated ids reach real records."""
    from migdev.consultation.campaigns.models import Campaign
    from migdev.core.tokens import token_create
    from tests.consultation.factories import make_campaign

    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(
        status="closed", published_at=timezone.now()
    )
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
