"""Text that is not valid Unicode (half a UTF-16 surrogate pair, which JSON
can spell as "\\ud800") is refused at the edge with a 400 naming the field;
what may already be stored cannot break a page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from migdev.consultation.questionnaires.models import Question
from migdev.consultation.responses.models import ResponseVersion
from tests.consultation.responses.conftest import key

LONE = b"\\ud800"


def raw_reply(answer_json: bytes, *, key_json: bytes | None = None) -> bytes:
    return (
        b'{"kind": "submission", "based_on": null, "submission_key": "'
        + key().encode()
        + b'", "answers": {'
        + (key_json or b'"forum_view"')
        + b": "
        + answer_json
        + b', "level": "regional"}}'
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (raw_reply(b'"A useful ' + LONE + b' outcome."'), "answers.forum_view"),
        (raw_reply(b'"Useful."', key_json=b'"forum' + LONE + b'"'), "answers.forum"),
        (raw_reply(b'["x", "' + LONE + b'"]'), "answers.forum_view[1]"),
    ],
)
def test_a_lone_surrogate_in_json_is_a_400_naming_the_field(
    client, token, fra, body, field
):
    response = client.post(
        f"/api/v1/links/{token}/reply", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_text"
    assert error["field"].startswith(field)
    assert field.split(".")[-1].split("[")[0] in error["message"]
    assert "UTF-8" in error["message"]
    assert fra.versions.count() == 0


def test_a_surrogate_pair_is_text_and_is_saved(client, token, fra):
    body = raw_reply(b'"Useful \\ud83c\\udf0d."')
    response = client.post(
        f"/api/v1/links/{token}/reply", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert fra.versions.get().answers["forum_view"] == "Useful 🌍."


def test_a_lone_surrogate_after_logging_in_is_refused_too(client, fra, fra_focal):
    client.force_login(fra_focal)
    response = client.post(
        f"/api/v1/replies/{fra.pk}",
        raw_reply(b'"' + LONE + b'"'),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "answers.forum_view"


def test_a_form_that_declares_a_charset_spelling_a_surrogate_is_refused(
    client, token, fra
):
    # UTF-7 can spell a lone surrogate ("+2AA-"), and Django decodes a
    # multipart form in the charset it declares.
    body = (
        b'--B\r\nContent-Disposition: form-data; name="a-forum_view"\r\n\r\n'
        b'+2AA-\r\n--B\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
        b"save\r\n--B--\r\n"
    )
    response = client.generic(
        "POST",
        reverse("responses:link", args=[token]),
        body,
        content_type="multipart/form-data; charset=utf-7; boundary=B",
    )
    assert response.status_code == 400
    assert "a-forum_view" in response.content.decode()
    assert fra.versions.count() == 0


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="only SQLite could store one (PostgreSQL refuses it)",
)
def test_an_answer_stored_before_the_edge_refused_it_breaks_no_page(
    client, token, fra, campaign, secretariat
):
    ResponseVersion.objects.create(
        recipient=fra,
        number=1,
        kind="submission",
        answers={"forum_view": "Useful \ud800 outcome.", "level": "regional"},
        language="fr",
        submission_key=key(),
    )
    fra.status = "submitted"
    fra.save(update_fields=["status"])
    assert fra.versions.get().answers["forum_view"] == "Useful \ufffd outcome."
    question = Question.objects.get(
        questionnaire=campaign.questionnaire, name="forum_view"
    )
    assert client.get(reverse("responses:link", args=[token])).status_code == 200
    assert client.get(f"/api/v1/links/{token}/reply").status_code == 200
    client.force_login(secretariat)
    for url in (
        reverse("responses:reply", args=[fra.pk]),
        reverse("responses:version", args=[fra.pk, 1]),
        reverse(
            "analysis:coding-list",
            kwargs={"pk": campaign.pk, "question_id": question.pk},
        ),
        reverse("analysis:replies-csv", kwargs={"pk": campaign.pk}),
        reverse("analysis:replies-xlsx", kwargs={"pk": campaign.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
