"""The report A/63/265 in a real browser: the secretariat changes a paragraph
of the English source; the French translation shows it outdated; a
translator checks it and confirms it unchanged; the preview shows the filled
document; a build is made and its PDF downloaded and read back."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from migdev.reports.models import Block, Build
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_consultation_cycle import _log_in
from tests.reports.conftest import ADDED, load_all_demos, with_sentence_added
from tests.reports.test_build import replies_as_of

pytestmark = [pytest.mark.browser]


def test_source_change_outdated_confirmed_previewed_built_and_downloaded(
    live_server, reference_data, make_user, page, screenshot, tmp_path
):
    load_all_demos()
    secretariat = make_user(make_user.SECRETARIAT)
    base = live_server.url
    # The editor fills the whole report for its preview: give it time.
    page.set_default_timeout(120000)
    page.set_default_navigation_timeout(120000)
    _log_in(page, base, secretariat)

    # The secretariat edits ¶16 of the English source and saves it.
    page.goto(f"{base}/reports/a-63-265/edit/en/")
    source = page.locator("#source").input_value()
    page.locator("#source").fill(with_sentence_added(source, "p16"))
    page.fill("#note", "wording of ¶16")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The template is saved." in page.locator(".messages").inner_text()

    # The report's page: French has ¶16 outdated, under readable labels.
    page.goto(f"{base}/reports/a-63-265/")
    table = page.get_by_test_id("translation-status")
    row = table.locator("tr[data-key='p16']")
    label = row.locator("th").inner_text()  # as the source numbers it
    assert label.startswith("¶") and label[1:].isdigit()
    cell = row.locator("td[data-language='fr']")
    assert cell.get_attribute("data-state") == "outdated"
    assert cell.inner_text() == "outdated"
    assert (
        label
        in page.locator(
            "[data-testid='translation-summary'] li[data-language='fr']"
        ).inner_text()
    )
    # Styled as the site's tables: the outdated mark has a background.
    background = cell.locator(".state").evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot("reports-translation-status")

    # The translator opens the French editor from the mark, reads the change
    # and confirms the French unchanged.
    cell.get_by_role("link", name="outdated").click()
    page.wait_for_load_state()
    block = page.locator("#outdated-p16")
    assert ADDED not in block.locator("del").inner_text()
    assert ADDED in block.locator("ins").inner_text()
    block.get_by_label("Confirm unchanged").check()
    page.get_by_role("button", name="Confirm the ticked paragraphs unchanged").click()
    page.wait_for_load_state()
    assert "1 paragraph confirmed unchanged." in page.locator(".messages").inner_text()
    assert page.locator("#outdated-p16").count() == 0
    confirmed = Block.objects.get(
        template__report__slug="a-63-265", template__language="fr", key="p16"
    )
    assert confirmed.confirmed_by_id == secretariat.pk

    # The preview shows the filled French document, numbered as the source.
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    preview = page.get_by_test_id("preview")
    assert preview.locator("[data-key='p21']").count() == 1
    text = preview.inner_text()
    assert "{{" not in text and "A/63/265" in text
    assert f"{replies_as_of(dt.date(2008, 7, 15))} États Membres" in text
    screenshot("reports-french-preview")

    page.goto(f"{base}/reports/a-63-265/")
    assert (
        page.locator("tr[data-key='p16'] td[data-language='fr']").count() == 0
        or page.locator("tr[data-key='p16'] td[data-language='fr']").get_attribute(
            "data-state"
        )
        == "current"
    )

    # A build in French, then its PDF downloaded.
    page.select_option("#language", "fr")
    page.fill("#as_of", "2008-07-15")
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_load_state()
    build = Build.objects.get()
    assert page.url.endswith(f"/reports/a-63-265/builds/{build.pk}/")
    assert build.language == "fr"
    with page.expect_download() as caught:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "a-63-265-fr.pdf"
    caught.value.save_as(pdf)
    assert caught.value.suggested_filename == "a-63-265-fr-2008-07-15.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reports-a-63-265-fr.pdf").write_bytes(data)
    if shutil.which("pdftotext"):
        words = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "A/63/265" in words and "Forum mondial" in words
