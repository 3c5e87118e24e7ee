"""The whole consultation cycle in a real browser, with e-mail through a real
SMTP server on loopback (A/63/265, fn 1 and ¶21)."""

from __future__ import annotations

import datetime as dt
import email
import re
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.registry.models import Contact, Country
from tests.browser.conftest import ARTIFACTS
from tests.consultation.factories import make_questionnaire

pytestmark = [pytest.mark.browser]

LANGUAGE = {"FRA": "fr", "EGY": "ar", "MEX": "es", "CHN": "zh-hans", "RUS": "ru"}


class Inbox:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content, policy=policy.default
        )
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def since(self, start: int) -> list[email.message.EmailMessage]:
        with self.lock:
            return self.messages[start:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def _missions(address: str) -> set[str]:
    return {a.strip() for a in address.split(",") if a.strip().startswith("mission.")}


def _text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def _log_in(page, base: str, user) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", user.raw_password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_campaign_from_dispatch_to_map(
    live_server, reference_data, make_user, browser, smtp, settings
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    questionnaire = make_questionnaire("hld-follow-up-e2e")
    states = Country.objects.filter(status__in=["member", "observer"])
    Contact.objects.bulk_create(
        Contact(
            kind=Contact.Kind.PERMANENT_MISSION,
            country=c,
            name=f"Permanent Mission {c.iso3}",
            email=f"mission.{c.iso3.lower()}@example.org",
            preferred_language=LANGUAGE.get(c.iso3, "en"),
        )
        for c in states
    )
    secretariat = make_user(make_user.SECRETARIAT)
    focal_fra = make_user(make_user.FOCAL_POINT, country="FRA", username="focal-fra")
    focal_egy = make_user(make_user.FOCAL_POINT, country="EGY", username="focal-egy")
    for user, iso3 in ((focal_fra, "FRA"), (focal_egy, "EGY")):
        Contact.objects.create(
            kind=Contact.Kind.FOCAL_POINT,
            country=Country.objects.get(iso3=iso3),
            user=user,
            name=user.username,
            email=f"{user.username}@example.org",
            preferred_language=LANGUAGE[iso3],
        )
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=21)

    # The secretariat creates the campaign for all 195 recipients and dispatches it.
    office = browser.new_context(viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(30000)
    _log_in(page, base, secretariat)
    page.goto(base + "/consultations/campaigns/new/")
    page.select_option("#id_questionnaire", value=str(questionnaire.pk))
    page.fill("#id_title_2", "Follow-up of the High-level Dialogue")
    page.fill("#id_title_3", "Suivi du Dialogue de haut niveau")
    page.fill(
        "#id_letter_2",
        "<p>Dear Permanent Representative,</p><p>Please reply by the deadline.</p>",
    )
    page.fill(
        "#id_letter_3",
        "<p>Monsieur le Représentant permanent,</p><p>Veuillez répondre avant la date limite.</p>",
    )
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_deadline", deadline.isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    campaign = Campaign.objects.get(questionnaire=questionnaire)
    assert campaign.recipients.count() == 195
    assert sorted(r.offset_days for r in campaign.request.reminder_rules.all()) == [
        -7,
        7,
    ]

    page.goto(base + f"/consultations/campaigns/{campaign.pk}/dispatch/")
    page.get_by_role("button", name="Dispatch").click()
    page.wait_for_load_state()
    invitations = smtp.since(0)
    assert len(invitations) == 195
    invited = set().union(*(_missions(m["X-Envelope-To"]) for m in invitations))
    assert invited == {f"mission.{c.iso3.lower()}@example.org" for c in states}
    to_france = next(
        m for m in invitations if "mission.fra@example.org" in m["X-Envelope-To"]
    )
    assert "focal-fra@example.org" in to_france["X-Envelope-To"]
    assert to_france["Content-Language"] == "fr"
    assert "Veuillez répondre" in _text(to_france)
    to_egypt = next(
        m for m in invitations if "mission.egy@example.org" in m["X-Envelope-To"]
    )
    assert to_egypt["Content-Language"] == "ar"

    # France's focal point logs in and answers in French.
    france = browser.new_context(viewport={"width": 1280, "height": 900})
    fpage = france.new_page()
    fpage.set_default_timeout(30000)
    _log_in(fpage, base, focal_fra)
    fpage.goto(base + "/fr/consultations/")
    fpage.get_by_role("link", name="Suivi du Dialogue de haut niveau").click()
    fpage.wait_for_load_state()
    assert fpage.locator("html").get_attribute("lang") == "fr"
    fpage.fill(
        "#id-forum_view",
        "La France considère le Forum comme un résultat utile du Dialogue.",
    )
    fpage.locator("button[value=submit]").click()
    fpage.wait_for_load_state()

    # Egypt's focal point follows the link of the Arabic e-mail and answers in Arabic.
    link = re.search(
        r"https?://\S+/consultations/replies/link/[\w-]+/", _text(to_egypt)
    ).group(0)
    egypt = browser.new_context(viewport={"width": 1280, "height": 900})
    epage = egypt.new_page()
    epage.set_default_timeout(30000)
    epage.goto(link)
    assert epage.locator("html").get_attribute("dir") == "rtl"
    epage.fill(
        "#id-forum_view", "ترى مصر أن المنتدى نتيجة مفيدة للحوار الرفيع المستوى."
    )
    epage.locator("button[value=submit]").click()
    epage.wait_for_load_state()

    replied = {
        r.country.iso3
        for r in campaign.recipients.filter(
            status=Recipient.Status.SUBMITTED
        ).select_related("country")
    }
    assert replied == {"FRA", "EGY"}

    # The reminder job, one week before and one week after the deadline: only
    # the 193 States that have not replied; a second run sends nothing.
    non_respondents = {
        f"mission.{c.iso3.lower()}@example.org"
        for c in states
        if c.iso3 not in ("FRA", "EGY")
    }
    for day in (deadline - dt.timedelta(days=7), deadline + dt.timedelta(days=7)):
        start = len(smtp.since(0))
        call_command("campaigns", "run-due", "--today", day.isoformat())
        reminders = [
            m
            for m in smtp.since(start)
            if "receipt" not in (m["Subject"] or "").lower()
        ]
        reminded = set().union(*(_missions(m["X-Envelope-To"]) for m in reminders))
        assert reminded == non_respondents
        assert len(reminders) == 193
        again = len(smtp.since(0))
        call_command("campaigns", "run-due", "--today", day.isoformat())
        assert len(smtp.since(0)) == again

    # The map shows exactly the two respondents in gray.
    page.goto(base + f"/consultations/campaigns/{campaign.pk}/map/")
    codes = page.evaluate(
        "Array.from(document.querySelectorAll('g.map-element[data-status=replied]'))"
        ".map(g => g.getAttribute('class').split(' ')[0])"
    )
    assert sorted(codes) == ["eg", "fr"]
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('g.map-element.fr')).fill"
    )
    assert fill in ("rgb(140, 140, 140)", "#8c8c8c")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "consultation-map.png"), full_page=True)
    epage.screenshot(path=str(ARTIFACTS / "consultation-reply-ar.png"), full_page=True)
    for context in (office, france, egypt):
        context.close()
