"""The API's conventions, on every operation: pages for lists, unknown query
parameters refused, every error a JSON error body declared in the OpenAPI
document, in DEBUG and in production."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from migdev.core.api.pagination import MAX_LIMIT

pytestmark = pytest.mark.django_db

#: Every list of the API (GET, answers a page).
LISTS = {
    "/api/v1/states",
    "/api/v1/groupings",
    "/api/v1/organizations",
    "/api/v1/states/{code}/contacts",
    "/api/v1/questionnaires",
    "/api/v1/campaigns",
    "/api/v1/questions/{question_id}/themes",
    "/api/v1/framework-targets",
    "/api/v1/mechanisms",
    "/api/v1/data",
    "/api/v1/instruments",
    "/api/v1/funds",
    "/api/v1/assessments",
    "/api/v1/activities",
    "/api/v1/coordination-meetings",
    "/api/v1/forum/meetings",
    "/api/v1/forum/friends-meetings",
    "/api/v1/forum/practices",
    "/api/v1/forum/dialogues",
    "/api/v1/releases",
    "/api/v1/releases/{identifier}/values",
    "/api/v1/indicators",
}


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").json()


def _ref_name(schema: dict) -> str:
    return schema.get("$ref", "").rsplit("/", 1)[-1]


def _operations(doc):
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield path, method, op


def test_every_list_is_a_page_and_no_operation_answers_a_bare_array(doc):
    paged = set()
    for path, method, op in _operations(doc):
        ok = op["responses"].get("200") or op["responses"].get("201") or {}
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        assert schema.get("type") != "array", f"{method} {path} answers a bare list"
        name = _ref_name(schema)
        if name.endswith("Page"):
            assert method == "get"
            page = doc["components"]["schemas"][name]
            assert {"count", "limit", "offset", "next", "previous", "items"} <= set(
                page["properties"]
            )
            params = {p["name"]: p for p in op["parameters"]}
            assert params["limit"]["schema"]["maximum"] == MAX_LIMIT
            assert params["offset"]["schema"]["minimum"] == 0
            paged.add(path)
    assert paged == LISTS


def test_a_page_has_count_next_and_previous(client, api_items):
    first = client.get("/api/v1/states?status=member&limit=50").json()
    assert first["count"] == 193 and len(first["items"]) == 50
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/states?status=member&limit=50&offset=50")
    last = client.get("/api/v1/states?status=member&limit=50&offset=150").json()
    assert len(last["items"]) == 43 and last["next"] is None
    assert last["previous"].endswith("status=member&limit=50&offset=100")
    everything = api_items(client, "/api/v1/states", {"status": "member"})
    assert len(everything) == len({s["iso3"] for s in everything}) == 193
    beyond = client.get("/api/v1/states?offset=1000").json()
    assert beyond["count"] == 250 and beyond["items"] == [] and beyond["next"] is None


def test_the_default_page_is_not_the_whole_list(client):
    page = client.get("/api/v1/states").json()
    assert page["count"] == 250 and len(page["items"]) == page["limit"] == 50


@pytest.mark.parametrize("limit", [0, -1, MAX_LIMIT + 1, "many"])
def test_a_limit_outside_the_range_is_refused(client, limit):
    response = client.get(f"/api/v1/states?limit={limit}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_unknown_parameters_are_listed_as_the_language_writes_a_list(client):
    response = client.get(
        "/api/v1/states?stauts=member&foo=1", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    message = response.json()["error"]["message"]
    assert "foo、stauts" in message and "limit、offset" in message


def test_a_parameter_of_the_wrong_type_says_what_it_may_be(client):
    error = client.get("/api/v1/states?limit=many").json()["error"]
    assert error["field"] == "limit" and "limit" in error["message"]
    (detail,) = error["details"]
    assert detail["parameter"] == "limit" and detail["given"] == ["many"]
    assert detail["allowed"] == "an integer"
    error = client.get("/api/v1/states?limit=0").json()["error"]
    assert error["details"][0]["allowed"] == ">= 1"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/states?page=2",
        "/api/v1/states?stauts=member",
        "/api/v1/states/FRA?limit=1",
        "/api/v1/groupings?per_page=10",
        "/api/v1/campaigns?page=2",
    ],
)
def test_unknown_query_parameters_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "unknown_parameter"
    unknown = url.split("?")[1].split("=")[0]
    assert error["details"]["unknown"] == [unknown]
    assert unknown in error["message"]


def test_every_operation_declares_its_errors_with_the_error_body(doc):
    for path, method, op in _operations(doc):
        responses = {int(s): r for s, r in op["responses"].items()}
        where = f"{method.upper()} {path}"
        assert 400 in responses, where
        if op.get("security"):
            assert 401 in responses, where
            if {} not in op["security"]:
                assert 403 in responses, where
        if "{" in path:
            assert {403, 404} <= set(responses), where
        if "requestBody" in op:
            assert 413 in responses, where
        for status, response in responses.items():
            if status >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert _ref_name(schema) in {"ErrorOut", "ImportErrorOut"}, where
    body = doc["components"]["schemas"]["ErrorBody"]
    assert {"code", "message"} <= set(body["required"])


def test_tokens_and_sessions_are_documented(doc):
    schemes = doc["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    public = doc["paths"]["/api/v1/states"]["get"]["security"]
    assert {} in public and {"TokenAuth": []} in public


def test_schemas_of_one_name_are_one_schema(doc):
    """The questionnaire's choices and the tally's choices were both
    ``ChoiceOut``, and the reply and XLSForm problems both ``Problem``: the
    document showed one shape for both."""
    schemas = doc["components"]["schemas"]
    assert "labels" in schemas["ChoiceOut"]["properties"]
    assert "total" in schemas["ChoiceTallyOut"]["properties"]
    assert "row" in schemas["XLSFormProblem"]["properties"]
    question = doc["paths"]["/api/v1/questionnaires/{questionnaire_id}"]["get"]
    assert question["responses"]["200"]


def test_a_second_schema_of_the_same_name_is_refused():
    from ninja import Router, Schema
    from ninja.errors import ConfigError

    from migdev.core.api import PlatformAPI

    def make(field: str):
        return type("Thing", (Schema,), {"__annotations__": {field: int}})

    api = PlatformAPI(urls_namespace="collision-test")
    router = Router()
    router.get("/a", response=make("a"))(lambda request: {"a": 1})
    router.get("/b", response=make("b"))(lambda request: {"b": 1})
    api.add_router("", router)
    with pytest.raises(ConfigError, match="'Thing'"):
        api.get_openapi_schema(path_prefix="")


# --- Every /api/ error is the JSON error body ------------------------------------


def _assert_error_body(response, status: int, code: str | None = None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("debug", [False, True])
def test_a_3_mb_json_body_is_a_json_413(make_user, debug):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(make_user.SECRETARIAT))
    body = json.dumps({"kind": "draft", "answers": {"x": "a" * 3_000_000}})
    with override_settings(DEBUG=debug):
        response = client.post(
            "/api/v1/links/not-a-token/reply", body, content_type="application/json"
        )
    _assert_error_body(response, 413, "too_large")


@pytest.mark.parametrize("debug", [False, True])
def test_multipart_without_a_boundary_is_a_json_400(make_user, debug):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(make_user.SECRETARIAT))
    with override_settings(DEBUG=debug):
        response = client.generic(
            "POST",
            "/api/v1/questionnaires/import",
            b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--x--",
            content_type="multipart/form-data",
            headers={"X-CSRFToken": "unused"},
        )
    _assert_error_body(response, 400, "invalid_body")


@pytest.mark.parametrize("debug", [False, True])
def test_any_server_error_is_a_json_500(monkeypatch, debug):
    from migdev.registry import api as registry_api

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(registry_api.selectors, "country_get", broken)
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=debug):
        response = client.get("/api/v1/states/FRA")
    _assert_error_body(response, 500, "server_error")
    assert b"secret detail" not in response.content


@pytest.mark.parametrize("debug", [False, True])
def test_no_such_address_and_wrong_method_are_json(debug):
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=debug):
        _assert_error_body(client.get("/api/v1/no-such-thing"), 404, "not_found")
        response = client.delete("/api/v1/states/FRA")
        _assert_error_body(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"]


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- Text that is not text is refused at the edge --------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/states?q=a%00b", "q"),
        ("/api/v1/states?group=%00", "group"),
        ("/api/v1/states/%00FR", "code"),
    ],
)
def test_nul_characters_in_parameters_are_a_400(client, url, field):
    response = client.get(url)
    error = _assert_error_body(response, 400, "invalid_text")
    assert error["field"] == field


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('"name": "Point\\u0000focal"', "name"),
        ('"name": "Point focal", "title": "\\ud800"', "title"),
    ],
)
def test_nul_and_lone_surrogates_in_a_json_body_are_a_400(make_user, raw, field):
    client = Client()
    client.force_login(make_user(make_user.SECRETARIAT))
    body = '{"kind": "focal_point", ' + raw + "}"
    response = client.post(
        "/api/v1/states/FRA/contacts", body, content_type="application/json"
    )
    error = _assert_error_body(response, 400, "invalid_text")
    assert error["field"] == field
