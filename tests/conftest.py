"""Shared fixtures: reference data loaded once per test database, one user per role."""

from __future__ import annotations

import os
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# then refuses to run there unless told it is safe (it is, in tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in another language leaves that language active in the
    thread; every test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _api_read_cache_emptied():
    """Cached API reads do not outlive a test (its database is rolled back)."""
    from migdev.core.api import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from migdev.registry.services import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture
def reference_data(transactional_db):
    """Reference data for tests that flush the database (live server, browser)."""
    from migdev.registry.services import reference_data_load

    reference_data_load()


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from migdev.registry.models import Country, Organization, RoleAssignment
    from migdev.registry.services import role_assign

    counter = {"n": 0}

    def make(
        role: str | None = None,
        *,
        country: str | None = None,
        organization: str | None = None,
        username: str | None = None,
        password: str = "pw-for-tests-1",
    ):
        counter["n"] += 1
        user = get_user_model().objects.create_user(
            username=username or f"user{counter['n']}-{role or 'public'}",
            password=password,
            email=f"user{counter['n']}@example.org",
        )
        if role:
            role_assign(
                user=user,
                role=role,
                country=Country.objects.get(iso3=country) if country else None,
                organization=Organization.objects.get(code=organization)
                if organization
                else None,
            )
        user.raw_password = password
        return user

    make.SECRETARIAT = RoleAssignment.Role.SECRETARIAT
    make.FOCAL_POINT = RoleAssignment.Role.FOCAL_POINT
    make.ORG_REPORTER = RoleAssignment.Role.ORG_REPORTER
    make.FORUM_SUPPORT = RoleAssignment.Role.FORUM_SUPPORT
    return make


@pytest.fixture
def api_items():
    """Every item of a paged API list, following its ``next`` links."""

    def collect(client, path: str, params: dict | None = None, **extra) -> list:
        items: list = []
        response = client.get(path, params or {}, **extra)
        while True:
            assert response.status_code == 200, response.content
            page = response.json()
            items.extend(page["items"])
            if not page["next"]:
                return items
            response = client.get(page["next"], **extra)

    return collect


# --- A real SMTP server on loopback (aiosmtpd), for every test where mail matters.
class Captured:
    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "rcpt": list(envelope.rcpt_tos),
                "to": str(msg["To"] or ""),
                "cc": str(msg["Cc"] or ""),
                "subject": str(msg["Subject"] or ""),
                "language": str(msg["Content-Language"] or ""),
                "message_id": str(msg["Message-ID"] or ""),
                "email": msg,
            }
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def wsgi_keeps_connection():
    """Requests sent straight to the WSGI application (schemathesis) keep
    Django from closing the test's database connection, and its transaction,
    after each one, as Django's own test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """An aiosmtpd server on 127.0.0.1; Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    handler = Captured()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
