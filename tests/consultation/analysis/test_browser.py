"""The coding screen in a browser: keyboard only, quoting a selection, in Arabic."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.test import Client

from migdev.consultation.analysis import services
from migdev.consultation.analysis.models import Coding
from tests.browser.conftest import ARTIFACTS, CHROMIUM, FLAGS, watch_csp
from tests.consultation.analysis.conftest import recipient_of, reply
from tests.consultation.factories import make_campaign, six

pytestmark = [pytest.mark.browser]

EGYPT = "ترى مصر أن المنتدى العالمي نتيجة مفيدة للحوار. وينبغي أن يبقى غير رسمي."
FRANCE = "Le Forum mondial est un résultat utile. <b>Il doit rester informel.</b>"


def in_browser(live_server, user, steps) -> None:
    """Run ``steps(page, shoot)`` in chromium, logged in as ``user``.

    Playwright's sync API allows one instance per thread, and the session-wide
    one of tests/browser may be running in this thread: this one runs in its own.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    client = Client()
    client.force_login(user)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    errors: list[BaseException] = []

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, args=FLAGS, headless=True
                )
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_cookies([cookie])
                page = context.new_page()
                page.set_default_timeout(15000)
                refused = watch_csp(page)

                def shoot(name: str) -> None:
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

                try:
                    steps(page, shoot)
                    assert not refused, (
                        f"the Content-Security-Policy refused: {refused}"
                    )
                finally:
                    browser.close()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if errors:
        raise errors[0]


@pytest.fixture
def coding_setup(reference_data, make_user):
    secretariat = make_user(make_user.SECRETARIAT)
    campaign = make_campaign(recipients=("FRA", "EGY", "MEX"))
    question = campaign.questionnaire.questions.get(name="forum_view")
    for code, label in (("useful", "Useful outcome"), ("informal", "Informal")):
        services.theme_create(
            actor=secretariat, question=question, code=code, label=six(label)
        )
    reply(recipient_of(campaign, "EGY"), {"forum_view": EGYPT, "level": "global"})
    reply(recipient_of(campaign, "FRA"), {"forum_view": FRANCE, "level": "regional"})
    return secretariat, campaign, question


def test_coding_with_the_keyboard(live_server, coding_setup):
    secretariat, campaign, question = coding_setup
    base = f"{live_server.url}/consultations/analysis/campaigns/{campaign.pk}"
    in_browser(
        live_server,
        secretariat,
        lambda page, shoot: code_egypt(page, shoot, base, question),
    )
    coding = Coding.objects.get(recipient__country__iso3="EGY")
    assert coding.theme.code == "useful"
    assert coding.quote == "المنتدى العالمي نتيجة مفيدة للحوار"


def code_egypt(page, screenshot, base, question) -> None:
    page.goto(f"{base}/questions/{question.pk}/coding/EGY/")
    assert page.locator("#answer").inner_text() == EGYPT
    # The passage field of an unchecked theme is hidden until it is checked.
    assert page.locator("#quote-useful").is_hidden()
    page.focus("#theme-useful")
    page.keyboard.press("Space")
    assert page.locator("#quote-useful").is_visible()
    # Select words of the answer, then "Quote the selection" with the keyboard.
    page.evaluate(
        """() => {
          const node = document.getElementById('answer').firstChild;
          const text = node.textContent;
          const start = text.indexOf('المنتدى');
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, text.indexOf('.'));
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }"""
    )
    page.wait_for_timeout(100)
    page.locator(".coding-theme[data-theme=useful] .quote-selection").focus()
    page.keyboard.press("Enter")
    assert (
        page.locator("#quote-useful").input_value()
        == "المنتدى العالمي نتيجة مفيدة للحوار"
    )
    screenshot("analysis-coding-en")
    page.get_by_role("button", name="Save and go to the next answer").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/coding/FRA/")
    # France's answer is shown as text, not markup.
    assert page.locator("#answer b").count() == 0
    assert "<b>Il doit rester informel.</b>" in page.locator("#answer").inner_text()


def test_tally_page_in_arabic(live_server, coding_setup):
    secretariat, campaign, question = coding_setup
    services.coding_set(
        actor=secretariat,
        recipient=recipient_of(campaign, "EGY"),
        question=question,
        themes=list(question.themes.filter(code="useful")),
        quotes={"useful": "نتيجة مفيدة للحوار"},
    )
    url = f"{live_server.url}/ar/consultations/analysis/campaigns/{campaign.pk}/"
    in_browser(
        live_server, secretariat, lambda page, shoot: read_tally(page, shoot, url)
    )


def read_tally(page, screenshot, url) -> None:
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    details = page.locator("details.quotes").first
    assert not page.get_by_text("نتيجة مفيدة للحوار").first.is_visible()
    details.locator("summary").click()
    assert page.get_by_text("نتيجة مفيدة للحوار").first.is_visible()
    screenshot("analysis-tally-ar")
