"""A strict Content-Security-Policy on every response; no template relies on
what it refuses (inline scripts, event handlers, style attributes)."""

from __future__ import annotations

from pathlib import Path

import pytest

import migdev
from tests.security.csp import blocked_inline, nonce_of

PACKAGE = Path(migdev.__file__).parent


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/fr/states/",
        "/accounts/login/",
        "/admin/login/",
        "/api/v1/states",
        "/api/v1/docs",
        "/static/migdev/site.css",
        "/no-such-page/",
    ],
)
def test_every_response_carries_a_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    policy = response["Content-Security-Policy"]
    rules = _directives(policy)
    assert rules["script-src"] == ["'self'"]  # no inline script, no eval, no CDN
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["base-uri"] == ["'none'"]
    assert "'unsafe-eval'" not in policy
    assert rules["style-src"] == ["'self'", f"'nonce-{nonce_of(policy)}'"]
    # Style attributes (a drawn map's fills) cannot run script; they are allowed.
    assert rules["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.django_db
def test_the_nonce_changes_with_every_response(client):
    first = nonce_of(client.get("/")["Content-Security-Policy"])
    second = nonce_of(client.get("/")["Content-Security-Policy"])
    assert first and second and first != second


@pytest.mark.parametrize(
    "template",
    sorted(PACKAGE.rglob("templates/**/*.html")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_template_relies_on_inline_script_or_style(template):
    text = template.read_text()
    # Template tags may stand where attribute values go; the parser reads them
    # as text, which is enough to see tags and attribute names.
    found = blocked_inline(text, nonce="{{ request.csp_nonce }}", style_attributes=True)
    assert not found, f"{template.name}: {found} (move it to a static file)"


@pytest.mark.django_db
def test_the_api_documentation_page_loads_no_inline_script(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert (
        blocked_inline(page.content.decode(), nonce_of(page["Content-Security-Policy"]))
        == []
    )
