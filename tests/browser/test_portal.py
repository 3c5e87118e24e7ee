"""The data portal in a browser: a profile in Chinese, then in Arabic (right
to left, no chart label clipped), its data downloaded as XLSX and read back;
the world map of the migrant share read country by country with the
keyboard; and the profile and map in the six languages, photographed."""

from __future__ import annotations

import openpyxl
import pytest

from migdev.indicators import services
from tests.portal.conftest import STOCK, make_release

pytestmark = [pytest.mark.browser]

SHARES = {  # M49: migrant share, 2020
    250: 13.1,
    504: 0.3,
    724: 14.6,
    12: 0.6,
    276: 18.8,
    840: 15.3,
    156: 0.1,
    356: 0.4,
    36: 30.1,
    643: 8.0,
    76: 0.5,
    710: 4.8,
    392: 2.2,
    124: 21.3,
}

# Every <text> of each chart inside its <svg> box (screen pixels, a pixel of
# tolerance); the offending labels otherwise.
CLIPPED = """
() => {
  const out = [];
  document.querySelectorAll('.portal-chart svg, .portal-map svg').forEach((svg, i) => {
    const box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach((t) => {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push(i + ': ' + t.textContent);
      }
    });
  });
  return out;
}
"""


@pytest.fixture
def portal_data(reference_data, make_user):
    secretariat = make_user(make_user.SECRETARIAT)
    stock = make_release("test-stock", STOCK)
    services.release_publish(actor=secretariat, release=stock)
    rows = [
        ("migrant_share", code, "2020", "_T", "_T", None, None, value, None)
        for code, value in SHARES.items()
        if code != 250
    ]
    shares = make_release("test-shares", rows)
    services.release_publish(actor=secretariat, release=shares)
    return stock


def _arabic_texts_rtl(page) -> bool:
    return page.evaluate(
        """() => [...document.querySelectorAll('.portal-chart svg text')]
            .filter((t) => /[\\u0600-\\u06ff]/.test(t.textContent))
            .every((t) => getComputedStyle(t).direction === 'rtl')"""
    )


def test_profile_in_chinese_then_arabic_and_its_xlsx(
    live_server, portal_data, page, screenshot, tmp_path
):
    page.goto(live_server.url + "/zh-hans/portal/areas/FRA/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "法国"
    assert page.locator(".portal-chart svg").count() >= 6
    assert page.evaluate(CLIPPED) == []

    page.select_option("#language-select", "ar")
    page.locator(".language-switcher button").click()
    page.wait_for_url("**/ar/portal/areas/FRA/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "فرنسا"
    # The charts' labels are inside their drawings, and Arabic ones read
    # right to left.
    assert page.evaluate(CLIPPED) == []
    assert _arabic_texts_rtl(page)
    # Each chart has its numbers beside it, as a table.
    table = page.locator("#fig-stock table")
    assert table.locator("tbody tr").count() == 2
    screenshot("portal-profile-ar")

    link = page.locator('a[href*="area=FRA"][href*="format=xlsx"]').first
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "fra.xlsx"
    info.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    # In the page's language: Arabic column names and area names.
    header = list(rows[0])
    value_at = header.index("القيمة")
    stock = {
        row[6]: row[value_at]
        for row in rows[1:]
        if row[0] == "migrant_stock"
        and row[4] == "FRA"
        and row[7:9] == ("_T", "_T")
        and row[9] is None
    }
    assert stock == {"2010": 7000, "2020": 8500}
    assert {row[5] for row in rows[1:] if row[4] == "FRA"} == {"فرنسا"}


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            const map = document.getElementById('world-map');
            return {
                id: e.id,
                code: (e.getAttribute('class') || '').split(' ')[0],
                label: e.getAttribute('aria-label'),
                inMap: map.contains(e),
                text: e.textContent.trim(),
            };
        }"""
    )


def test_world_map_by_keyboard(live_server, portal_data, page, screenshot):
    # The first drawing of the world reads its shapes: slow on a busy machine.
    page.goto(live_server.url + "/portal/map/?indicator=migrant_share", timeout=90000)
    readout = page.locator("#map-readout")
    # Keyboard only: from the form's last control, a skip link, the search
    # box, then the map as one Tab stop.
    page.focus("#map-method")
    page.keyboard.press("Tab")  # the Show button
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip the map"
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "map-find"
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["inMap"] and readout.inner_text() == first["label"]
    # Inside, the arrow keys go from country to country (alphabetical
    # order) until France.
    for _ in range(260):
        page.keyboard.press("ArrowRight")
        if _focused(page)["code"] == "fr":
            break
    else:
        pytest.fail("France was never reached with the arrow keys")
    assert readout.inner_text() == "France: 13.1%"
    page.keyboard.press("ArrowRight")
    after_france = _focused(page)
    assert (
        after_france["label"] > "France"
        and readout.inner_text() == (after_france["label"])
    )
    page.keyboard.press("ArrowLeft")
    assert readout.inner_text() == "France: 13.1%"
    # One Tab leaves the map; Shift+Tab comes back to the same country.
    page.keyboard.press("Tab")
    assert not _focused(page)["inMap"]
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["code"] == "fr"
    # The skip link goes past the map.
    page.focus(".portal-skip")
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "after-map"
    # The search box lists the same names and gives the same value.
    assert page.locator("#map-names option[value='Germany']").count() == 1
    page.fill("#map-find", "Germany")
    assert readout.inner_text() == "Germany: 18.8%"
    page.keyboard.press("Enter")
    assert _focused(page)["code"] == "de"
    # Pointing at a country says it too.
    page.locator("#world-map g.es path").first.hover(force=True)
    assert readout.inner_text() == "Spain: 14.6%"
    assert page.evaluate(CLIPPED) == []
    screenshot("portal-map-en")


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_screenshots_in_six_languages(
    live_server, portal_data, page, screenshot, language
):
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/portal/areas/FRA/")
    assert page.evaluate(CLIPPED) == []
    screenshot(f"portal-profile-{language}")
    page.goto(f"{live_server.url}{prefix}/portal/map/?indicator=migrant_share")
    assert page.locator("#world-map > svg").count() == 1
    assert page.evaluate(CLIPPED) == []
    screenshot(f"portal-map-{language}")
