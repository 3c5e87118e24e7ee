"""Chapter IV in a real browser: an entity's reporting officer submits an
activity in Spanish, the secretariat reviews and publishes it, and it
appears in the chapter IV view."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev.cooperation.services import themes_load
from migdev.registry.models import Organization
from migdev.unsystem import services
from migdev.unsystem.models import Activity, Contribution
from tests.browser.test_consultation_cycle import _log_in

pytestmark = [pytest.mark.browser]


def test_spanish_activity_from_entity_to_chapter_iv(
    live_server, reference_data, make_user, browser, screenshot
):
    themes_load()
    sec = make_user(make_user.SECRETARIAT)
    officer = make_user("org_reporter", organization="eclac")
    cycle = services.cycle_open(
        sec,
        title={
            "en": "Contributions to the 2008 report",
            "es": "Contribuciones al informe de 2008",
        },
        period_start=dt.date(2006, 9, 1),
        period_end=dt.date(2008, 6, 30),
        opens_on=dt.date(2008, 3, 18),
        deadline=dt.date(2099, 4, 30),
        organizations=Organization.objects.filter(code__in=["eclac", "unfpa"]),
    )
    contribution = Contribution.objects.get(cycle=cycle, organization__code="eclac")

    officer_page = browser.new_context().new_page()
    _log_in(officer_page, live_server.url, officer)
    officer_page.goto(
        f"{live_server.url}/es/un-system/contributions/{contribution.pk}/"
    )
    officer_page.fill(
        "#id_title",
        "Investigación sobre migración internacional en América Latina (IMILA)",
    )
    officer_page.fill(
        "#id_description",
        "La CEPAL, por conducto del CELADE, mantiene la base de datos IMILA con los censos de la región.",
    )
    officer_page.select_option("#id_language", "es")
    officer_page.check(f"input[name=themes][value='{_theme_pk('data')}']")
    officer_page.locator("form.form button[type=submit]").click()
    officer_page.wait_for_load_state()
    assert "IMILA" in officer_page.locator("ul.submitted").inner_text()
    activity = Activity.objects.get()
    assert activity.language == "es" and activity.status == "submitted"

    page = browser.new_context().new_page()
    _log_in(page, live_server.url, sec)
    page.goto(f"{live_server.url}/un-system/cycles/{cycle.pk}/")
    page.locator("ul.review-queue a", has_text="IMILA").click()
    page.fill("#id_title", "Base de datos IMILA (CEPAL/CELADE)")
    page.locator("button[name=publish]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/es/un-system/cycles/{cycle.pk}/chapter-iv/")
    section = page.locator("section.chapter-iv-regional_commissions")
    assert "Base de datos IMILA (CEPAL/CELADE)" in section.inner_text()
    assert "CELADE" in section.locator("[lang=es]").first.inner_text()
    screenshot("chapter-iv-spanish-activity")


def _theme_pk(code: str) -> int:
    from migdev.cooperation.models import Theme

    return Theme.objects.get(code=code).pk
