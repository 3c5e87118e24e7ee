"""What the Content-Security-Policy refuses, found in a page's HTML: used by
the template scan and by the crawl of the site."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class InlineFinder(HTMLParser):
    """Collects what the site's policy blocks: inline scripts, event-handler
    attributes, javascript: links and <style> elements without the page's
    nonce; with ``style_attributes``, style attributes too (templates use
    classes, only server-drawn figures carry style attributes)."""

    def __init__(
        self, nonce: str | None = None, style_attributes: bool = False
    ) -> None:
        super().__init__()
        self.nonce = nonce
        self.style_attributes = style_attributes
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if values.get("type") not in ("application/json", "application/ld+json"):
                self.found.append("inline <script>")
        if tag == "style" and (self.nonce is None or values.get("nonce") != self.nonce):
            self.found.append("<style> without the nonce")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name == "style" and self.style_attributes:
                self.found.append(f"<{tag} style=…>")
            elif name in ("href", "src", "action") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def blocked_inline(
    html: str, nonce: str | None = None, style_attributes: bool = False
) -> list[str]:
    finder = InlineFinder(nonce, style_attributes)
    finder.feed(html)
    return finder.found


def nonce_of(policy: str) -> str | None:
    match = re.search(r"'nonce-([^']+)'", policy)
    return match.group(1) if match else None
