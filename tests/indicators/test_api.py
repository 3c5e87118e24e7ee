"""The read API of releases."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from migdev.indicators import importers, services
from migdev.indicators.catalogue import CATALOGUE
from migdev.indicators.generated import write_inputs
from migdev.registry.models import FrameworkTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases(tmp_path: Path, make_user):
    sec = make_user(make_user.SECRETARIAT)
    old = importers.estimate(write_inputs(tmp_path / "a", seed=0)).release
    services.release_publish(actor=sec, release=old)
    new = importers.estimate(write_inputs(tmp_path / "b", seed=1)).release
    services.release_publish(actor=sec, release=new)
    draft = importers.estimate(write_inputs(tmp_path / "c", seed=2)).release
    return sec, old, new, draft


def test_public_sees_published_releases_and_the_latest(releases, api_items) -> None:
    _, old, new, draft = releases
    client = Client()
    items = api_items(client, "/api/v1/releases")
    assert [i["identifier"] for i in items] == [new.identifier, old.identifier]
    assert [i["latest"] for i in items] == [True, False]
    latest = client.get("/api/v1/releases", {"latest": "true"}).json()
    assert [i["identifier"] for i in latest["items"]] == [new.identifier]
    one = client.get(
        "/api/v1/releases", {"latest": "true", "dataset": new.dataset.code}
    )
    assert [i["identifier"] for i in one.json()["items"]] == [new.identifier]
    assert client.get(f"/api/v1/releases/{draft.identifier}").status_code == 404
    detail = client.get(f"/api/v1/releases/{old.identifier}").json()
    assert detail["inputs"][0]["name"] == "observations.csv"
    assert "migrant_stock" in detail["indicators"]


def test_secretariat_sees_drafts(releases) -> None:
    sec, *_, draft = releases
    client = Client()
    client.force_login(sec)
    assert client.get(f"/api/v1/releases/{draft.identifier}").status_code == 200


def test_values_slice_and_profile(releases, django_assert_max_num_queries) -> None:
    _, old, _, _ = releases
    client = Client()
    url = f"/api/v1/releases/{old.identifier}/values"
    page = client.get(url, {"area": 250, "limit": 200}).json()
    assert page["count"] > 0 and all(v["area"] == 250 for v in page["items"])
    both = client.get(
        url,
        {
            "indicator": "migrant_stock",
            "area": 250,
            "period": "2020",
            "sex": "_T",
            "age": "_T",
        },
    ).json()
    assert both["count"] == 1
    value = both["items"][0]
    assert value["lower_95"] <= value["value"] <= value["upper_95"]
    with django_assert_max_num_queries(8):
        client.get(url, {"indicator": "migrant_stock", "period": "2020", "limit": 200})
    assert client.get(url, {"colour": "red"}).status_code == 400


def test_indicators_carry_their_tags(releases) -> None:
    items = Client().get("/api/v1/indicators", {"lang": "fr"}).json()["items"]
    stock = next(i for i in items if i["code"] == "migrant_stock")
    assert stock["name"] == "Nombre de migrants internationaux"
    assert stock["tags"] == ["gcm-1", "sdg-10.7", "sdg-17.18"]
    assert stock["gcm_objectives"] == [1] and stock["sdg_targets"] == ["10.7", "17.18"]
    # Every tag is one of the registry's framework targets.
    targets = Client().get("/api/v1/framework-targets", {"limit": 200}).json()
    known = {t["code"] for t in targets["items"]}
    assert {tag for i in items for tag in i["tags"]} <= known


def test_every_catalogue_tag_is_a_framework_target() -> None:
    known = set(FrameworkTarget.objects.values_list("code", flat=True))
    for spec in CATALOGUE:
        assert spec.tags and set(spec.tags) <= known, spec.code


def test_openapi_documents_the_data_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/releases", "/api/v1/releases/{identifier}/values"} <= set(paths)
