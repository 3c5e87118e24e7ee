"""The reply endpoints: by link token (no session) and by login."""

from __future__ import annotations

import pytest

from migdev.outreach.models import Request
from tests.consultation.responses.conftest import ANSWERS, key


def post(client, url, **body):
    body.setdefault("kind", "submission")
    body.setdefault("answers", ANSWERS)
    body.setdefault("submission_key", key())
    body.setdefault("based_on", None)
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def link_url(token):
    return f"/api/v1/links/{token}/reply"


def test_get_empty_reply(client, link_url, fra):
    data = client.get(link_url).json()
    assert data["recipient_id"] == fra.pk and data["state"] == "FRA"
    assert data["latest"] is None and data["history"] == []
    assert data["status"] == "not_started" and data["accepts_replies"] is True


def test_submit_then_read(client, link_url, fra):
    created = post(client, link_url, language="fr")
    assert created.status_code == 201
    version = created.json()
    assert version["number"] == 1 and version["channel"] == "api"
    assert version["answers"] == ANSWERS and version["created_by"] is None
    data = client.get(link_url).json()
    assert data["status"] == "submitted" and data["latest"]["number"] == 1
    assert [v["number"] for v in data["history"]] == [1]


def test_retry_with_the_same_key_is_200_and_one_version(client, link_url, fra):
    k = key()
    first = post(client, link_url, submission_key=k)
    second = post(client, link_url, submission_key=k)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert fra.versions.count() == 1


def test_same_key_other_content_is_409(client, link_url, fra):
    k = key()
    post(client, link_url, submission_key=k)
    response = post(
        client, link_url, submission_key=k, answers={**ANSWERS, "level": "global"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "key_reused"
    assert fra.versions.count() == 1


def test_stale_based_on_is_409_with_the_latest_version(client, link_url, fra):
    post(client, link_url)
    post(client, link_url, based_on=1)
    response = post(
        client, link_url, based_on=1, answers={**ANSWERS, "level": "global"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["latest_version"] == 2
    assert "Reload" in error["message"]
    unseen = post(client, link_url, based_on=None)
    assert unseen.status_code == 409
    assert fra.versions.count() == 2


def test_invalid_answers_are_400_per_question(client, link_url, fra):
    response = post(client, link_url, answers={"level": "planetary"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["details"]) == {"level", "forum_view"}
    assert fra.versions.count() == 0


def test_malformed_body_is_400(client, link_url):
    assert post(client, link_url, kind="final").status_code == 400
    assert post(client, link_url, submission_key="").status_code == 400
    assert post(client, link_url, language="xx").status_code == 201  # falls back


def test_draft_may_be_incomplete(client, link_url, fra):
    response = post(client, link_url, kind="draft", answers={"level": "global"})
    assert response.status_code == 201
    fra.refresh_from_db()
    assert fra.status == "drafting"


def test_closed_campaign_is_410_and_nothing_saved(client, fra, fra_focal, campaign):
    Request.objects.filter(campaign=campaign).update(status=Request.Status.CLOSED)
    client.force_login(fra_focal)
    response = post(client, f"/api/v1/replies/{fra.pk}")
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "closed"
    assert fra.versions.count() == 0
    # The reply can still be read.
    assert client.get(f"/api/v1/replies/{fra.pk}").json()["accepts_replies"] is False


def test_focal_point_session_endpoints(client, fra, fra_focal):
    client.force_login(fra_focal)
    url = f"/api/v1/replies/{fra.pk}"
    response = post(client, url)
    assert response.status_code == 201
    assert response.json()["created_by"] == fra_focal.username
    data = client.get(url).json()
    assert data["latest"]["answers"] == ANSWERS


def test_unknown_recipient_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/api/v1/replies/999999").status_code == 404


def test_openapi_documents_the_reply_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/links/{token}/reply"])
    assert {"get", "post"} <= set(paths["/api/v1/replies/{recipient_id}"])
    responses = paths["/api/v1/replies/{recipient_id}"]["post"]["responses"]
    assert {"200", "201", "400", "409", "410"} <= set(responses)
    reply_in = schema["components"]["schemas"]["ReplyIn"]["properties"]
    assert all(
        reply_in[f].get("description")
        for f in ("kind", "answers", "submission_key", "based_on")
    )


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (b'"forum_view": NaN', "forum_view"),
        (b'"forum_view": 1e308', "forum_view"),
        (b'"forum_view": "Useful.", "level": ["regional"]', "level"),
        (b'"forum_view": "Useful.", "sole_followup": true', "sole_followup"),
    ],
)
def test_an_answer_of_the_wrong_type_is_a_400_naming_the_question(
    client, link_url, fra, answer, question
):
    body = (
        b'{"kind": "draft", "based_on": null, "submission_key": "'
        + key().encode()
        + b'", "answers": {'
        + answer
        + b"}}"
    )
    response = client.post(link_url, body, content_type="application/json")
    assert response.status_code == 400, response.content
    details = response.json()["error"]["details"]
    assert list(details) == [question]
    assert f"The answer to {question} must be" in details[question]
    assert fra.versions.count() == 0
