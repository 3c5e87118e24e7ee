"""Text that is not valid Unicode: lone surrogates.

JSON may spell any UTF-16 code unit (``"\\ud800"``), so a JSON body can carry
a string with half a surrogate pair, which no UTF-8 page, file or PostgreSQL
column can hold: PostgreSQL refuses it (a server error), SQLite keeps it
escaped in a JSON column and every page that shows it then fails. Requests
are refused at the edge (``middleware.BadInputMiddleware``), naming the
field; what may already be stored is read back with the half pair replaced
(``SafeJSONDecoder``).
"""

from __future__ import annotations

import json
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A JSON escape of a surrogate code unit, as it appears in a raw body.
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_ESCAPED_SURROGATE_TEXT = re.compile(r"\\u[dD][89abcdefABCDEF]")
REPLACEMENT = "\ufffd"


def has_lone_surrogate(text: str) -> bool:
    # A decoded str holds pairs as one code point: any surrogate left is alone.
    return _SURROGATE.search(text) is not None


def may_hold_surrogates(raw: bytes) -> bool:
    """Whether a raw JSON text spells a surrogate (cheap; then decode to know)."""
    return _ESCAPED_SURROGATE.search(raw) is not None


def _show(key: str) -> str:
    return key.encode("utf-8", "backslashreplace").decode("ascii", "replace")


def invalid_text_path(value: Any, path: str = "") -> str | None:
    """The path (``answers.forum_view``, ``items[2]``) of the first string or
    key of ``value`` that holds a lone surrogate, or None."""
    if isinstance(value, str):
        return (path or "(body)") if has_lone_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            here = f"{path}.{_show(key_text)}" if path else _show(key_text)
            if has_lone_surrogate(key_text):
                return here
            found = invalid_text_path(item, here)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = invalid_text_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


def scrub(value: Any) -> Any:
    """``value`` with every lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


class SafeJSONDecoder(json.JSONDecoder):
    """Decodes as ``json.loads`` does, replacing any lone surrogate: a value
    stored before the edge refused them cannot break a page."""

    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:
        value = super().decode(s, *args, **kwargs)
        if "\\u" in s and _ESCAPED_SURROGATE_TEXT.search(s):
            return scrub(value)
        return value
