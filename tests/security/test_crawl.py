"""A crawl of the demo site as every role, in every language: from each home
page, follow every same-site link (GET only; never logout or the language
switch) and fail on any answer of 500 or more. Every answer carries the
Content-Security-Policy, and no page relies on what it refuses.

Pages of one kind (ids and codes set aside) are visited at most PER_SHAPE
times per language, so the walk covers every kind of page without visiting
all 195 States in six languages.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client

from tests.security.csp import blocked_inline, nonce_of

HOST = "testserver"
LANGUAGES = ("en", "ar", "zh-hans", "fr", "ru", "es")
USERS = (
    None,
    "secretariat",
    "focal.fra",
    "focal.mex",
    "focal.egy",
    "reporter.iom",
    "forum.support",
)
SKIP = ("/static/", "/media/", "/i18n/", "logout", "/admin/logout")
PER_SHAPE = 1  # pages of one kind per language
MAX_PAGES = 600  # per user, a guard against a walk that never ends


# A segment after one of these is a code (FRA, iom, ldc…), whatever its case.
CODED = {"states", "groupings", "organizations", "coding", "link", "modules"}


def shape(path: str) -> str:
    """The kind of page: language prefix dropped, ids and codes as
    placeholders, query keys only (none for the admin's lists, whose sorting
    and filter links are many variants of one page)."""
    p = urlsplit(path)
    parts = [s for s in p.path.split("/") if s]
    if parts and parts[0] in LANGUAGES:
        parts = parts[1:]
    parts = [
        "{n}"
        if s.isdigit()
        else "{code}"
        if (i and parts[i - 1] in CODED) or (s.isupper() and 2 <= len(s) <= 3)
        else s
        for i, s in enumerate(parts)
    ]
    keys = sorted(k.split("=")[0] for k in p.query.split("&") if k)
    if parts[:1] == ["admin"]:
        keys = []
    return "/" + "/".join(parts) + ("?" + "&".join(keys) if keys else "")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Every app's demo data (as `migdev demo` loads it), in a transaction
    rolled back at the end of the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for app_config in apps.get_app_configs():
                if not app_config.name.startswith("migdev."):
                    continue
                try:
                    module = importlib.import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def crawl(client: Client) -> tuple[Counter, list[str], int]:
    starts = ["/"] + [f"/{lang}/" for lang in LANGUAGES if lang != "en"]
    seen, queue = set(starts), deque(starts)
    kinds: Counter = Counter()
    codes: Counter = Counter()
    failures: list[str] = []
    while queue and sum(codes.values()) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, follow=False)
        codes[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {path}")
        elif response.status_code == 404:
            # A page offered its reader a link to nothing (or to what the
            # reader may not see, which answers as if it did not exist).
            failures.append(f"404 {path}")
        policy = response.get("Content-Security-Policy")
        if not policy:
            failures.append(f"no Content-Security-Policy: {path}")
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(urljoin(f"http://{HOST}{path}", response["Location"]))
            following = target.path + (f"?{target.query}" if target.query else "")
            if (
                target.netloc in ("", HOST)
                and following not in seen
                and not any(s in following for s in SKIP)
            ):
                seen.add(following)
                queue.append(following)
            continue
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode(response.charset or "utf-8", "replace")
        refused = blocked_inline(html, nonce_of(policy or ""))
        if refused:
            failures.append(f"refused by the policy on {path}: {sorted(set(refused))}")
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            url = urlsplit(urldefrag(urljoin(f"http://{HOST}{path}", href))[0])
            if url.scheme not in ("http", "https") or url.netloc not in ("", HOST):
                continue
            following = url.path + (f"?{url.query}" if url.query else "")
            if following in seen or any(s in following for s in SKIP):
                continue
            first = ([s for s in url.path.split("/") if s] or ["en"])[0]
            language = first if first in LANGUAGES else "en"
            kind = (language, shape(following))
            if kinds[kind] >= PER_SHAPE:
                continue
            kinds[kind] += 1
            seen.add(following)
            queue.append(following)
    return codes, failures, len(seen)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS, ids=lambda u: u or "anonymous")
def test_crawl_as(username, demo, django_user_model):
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    if username:
        client.force_login(django_user_model.objects.get(username=username))
    logging.disable(logging.ERROR)  # failures are listed below, not as tracebacks
    try:
        started = time.perf_counter()
        codes, failures, _seen = crawl(client)
    finally:
        logging.disable(logging.NOTSET)
    print(
        f"{username or 'anonymous'}: {sum(codes.values())} pages in "
        f"{time.perf_counter() - started:.1f} s, by status {dict(sorted(codes.items()))}"
    )
    assert not failures, "\n".join(failures)
    assert codes[200] >= 20  # the walk reached the site, not just its front door
