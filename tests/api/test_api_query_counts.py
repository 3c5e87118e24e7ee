"""No query per row: a page of many rows costs the queries of a page of one
(``/api/v1/groupings`` made one query per grouping)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migdev.consultation.analysis import services as analysis_services
from migdev.registry.models import Contact, Country
from tests.consultation.factories import make_campaign, make_questionnaire, six

pytestmark = pytest.mark.django_db

# List address → the most queries one page may take (whatever its length).
PUBLIC = {
    "/api/v1/states": 4,
    "/api/v1/states?group=941&as_of=2019-06-01": 5,
    "/api/v1/groupings": 2,
    "/api/v1/organizations": 3,
    "/api/v1/campaigns": 4,
}


def _queries(client, url: str, limit: int) -> tuple[int, int]:
    sep = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{url}{sep}limit={limit}")
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["items"])


def _assert_flat(client, url: str, most: int) -> None:
    one, rows_one = _queries(client, url, 1)
    many, rows_many = _queries(client, url, 40)
    assert rows_one == 1 and rows_many > 2, (url, rows_one, rows_many)
    assert many == one, f"{url}: {one} queries for 1 row, {many} for {rows_many}"
    assert many <= most, f"{url}: {many} queries, at most {most} expected"


@pytest.fixture
def published_campaigns():
    from django.utils import timezone

    from migdev.consultation.campaigns.models import Campaign

    questionnaire = make_questionnaire("q-campaigns")
    for _ in range(3):
        campaign = make_campaign(questionnaire, recipients=("FRA", "MEX", "EGY", "CHN"))
        campaign.request.status = "closed"  # a campaign's status is its request's
        campaign.request.save(update_fields=["status"])
        Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())


@pytest.mark.parametrize("url", sorted(PUBLIC))
def test_public_lists_take_the_same_queries_for_one_row_or_forty(
    client, url, published_campaigns
):
    _assert_flat(client, url, PUBLIC[url])


def test_lists_behind_a_login_take_the_same_queries_for_one_row_or_forty(
    client, make_user, published_campaigns
):
    secretariat = make_user(make_user.SECRETARIAT)
    client.force_login(secretariat)
    mexico = Country.objects.get(iso3="MEX")
    for i in range(5):
        Contact.objects.create(
            country=mexico,
            kind=Contact.Kind.FOCAL_POINT,
            name=f"Contact {i}",
            email=f"c{i}@example.org",
            start=dt.date(2008, 1, 1),
        )
    for code in ("q-one", "q-two", "q-three"):
        make_questionnaire(code)
    question = make_questionnaire("q-themes").questions.get(name="forum_view")
    for code in ("useful", "sole", "regional"):
        analysis_services.theme_create(
            actor=secretariat, question=question, code=code, label=six(code)
        )
    # A session costs two queries (session, user) on every request.
    _assert_flat(client, "/api/v1/states/MEX/contacts", 6)
    _assert_flat(client, "/api/v1/questionnaires", 8)
    _assert_flat(client, f"/api/v1/questions/{question.pk}/themes", 7)
    _assert_flat(client, "/api/v1/campaigns", 6)
