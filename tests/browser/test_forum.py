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


NOTE = b"%PDF-1.4\n% Note verbale of the Permanent Mission of France\n%%EOF\n"
LETTER = b"%PDF-1.4\n% Nomination letter of the ILO, Manila 2008\n%%EOF\n"


def _pdf(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def test_an_organization_registers_with_its_letter_and_is_accredited(
    live_server, reference_data, make_user, page, screenshot
):
    load_demo()
    base = live_server.url
    reporter = make_user(make_user.ORG_REPORTER, organization="ilo")
    support = make_user(make_user.FORUM_SUPPORT)

    # The ILO's reporting officer registers its delegation to Manila 2008, with
    # the nomination letter; a file that is no PDF is refused first.
    _log_in(page, base, reporter)
    page.goto(base + "/forum/meetings/2/")
    page.get_by_role("link", name="Register a delegation").click()
    assert page.locator("#id_party option").all_inner_texts() == [
        "International Labour Organization"
    ]
    page.fill(
        "#id_delegates",
        "Ibrahim Awad; Director of the International Migration Programme",
    )
    page.set_input_files(
        "#id_letter", files=[_pdf("letter.pdf", b"\x89PNG\r\n\x1a\n" + bytes(40))]
    )
    page.get_by_role("button", name="Register").click()
    assert "PNG image" in page.locator(".field-error").inner_text()
    page.set_input_files("#id_letter", files=[_pdf("ILO nomination.pdf", LETTER)])
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/forum/meetings/2/")
    row = page.get_by_test_id("registrations").locator("tr", has_text="ILO")
    assert "awaiting accreditation" in row.inner_text()
    screenshot("forum-organization-registered")
    _log_out(page)

    # The support unit reads the letter (behind its permission check) and
    # accredits the delegation.
    _log_in(page, base, support)
    page.goto(base + "/forum/meetings/2/")
    row = page.get_by_test_id("registrations").locator("tr", has_text="ILO")
    assert (
        "Ibrahim Awad (Director of the International Migration Programme)"
        in row.inner_text()
    )
    link = row.get_by_role("link", name="Nomination letter (PDF)")
    href = link.get_attribute("href")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "ILO nomination.pdf"
    with open(download.value.path(), "rb") as f:
        assert f.read() == LETTER
    row.get_by_role("button", name="Accredit").click()
    page.wait_for_url("**/forum/meetings/2/")
    assert "ILO" in page.get_by_test_id("attendance-organizations").inner_text()
    screenshot("forum-organization-accredited")
    _log_out(page)

    # Outside: the letter is behind the sign-in; the public sees the ILO attend.
    anonymous = page.request.get(base + href, max_redirects=0)
    assert (
        anonymous.status == 302 and "/accounts/login/" in anonymous.headers["location"]
    )
    page.goto(base + "/forum/meetings/2/")
    assert "ILO" in page.get_by_test_id("attendance-organizations").inner_text()


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
    assert page.locator("#id_party option").all_inner_texts() == ["France"]
    page.fill(
        "#id_delegates",
        "Claire Martin; Head of delegation; claire.martin@example.org\n"
        "Paul Roux; Adviser",
    )
    page.set_input_files("#id_letter", files=[_pdf("NV 2008-117.pdf", NOTE)])
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
