"""Rendered once on publication: profiles per area and language and the
common downloads as files; Django serves the same bytes as the front server
would, and a country's roles changing renders its profiles again."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from migdev.core.i18n import LANGUAGE_CODES
from migdev.indicators import services
from migdev.portal import prerender, publish
from migdev.portal.api import file_etag
from migdev.portal.selectors import area_profile

from .conftest import FLOWS, STOCK, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(secretariat, django_capture_on_commit_callbacks):
    prerender.clear_files()
    with django_capture_on_commit_callbacks(execute=True):
        stock = make_release("test-stock", STOCK)
        services.release_publish(actor=secretariat, release=stock)
        flows = make_release("test-remittances", FLOWS, kind="remittance_flows")
        services.release_publish(actor=secretariat, release=flows)
    return stock, flows


def test_publication_renders_profiles_and_downloads(rendered) -> None:
    stock, flows = rendered
    for language in LANGUAGE_CODES:
        for key in ("FRA", "MAR", "ESP", "002"):
            assert prerender.profile_path(language, key).is_file(), (language, key)
    assert not prerender.profile_path("en", "DEU").exists()  # no data
    on_disk = json.loads(prerender.profile_path("ar", "FRA").read_bytes())
    assert on_disk == json.loads(
        prerender.profile_bytes(area_profile("FRA", language="ar"))
    )
    for release in (stock, flows):
        for fmt in prerender.SUFFIXES:
            assert prerender.download_path(release.identifier, fmt).stat().st_size


def test_django_serves_the_file_as_nginx_would(rendered) -> None:
    path = prerender.profile_path("fr", "FRA")
    r = Client().get("/api/v1/areas/FRA/profile", {"lang": "fr"})
    assert r.content == path.read_bytes()
    assert r["ETag"] == file_etag(path.stat())
    assert Client().get("/api/v1/areas/250/profile", {"lang": "fr"}).content == (
        path.read_bytes()
    )
    assert (
        Client()
        .get("/api/v1/areas/FRA/profile", {"lang": "fr"}, HTTP_IF_NONE_MATCH=r["ETag"])
        .status_code
        == 304
    )


def test_a_new_generation_on_publication(
    rendered, secretariat, django_capture_on_commit_callbacks
) -> None:
    before = publish.generation()
    newer = make_release(
        "test-stock",
        [r if r[0] != "refugees" else (*r[:7], 999.0, r[8]) for r in STOCK],
        tag="2",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.release_publish(actor=secretariat, release=newer)
    assert publish.generation() > before
    body = json.loads(prerender.profile_path("en", "FRA").read_bytes())
    assert body["refugees"]["count"]["series"][0]["value"] == 999.0


def test_roles_changing_render_the_country_again(
    rendered, django_capture_on_commit_callbacks
) -> None:
    from migdev.cooperation.models import Mechanism, Participation
    from migdev.registry.models import Country

    mechanism = Mechanism.objects.create(
        code="test-process", kind="rcp", name={"en": "Test Process"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        Participation.objects.create(
            mechanism=mechanism, role="member", country=Country.objects.get(iso3="FRA")
        )
    body = json.loads(prerender.profile_path("en", "FRA").read_bytes())
    assert [m["code"] for m in body["mechanisms"]] == ["test-process"]


def test_the_command_renders_and_clears(rendered) -> None:
    from django.core.management import call_command

    call_command("portal", "clear")
    assert not prerender.profile_path("en", "FRA").exists()
    call_command("portal", "render", "-q")
    assert prerender.profile_path("en", "FRA").exists()
