"""Rich text of letters and messages: a strict allow-list, and its plain-text twin.

Letters are stored as HTML, cleaned on save with nh3 (the Rust ``ammonia``
sanitizer): only p, br, strong, em, ul, ol, li and links to http, https and
mailto addresses survive; every attribute except ``href`` is dropped, so no
script, style or event handler (``onclick``…) ever reaches a mailbox or page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitize(value: str) -> str:
    """Keep only the allowed tags, attributes and link schemes of ``value``."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style"},
    ).strip()


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.lists: list[list[int]] = []  # counters; [-1] for bullets

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p":
            self.parts.append("\n\n")
        elif tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ol" else -1])
            self.parts.append("\n")
        elif tag == "li":
            marker = "-"
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                marker = f"{self.lists[-1][0]}."
            self.parts.append("\n" + "  " * max(len(self.lists) - 1, 0) + marker + " ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.parts.append("\n")
        elif tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip()
            if self.href and text != self.href:
                self.parts.append(f" <{self.href}>")
            self.href = None

    def handle_data(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if self.href is not None:
            self.link_text.append(data)
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """A readable plain-text version of an allow-listed HTML fragment."""
    writer = _TextWriter()
    writer.feed(value or "")
    writer.close()
    text = "".join(writer.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+(?=[^-\d ])", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
