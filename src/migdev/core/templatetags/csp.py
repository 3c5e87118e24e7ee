"""``{{ svg|csp_nonce:request.csp_nonce }}``: a server-drawn figure's own
<style> elements carry the response's nonce, so that the Content-Security-
Policy (which refuses inline styles without it) lets them apply.

Only for markup the server drew itself (it is returned as safe)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_STYLE = re.compile(r"<style\b", re.IGNORECASE)


@register.filter
def csp_nonce(markup: str, nonce: str | None) -> SafeString:
    if not nonce:
        return mark_safe(markup)
    return mark_safe(_STYLE.sub(f'<style nonce="{escape(nonce)}"', str(markup)))
