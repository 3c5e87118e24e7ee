"""API: the tally (public once published, quotes for the secretariat only) and
the codebook and coding writes."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from migdev.consultation.analysis import services
from migdev.consultation.analysis.models import Coding
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(secretariat):
    campaign = make_campaign(recipients=("FRA", "MEX", "EGY"))
    question = campaign.questionnaire.questions.get(name="forum_view")
    useful = services.theme_create(
        actor=secretariat,
        question=question,
        code="useful",
        label=six("Useful outcome", fr="Résultat utile"),
    )
    fra, egy = recipient_of(campaign, "FRA"), recipient_of(campaign, "EGY")
    reply(fra, {"forum_view": "Le Forum est utile.", "sole_followup": "yes"})
    reply(egy, {"forum_view": "المنتدى مفيد.", "sole_followup": "no"})
    services.coding_set(
        actor=secretariat,
        recipient=fra,
        question=question,
        themes=[useful],
        quotes={"useful": "Le Forum est utile."},
    )
    return campaign, question


def put_json(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_tally_before_publication(client, setup, focal_point):
    campaign, _q = setup
    url = f"/api/v1/campaigns/{campaign.pk}/tally"
    missing = client.get("/api/v1/campaigns/999999/tally")
    assert missing.status_code == 404
    # Not public: answered as a campaign that does not exist, to anyone.
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, missing.json())
    client.force_login(focal_point)
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, missing.json())


def test_tally_for_the_secretariat(client, setup, secretariat):
    campaign, question = setup
    client.force_login(secretariat)
    data = client.get(f"/api/v1/campaigns/{campaign.pk}/tally?lang=fr").json()
    assert data["respondents"] == 2
    assert data["base"] == "respondents"
    assert data["quotes_included"] is True
    assert data["groups_as_of"] == "2008-04-30"
    assert [g["code"] for g in data["regions"]] == ["002", "019", "142", "150", "009"]
    assert [g["code"] for g in data["development_groups"]] == ["901", "902", "941"]
    forum = data["open_questions"][0]
    assert forum["id"] == question.pk and forum["name"] == "forum_view"
    (theme,) = forum["themes"]
    assert theme["label"] == "Résultat utile"
    assert (theme["count"], theme["base"], theme["share"]) == (1, 2, 0.5)
    assert theme["quantifier"] == {
        "key": "one",
        "phrase": "un",
        "rule": 3,
        "count_phrase": "1 sur 2",
    }
    assert theme["quotes"] == [
        {"iso3": "FRA", "state": "France", "text": "Le Forum est utile."}
    ]
    sole = data["closed_questions"][0]
    assert sole["name"] == "sole_followup" and sole["type"] == "yes_no"
    yes = sole["choices"][0]
    assert (yes["name"], yes["label"], yes["total"]["count"]) == ("yes", "Oui", 1)
    # the secretariat sees every group, however small
    assert yes["by_region"]["150"] == {
        "count": 1,
        "base": 1,
        "share": 1.0,
        "percent": 100.0,
        "hidden": False,
    }
    assert data["hidden_groups"] == []
    assert yes["by_development_group"]["902"]["count"] == 0
    assert sole["no_answer"]["total"]["count"] == 0


def test_published_tally_is_public_without_quotes(client, setup):
    campaign, _q = setup
    campaign.published_at = timezone.now()
    campaign.save()
    data = client.get(f"/api/v1/campaigns/{campaign.pk}/tally?base=answered").json()
    assert data["quotes_included"] is False
    assert data["base"] == "answered"
    assert data["open_questions"][0]["themes"][0]["quotes"] is None
    assert "Le Forum est utile." not in json.dumps(data, ensure_ascii=False)


def test_tally_bad_parameters(client, setup, secretariat):
    campaign, _q = setup
    client.force_login(secretariat)
    assert (
        client.get(f"/api/v1/campaigns/{campaign.pk}/tally?lang=xx").status_code == 400
    )
    assert (
        client.get(f"/api/v1/campaigns/{campaign.pk}/tally?base=all").status_code == 400
    )


def test_themes_list_and_create(client, setup, secretariat):
    _campaign, question = setup
    url = f"/api/v1/questions/{question.pk}/themes"
    assert client.get(url).status_code == 401
    client.force_login(secretariat)
    (theme,) = client.get(url + "?lang=fr").json()["items"]
    assert theme["code"] == "useful" and theme["label"] == "Résultat utile"
    assert theme["tagged"] == 1
    assert theme["labels"]["en"] == "Useful outcome"
    response = client.post(
        url,
        json.dumps(
            {
                "code": "sole",
                "labels": {"en": "Sole follow-up", "zh-hans": "唯一后续行动"},
                "definitions": {"en": "The Forum as the only follow-up."},
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["order"] == 2
    assert created["labels"]["zh-hans"] == "唯一后续行动"
    # The definition counts too: it exists in English only.
    assert created["missing"] == ["ar", "zh-hans", "fr", "ru", "es"]
    duplicate = client.post(
        url,
        json.dumps({"code": "sole", "labels": {"en": "Again"}}),
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert "already has a theme" in json.dumps(duplicate.json())


def test_theme_update_and_delete(client, setup, secretariat):
    _campaign, question = setup
    client.force_login(secretariat)
    theme_id = question.themes.get().pk
    response = put_json(
        client,
        f"/api/v1/themes/{theme_id}",
        {"code": "useful-outcome", "labels": {"en": "Forum a useful outcome"}},
    )
    assert response.status_code == 200
    assert response.json()["code"] == "useful-outcome"
    assert client.delete(f"/api/v1/themes/{theme_id}").status_code == 204
    assert not Coding.objects.exists()


def test_codings_put(client, setup, secretariat):
    campaign, question = setup
    egy = recipient_of(campaign, "EGY")
    url = f"/api/v1/replies/{egy.pk}/codings/{question.pk}"
    client.force_login(secretariat)
    response = put_json(
        client, url, {"themes": [{"code": "useful", "quote": "المنتدى  مفيد"}]}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "Egypt" and data["current_version"] == 1
    assert data["themes"] == [
        {
            "code": "useful",
            "label": "Useful outcome",
            "quote": "المنتدى مفيد",
            "version": 1,
        }
    ]
    assert client.get(url).json()["answer"] == "المنتدى مفيد."


def test_codings_put_refuses_bad_input(client, setup, secretariat, focal_point):
    campaign, question = setup
    egy = recipient_of(campaign, "EGY")
    url = f"/api/v1/replies/{egy.pk}/codings/{question.pk}"
    client.force_login(secretariat)
    unknown = put_json(client, url, {"themes": [{"code": "nope"}]})
    assert unknown.status_code == 400
    assert "has no theme with the code" in json.dumps(unknown.json())
    wrong_quote = put_json(
        client, url, {"themes": [{"code": "useful", "quote": "Not said."}]}
    )
    assert wrong_quote.status_code == 400
    assert "is not in the State's answer (Egypt)" in json.dumps(wrong_quote.json())
    mex = recipient_of(campaign, "MEX")
    no_reply = put_json(
        client,
        f"/api/v1/replies/{mex.pk}/codings/{question.pk}",
        {"themes": [{"code": "useful"}]},
    )
    assert no_reply.status_code == 400
    assert not Coding.objects.filter(recipient__in=[egy, mex]).exists()
    client.force_login(focal_point)
    # Not the focal point's to code: answered as a recipient that does not exist.
    assert put_json(client, url, {"themes": []}).status_code == 404


def test_openapi_documents_the_tally(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/campaigns/{campaign_id}/tally" in schema["paths"]
    assert "/api/v1/replies/{recipient_id}/codings/{question_id}" in schema["paths"]
    tally = schema["components"]["schemas"]["TallyOut"]
    assert "respondents" in tally["properties"]["base"]["description"]
    quantifier = schema["components"]["schemas"]["QuantifierOut"]
    assert all("description" in p for p in quantifier["properties"].values())
