"""`/` negotiates the language: the cookie first, then Accept-Language."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header,target",
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "/fr/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("ar", "/ar/"),
        ("de-DE,de;q=0.9,ru;q=0.5", "/ru/"),
    ],
)
def test_root_follows_the_browser(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]
    page = client.get(target, HTTP_ACCEPT_LANGUAGE=header)
    assert page.status_code == 200


def test_root_stays_english_for_english_or_unknown_languages(client):
    for header in ("en-GB,en;q=0.9", "de-DE", ""):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200
        assert '<html lang="en"' in response.content.decode()
        assert "Cookie" in response["Vary"]


def test_a_choice_of_language_sticks_over_the_browser(client):
    # Choosing Spanish with the selector sets the cookie…
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # …and `/` then goes to Spanish whatever the browser says.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Location"] == "/es/"
    # Choosing English at /es/ sticks as well.
    client.post("/i18n/setlang/", {"language": "en", "next": "/es/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_only_the_root_is_negotiated(client):
    response = client.get("/states/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert client.get("/?x=1", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/fr/?x=1"
