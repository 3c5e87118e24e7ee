"""The report template language: blocks, fields and footnotes.

A template is plain text. Each block starts on a line of its own with its kind
and its key in brackets; the lines after it, up to the next block, are its
text::

    [title t] International migration and development
    [chapter ch1] Introduction
    [para p21] As of {{ consultation.replies as_of=2008-07-15 }}, ...^[The
    questionnaire was sent on {{ date 2008-03-18 }}.]
    [figure fig1] Member States that had replied {{ consultation.response_map }}

The key links a block to the same block in the other languages. Paragraphs
(``para``) are numbered across the document, footnotes (``^[…]``) too.

Inside a block's text, the only markup is:

* ``{{ name arg=value arg="a value" }}``: a field the system fills;
* ``^[text]``: a footnote (its text may hold fields, not footnotes).

Everything else is text, escaped when written out: no template code, no HTML.
A problem is a :class:`MarkupError` naming the block and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Block kinds in the order a UN document uses them.
HEAD_KINDS = ("symbol_note", "session", "agenda", "title", "subtitle")
BODY_KINDS = ("summary", "chapter", "section", "para", "note", "figure", "table")
KINDS = HEAD_KINDS + BODY_KINDS

_BLOCK = re.compile(
    r"^\[(?P<kind>[a-z_]+)\s+(?P<key>[A-Za-z0-9_.-]+)\]\s?(?P<text>.*)$"
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_ARG = re.compile(r'\s*([a-z][a-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s"]+)\s*')
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


class MarkupError(ValueError):
    """Markup that cannot be read; ``block`` is the key (or line) at fault."""

    def __init__(self, message: str, *, block: str = "", column: int | None = None):
        self.block = block
        self.column = column
        self.message = message
        where = f"block {block}" if block else "template"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Field:
    """``{{ name args }}`` as written; ``source`` is the text between braces."""

    name: str
    args: tuple[tuple[str, str], ...]
    source: str

    @property
    def kwargs(self) -> dict[str, str]:
        return dict(self.args)


@dataclass(frozen=True)
class Footnote:
    parts: tuple[str | Field, ...]


Inline = str | Field | Footnote


@dataclass
class Block:
    kind: str
    key: str
    text: str
    line: int
    parts: list[Inline] = field(default_factory=list)


def _join(lines: list[str]) -> str:
    """Lines of a block as one text: a space between them, none between two
    Chinese characters."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (_WIDE.match(out[-1]) and _WIDE.match(line[0])):
            out += " "
        out += line
    return out


def parse_template(source: str) -> list[Block]:
    """The blocks of ``source``; every block's text parsed (``parts``)."""
    blocks: list[Block] = []
    lines: list[str] = []
    seen: set[str] = set()

    def close() -> None:
        if blocks:
            blocks[-1].text = _join(lines)
            blocks[-1].parts = parse_text(blocks[-1].text, block=blocks[-1].key)

    for number, raw in enumerate(source.splitlines(), start=1):
        if raw.startswith("%"):
            continue  # a comment line
        match = _BLOCK.match(raw)
        if match is None:
            if raw.strip() and not blocks:
                raise MarkupError(
                    "text before the first block: start with a line such as "
                    "[para p1] …",
                    block=f"line {number}",
                )
            lines.append(raw)
            continue
        close()
        kind, key = match["kind"], match["key"]
        if kind not in KINDS:
            raise MarkupError(
                f"unknown block kind [{kind}]; use one of {', '.join(KINDS)}",
                block=key,
            )
        if key in seen:
            raise MarkupError(f"the key {key} is used twice (line {number})", block=key)
        seen.add(key)
        blocks.append(Block(kind=kind, key=key, text="", line=number))
        lines = [match["text"]]
    close()
    return blocks


def _field(source: str, *, block: str, column: int) -> Field:
    body = source.strip()
    if not body:
        raise MarkupError("empty field {{ }}", block=block, column=column)
    name, _sep, rest = body.partition(" ")
    if not _NAME.match(name):
        raise MarkupError(
            f"{name!r} is not a field name (lower-case words joined by dots)",
            block=block,
            column=column,
        )
    args: list[tuple[str, str]] = []
    position = 0
    rest = rest.strip()
    positional = 0
    while position < len(rest):
        match = _ARG.match(rest, position)
        if match is None:
            # One bare value is allowed: {{ date 2008-07-15 }}.
            token = rest[position:].split()[0]
            if positional or "=" in token or '"' in token:
                raise MarkupError(
                    f"cannot read {rest[position:]!r} in the field {name}: "
                    'write arguments as name=value or name="a value"',
                    block=block,
                    column=column,
                )
            positional += 1
            args.append(("value", token))
            position += len(token)
            while position < len(rest) and rest[position].isspace():
                position += 1
            continue
        value = match[2]
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        if any(k == match[1] for k, _v in args):
            raise MarkupError(
                f"the argument {match[1]} is given twice in the field {name}",
                block=block,
                column=column,
            )
        args.append((match[1], value))
        position = match.end()
    return Field(name=name, args=tuple(args), source=body)


def parse_text(
    text: str, *, block: str = "", in_footnote: bool = False
) -> list[Inline]:
    """Text, fields and footnotes of one block's text, in order."""
    parts: list[Inline] = []
    buffer: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("{{", i):
            end = text.find("}}", i + 2)
            if end < 0:
                raise MarkupError(
                    "'{{' is not closed by '}}'", block=block, column=i + 1
                )
            inner = text[i + 2 : end]
            if "{{" in inner:
                raise MarkupError(
                    "'{{' opened inside a field", block=block, column=i + 1
                )
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            parts.append(_field(inner, block=block, column=i + 1))
            i = end + 2
        elif text.startswith("}}", i):
            raise MarkupError("'}}' without '{{'", block=block, column=i + 1)
        elif text.startswith("^[", i):
            if in_footnote:
                raise MarkupError(
                    "a footnote cannot hold a footnote", block=block, column=i + 1
                )
            end = _closing_bracket(text, i + 2)
            if end < 0:
                raise MarkupError(
                    "footnote '^[' is not closed by ']'", block=block, column=i + 1
                )
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            inner_parts = parse_text(text[i + 2 : end], block=block, in_footnote=True)
            parts.append(
                Footnote(tuple(p for p in inner_parts if not isinstance(p, Footnote)))
            )
            i = end + 1
        else:
            buffer.append(text[i])
            i += 1
    if buffer:
        parts.append("".join(buffer))
    return parts


def _closing_bracket(text: str, start: int) -> int:
    """The ``]`` that closes a footnote opened before ``start``; brackets in
    its text nest, fields are skipped."""
    depth = 0
    i = start
    while i < len(text):
        if text.startswith("{{", i):
            end = text.find("}}", i + 2)
            if end < 0:
                return -1
            i = end + 2
            continue
        char = text[i]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1
