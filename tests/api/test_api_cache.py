"""Public reads of reference data are served from a per-process cache: a
repeated read makes no query; an edit is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country

pytestmark = pytest.mark.django_db


def _read(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return response.json(), len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/states/FRA",
        "/api/v1/states?status=member&limit=10",
        "/api/v1/groupings?limit=5",
        "/api/v1/organizations/iom",
    ],
)
def test_a_repeated_public_read_makes_no_query(client, url):
    first, queries = _read(client, url)
    assert queries > 0
    again, queries = _read(client, url)
    assert again == first and queries == 0


def test_language_and_parameters_are_part_of_the_key(client):
    fr, _ = _read(client, "/api/v1/states/FRA?lang=fr")
    en, _ = _read(client, "/api/v1/states/FRA?lang=en")
    assert fr["name"] == "France" and fr["names"] == en["names"]
    ar, _ = _read(client, "/api/v1/states/FRA?lang=ar")
    assert ar["name"] == en["names"]["ar"]
    page2, _ = _read(client, "/api/v1/states?limit=10&offset=10")
    page1, _ = _read(client, "/api/v1/states?limit=10")
    assert page1["items"] != page2["items"]


def test_an_edit_is_seen_at_once(client):
    before, _ = _read(client, "/api/v1/states/FRA?lang=en")
    france = Country.objects.get(iso3="FRA")
    france.name = LocalizedText({**france.name, "en": "France (edited)"})
    france.save()
    after, queries = _read(client, "/api/v1/states/FRA?lang=en")
    assert queries > 0 and after["names"]["en"] == "France (edited)"
    assert before["names"]["en"] == "France"


def test_a_revoked_token_is_refused_even_when_the_read_is_cached(client, make_user):
    from migdev.core.tokens import token_create, token_revoke

    token, raw = token_create(user=make_user(), name="t")
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/states/FRA", **header).status_code == 200
    token_revoke(token=token)
    assert client.get("/api/v1/states/FRA", **header).status_code == 401
