"""The Forum's public API, on the demo."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_troika_as_of_mid_2008_in_the_demo(client, demo):
    body = client.get("/api/v1/forum/troika", {"as_of": "2008-07-01"}).json()
    assert [body[k]["iso3"] for k in ("past", "current", "next")] == [
        "BEL",
        "PHL",
        "GRC",
    ]
    assert body["current"]["meeting"] == 2
    fr = client.get("/api/v1/forum/troika", {"as_of": "2008-07-01", "lang": "zh-hans"})
    assert [fr.json()[k]["name"] for k in ("past", "current", "next")] == [
        "比利时",
        "菲律宾",
        "希腊",
    ]


def test_troika_refuses_a_bad_day_and_unknown_parameters(client, demo):
    response = client.get("/api/v1/forum/troika", {"as_of": "2008-13-01"})
    assert response.status_code == 400
    assert client.get("/api/v1/forum/troika", {"day": "2008-07-01"}).status_code == 400


def test_meetings_list(client, demo):
    page = client.get("/api/v1/forum/meetings").json()
    assert page["count"] == 3
    brussels, manila, athens = page["items"]
    assert (
        brussels["host"]["iso3"],
        brussels["city"],
        brussels["states_attending"],
    ) == (
        "BEL",
        "Brussels",
        156,
    )
    assert len(brussels["themes"]) == 3
    assert manila["theme"] == "Protecting and empowering migrants for development"
    assert manila["civil_society"]["organizer"] == "ayala-foundation"
    assert manila["civil_society"]["days"] == 2
    assert [r["number"] for r in manila["roundtables"]] == ["1", "2", "3"]
    assert athens["illustrative"] is True


def test_steering_group(client, demo):
    body = client.get("/api/v1/forum/steering-group", {"as_of": "2008-07-01"}).json()
    assert 20 <= body["size"] <= 30
    ex_officio = {m["iso3"] for m in body["members"] if m["ex_officio"]}
    assert ex_officio == {"BEL", "PHL", "GRC"}
    assert body["missing_regions"] == [] and body["warnings"] == []


def test_friends_meetings_per_year(client, demo):
    page = client.get("/api/v1/forum/friends-meetings", {"year": 2008}).json()
    assert page["count"] == 2
    assert all(
        m["year_check"] == {"year": 2008, "meetings": 2, "required": 2, "ok": True}
        for m in page["items"]
    )
    assert page["items"][0]["place"] == "Geneva"
    fr = client.get(
        "/api/v1/forum/friends-meetings", {"year": 2008, "lang": "fr"}
    ).json()
    assert fr["items"][0]["place"] == "Genève"


def test_practices_search(client, demo):
    everything = client.get("/api/v1/forum/practices").json()
    assert everything["count"] == 3  # the fourth awaits review
    assert {p["language"] for p in everything["items"]} == {"es", "en", "fr"}
    remittances = client.get("/api/v1/forum/practices", {"theme": "remittances"}).json()
    assert {p["state"] for p in remittances["items"]} == {"MEX", "MAR"}
    africa = client.get("/api/v1/forum/practices", {"region": "002"}).json()
    assert {p["state"] for p in africa["items"]} == {"MAR"}
    assert client.get("/api/v1/forum/practices", {"state": "PHL"}).json()["count"] == 1


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/forum/meetings",
        "/api/v1/forum/troika",
        "/api/v1/forum/steering-group",
        "/api/v1/forum/friends-meetings",
        "/api/v1/forum/practices",
    ):
        assert path in paths
