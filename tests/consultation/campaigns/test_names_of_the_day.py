"""A campaign's pages, exports, map and API name the States as they were
named when it opened, in the alphabetical order of the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.consultation.analysis import selectors as analysis_selectors
from migdev.consultation.campaigns.models import Recipient
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db

STATES = ("TUR", "SWZ", "MKD", "CZE", "CPV", "LBY", "CHL", "FRA")
OLD = {
    "TUR": "Turkey",
    "SWZ": "Swaziland",
    "MKD": "The former Yugoslav Republic of Macedonia",
    "CZE": "Czech Republic",
    "CPV": "Cape Verde",
    "LBY": "Libyan Arab Jamahiriya",
}
NEW = ("Türkiye", "Eswatini", "North Macedonia", "Czechia", "Cabo Verde")


@pytest.fixture
def campaign_2008():
    campaign = make_campaign(recipients=STATES)
    Recipient.objects.filter(campaign=campaign, country__iso3="TUR").update(
        status="submitted", completed_at=dt.datetime(2008, 4, 10, 12, tzinfo=dt.UTC)
    )
    return campaign


def _without_new_names(text: str) -> None:
    for name in NEW:
        assert name not in text, name


def test_roster_page_names_and_order_of_2008(client, make_user, campaign_2008):
    client.force_login(make_user(make_user.SECRETARIAT))
    html = client.get(f"/consultations/campaigns/{campaign_2008.pk}/").content.decode()
    for name in OLD.values():
        assert name in html
    _without_new_names(html)
    order = [
        "Cape Verde",
        "Chile",
        "Czech Republic",
        "France",
        "Libyan Arab Jamahiriya",
        "Swaziland",
        "The former Yugoslav Republic of Macedonia",
        "Turkey",
    ]
    positions = [html.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_roster_in_french_sorts_by_the_french_names(client, make_user, campaign_2008):
    client.force_login(make_user(make_user.SECRETARIAT))
    html = client.get(
        f"/fr/consultations/campaigns/{campaign_2008.pk}/"
    ).content.decode()
    # Cap-Vert, Chili, ex-République…, France, Jamahiriya…, République tchèque,
    # Swaziland, Turquie.
    order = ["Cap-Vert", "Chili", "ex-République yougoslave", "France", "Swaziland"]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)


def test_tracking_page_and_map_use_the_names_of_2008(client, make_user, campaign_2008):
    client.force_login(make_user(make_user.SECRETARIAT))
    base = f"/consultations/campaigns/{campaign_2008.pk}"
    tracking = client.get(f"{base}/tracking/?as_of=2008-05-20").content.decode()
    assert "Swaziland" in tracking
    _without_new_names(tracking)
    svg = client.get(
        f"/api/v1/campaigns/{campaign_2008.pk}/map.svg?as_of=2008-04-30"
    ).content.decode()
    # The tooltips (<title>) carry the registry's names of the day.
    assert "<title>Turkey: " in svg and "<title>Türkiye" not in svg


def test_api_and_export_use_the_names_of_2008(client, make_user, campaign_2008):
    client.force_login(make_user(make_user.SECRETARIAT))
    detail = client.get(
        f"/api/v1/campaigns/{campaign_2008.pk}?as_of=2008-04-30&lang=en"
    ).json()
    names = {r["iso3"]: r["name"] for r in detail["recipients"]}
    for iso3, name in OLD.items():
        assert names[iso3] == name
    table = analysis_selectors.answers_table(
        campaign_2008, language="ru", replied_only=False
    )
    states = [row[0] for row in table.rows]
    assert "Ливийская Арабская Джамахирия" in states and "Ливия" not in states
    assert states == sorted(states, key=str.casefold)


def test_a_region_chosen_for_2008_leaves_out_states_admitted_later(client, make_user):
    from migdev.consultation.campaigns.models import Campaign
    from migdev.consultation.questionnaires.models import Questionnaire
    from migdev.registry.models import Grouping
    from tests.consultation.factories import make_questionnaire

    make_questionnaire("q-2008-region")
    client.force_login(make_user(make_user.SECRETARIAT))
    response = client.post(
        "/consultations/campaigns/new/",
        {
            "questionnaire": Questionnaire.objects.get(code="q-2008-region").pk,
            "title_en": "Survey",
            "letter_en": "<p>Dear</p>",
            "opens_on": "2008-03-18",
            "deadline": "2008-04-30",
            "reminder_offsets": "-7, 7",
            "recipients_mode": "chosen",
            "groupings": [Grouping.objects.get(code="002").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    codes = set(
        Campaign.objects.get().recipients.values_list("country__iso3", flat=True)
    )
    assert "SDN" in codes and "SSD" not in codes
    assert len(codes) == 53  # the African Member States of 2008


def test_the_receipt_names_the_state_as_when_the_campaign_opened(campaign_2008):
    from django.utils import translation

    from migdev.consultation.responses.models import ResponseVersion
    from migdev.consultation.responses.services import receipt_text

    recipient = campaign_2008.recipients.get(country__iso3="SWZ")
    version = ResponseVersion.objects.create(
        recipient=recipient, number=1, kind="submission", submission_key="k-swz"
    )
    with translation.override("fr"):
        subject, body = receipt_text(version)
    assert "Swaziland" in subject and "Eswatini" not in subject + body
