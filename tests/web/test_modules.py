"""Modules register themselves: an app declares its module in its AppConfig
and the shell draws it (navigation, home card, module page, URLs)."""

from __future__ import annotations

import importlib
import sys

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

from migdev.core.modules import Module, installed_modules

pytestmark = pytest.mark.django_db


def _reload_urls() -> None:
    importlib.reload(sys.modules["migdev.urls"])
    clear_url_caches()


def _without_the_forum(apps: list[str]) -> list[str]:
    return [a for a in apps if a != "migdev.forum"]


@pytest.fixture
def no_forum_app(settings):
    """The site as it was before migdev.forum: the shell's planned module."""
    with override_settings(INSTALLED_APPS=_without_the_forum(settings.INSTALLED_APPS)):
        _reload_urls()
        yield
    _reload_urls()


@pytest.fixture
def forum_app(settings):
    """A stand-in app in place of migdev.forum."""
    with override_settings(
        INSTALLED_APPS=[
            *_without_the_forum(settings.INSTALLED_APPS),
            "tests.web.forum_app",
        ]
    ):
        _reload_urls()
        yield
    _reload_urls()


def _nav(response) -> dict[str, str]:
    return {item["key"]: item["url"] for item in response.context["nav_items"]}


def test_the_installed_apps_declare_the_modules():
    keys = [m.key for m in installed_modules()]
    assert keys == [
        "consultations",
        "forum",
        "cooperation",
        "portal",
        "unsystem",
        "data",
        "indicators",
        "reports",
    ]
    forum = next(m for m in installed_modules() if m.key == "forum")
    # migdev.forum takes the place of the shell's planned module.
    assert not forum.planned and forum.urls == "migdev.forum.urls"


def test_without_the_app_the_forum_is_being_built(client, no_forum_app):
    response = client.get("/")
    assert _nav(response)["forum"] == "/modules/forum/"
    assert "forum-meetings" not in _nav(response)
    page = client.get("/modules/forum/")
    assert "This module is being built" in page.content.decode()
    assert client.get("/forum/").status_code == 404


def test_an_app_registered_in_a_test_adds_its_module(client, forum_app):
    response = client.get("/")
    nav = _nav(response)
    # Its navigation entries, in its order, and its home card.
    assert nav["forum"] == "/forum/"
    assert nav["forum-meetings"] == "/forum/"
    assert list(nav)[:3] == ["consultations", "forum", "forum-meetings"]
    html = response.content.decode()
    assert "Forum (test app)" in html
    assert "Meetings of the Global Forum, from a test app." in html
    # Its URLs are served, and the module page leads to its start page.
    assert client.get("/forum/").content == b"<h1>Forum meetings</h1>"
    assert client.get("/fr/forum/").status_code == 200
    assert client.get("/modules/forum/")["Location"] == "/forum/"
    # The module only the secretariat sees is hidden from the public.
    assert "forum-steering" not in nav
    assert client.get("/modules/forum-steering/").status_code == 404


def test_a_module_shows_to_the_roles_it_names(client, make_user, forum_app):
    client.force_login(make_user(make_user.SECRETARIAT))
    nav = _nav(client.get("/"))
    assert nav["forum-steering"] == "/modules/forum-steering/"
    page = client.get("/modules/forum-steering/").content.decode()
    assert "Only the secretariat sees this module." in page
    assert "A/63/265" in page


def test_a_module_names_known_roles_only():
    with pytest.raises(ValueError, match="unknown roles delegate"):
        Module(key="x", title="X", summary="", roles=frozenset({"delegate"}))
