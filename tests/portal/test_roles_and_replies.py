"""A country's profile says which published consultations asked it and
whether and when it replied (``consultation.public``; never the reply), and
its Global Forum roles: the chairs it held, its seat in the troika, the
Steering Group. The page says them in the language asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from migdev.consultation import public
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.portal.selectors import area_profile
from migdev.registry.models import Country
from tests.consultation.factories import make_campaign, make_questionnaire

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 1)


def _published(campaign: Campaign, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    campaign.request.status = Campaign.Status.CLOSED  # the request's
    campaign.request.save(update_fields=["status"])
    Campaign.objects.filter(pk=campaign.pk).update(published_at=at)


@pytest.fixture
def campaigns(reference_data):
    """Three campaigns that asked France: two published (it replied to the
    first, not the second), one open."""
    questionnaire = make_questionnaire()
    replied = make_campaign(
        questionnaire,
        recipients=("FRA", "MEX"),
        opens_on=dt.date(2008, 3, 18),
        deadline=dt.date(2008, 4, 30),
    )
    Recipient.objects.filter(campaign=replied, country__iso3="FRA").update(
        status=Recipient.Status.SUBMITTED,
        completed_at=dt.datetime(2008, 4, 22, 10, tzinfo=dt.UTC),
    )
    _published(replied, dt.date(2008, 6, 1))
    unanswered = make_campaign(
        questionnaire,
        recipients=("FRA",),
        opens_on=dt.date(2010, 3, 1),
        deadline=dt.date(2010, 4, 30),
    )
    # Drafting is never said: a draft is no reply.
    Recipient.objects.filter(campaign=unanswered).update(
        status=Recipient.Status.DRAFTING
    )
    _published(unanswered, dt.date(2010, 6, 1))
    still_open = make_campaign(
        questionnaire,
        recipients=("FRA",),
        opens_on=dt.date(2012, 1, 9),
        deadline=dt.date(2012, 3, 1),
    )
    Recipient.objects.filter(campaign=still_open).update(
        status=Recipient.Status.SUBMITTED, completed_at=timezone.now()
    )
    return replied, unanswered, still_open


def test_reply_status_names_published_campaigns_only(campaigns) -> None:
    replied, unanswered, _open = campaigns
    rows = public.reply_status(Country.objects.get(iso3="FRA"))
    assert [(r.campaign_id, r.replied, r.replied_on) for r in rows] == [
        (unanswered.pk, False, None),
        (replied.pk, True, dt.date(2008, 4, 22)),
    ]
    assert rows[1].deadline == dt.date(2008, 4, 30)
    assert rows[1].published_on == dt.date(2008, 6, 1)
    assert public.reply_status(Country.objects.get(iso3="EGY")) == []


def test_the_profile_and_its_page_say_the_replies(campaigns, client) -> None:
    replied, _unanswered, _open = campaigns
    block = area_profile("FRA", language="fr")["consultation"]
    assert block["asked"] == 2 and block["replied"] == 1
    first = block["campaigns"][1]
    assert first == {
        "id": replied.pk,
        "title": "Consultation on the follow-up [fr]",
        "opens_on": "2008-03-18",
        "deadline": "2008-04-30",
        "published_on": "2008-06-01",
        "replied": True,
        "replied_on": "2008-04-22",
        "url": f"/api/v1/campaigns/{replied.pk}",
    }
    assert area_profile("EGY", language="en")["consultation"] is None
    assert area_profile("002", language="en")["consultation"] is None

    page = client.get("/fr/portal/areas/FRA/").content.decode()
    assert 'id="consultation-h"' in page
    assert "a répondu le 22 avril 2008" in page
    assert "pas de réponse" in page
    assert f"/consultations/campaigns/{replied.pk}/tracking/" in page
    page = client.get("/ar/portal/areas/FRA/").content.decode()
    assert "ردّت في" in page and "لم تردّ" in page


def test_publishing_a_campaign_renders_its_states_again(
    reference_data, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    """The portal's files of the States a campaign asked are rendered again
    when its results are published (the generation moves on)."""
    from migdev.consultation.campaigns import services
    from migdev.portal import publish
    from tests.consultation.factories import secretariat

    settings.PORTAL_ROOT = tmp_path
    settings.PORTAL_RENDER = False
    campaign = make_campaign(recipients=("FRA",), status=Campaign.Status.CLOSED)
    before = publish.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(actor=secretariat(), campaign=campaign)
    assert publish.generation() > before


def test_forum_roles_of_a_country(reference_data, client) -> None:
    from migdev.forum.models import Chairmanship, SteeringMembership

    france, mexico, egypt = (
        Country.objects.get(iso3=code) for code in ("FRA", "MEX", "EGY")
    )
    Chairmanship.objects.create(
        country=france, start=dt.date(2023, 1, 1), end=dt.date(2024, 1, 1)
    )
    Chairmanship.objects.create(
        country=mexico, start=dt.date(2024, 1, 1), end=dt.date(2026, 1, 1)
    )
    Chairmanship.objects.create(
        country=egypt, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
    )
    SteeringMembership.objects.create(country=france, start=dt.date(2020, 1, 1))
    forum = area_profile("FRA", language="en", day=DAY)["forum"]
    assert forum == {
        "chairs": [{"edition": None, "start": "2023-01-01", "end": "2024-01-01"}],
        "troika": "past",
        "steering_group": True,
    }
    assert area_profile("MEX", language="en", day=DAY)["forum"]["troika"] == ("current")
    assert area_profile("DZA", language="en", day=DAY)["forum"] is None


def test_the_page_says_the_seat_in_the_troika(reference_data, client) -> None:
    from migdev.forum.models import Chairmanship

    today = timezone.localdate()
    Chairmanship.objects.create(
        country=Country.objects.get(iso3="EGY"),
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=300),
    )
    page = client.get("/ru/portal/areas/EGY/").content.decode()
    assert "Член «тройки» (действующий Председатель)" in page
    page = client.get("/zh-hans/portal/areas/EGY/").content.decode()
    assert "三方机构成员（当值主席）" in page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/fr", "Processus test</a> — membre</li>"),
        ("/es", "Proceso de prueba</a> — miembro</li>"),
        ("", "Test Process</a> — member</li>"),
        ("/zh-hans", "测试进程</a> — 成员</li>"),
    ],
)
def test_a_role_after_a_dash_is_written_as_running_text(
    reference_data, client, prefix, expected
) -> None:
    """French typography: lower case after a dash in running text ("—
    membre", not "— Membre"); each language's catalog says how."""
    from migdev.cooperation.models import Mechanism, Participation

    mechanism = Mechanism.objects.create(
        code="test-process",
        kind="rcp",
        name={
            "en": "Test Process",
            "fr": "Processus test",
            "es": "Proceso de prueba",
            "zh-hans": "测试进程",
        },
    )
    Participation.objects.create(
        mechanism=mechanism, role="member", country=Country.objects.get(iso3="FRA")
    )
    page = client.get(f"{prefix}/portal/areas/FRA/").content.decode()
    assert expected in page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Test Dialogue</a> (TD) — member</li>"),
        ("/zh-hans", "测试对话</a>（TD） — 成员</li>"),
        ("/fr", "Dialogue test (5+5)</a> — membre</li>"),
    ],
)
def test_an_acronym_follows_a_name_once_and_as_the_language_writes_it(
    reference_data, client, prefix, expected
) -> None:
    """No space before a Chinese full-width bracket; no acronym repeated
    when the name already holds it ("Dialogue test (5+5)")."""
    from migdev.cooperation.models import Mechanism, Participation

    mechanism = Mechanism.objects.create(
        code="test-dialogue",
        kind="rcp",
        name={
            "en": "Test Dialogue",
            "zh-hans": "测试对话",
            "fr": "Dialogue test (5+5)",
        },
        acronym={"en": "TD", "zh-hans": "TD", "fr": "5+5"},
    )
    Participation.objects.create(
        mechanism=mechanism, role="member", country=Country.objects.get(iso3="FRA")
    )
    page = client.get(f"{prefix}/portal/areas/FRA/").content.decode()
    assert expected in page
