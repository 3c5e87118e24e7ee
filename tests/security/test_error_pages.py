"""With DEBUG off, as in production, every error is the site's own page (in
the visitor's language, with the policy header); nothing a page shows depends
on DEBUG — static files included."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _site_page(response, status: int, text: str) -> str:
    assert response.status_code == status
    body = response.content.decode()
    assert text in body, body[:500]
    assert "Traceback" not in body and "DEBUG = True" not in body
    assert "Content-Security-Policy" in response
    return body


def test_not_found_is_the_sites_page_in_the_visitors_language(client):
    _site_page(client.get("/no-such-page/"), 404, "There is no page at this address")
    french = _site_page(client.get("/fr/no-such-page/"), 404, 'lang="fr"')
    assert "There is no page at this address" not in french


def test_not_allowed_is_the_sites_page(client, make_user):
    client.force_login(make_user(make_user.FOCAL_POINT, country="MEX"))
    _site_page(client.get("/states/FRA/contacts/"), 403, "Not allowed")


def test_bad_request_is_the_sites_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    _site_page(client.get("/", HTTP_HOST="elsewhere.example"), 400, "Bad request")


def test_a_refused_form_is_the_sites_page(make_user):
    user = make_user(username="typist")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/es/accounts/login/", {"username": "typist", "password": user.raw_password}
    )
    body = _site_page(response, 403, 'lang="es"')
    assert 'class="site-header"' in body


def test_a_server_error_is_the_sites_page(settings):
    settings.ROOT_URLCONF = "tests.security.urls_failing"
    client = Client(raise_request_exception=False)
    body = _site_page(client.get("/fails/"), 500, "Server error")
    assert "a failure the page must not show" not in body


SCRIPT = r"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
paths = ["/static/migdev/site.css", "/static/migdev/site.js",
         "/static/campaigns/campaigns.css", "/static/responses/reply-form.js"]
print(json.dumps({"debug": settings.DEBUG,
                  "static": {p: c.get(p).status_code for p in paths},
                  "404": c.get("/no-such-page/").status_code}))
"""


def test_the_demo_settings_serve_static_files_with_debug_off(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
        "DEBUG": "0",
        "MIGDEV_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["debug"] is False
    assert set(outcome["static"].values()) == {200}, outcome["static"]
