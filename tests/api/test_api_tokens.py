"""API tokens: per user, read or read-write, revocable, hashed at rest, with
the time they were last used; an alternative to the session cookie."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from migdev.core.tokens import ApiToken, token_create, token_revoke
from tests.consultation.factories import make_questionnaire

pytestmark = pytest.mark.django_db

CONTACT = {"kind": "focal_point", "name": "Point focal", "email": "pf@example.org"}


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def secretariat(make_user):
    return make_user(make_user.SECRETARIAT)


def test_a_token_reads_what_its_user_may_read(secretariat):
    make_questionnaire()
    _token, raw = token_create(user=secretariat, name="portal")
    anonymous = Client()
    assert anonymous.get("/api/v1/questionnaires").status_code == 401
    response = anonymous.get("/api/v1/questionnaires", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_token_stands_for_its_user_on_public_addresses_too(make_user, secretariat):
    from tests.consultation.factories import make_campaign

    make_campaign()  # open, not published: the public does not see it
    _token, raw = token_create(user=secretariat, name="portal")
    client = Client()
    assert client.get("/api/v1/campaigns").json()["count"] == 0
    assert client.get("/api/v1/campaigns", **bearer(raw)).json()["count"] == 1


def test_a_read_token_cannot_write(secretariat):
    _token, raw = token_create(user=secretariat, name="portal", scope="read")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/states/FRA/contacts",
        json.dumps(CONTACT),
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_scope"


def test_a_write_token_writes_without_a_csrf_token(secretariat):
    _token, raw = token_create(user=secretariat, name="sync", scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/states/FRA/contacts",
        json.dumps(CONTACT),
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 201, response.content


def test_a_session_write_still_needs_its_csrf_token(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post(
        "/api/v1/states/FRA/contacts",
        json.dumps(CONTACT),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_a_token_does_not_widen_its_users_rights(make_user):
    focal = make_user(make_user.FOCAL_POINT, country="MEX")
    _token, raw = token_create(user=focal, name="mine", scope="write")
    client = Client()
    assert client.get("/api/v1/states/MEX/contacts", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/states/FRA/contacts", **bearer(raw)).status_code == 403
    assert client.get("/api/v1/questionnaires", **bearer(raw)).status_code == 403


def test_a_revoked_token_is_refused_at_once(secretariat):
    token, raw = token_create(user=secretariat, name="portal")
    client = Client()
    assert client.get("/api/v1/questionnaires", **bearer(raw)).status_code == 200
    token_revoke(token=token, actor=secretariat)
    for url in ("/api/v1/questionnaires", "/api/v1/states/FRA"):
        response = client.get(url, **bearer(raw))
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "invalid_token"
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("raw", ["mdv_not-a-token", "nonsense", "mdv_"])
def test_an_unknown_token_is_refused_even_where_reading_is_public(raw):
    response = Client().get("/api/v1/states/FRA", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_the_token_of_an_inactive_user_is_refused(secretariat):
    _token, raw = token_create(user=secretariat, name="portal")
    secretariat.is_active = False
    secretariat.save()
    assert Client().get("/api/v1/states", **bearer(raw)).status_code == 401


def test_only_a_digest_of_the_secret_is_stored(secretariat):
    token, raw = token_create(user=secretariat, name="portal")
    assert raw.startswith("mdv_") and len(raw) > 40
    token.refresh_from_db()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:12]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert raw not in stored and raw[12:] not in stored


def test_last_used_is_recorded(secretariat):
    token, raw = token_create(user=secretariat, name="portal")
    assert token.last_used_at is None
    Client().get("/api/v1/states/FRA", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_command_issues_lists_and_revokes(secretariat):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        secretariat.username,
        "--name",
        "portal",
        "--scope",
        "write",
        stdout=out,
    )
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.scope == "write" and token.digest != raw
    assert Client().get("/api/v1/questionnaires", **bearer(raw)).status_code == 200
    out = StringIO()
    call_command("api_token", "list", stdout=out)
    assert token.prefix in out.getvalue() and raw not in out.getvalue()
    call_command("api_token", "revoke", token.prefix, stdout=StringIO())
    assert Client().get("/api/v1/questionnaires", **bearer(raw)).status_code == 401


def test_the_admin_shows_the_secret_once_and_revokes(client, secretariat):
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    response = client.post(
        "/admin/core/apitoken/add/",
        {"user": secretariat.pk, "name": "portal", "scope": "read"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    (message,) = [m for m in shown if "Bearer" in m]
    raw = message.split("Bearer ")[-1].strip()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert Client().get("/api/v1/questionnaires", **bearer(raw)).status_code == 200
    client.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
