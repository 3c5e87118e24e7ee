"""The OpenAPI document answers GET only; the language of an answer is the
``lang`` parameter, else Accept-Language, else English (docs/api.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from migdev.core.api.language import accepted_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/v1/docs"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_documentation_takes_get_and_head_only(url, method):
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD"
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("es-419,es;q=0.9", "es"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("de-DE, ar;q=0.5", "ar"),
        ("de-DE, ja", "en"),
        ("", "en"),
        ("*", "en"),
    ],
)
def test_accept_language_picks_the_first_of_the_six(header, language):
    assert accepted_language(header) == language


def test_names_follow_accept_language_unless_lang_is_given(client):
    url = "/api/v1/states/FRA"
    assert client.get(url).json()["name"] == "France"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="de, ru;q=0.8")
    assert french.json()["name"] == "Франция"
    assert "Accept-Language" in french["Vary"]
    lang_wins = client.get(f"{url}?lang=es", HTTP_ACCEPT_LANGUAGE="ru")
    assert lang_wins.json()["name"] == "Francia"
    listed = client.get("/api/v1/states?limit=200", HTTP_ACCEPT_LANGUAGE="zh-CN")
    names = {s["iso3"]: s["name"] for s in listed.json()["items"]}
    assert names["CHN"] == "中国"


def test_error_messages_follow_accept_language(client):
    response = client.get("/api/v1/states?page=2", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "Paramètre" in message or "paramètre" in message, message
