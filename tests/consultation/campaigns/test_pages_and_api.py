"""Selectors, pages and API: status as of a date, dashboards, map, permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from migdev.consultation.campaigns import selectors
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.responses.models import ResponseVersion
from migdev.outreach.models import Request
from tests.consultation.factories import make_campaign, make_questionnaire

pytestmark = pytest.mark.django_db

TZ = dt.UTC


@pytest.fixture
def campaign():
    c = make_campaign(recipients=("FRA", "MEX", "EGY", "CHN", "RUS", "TUV"))
    at = dt.datetime(2008, 4, 10, 12, tzinfo=TZ)
    Recipient.objects.filter(campaign=c, country__iso3__in=["FRA", "TUV"]).update(
        status="submitted", completed_at=at
    )
    Recipient.objects.filter(campaign=c, country__iso3="MEX").update(
        status="submitted", completed_at=dt.datetime(2008, 6, 1, 9, tzinfo=TZ)
    )
    ResponseVersion.objects.create(
        recipient=c.recipients.get(country__iso3="EGY"),
        number=1,
        kind="draft",
        submission_key="k1",
    )
    return c


def test_status_as_of_a_date(campaign):
    early = selectors.campaign_status_as_of(campaign, dt.date(2008, 4, 10))
    assert early.counts["replied"] == 2
    assert early.iso2("replied") == ["FR", "TV"]
    # The draft was saved today, so it did not exist in 2008.
    assert early.counts["drafting"] == 0
    before = selectors.campaign_status_as_of(campaign, dt.date(2008, 4, 9))
    assert before.counts["replied"] == 0
    now = selectors.campaign_status_as_of(campaign)
    assert now.counts == {"replied": 3, "drafting": 1, "not_started": 2}
    europe = next(g for g in now.by_region if g.grouping.code == "150")
    assert europe.counts == {"replied": 1, "drafting": 0, "not_started": 1}
    assert {g.grouping.code for g in now.by_development} == {"901", "902", "941"}
    ldc = next(g for g in now.by_development if g.grouping.code == "941")
    assert ldc.counts["replied"] == 1  # Tuvalu


def test_replies_over_time(campaign):
    series = selectors.replies_over_time(campaign, until=dt.date(2008, 6, 30))
    as_dict = {d: total for d, _n, total in series}
    assert series[0][0] == campaign.opens_on
    assert as_dict[dt.date(2008, 4, 9)] == 0
    assert as_dict[dt.date(2008, 4, 10)] == 2
    assert as_dict[dt.date(2008, 6, 30)] == 3


def test_states_to_call_after_the_deadline(campaign):
    assert selectors.states_to_call(campaign, as_of=campaign.deadline) == []
    late = selectors.states_to_call(campaign, as_of=dt.date(2008, 5, 10))
    assert {t.recipient.country.iso3 for t in late} == {"MEX", "EGY", "CHN", "RUS"}


def test_public_sees_published_campaigns_only(client, campaign):
    assert client.get("/api/v1/campaigns").json()["items"] == []
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404
    assert client.get(f"/consultations/campaigns/{campaign.pk}/map/").status_code == 404
    Request.objects.filter(campaign=campaign).update(status="closed")
    Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
    listing = client.get("/api/v1/campaigns").json()["items"]
    assert [c["id"] for c in listing] == [campaign.pk]
    detail = client.get(f"/api/v1/campaigns/{campaign.pk}?as_of=2008-04-30").json()
    assert detail["counts"] == {
        "recipients": 6,
        "replied": 2,
        "drafting": 0,
        "not_started": 4,
    }
    row = detail["recipients"][0]
    assert row["language"] is None and row["reminder_count"] is None
    # The public sees what the map shows: replied or not, and the day.
    today = client.get(f"/api/v1/campaigns/{campaign.pk}").json()["recipients"]
    assert {r["status"] for r in today} == {"replied", "not_replied"}
    france = next(r for r in today if r["iso3"] == "FRA")
    assert france["completed_at"].startswith("2008-04-10T00:00:00")
    page = client.get(f"/consultations/campaigns/{campaign.pk}/tracking/")
    assert page.status_code == 200
    assert "States to call" not in page.content.decode()
    # The roster is not public: the detail page sends the public to tracking.
    assert client.get(f"/consultations/campaigns/{campaign.pk}/").status_code == 302


def test_map_page_svg_and_png(client, make_user, campaign):
    client.force_login(make_user(make_user.SECRETARIAT))
    page = client.get(f"/consultations/campaigns/{campaign.pk}/map/?as_of=2008-04-30")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    assert 'data-iso2="TV"' in html  # Tuvalu is listed beside the map
    svg = client.get(f"/api/v1/campaigns/{campaign.pk}/map.svg?as_of=2008-04-30")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    png = client.get(f"/consultations/campaigns/{campaign.pk}/map.png?as_of=2008-04-30")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    fr = client.get(f"/api/v1/campaigns/{campaign.pk}/map.svg?lang=fr&as_of=2008-04-30")
    assert fr.status_code == 200


def test_secretariat_pages(client, make_user, campaign):
    client.force_login(make_user(make_user.SECRETARIAT))
    for path in (
        "",
        "campaigns/new/",
        f"campaigns/{campaign.pk}/",
        f"campaigns/{campaign.pk}/edit/",
        f"campaigns/{campaign.pk}/tracking/?as_of=2008-05-20",
    ):
        response = client.get(f"/consultations/{path}")
        assert response.status_code == 200, path
    r = campaign.recipients.get(country__iso3="MEX")
    page = client.get(f"/fr/consultations/campaigns/{campaign.pk}/recipients/{r.pk}/")
    assert page.status_code == 200
    tracking = client.get(
        f"/consultations/campaigns/{campaign.pk}/tracking/?as_of=2008-05-20"
    )
    assert "Mexico" in tracking.content.decode() and "<svg" in tracking.content.decode()


def test_link_reissue_shows_the_link_once(client, make_user, campaign):
    client.force_login(make_user(make_user.SECRETARIAT))
    r = campaign.recipients.get(country__iso3="MEX")
    url = f"/consultations/campaigns/{campaign.pk}/recipients/{r.pk}/link/"
    response = client.post(url, {"action": "reissue"})
    html = response.content.decode()
    assert "/es/consultations/replies/link/" in html
    assert response["Cache-Control"] == "no-store"
    again = client.get(f"/consultations/campaigns/{campaign.pk}/recipients/{r.pk}/")
    assert "/replies/link/" not in again.content.decode()
    client.post(url, {"action": "revoke"})
    r.outreach.refresh_from_db()
    assert r.outreach.link_revoked_at is not None


def test_follow_up_form(client, make_user, campaign):
    client.force_login(make_user(make_user.SECRETARIAT))
    r = campaign.recipients.get(country__iso3="MEX")
    url = f"/consultations/campaigns/{campaign.pk}/recipients/{r.pk}/"
    response = client.post(
        url,
        {
            "kind": "call",
            "at": "2008-05-08T10:30",
            "contact_name": "Counsellor",
            "outcome": "<script>alert(1)</script> will reply",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    r.outreach.refresh_from_db()
    assert r.outreach.last_call_at.date() == dt.date(2008, 5, 8)


def test_create_form_with_a_region(client, make_user):
    make_questionnaire("q-form")
    client.force_login(make_user(make_user.SECRETARIAT))
    from migdev.consultation.questionnaires.models import Questionnaire
    from migdev.registry.models import Grouping

    data = {
        "questionnaire": Questionnaire.objects.get(code="q-form").pk,
        "title_en": "Survey",
        "letter_en": "<p>Dear</p>",
        "opens_on": "2030-01-10",
        "deadline": "2030-02-10",
        "reminder_offsets": "-3, 3",
        "recipients_mode": "chosen",
        "groupings": [Grouping.objects.get(code="009").pk],
        "states": ["FRA"],
    }
    response = client.post("/consultations/campaigns/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    c = Campaign.objects.get()
    codes = set(c.recipients.values_list("country__iso3", flat=True))
    assert {"FRA", "AUS", "TUV", "NZL"} <= codes and "ITA" not in codes
    assert list(c.request.reminder_rules.values_list("offset_days", flat=True)) == [
        -3,
        3,
    ]


def test_other_users_cannot_manage(client, make_user, campaign):
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    client.force_login(focal)
    assert client.get(f"/consultations/campaigns/{campaign.pk}/").status_code == 404
    r = campaign.recipients.get(country__iso3="FRA")
    assert (
        client.post(
            f"/consultations/campaigns/{campaign.pk}/recipients/{r.pk}/link/",
            {"action": "reissue"},
        ).status_code
        == 404
    )
    support = make_user(make_user.FORUM_SUPPORT)
    client.force_login(support)
    assert client.get(f"/consultations/campaigns/{campaign.pk}/").status_code == 200
    assert (
        client.get(f"/consultations/campaigns/{campaign.pk}/tracking/").status_code
        == 200
    )
    assert client.post(f"/api/v1/campaigns/{campaign.pk}/close").status_code == 403
    assert (
        client.post(f"/consultations/campaigns/{campaign.pk}/close/").status_code == 403
    )


def test_api_writes(client, make_user):
    make_questionnaire("q-api")
    assert (
        client.post(
            "/api/v1/campaigns", "{}", content_type="application/json"
        ).status_code
        == 401
    )
    client.force_login(make_user(make_user.SECRETARIAT))
    payload = {
        "questionnaire": "q-api",
        "title": {"en": "API"},
        "letter": {"en": "<p>Hi</p><script>x</script>"},
        "opens_on": str(timezone.localdate()),
        "deadline": str(timezone.localdate() + dt.timedelta(days=30)),
        "recipients": ["FRA", "MEX"],
    }
    created = client.post(
        "/api/v1/campaigns", json.dumps(payload), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["recipients"] == 2
    bad = client.post(
        "/api/v1/campaigns",
        json.dumps({**payload, "recipients": ["ZZZ"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "ZZZ" in bad.content.decode()
    assert client.post(f"/api/v1/campaigns/{pk}/publish").status_code == 400
    dispatched = client.post(f"/api/v1/campaigns/{pk}/dispatch")
    assert dispatched.json() == {"id": pk, "status": "open", "invitations": 2}
    rid = Campaign.objects.get(pk=pk).recipients.first().pk
    fu = client.post(
        f"/api/v1/campaigns/{pk}/recipients/{rid}/follow-ups",
        json.dumps({"kind": "call", "at": "2020-01-01T10:00:00Z", "contact_name": "X"}),
        content_type="application/json",
    )
    assert fu.status_code == 201 and fu.json()["recipient"] == rid
    assert client.post(f"/api/v1/campaigns/{pk}/close").json()["status"] == "closed"
    assert client.post(f"/api/v1/campaigns/{pk}/publish").json()["published_at"]
    assert client.get("/api/v1/campaigns/999999").status_code == 404


def test_openapi_documents_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}",
        "/api/v1/campaigns/{campaign_id}/map.svg",
        "/api/v1/campaigns/{campaign_id}/recipients/{recipient_id}/follow-ups",
    ):
        assert path in doc["paths"], path


def test_focal_point_finds_the_questionnaires_of_their_state(client, make_user):
    import datetime as dt

    from tests.consultation.factories import make_campaign

    campaign = make_campaign(recipients=("FRA", "MEX"))
    campaign.request.opened_at = dt.datetime(2008, 3, 18, tzinfo=dt.UTC)
    campaign.request.save(update_fields=["opened_at"])
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    html = client.get("/fr/consultations/").content.decode()
    france = campaign.recipients.get(country__iso3="FRA")
    mexico = campaign.recipients.get(country__iso3="MEX")
    assert f"/fr/consultations/replies/{france.pk}/" in html
    assert f"/consultations/replies/{mexico.pk}/" not in html


def test_a_closed_campaign_shows_its_figures_as_of_closing(client, make_user, campaign):
    Request.objects.filter(campaign=campaign).update(
        status="closed", closed_at=dt.datetime(2008, 4, 20, 12, tzinfo=TZ)
    )
    client.force_login(make_user(make_user.SECRETARIAT))
    page = client.get(f"/consultations/campaigns/{campaign.pk}/tracking/")
    assert page.context["as_of"] == dt.date(2008, 4, 20)
    assert page.context["status"].counts["replied"] == 2


def test_a_state_without_address_shows_no_address_and_is_listed(client, make_user):
    """Dispatched to Brazil, which has no address in the registry: nothing
    leaves, the pages say "no address" (never "Sent" or "To: —") and the
    tracking page lists Brazil for follow-up."""
    from django.urls import reverse

    from migdev.outreach.models import Message
    from migdev.registry.models import Contact, Country

    Contact.objects.create(
        kind=Contact.Kind.PERMANENT_MISSION,
        country=Country.objects.get(iso3="FRA"),
        name="Permanent Mission of France",
        email="mission.fra@example.org",
    )
    campaign = make_campaign(
        recipients=("FRA", "BRA"),
        status=Campaign.Status.DRAFT,
        opens_on=timezone.localdate(),
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    client.force_login(make_user(make_user.SECRETARIAT))
    response = client.post(
        reverse("campaigns:dispatch", kwargs={"pk": campaign.pk}), follow=True
    )
    assert "1 State has no e-mail address" in response.content.decode()
    brazil = campaign.recipients.get(country__iso3="BRA")
    (message,) = brazil.outreach.messages.all()
    assert message.status == Message.Status.NO_ADDRESS

    page = client.get(
        reverse("campaigns:recipient", kwargs={"pk": campaign.pk, "rid": brazil.pk})
    ).content.decode()
    row = page[page.index("<h3>Messages</h3>") :]
    assert "No address" in row and "no address" in row
    assert ">Sent<" not in row
    assert "Send again" in row

    roster = client.get(
        reverse("campaigns:detail", kwargs={"pk": campaign.pk})
    ).content.decode()
    brazil_row = roster[roster.index('data-iso3="BRA"') :].split("</tr>")[0]
    assert "no address" in brazil_row
    france_row = roster[roster.index('data-iso3="FRA"') :].split("</tr>")[0]
    assert "no address" not in france_row

    tracking = client.get(
        reverse("campaigns:tracking", kwargs={"pk": campaign.pk})
    ).content.decode()
    listed = tracking[tracking.index("States without an e-mail address") :]
    listed = listed.split("</table>")[0]
    assert "Brazil" in listed and "France" not in listed
