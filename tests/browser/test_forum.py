"""The Global Forum in a real browser: a focal point registers its State's
delegation to the 2008 meeting, the support unit accredits it, the meeting's
page counts it; the Forum page gives the troika in the chosen language."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from migdev.forum.demo import load_demo
from tests.browser.test_consultation_cycle import _log_in

pytestmark = [pytest.mark.browser]


def _log_out(page) -> None:
    page.locator(".account form button[type=submit]").click()
    page.wait_for_load_state()


def test_delegation_registered_accredited_and_counted(
    live_server, reference_data, make_user, page, screenshot
):
    load_demo()
    base = live_server.url
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    support = make_user(make_user.FORUM_SUPPORT)

    # The focal point of France registers its delegation to Manila 2008.
    _log_in(page, base, focal)
    page.goto(base + "/forum/meetings/2/")
    count = page.get_by_test_id("attendance-count")
    assert count.inner_text().startswith("10 State delegations accredited")
    page.get_by_role("link", name="Register a delegation").click()
    assert page.locator("#id_country option").all_inner_texts() == ["France"]
    page.fill(
        "#id_delegates",
        "Claire Martin; Head of delegation; claire.martin@example.org\n"
        "Paul Roux; Adviser",
    )
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/forum/meetings/2/")
    assert "the support unit will accredit it" in page.locator(".messages").inner_text()
    # Not counted until accredited; France sees its own registration waiting.
    assert count.inner_text().startswith("10 State delegations accredited")
    assert "awaiting accreditation" in page.get_by_test_id("registrations").inner_text()
    screenshot("forum-registration-pending")
    _log_out(page)

    # The support unit accredits it.
    _log_in(page, base, support)
    page.goto(base + "/forum/meetings/2/")
    row = page.get_by_test_id("registrations").locator("tr", has_text="France")
    assert "Claire Martin (Head of delegation); Paul Roux (Adviser)" in row.inner_text()
    row.get_by_role("button", name="Accredit").click()
    page.wait_for_url("**/forum/meetings/2/")
    assert count.inner_text().startswith("11 State delegations accredited")
    assert page.get_by_test_id("attendance").locator("li[data-iso3=FRA]").count() == 1
    screenshot("forum-meeting-attendance")

    # The list of participants as the support unit downloads it, and France's badges.
    with page.expect_download() as download:
        page.get_by_test_id("participants-xlsx").click()
    assert download.value.suggested_filename == "forum-2-participants.xlsx"
    with open(download.value.path(), "rb") as f:
        sheet = load_workbook(f).active
    names = [sheet.cell(r, 3).value for r in range(3, sheet.max_row + 1)]
    assert names == ["Claire Martin", "Paul Roux"]
    badges = page.get_by_test_id("own-delegations").locator("li", has_text="France")
    href = badges.get_by_role("link", name="Badges (PDF)").get_attribute("href")
    pdf = page.request.get(base + href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # The Forum page, in Chinese, as of mid-2008: the troika of ¶16.
    page.goto(base + "/forum/")
    page.select_option("#language-select", "zh-hans")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/zh-hans/forum/")
    page.fill("#as_of", "2008-07-01")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/zh-hans/forum/?as_of=2008-07-01")
    troika = page.get_by_test_id("troika").locator("li")
    assert troika.all_inner_texts() == [
        "前任主席: 比利时 (布鲁塞尔 2007)",
        "当值主席: 菲律宾 (马尼拉 2008)",
        "下届主席: 希腊 (雅典 2009)",
    ]
    assert "三方机构" in page.locator("#troika").inner_text()
    screenshot("forum-troika-zh")
