import pytest

from migdev.core.i18n import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


def test_exactly_193_member_states_each_named_in_six_languages(client, api_items):
    states = api_items(client, "/api/v1/states", {"status": "member"})
    assert len(states) == 193
    for state in states:
        assert set(state["names"]) == set(LANGUAGE_CODES)
        assert all(state["names"][code].strip() for code in LANGUAGE_CODES), state[
            "iso3"
        ]
        assert state["un_admission"]


def test_exactly_two_observer_states(client, api_items):
    states = api_items(client, "/api/v1/states?status=observer")
    assert sorted(s["iso3"] for s in states) == ["PSE", "VAT"]


def test_areas_are_flagged_as_not_states(client, api_items):
    areas = api_items(client, "/api/v1/states?status=area")
    by_iso3 = {a["iso3"]: a for a in areas}
    assert by_iso3["HKG"]["is_state"] is False
    assert by_iso3["HKG"]["administered_by"] == "CHN"


def test_one_state_in_the_requested_language(client):
    state = client.get("/api/v1/states/BOL?lang=en").json()
    assert state["name"] == "Bolivia (Plurinational State of)"
    assert state["m49"] == "068"
    assert state["region"]["code"] == "019"
    assert state["subregion"]["code"] == "419"
    assert state["intermediate_region"]["code"] == "005"
    assert {"un-members", "1636"} <= {g["code"] for g in state["groupings"]}
    assert client.get("/api/v1/states/bo?lang=fr").json()["name"].startswith("Bolivie")
    assert client.get("/api/v1/states/068?lang=zh-hans").json()["iso3"] == "BOL"


def test_filter_by_group(client, api_items):
    ldc = api_items(client, "/api/v1/states?group=941&as_of=2019-06-01")
    codes = {s["iso3"] for s in ldc}
    assert "VUT" in codes and "AFG" in codes and "FRA" not in codes
    assert "VUT" not in {
        s["iso3"]
        for s in api_items(client, "/api/v1/states?group=941&as_of=2021-06-01")
    }


def test_unknown_iso_code_is_a_json_404(client):
    response = client.get("/api/v1/states/XYZ")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "XYZ" in response.json()["error"]["message"]


def test_unknown_language_is_a_json_400(client):
    response = client.get("/api/v1/states?lang=de")
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "unknown_language"
    assert "zh-hans" in body["error"]["message"]


def test_bad_filter_values_are_400_not_500(client):
    assert client.get("/api/v1/states?status=planet").status_code == 400
    assert client.get("/api/v1/states?as_of=yesterday").status_code == 400
    response = client.get("/api/v1/states?group=nope")
    assert response.status_code == 400
    assert "nope" in response.json()["error"]["details"]["group"][0]


def test_groupings_and_organizations(client, api_items):
    groupings = {g["code"]: g for g in api_items(client, "/api/v1/groupings")}
    assert groupings["150"]["kind"] == "region"
    assert groupings["941"]["kind"] == "development_group"
    assert groupings["un-members"]["members"] == 193
    orgs = {o["code"]: o for o in api_items(client, "/api/v1/organizations?lang=fr")}
    assert orgs["ilo"]["acronym"] == "OIT"
    assert (
        "gmg"
        in client.get("/api/v1/organizations/iom?as_of=2008-07-01").json()["groups"]
    )


def test_openapi_documents_every_endpoint(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for p in (
        "/api/v1/states",
        "/api/v1/states/{code}",
        "/api/v1/groupings",
        "/api/v1/organizations",
    ):
        assert p in paths
    state = doc["components"]["schemas"]["StateOut"]["properties"]
    assert "description" in state["m49"] and "description" in state["names"]


def test_api_docs_load_no_code_from_the_internet(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_a_key_error_in_an_endpoint_is_a_500_that_echoes_nothing(monkeypatch):
    from django.test import Client

    from migdev.registry import api as registry_api

    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):
        raise KeyError("internal_secret_key_name")

    monkeypatch.setattr(registry_api.selectors, "grouping_list", broken)
    response = client.get("/api/v1/groupings")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "internal_secret_key_name" not in response.content.decode()
