"""What is not public answers exactly as what does not exist: an id tried on
an unpublished campaign, or on another State's reply, reveals nothing."""

from __future__ import annotations

import pytest

from migdev.consultation.campaigns.models import Campaign
from migdev.outreach.models import Request
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

CAMPAIGN_URLS = (
    "/consultations/campaigns/{pk}/",
    "/consultations/campaigns/{pk}/tracking/",
    "/consultations/campaigns/{pk}/map/",
    "/consultations/analysis/campaigns/{pk}/",
    "/consultations/analysis/campaigns/{pk}/codebook/",
    "/consultations/analysis/campaigns/{pk}/tally.csv",
    "/consultations/analysis/campaigns/{pk}/replies.csv",
    "/api/v1/campaigns/{pk}",
    "/api/v1/campaigns/{pk}/tally",
)
MISSING = 987654


def _answer(response, pk):
    """Status and JSON body, the id asked for left out of the message."""
    content_type = response.get("Content-Type", "")
    body = response.content.decode() if "json" in content_type else None
    return response.status_code, body and body.replace(str(pk), "{id}")


@pytest.fixture
def unpublished():
    return make_campaign(recipients=("FRA", "MEX"))


@pytest.mark.parametrize("role", [None, "focal_point", "org_reporter"])
def test_an_unpublished_campaign_answers_as_a_missing_one(
    client, make_user, unpublished, role
):
    if role == "focal_point":
        client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    elif role == "org_reporter":
        client.force_login(make_user(make_user.ORG_REPORTER, organization="iom"))
    for url in CAMPAIGN_URLS:
        pk = unpublished.pk
        hidden = client.get(url.format(pk=pk))
        missing = client.get(url.format(pk=MISSING))
        assert hidden.status_code == 404, url
        assert _answer(hidden, pk) == _answer(missing, MISSING), url


def test_a_published_campaign_still_asks_a_visitor_to_log_in(client, unpublished):
    Request.objects.filter(campaign=unpublished).update(status=Request.Status.CLOSED)
    Campaign.objects.filter(pk=unpublished.pk).update(
        published_at="2008-07-15T00:00:00Z"
    )
    response = client.get(
        f"/consultations/analysis/campaigns/{unpublished.pk}/codebook/"
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        client.get(f"/consultations/analysis/campaigns/{unpublished.pk}/").status_code
        == 200
    )


def test_another_states_reply_answers_as_a_missing_one(client, make_user, unpublished):
    mexico = unpublished.recipients.get(country__iso3="MEX")
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    for url in (
        "/consultations/replies/{pk}/",
        "/consultations/replies/{pk}/versions/1/",
        "/api/v1/replies/{pk}",
        "/api/v1/replies/{pk}/codings/1",
    ):
        pk = mexico.pk
        hidden = client.get(url.format(pk=pk))
        missing = client.get(url.format(pk=MISSING))
        assert hidden.status_code == 404, url
        assert _answer(hidden, pk) == _answer(missing, MISSING), url
