"""The questionnaire API: list, detail in a language, XLSForm import (400 with the
problem list) and download; secretariat only."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from migdev.consultation.questionnaires.models import Questionnaire
from tests.consultation.factories import make_questionnaire

from .conftest import EN, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, make_user):
    client.force_login(make_user(make_user.SECRETARIAT))
    return client


def test_list(secretariat):
    q = make_questionnaire()
    data = secretariat.get("/api/v1/questionnaires?lang=fr").json()["items"]
    assert data == [
        {
            "id": q.pk,
            "code": "hld-test",
            "version": "1",
            "title": "Follow-up of the Dialogue [fr]",
            "titles": dict(q.title),
            "default_language": "en",
            "question_count": 4,
            "missing_translations": dict.fromkeys(
                ("ar", "zh-hans", "en", "fr", "ru", "es"), 0
            ),
            "updated_at": data[0]["updated_at"],
            "url": f"/consultations/questionnaires/{q.pk}/",
            "xlsform_url": f"/api/v1/questionnaires/{q.pk}/xlsform",
        }
    ]


def test_detail_in_a_language(secretariat):
    q = make_questionnaire()
    data = secretariat.get(f"/api/v1/questionnaires/{q.pk}?lang=ar").json()
    assert [s["name"] for s in data["sections"]] == ["forum"]
    questions = {x["name"]: x for x in data["sections"][0]["questions"]}
    assert list(questions) == ["forum_view", "sole_followup", "why_sole", "level"]
    assert (
        questions["forum_view"]["label"]
        == "How does your Government view the Global Forum? [ar]"
    )
    assert questions["forum_view"]["required"] is True
    assert questions["why_sole"]["relevant"] == "${sole_followup} = 'yes'"
    assert questions["why_sole"]["depends_on"] == ["sole_followup"]
    assert [c["name"] for c in questions["sole_followup"]["choices"]] == ["yes", "no"]
    assert questions["sole_followup"]["choices"][0]["label"] == "نعم"
    assert [c["label"] for c in questions["level"]["choices"]] == [
        "Global [ar]",
        "Regional [ar]",
        "National [ar]",
    ]
    assert secretariat.get("/api/v1/questionnaires/999999").status_code == 404
    assert secretariat.get(f"/api/v1/questionnaires/{q.pk}?lang=xx").status_code == 400


def test_import_created(secretariat):
    data = workbook(
        [("type", "name", EN, "required"), ("integer", "n", "How many?", "yes")],
        settings=[("form_id", "form_title"), ("api-form", "API form")],
    )
    response = secretariat.post(
        "/api/v1/questionnaires/import", {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "api-form"
    assert body["sections"][0]["questions"][0]["type"] == "integer"
    assert Questionnaire.objects.filter(code="api-form").exists()


def test_import_with_code_and_replace(secretariat):
    data = workbook([("type", "name", EN), ("text", "q", "Q")])
    first = secretariat.post(
        "/api/v1/questionnaires/import",
        {"file": SimpleUploadedFile("f.xlsx", data), "code": "chosen"},
    )
    assert first.json()["code"] == "chosen"
    again = secretariat.post(
        "/api/v1/questionnaires/import",
        {
            "file": SimpleUploadedFile("f.xlsx", data),
            "code": "chosen",
            "replace": "true",
        },
    )
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]


def test_import_problems_are_a_400_with_the_list(secretariat):
    data = workbook([("type", "name", EN), ("txt", "q", "Q"), ("text", "q", "Q")])
    response = secretariat.post(
        "/api/v1/questionnaires/import", {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "xlsform_invalid"
    assert error["problems"] == [
        {
            "sheet": "survey",
            "row": 2,
            "column": "type",
            "message": "'txt' is not an XLSForm type: did you mean 'text'?",
            "text": "Sheet survey, row 2, column type: 'txt' is not an XLSForm type: did "
            "you mean 'text'?",
        },
        {
            "sheet": "survey",
            "row": 3,
            "column": "name",
            "message": "The name 'q' is already used in row 2: give each question and "
            "group a different name.",
            "text": "Sheet survey, row 3, column name: The name 'q' is already used in row "
            "2: give each question and group a different name.",
        },
    ]
    assert not Questionnaire.objects.exists()


def test_import_without_a_file(secretariat):
    response = secretariat.post("/api/v1/questionnaires/import", {})
    assert response.status_code == 400


def test_download(secretariat):
    q = make_questionnaire()
    response = secretariat.get(f"/api/v1/questionnaires/{q.pk}/xlsform")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames == [
        "survey",
        "choices",
        "settings",
    ]


@pytest.mark.parametrize(
    ("role", "kwargs"),
    [("FOCAL_POINT", {"country": "FRA"}), ("FORUM_SUPPORT", {}), (None, {})],
)
def test_refused_to_others(client, make_user, role, kwargs):
    q = make_questionnaire()
    client.force_login(make_user(getattr(make_user, role) if role else None, **kwargs))
    for url in (
        "/api/v1/questionnaires",
        f"/api/v1/questionnaires/{q.pk}",
        f"/api/v1/questionnaires/{q.pk}/xlsform",
    ):
        assert client.get(url).status_code == 403, url
    data = workbook([("type", "name", EN), ("text", "q", "Q")])
    response = client.post(
        "/api/v1/questionnaires/import", {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    assert response.status_code == 403
    assert Questionnaire.objects.count() == 1


def test_anonymous_gets_401(client):
    q = make_questionnaire()
    assert client.get("/api/v1/questionnaires").status_code == 401
    assert client.get(f"/api/v1/questionnaires/{q.pk}").status_code == 401


def test_openapi_documents_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/questionnaires" in paths
    assert "/api/v1/questionnaires/{questionnaire_id}" in paths
    assert "/api/v1/questionnaires/import" in paths
    assert "/api/v1/questionnaires/{questionnaire_id}/xlsform" in paths
    question = schema["components"]["schemas"]["QuestionOut"]["properties"]
    assert "description" in question["relevant"]
