"""Campaign services: create, plan, dispatch, follow up, close, publish."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from migdev.consultation.campaigns import selectors, services
from migdev.consultation.campaigns.links import LinkError, recipient_for_token
from migdev.consultation.campaigns.models import Campaign
from migdev.core.audit import AuditEntry
from migdev.outreach.models import FollowUp, Message, Request
from migdev.outreach.richtext import html_to_text, sanitize
from migdev.registry.models import Contact, Country
from tests.consultation.factories import make_questionnaire, secretariat, six

pytestmark = pytest.mark.django_db


def create(actor=None, **kw):
    values = {
        "actor": actor or secretariat(),
        # A code of its own for each (a count and an id() may repeat).
        "questionnaire": make_questionnaire(f"q-{uuid.uuid4().hex[:16]}"),
        "title": six("Consultation on the follow-up"),
        "letter": six("<p>Dear Permanent Representative,</p>"),
        "opens_on": dt.date(2030, 3, 18),
        "deadline": dt.date(2030, 4, 30),
    }
    values.update(kw)
    return services.campaign_create(**values)


def test_default_roster_is_195_states_with_two_reminders(make_user):
    actor = make_user(make_user.SECRETARIAT)
    campaign = create(actor)
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.recipients.count() == 195
    assert set(
        campaign.recipients.filter(country__status="observer").values_list(
            "country__iso3", flat=True
        )
    ) == {"VAT", "PSE"}
    assert list(
        campaign.request.reminder_rules.values_list("offset_days", flat=True)
    ) == [
        -7,
        7,
    ]
    assert AuditEntry.objects.filter(
        object_id=str(campaign.pk), action="create"
    ).exists()


def test_languages_from_the_registry_else_the_table():
    fra = Country.objects.get(iso3="FRA")
    Contact.objects.create(
        kind="focal_point",
        country=Country.objects.get(iso3="GBR"),
        name="X",
        preferred_language="fr",
    )
    campaign = create(recipients=["EGY", "MEX", "RUS", "CHN", fra, "GBR", "BRA", "PSE"])
    languages = dict(
        campaign.recipients.values_list("country__iso3", "outreach__language")
    )
    assert languages == {
        "EGY": "ar",
        "MEX": "es",
        "RUS": "ru",
        "CHN": "zh-hans",
        "FRA": "fr",
        "GBR": "fr",
        "BRA": "en",
        "PSE": "ar",
    }


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="deadline"):
        create(deadline=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError, match="ISO alpha-3"):
        create(recipients=["FRA", "XXX"])
    with pytest.raises(ValidationError, match="areas"):
        create(recipients=["PRI"])
    assert Campaign.objects.count() == 0


def test_letter_is_sanitized():
    dirty = (
        '<p onclick="steal()">Dear <strong>Sir</strong><script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><a href="https://un.org/" style="color:red">UN</a>'
        "<img src=x onerror=alert(1)><ul><li>one</li></ul>"
    )
    clean = sanitize(dirty)
    assert "<script" not in clean and "alert" not in clean
    assert "onclick" not in clean and "onerror" not in clean and "style" not in clean
    assert "javascript" not in clean
    assert '<a href="https://un.org/"' in clean and "<strong>Sir</strong>" in clean
    campaign = create(letter={"en": dirty})
    assert "<script" not in campaign.letter["en"]
    assert "Sir" in html_to_text(clean) and "- one" in html_to_text(clean)


def test_reminder_plan_is_editable_but_keeps_sent_rules():
    campaign = create(recipients=["FRA"])
    services.reminder_plan_set(
        actor=secretariat(), campaign=campaign, offsets=[-14, -7, 7]
    )
    assert list(
        campaign.request.reminder_rules.values_list("offset_days", flat=True)
    ) == [
        -14,
        -7,
        7,
    ]
    rule = campaign.request.reminder_rules.get(offset_days=-7)
    Message.objects.create(
        recipient=campaign.recipients.get().outreach,
        kind="reminder",
        reminder_rule=rule,
        dedupe_key="k",
        subject="s",
        body="b",
    )
    with pytest.raises(ValidationError, match="sent already"):
        services.reminder_plan_set(actor=secretariat(), campaign=campaign, offsets=[7])


def test_dispatch_links_and_invitations(make_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    campaign = create(
        recipients=["FRA", "EGY", "BRA"],
        opens_on=today,
        deadline=today + dt.timedelta(days=40),
    )
    fra = Country.objects.get(iso3="FRA")
    Contact.objects.create(
        kind="permanent_mission", country=fra, name="PM", email="pm@fra.example"
    )
    Contact.objects.create(
        kind="focal_point", country=fra, name="FP", email="fp@fra.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        n = services.campaign_dispatch(
            actor=make_user(make_user.SECRETARIAT), campaign=campaign
        )
    assert n == 3
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN and campaign.dispatched_at
    fr = next(m for m in mail.outbox if m.to == ["pm@fra.example"])
    assert fr.cc == ["fp@fra.example"]
    assert "/fr/consultations/replies/link/" in fr.body
    token = fr.body.split("/fr/consultations/replies/link/")[1].split("/")[0]
    assert recipient_for_token(token).country == fra
    stored = Message.objects.get(recipient__campaign_recipient__country=fra)
    assert stored.status == Message.Status.SENT
    assert token not in stored.body  # the outbox keeps no working link
    # BRA and EGY have no address in the registry: never sent, listed for follow-up.
    unaddressed = Message.objects.filter(status=Message.Status.NO_ADDRESS)
    assert set(
        unaddressed.values_list(
            "recipient__campaign_recipient__country__iso3", flat=True
        )
    ) == {
        "BRA",
        "EGY",
    }
    assert all("registry" in m.error and m.sent_at is None for m in unaddressed)
    assert not Message.objects.filter(status="failed").exists()
    assert {
        item.recipient.country.iso3
        for item in selectors.states_without_address(campaign)
    } == {"BRA", "EGY"}
    with pytest.raises(ValidationError):
        services.campaign_dispatch(actor=secretariat(), campaign=campaign)


def test_close_then_publish(make_user):
    campaign = create(recipients=["FRA"])
    with pytest.raises(ValidationError, match="Close"):
        services.campaign_publish(actor=secretariat(), campaign=campaign)
    with pytest.raises(ValidationError):
        services.campaign_close(actor=secretariat(), campaign=campaign)
    Request.objects.filter(campaign=campaign).update(status="open")
    recipient = campaign.recipients.get()
    token = services.recipient_link_reissue(actor=secretariat(), recipient=recipient)
    services.campaign_close(actor=secretariat(), campaign=campaign)
    with pytest.raises(LinkError) as info:
        recipient_for_token(token)
    assert info.value.code == "closed"
    campaign = services.campaign_publish(actor=secretariat(), campaign=campaign)
    assert campaign.published_at is not None


def test_follow_up_updates_last_call(make_user):
    campaign = create(recipients=["FRA"])
    r = campaign.recipients.get()
    at = timezone.now() - dt.timedelta(days=1)
    services.follow_up_record(
        actor=make_user(make_user.SECRETARIAT),
        recipient=r,
        kind="call",
        at=at,
        contact_name="First Secretary",
        outcome="Reply by Friday",
    )
    services.follow_up_record(
        actor=secretariat(), recipient=r, kind="note", at=timezone.now()
    )
    r.outreach.refresh_from_db()
    assert r.outreach.last_call_at == at
    assert FollowUp.objects.filter(recipient=r.outreach).count() == 2
    with pytest.raises(ValidationError):
        services.follow_up_record(
            actor=secretariat(),
            recipient=r,
            kind="call",
            at=timezone.now() + dt.timedelta(days=2),
        )


def test_update_roster_only_while_draft():
    campaign = create(recipients=["FRA", "MEX"])
    services.campaign_update(
        actor=secretariat(), campaign=campaign, recipients=["MEX", "EGY"], sender="USG"
    )
    assert set(campaign.recipients.values_list("country__iso3", flat=True)) == {
        "MEX",
        "EGY",
    }
    Request.objects.filter(campaign=campaign).update(status="open")
    with pytest.raises(ValidationError, match="before the campaign is dispatched"):
        services.campaign_update(
            actor=secretariat(), campaign=campaign, recipients=["FRA"]
        )


def test_every_service_checks_its_actor(make_user):
    """No campaign service runs for nobody, a focal point or the Forum
    support unit: an API endpoint, a command or another module cannot skip
    the rule (only the secretariat manages campaigns)."""
    from django.core.exceptions import PermissionDenied

    from migdev.outreach.models import Message as OutreachMessage

    campaign = create(recipients=["FRA"])
    Request.objects.filter(campaign=campaign).update(status="open")
    campaign.refresh_from_db()
    recipient = campaign.recipients.get()
    message = OutreachMessage.objects.create(
        recipient=recipient.outreach,
        kind="invitation",
        dedupe_key="x",
        subject="s",
        body="b",
        status="failed",
    )
    calls = {
        "campaign_update": lambda a: services.campaign_update(
            actor=a, campaign=campaign, sender="X"
        ),
        "reminder_plan_set": lambda a: services.reminder_plan_set(
            actor=a, campaign=campaign, offsets=[1]
        ),
        "campaign_dispatch": lambda a: services.campaign_dispatch(
            actor=a, campaign=campaign
        ),
        "campaign_close": lambda a: services.campaign_close(actor=a, campaign=campaign),
        "campaign_publish": lambda a: services.campaign_publish(
            actor=a, campaign=campaign
        ),
        "recipient_link_reissue": lambda a: services.recipient_link_reissue(
            actor=a, recipient=recipient
        ),
        "recipient_link_revoke": lambda a: services.recipient_link_revoke(
            actor=a, recipient=recipient
        ),
        "follow_up_record": lambda a: services.follow_up_record(
            actor=a, recipient=recipient, kind="note", at=timezone.now()
        ),
        "message_send_again": lambda a: services.message_send_again(
            actor=a, message=message
        ),
        "message_settle": lambda a: services.message_settle(
            actor=a, message=message, was_sent=True
        ),
        "campaign_create": lambda a: create(
            actor=a, questionnaire=campaign.questionnaire
        ),
    }
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    support = make_user(make_user.FORUM_SUPPORT)
    for name, call in calls.items():
        for actor in (
            (focal, support)
            if name == "campaign_create"
            else (
                None,
                focal,
                support,
            )
        ):
            with pytest.raises(PermissionDenied):
                call(actor)
                pytest.fail(f"{name} ran for {actor}")
    assert not FollowUp.objects.exists()
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.sender == ""


def test_the_dates_have_one_home_the_outreach_request():
    """The campaign keeps no copy of its dates: it reads its request's, a
    change is written there once and recorded in its audit trail."""
    from migdev.outreach.models import Request

    assert not {"opens_on", "deadline", "closes_on"} & {
        f.name for f in Campaign._meta.concrete_fields
    }
    campaign = create()
    request = Request.objects.get(pk=campaign.request_id)
    assert (request.opens_on, request.deadline) == (
        dt.date(2030, 3, 18),
        dt.date(2030, 4, 30),
    )
    services.campaign_update(
        actor=secretariat(),
        campaign=campaign,
        deadline=dt.date(2030, 5, 15),
        closes_on=dt.date(2030, 6, 1),
    )
    request.refresh_from_db()
    assert (request.deadline, request.closes_on) == (
        dt.date(2030, 5, 15),
        dt.date(2030, 6, 1),
    )
    fresh = Campaign.objects.get(pk=campaign.pk)
    assert (fresh.deadline, fresh.closes_on) == (request.deadline, request.closes_on)
    entry = AuditEntry.objects.get(
        content_type__model="request", object_id=str(request.pk), action="update"
    )
    assert entry.changes["deadline"] == ["2030-04-30", "2030-05-15"]
    with pytest.raises(ValidationError):
        services.campaign_update(
            actor=secretariat(), campaign=campaign, closes_on=dt.date(2030, 5, 1)
        )
    request.refresh_from_db()
    assert request.closes_on == dt.date(2030, 6, 1)
