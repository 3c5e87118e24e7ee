"""schemathesis over the portal's data API with published releases in the
database, anonymous and with the secretariat's token, valid and invalid
input: no server error, no undeclared status or content type, and JSON
bodies that match the document. More examples than the suite-wide run
(PORTAL_SCHEMATHESIS_EXAMPLES, default 40 per operation)."""

from __future__ import annotations

import os

import pytest

from tests.openapi_fuzz import CHECKS, api_schema, hypothesis_settings

EXAMPLES = int(os.environ.get("PORTAL_SCHEMATHESIS_EXAMPLES", "40"))

schema = api_schema(EXAMPLES, explicit_examples=True).include(
    path_regex="^/api/v1/(data|areas/|downloads/|indicators)"
)

pytestmark = pytest.mark.usefixtures("wsgi_keeps_connection")


@pytest.fixture
def token(published, secretariat):
    from migdev.core.tokens import token_create

    _token, raw = token_create(user=secretariat, name="fuzz", scope="read")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(EXAMPLES)
def test_anonymous(case, published):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(EXAMPLES)
def test_with_the_secretariats_token(case, token):
    case.call_and_validate(headers=token, checks=CHECKS)
