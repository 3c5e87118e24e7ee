"""The new-campaign form: every error at once, questionnaires told apart, and
the invitation previewed before dispatch."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.outreach.models import Message
from migdev.registry.models import Contact, Country
from tests.consultation.factories import make_campaign, make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, make_user):
    client.force_login(make_user(make_user.SECRETARIAT))
    return client


def test_every_error_shows_at_once(office):
    questionnaire = make_questionnaire("q-errors")
    response = office.post(
        reverse("campaigns:create"),
        {
            "questionnaire": questionnaire.pk,
            "letter_en": "<p>Dear</p>",
            "opens_on": "2026-05-10",
            "deadline": "2026-05-01",
            "closes_on": "2026-04-01",
            "reminder_offsets": "-7, 999",
            "recipients_mode": "chosen",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("error-summary") :].split("</div>")[0]
    for message in (
        "Title",  # required
        "The deadline must be on or after the opening date.",
        "The closing date must be on or after the deadline, or left empty.",
        "A reminder must fall within a year of the deadline",
        "Choose States or groups, or send to all States.",
    ):
        assert message in summary, message
    assert "correct the 5 fields below" in summary
    assert not Campaign.objects.exists()


def test_same_titled_questionnaires_are_told_apart(office):
    first = make_questionnaire("hld-2008")
    second = make_questionnaire("hld-2008-revised")
    Questionnaire.objects.filter(pk=second.pk).update(version="2")
    html = office.get(reverse("campaigns:create")).content.decode()
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html))
    labels = {options[str(first.pk)], options[str(second.pk)]}
    assert len(labels) == 2
    assert "hld-2008, version 1" in options[str(first.pk)]
    assert "hld-2008-revised, version 2" in options[str(second.pk)]
    assert all(label.startswith("Follow-up of the Dialogue — ") for label in labels)


def test_states_are_checkboxes_grouped_by_region(office):
    html = office.get(reverse("campaigns:create")).content.decode()
    assert "<select" not in html.split('name="states"')[0].rsplit("<fieldset", 1)[-1]
    europe = html[html.index('data-region="150"') :].split("</fieldset>")[0]
    assert "data-select-all" in europe
    assert 'name="states" value="FRA"' in europe
    count = int(re.search(r"All of Europe \((\d+) States\)", europe).group(1))
    assert count == europe.count('name="states"') > 40
    assert 'value="MEX"' not in europe
    africa = html[html.index('data-region="002"') :].split("</fieldset>")[0]
    assert 'value="EGY"' in africa
    # The behaviour is a static file: no inline script for the CSP to refuse.
    assert "campaigns/campaign_form.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_dispatch_page_previews_the_invitation(office):
    Contact.objects.create(
        kind=Contact.Kind.PERMANENT_MISSION,
        country=Country.objects.get(iso3="FRA"),
        name="Permanent Mission of France",
        email="mission.fra@example.org",
    )
    campaign = make_campaign(
        recipients=("FRA", "EGY"),
        status=Campaign.Status.DRAFT,
        opens_on=timezone.localdate(),
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    url = reverse("campaigns:dispatch", kwargs={"pk": campaign.pk})
    html = office.get(url + "?language=fr").content.decode()
    preview = html[html.index("invitation-preview") :].split("</section>")[0]
    assert "mission.fra@example.org" in preview
    assert "Consultation on the follow-up [fr]" in preview  # the subject
    assert "<p>Dear Permanent Representative,</p> [fr]" in preview  # the letter
    assert "/consultations/replies/link/…/" in preview
    arabic = office.get(url + "?language=ar").content.decode()
    preview = arabic[arabic.index("invitation-preview") :].split("</section>")[0]
    assert 'lang="ar" dir="rtl"' in preview and "no address" in preview
    # Previewing issues no link and writes no message.
    assert not campaign.recipients.exclude(outreach__token_hash=None).exists()
    assert not Message.objects.exists()
