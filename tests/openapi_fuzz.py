"""What every schemathesis run over the OpenAPI document shares: the checks
an answer must pass, the document loaded from the WSGI application, and
hypothesis's settings. Requests go straight to the application; the test
modules use the ``wsgi_keeps_connection`` fixture (tests/conftest.py) so that
the test's database transaction survives them."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

#: No server error, no status or content type the document does not
#: declare, and bodies that match their declared schema.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def api_schema(examples: int, *, explicit_examples: bool = False) -> Any:
    """The data API's OpenAPI document, fuzzed with ``examples`` cases per
    operation, valid and invalid; ``explicit_examples``: also the examples
    the document gives."""
    config = SchemathesisConfig.from_dict(
        {
            "phases": {
                "examples": {"enabled": explicit_examples},
                "coverage": {"enabled": False},
                "stateful": {"enabled": False},
                "fuzzing": {"enabled": True},
            },
            "generation": {"mode": "all", "max-examples": examples},
        }
    )
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=config
    )


def hypothesis_settings(examples: int) -> Any:
    """Bounded and reproducible: ``examples`` cases, no deadline, the same
    cases on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
