"""Chapter IV in a real browser, from the mail on: the secretariat opens a
reporting cycle from the web; ECLAC's reporting officer receives, on a real
SMTP server (aiosmtpd on loopback), a Spanish message with a link; the link
opens ECLAC's contribution without a login, and the officer submits an
activity in Spanish; the secretariat reviews and publishes it, and it
appears in the chapter IV view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from migdev.cooperation.services import themes_load
from migdev.registry.models import Contact, Organization
from migdev.unsystem.models import Activity, Cycle
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_consultation_cycle import _log_in

pytestmark = [pytest.mark.browser]
LINK = re.compile(r"http://\S+/un-system/link/[A-Za-z0-9_-]+/")


def test_spanish_activity_from_the_mailed_link_to_chapter_iv(
    live_server, reference_data, make_user, browser, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    themes_load()
    eclac = Organization.objects.get(code="eclac")
    Contact.objects.create(
        kind=Contact.Kind.REPORTING_OFFICER,
        organization=eclac,
        name="Ana Pérez",
        email="ana.perez@eclac.example",
        preferred_language="es",
    )
    sec = make_user(make_user.SECRETARIAT)
    today = timezone.localdate()

    # The secretariat opens the cycle from the web, for ECLAC and UNFPA.
    office = browser.new_context().new_page()
    office.set_default_timeout(30000)
    _log_in(office, live_server.url, sec)
    office.goto(f"{live_server.url}/un-system/")
    office.get_by_role("link", name="Open a reporting cycle").click()
    office.fill("#id_title_2", "Contributions to the report")
    office.fill("#id_title_5", "Contribuciones al informe")
    office.fill("#id_period_start", "2006-09-01")
    office.fill("#id_period_end", "2008-06-30")
    office.fill("#id_opens_on", today.isoformat())
    office.fill("#id_deadline", (today + dt.timedelta(days=30)).isoformat())
    for code in ("eclac", "unfpa"):
        pk = Organization.objects.get(code=code).pk
        office.check(f"input[name=organizations][value='{pk}']")
    office.get_by_role("button", name="Open the cycle").click()
    office.wait_for_load_state()
    cycle = Cycle.objects.get()
    assert office.url.endswith(f"/un-system/cycles/{cycle.pk}/")

    # The officer's mail: in Spanish, with the link.
    [mail] = [
        m for m in smtp_server.messages if m["rcpt"] == ["ana.perez@eclac.example"]
    ]
    assert mail["language"] == "es"
    text = mail["email"].get_body(("plain",)).get_content()
    assert "Contribuciones al informe" in mail["subject"]
    link = LINK.search(text).group(0)
    assert "/es/un-system/link/" in link

    # The officer follows it, with no login.
    officer = browser.new_context().new_page()
    officer.set_default_timeout(30000)
    officer.goto(link)
    assert (
        "Comisión Económica para América Latina" in officer.locator("h1").inner_text()
    )
    officer.fill(
        "#id_title",
        "Investigación sobre migración internacional en América Latina (IMILA)",
    )
    officer.fill(
        "#id_description",
        "La CEPAL, por conducto del CELADE, mantiene la base de datos IMILA con los censos de la región.",
    )
    officer.select_option("#id_language", "es")
    officer.check(f"input[name=themes][value='{_theme_pk('data')}']")
    officer.locator("form.form button[type=submit]").click()
    officer.wait_for_load_state()
    assert "IMILA" in officer.locator("ul.submitted").inner_text()
    activity = Activity.objects.get()
    assert activity.language == "es" and activity.status == "submitted"
    assert activity.contribution.organization == eclac

    # The secretariat reviews it and publishes it.
    office.goto(f"{live_server.url}/un-system/cycles/{cycle.pk}/")
    office.locator("ul.review-queue a", has_text="IMILA").click()
    office.fill("#id_title", "Base de datos IMILA (CEPAL/CELADE)")
    office.locator("button[name=publish]").click()
    office.wait_for_load_state()
    office.goto(f"{live_server.url}/es/un-system/cycles/{cycle.pk}/chapter-iv/")
    section = office.locator("section.chapter-iv-regional_commissions")
    assert "Base de datos IMILA (CEPAL/CELADE)" in section.inner_text()
    assert "CELADE" in section.locator("[lang=es]").first.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    office.screenshot(
        path=str(ARTIFACTS / "chapter-iv-spanish-activity.png"), full_page=True
    )


def _theme_pk(code: str) -> int:
    from migdev.cooperation.models import Theme

    return Theme.objects.get(code=code).pk
