"""The secretariat's release pages in a real browser: a newer draft of a
published dataset is given its French and Arabic titles, reviewed and
published from its page; it becomes the latest, the older release stays
listed and citable; the pages read in French and in Arabic (right to left);
a focal point is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from migdev.indicators import importers, services
from migdev.indicators.generated import write_inputs
from migdev.indicators.models import Release
from tests.browser.test_consultation_cycle import _log_in

pytestmark = [pytest.mark.browser]

FRENCH = "Nombre de migrants, estimation révisée"
ARABIC = "عدد المهاجرين، تقدير منقح"


def test_review_and_publish_a_newer_release(
    live_server,
    reference_data,
    make_user,
    browser,
    page,
    screenshot,
    tmp_path: Path,
    settings,
):
    # The portal's files rendered on publication are tested in tests/portal;
    # here they would be rendered inside the click (the test runs tasks at once).
    settings.PORTAL_RENDER = False
    sec = make_user(make_user.SECRETARIAT)
    older = importers.estimate(write_inputs(tmp_path / "a", seed=0)).release
    services.release_publish(actor=sec, release=older)
    newer = importers.estimate(write_inputs(tmp_path / "b", seed=1)).release
    assert newer.identifier == "migdev-stock-estimate.v2"

    _log_in(page, live_server.url, sec)
    page.goto(f"{live_server.url}/data/")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    latest = page.locator("tbody tr", has_text="(latest)")
    assert older.identifier in latest.inner_text()

    page.locator(f"a:text-is('{newer.identifier}')").click()
    page.wait_for_load_state()
    assert newer.inputs[0]["sha256"] in page.locator("dl").inner_text()
    assert page.locator("[name=title_ar]").get_attribute("dir") == "rtl"
    page.fill("[name=title_fr]", FRENCH)
    page.fill("[name=title_ar]", ARABIC)
    page.locator("form.release-title button[type=submit]").click()
    page.wait_for_load_state()
    assert "The title is saved." in page.locator("ul.messages").inner_text()
    assert page.locator("[name=title_fr]").input_value() == FRENCH

    page.locator("button[value=review]").click()
    page.wait_for_load_state()
    assert "marked as reviewed" in page.locator("ul.messages").inner_text()
    assert page.locator("button[value=review]").count() == 0
    page.locator("button[value=publish]").click()
    page.wait_for_load_state()
    assert "The release is published." in page.locator("ul.messages").inner_text()
    # Published: nothing left to change.
    assert page.locator("form.release-title").count() == 0
    assert page.locator("button[value=publish]").count() == 0
    screenshot("indicators-release-published")

    newer.refresh_from_db()
    assert newer.is_published and newer.published_by == sec
    assert newer.title["fr"] == FRENCH and newer.title["ar"] == ARABIC
    page.goto(f"{live_server.url}/data/")
    latest = page.locator("tbody tr", has_text="(latest)")
    assert newer.identifier in latest.inner_text()
    assert older.identifier in page.locator("tbody").inner_text()  # still listed

    page.goto(f"{live_server.url}/fr/data/releases/{newer.identifier}/")
    assert page.locator("h1").inner_text() == FRENCH
    page.goto(f"{live_server.url}/ar/data/releases/{newer.identifier}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == ARABIC
    screenshot("indicators-release-arabic")

    # The public sees the newer one as the latest; the older stays citable.
    public = Client()
    listed = public.get("/api/v1/releases", {"latest": "true", "lang": "fr"}).json()
    assert [r["identifier"] for r in listed["items"]] == [newer.identifier]
    assert listed["items"][0]["title"] == FRENCH
    assert public.get(f"/api/v1/releases/{older.identifier}").status_code == 200

    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    other = browser.new_context().new_page()
    _log_in(other, live_server.url, focal)
    answer = other.goto(f"{live_server.url}/data/releases/{newer.identifier}/")
    assert answer.status == 403
    assert Release.objects.filter(status="published").count() == 2
