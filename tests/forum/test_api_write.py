"""The Forum's write API: registration by a focal point, accreditation by the
support unit, changes and withdrawal, practices submitted; permissions are
the services' and bad input is refused whole."""

from __future__ import annotations

import pytest

from migdev.forum.models import Delegation, Practice

pytestmark = pytest.mark.django_db


def test_registration_through_the_api(client, demo, make_user, support):
    fra = make_user(make_user.FOCAL_POINT, country="FRA")
    mex = make_user(make_user.FOCAL_POINT, country="MEX")
    body = {"state": "FRA", "delegates": [{"name": "Claire Dubois", "language": "fr"}]}
    assert (
        client.post(
            "/api/v1/forum/meetings/2/delegations",
            body,
            content_type="application/json",
        ).status_code
        == 401
    )
    client.force_login(mex)
    refused = client.post(
        "/api/v1/forum/meetings/2/delegations", body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert not Delegation.objects.filter(country__iso3="FRA").exists()

    client.force_login(fra)
    bad = client.post(
        "/api/v1/forum/meetings/2/delegations",
        {"state": "FRA", "delegates": [{"name": "A"}, {"name": " "}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Delegate 2" in bad.content.decode()
    assert not Delegation.objects.filter(country__iso3="FRA").exists()
    created = client.post(
        "/api/v1/forum/meetings/2/delegations", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["status"] == "pending" and out["state"] == "FRA" and out["meeting"] == 2
    pk, claire = out["id"], out["delegates"][0]["id"]
    changed = client.put(
        f"/api/v1/forum/delegations/{pk}/delegates",
        {
            "delegates": [
                {"id": claire, "name": "Claire Dubois", "function": "Ambassador"},
                {"name": "Paul Martin"},
            ]
        },
        content_type="application/json",
    )
    assert [d["name"] for d in changed.json()["delegates"]] == [
        "Claire Dubois",
        "Paul Martin",
    ]
    assert changed.json()["delegates"][0]["id"] == claire
    # The focal point cannot accredit; another State's does not see it.
    decision = {"status": "accredited"}
    assert (
        client.post(
            f"/api/v1/forum/delegations/{pk}/status",
            decision,
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(mex)
    assert client.get(f"/api/v1/forum/delegations/{pk}").status_code == 404
    client.force_login(support)
    unknown = client.post(
        f"/api/v1/forum/delegations/{pk}/status",
        {"status": "pending"},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "status" in unknown.content.decode()
    assert (
        client.post(
            f"/api/v1/forum/delegations/{pk}/status",
            {"status": "rejected"},
            content_type="application/json",
        ).status_code
        == 400
    )
    done = client.post(
        f"/api/v1/forum/delegations/{pk}/status",
        decision,
        content_type="application/json",
    )
    assert done.json()["status"] == "accredited"
    meetings = client.get("/api/v1/forum/meetings").json()["items"]
    assert next(m for m in meetings if m["edition"] == 2)["states_attending"] == 11
    client.force_login(fra)
    gone = client.post(
        f"/api/v1/forum/delegations/{pk}/status",
        {"status": "withdrawn", "reason": "cancelled"},
        content_type="application/json",
    )
    assert gone.json()["status"] == "withdrawn"
    meetings = client.get("/api/v1/forum/meetings").json()["items"]
    assert next(m for m in meetings if m["edition"] == 2)["states_attending"] == 10


def test_a_practice_submitted_through_the_api(client, demo, make_user):
    client.force_login(make_user(make_user.FOCAL_POINT, country="PHL"))
    body = {
        "state": "PHL",
        "language": "en",
        "title": "Pre-departure orientation",
        "description": "Seminars for departing workers.",
        "themes": ["protection"],
        "links": ["https://example.org/pdos"],
    }
    themes = client.get("/api/v1/forum/practices").json()["items"][0]["themes"]
    body["themes"] = themes[:1]
    created = client.post(
        "/api/v1/forum/practices", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert Practice.objects.get(pk=created.json()["id"]).status == "submitted"
    other = client.post(
        "/api/v1/forum/practices",
        {**body, "state": "FRA"},
        content_type="application/json",
    )
    assert other.status_code == 403
    unknown = client.post(
        "/api/v1/forum/practices",
        {**body, "themes": ["nope"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "nope" in unknown.content.decode()


def test_the_openapi_document_lists_the_forums_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/forum/meetings",
        "/api/v1/forum/troika",
        "/api/v1/forum/steering-group",
        "/api/v1/forum/friends-meetings",
        "/api/v1/forum/practices",
        "/api/v1/forum/dialogues",
        "/api/v1/forum/meetings/{edition}/delegations",
        "/api/v1/forum/delegations/{delegation_id}/status",
    ):
        assert path in paths, path
