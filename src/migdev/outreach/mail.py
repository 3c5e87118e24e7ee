"""E-mail bodies as Django templates, rendered in the recipient's language.

A module keeps three templates per kind of message, e.g. for
``campaigns/mail/invitation``:

- ``campaigns/mail/invitation_subject.txt`` — one line;
- ``campaigns/mail/invitation.txt`` — the plain-text part;
- ``campaigns/mail/invitation.html`` — the HTML part, extending
  ``outreach/mail/base.html`` (which sets ``lang`` and ``dir``).

:func:`render` renders the three under ``translation.override(language)``, so
``{% translate %}``, ``un_date`` and plural forms follow the recipient's
language, and the HTML is escaped by the template engine, not in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from migdev import languages


@dataclass(frozen=True)
class Letter:
    """A rendered message: subject, plain text and HTML (may be empty)."""

    subject: str
    text: str
    html: str = ""


def render(template: str, context: dict[str, Any], *, language: str) -> Letter:
    """Render ``template``'s subject, text and HTML in ``language``."""
    lang = languages.get(language)
    ctx = {
        **context,
        "mail_language": lang.bcp47,
        "mail_direction": lang.direction,
    }
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", ctx)
        text = render_to_string(f"{template}.txt", ctx)
        html = render_to_string(f"{template}.html", ctx)
    return Letter(
        subject=" ".join(subject.split())[:300],
        text=_tidy(text),
        html=html.strip(),
    )


def _tidy(text: str) -> str:
    """Template text without the blank lines that tags leave: at most one
    empty line between paragraphs, none at the ends."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"
