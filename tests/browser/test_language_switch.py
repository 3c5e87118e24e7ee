import pytest

pytestmark = [pytest.mark.browser]


def test_switching_to_arabic_and_chinese(live_server, reference_data, page, screenshot):
    page.goto(live_server.url + "/states/FRA/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "France"

    page.select_option("#language-select", "ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/ar/states/FRA/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "فرنسا"
    # Right to left: the brand sits at the right edge of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 1280 / 2
    screenshot("state-page-ar")

    # Keyboard only: focus the selector, pick Chinese, submit.
    page.focus("#language-select")
    page.select_option("#language-select", "zh-hans")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zh-hans/states/FRA/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "法国"
    screenshot("state-page-zh")
