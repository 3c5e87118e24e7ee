"""`migdev demo` as a new user runs it: dispatch a campaign in the browser and
the invitation arrives in var/mail at once, with links to the port served."""

from __future__ import annotations

import datetime as dt
import email
import os
import re
import signal
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Ports this test may serve the demo on (MIGDEV_TEST_DEMO_PORT: the first of
#: nine, where several checkouts share a machine).
_FIRST_PORT = int(os.environ.get("MIGDEV_TEST_DEMO_PORT", "8141"))
PORTS = range(_FIRST_PORT, _FIRST_PORT + 9)
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}–{PORTS.stop - 1} to serve the demo")


def _wait_for(predicate, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    output = log.read_text(errors="replace")[-3000:] if log else ""
    pytest.fail(f"{what} within {timeout:.0f} s.\n{output}")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def demo(tmp_path):
    """`migdev demo --port N` in a fresh directory, stopped at the end."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "SITE_URL",
            "EMAIL_URL",
            "DJANGO_SETTINGS_MODULE",
        )
    }
    env["MIGDEV_VAR_DIR"] = str(tmp_path / "var")
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "migdev.cli", "demo", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(
            lambda: _listening(port) or process.poll() is not None,
            300,
            "the demo did not serve",
            log,
        )
        assert process.poll() is None, log.read_text()
        yield port, tmp_path / "var" / "mail", log
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _messages(mail_dir: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(mail_dir.glob("*")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=policy.default))
    return found


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_demo_delivers_a_dispatch_with_links_to_its_port(demo, page):
    port, mail_dir, log = demo
    base = f"http://127.0.0.1:{port}"
    banner = log.read_text()
    assert f"migdev demo: {base}/" in banner
    assert str(mail_dir) in banner
    assert "migdev db_worker" in banner and "migdev campaigns run-due" in banner

    page.set_default_timeout(30000)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "migdev-demo")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()

    today = dt.date.today()
    page.goto(base + "/consultations/campaigns/new/")
    page.select_option("#id_questionnaire", index=1)
    page.fill("#id_title_2", "Demo consultation")
    page.fill("#id_title_3", "Consultation de démonstration")
    page.fill("#id_letter_2", "<p>Excellency,</p><p>Please reply.</p>")
    page.fill("#id_letter_3", "<p>Excellence,</p><p>Veuillez répondre.</p>")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_deadline", (today + dt.timedelta(days=30)).isoformat())
    page.check("input[name=recipients_mode][value=chosen]")
    page.check("input[name=states][value=FRA]")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    detail = page.url
    page.goto(detail.rstrip("/") + "/dispatch/")
    page.get_by_role("button", name="Dispatch").click()
    page.wait_for_load_state()

    # The worker beside the server sends it: nobody runs run-due or db_worker.
    # The demo's worker also sends what other modules queued (the UN-system
    # cycle's invitations): the consultation's letter is the one to France.
    messages = _wait_for(
        lambda: [
            m
            for m in (_messages(mail_dir) if mail_dir.exists() else [])
            if "mission.fra@example.org" in m["To"]
        ],
        60,
        "no e-mail to France's mission reached var/mail",
        log,
    )
    (invitation,) = messages
    assert "mission.fra@example.org" in invitation["To"]
    text = _text(invitation)
    links = re.findall(r"https?://[^\s/]+/\S*consultations/replies/link/\S+", text)
    assert links, text
    assert all(link.startswith(f"{base}/") for link in links), links
    assert ":8000/" not in text

    # The link opens France's reply form on the demo server.
    response = page.goto(links[0])
    assert response.status == 200
    assert page.locator("form.reply-form").count() == 1

    # The roster shows the message as sent.
    page.goto(detail)
    page.get_by_role("link", name="France").click()
    page.wait_for_load_state()
    status = page.locator("table tr", has_text="Invitation").locator(".status")
    assert status.first.inner_text() == "Sent"
