import pytest

pytestmark = [pytest.mark.browser]


def test_root_address_in_french_by_accept_language(
    live_server, reference_data, browser, screenshot
):
    context = browser.new_context(
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.wait_for_url("**/fr/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "Migrations internationales et développement" in page.title()
        # Choosing English sticks: back at `/`, the page stays English.
        page.select_option("#language-select", "en")
        page.locator(".language-switcher button").click()
        page.wait_for_url(live_server.url + "/")
        page.goto(live_server.url + "/")
        assert page.url == live_server.url + "/"
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
