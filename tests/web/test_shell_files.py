"""The web shell's small files: `migdev --help`, /favicon.ico, and the server
error page in the six languages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.test import Client
from django.urls import path

from migdev.urls import urlpatterns as site_patterns


def _boom(request):
    raise RuntimeError("a failure for the test")


# The site's addresses plus one that fails, with the site's error handlers.
urlpatterns = [
    *site_patterns,
    *i18n_patterns(path("boom/", _boom), prefix_default_language=False),
]
handler500 = "migdev.web.views.server_error"


def test_migdev_help_lists_its_own_commands():
    result = subprocess.run(
        [sys.executable, "-m", "migdev.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    head = result.stdout.split("Available subcommands")[0]
    for command in ("demo", "stock estimate", "stock read-un", "campaigns run-due"):
        assert f"  {command}" in head, command


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/states/")
    assert b'rel="icon"' in page.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "direction"),
    [
        ("ar", "خطأ في الخادم", "rtl"),
        ("zh-hans", "服务器错误", "ltr"),
        ("en", "Server error", "ltr"),
        ("fr", "Erreur du serveur", "ltr"),
        ("ru", "Ошибка сервера", "ltr"),
        ("es", "Error del servidor", "ltr"),
    ],
)
def test_server_error_page_speaks_the_language(settings, lang, heading, direction):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/" if lang == "en" else f"/{lang}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'lang="{lang}"' in html
    assert f'dir="{direction}"' in html
