"""The template language: blocks, fields, footnotes and what is refused."""

from __future__ import annotations

import pytest

from migdev.reports.markup import (
    Field,
    Footnote,
    MarkupError,
    parse_template,
    parse_text,
)


def test_blocks_keys_and_lines_joined():
    blocks = parse_template(
        "% a comment\n[chapter ch1] Introduction\n[para p1] One\ntwo\n\n[para p2] 中文\n继续"
    )
    assert [(b.kind, b.key, b.text) for b in blocks] == [
        ("chapter", "ch1", "Introduction"),
        ("para", "p1", "One two"),
        ("para", "p2", "中文继续"),  # no space between two Chinese lines
    ]


def test_fields_with_arguments_and_a_footnote_holding_a_field():
    parts = parse_text(
        'As of {{ date 2008-07-15 }}, {{ consultation.replies campaign=x as_of="2008-07-15" }} '
        "replied.^[Sent on {{ date 2008-03-18 }} [by fax].]"
    )
    assert parts[1] == Field("date", (("value", "2008-07-15"),), "date 2008-07-15")
    assert parts[3].kwargs == {"campaign": "x", "as_of": "2008-07-15"}
    note = parts[-1]
    assert isinstance(note, Footnote)
    assert note.parts[0] == "Sent on " and note.parts[-1] == " [by fax]."


@pytest.mark.parametrize(
    ("source", "block", "message"),
    [
        ("[para p1] As of {{ date 2008-07-15", "p1", "'{{' is not closed"),
        ("[para p1] stray }} here", "p1", "'}}' without '{{'"),
        ("[para p1] note^[never closed", "p1", "footnote '^[' is not closed"),
        ("[para p1] {{ Bad-Name }}", "p1", "is not a field name"),
        ("[para p1] {{ date a b }}", "p1", "cannot read"),
        ("[para p1] {{ x a=1 a=2 }}", "p1", "given twice"),
        ("[para p1] a^[b^[c]]", "p1", "cannot hold a footnote"),
        ("[paragraph p1] text", "p1", "unknown block kind"),
        ("[para p1] a\n[para p1] b", "p1", "used twice"),
        ("text first\n[para p1] a", "line 1", "text before the first block"),
    ],
)
def test_broken_markup_names_the_block(source, block, message):
    with pytest.raises(MarkupError) as caught:
        parse_template(source)
    assert caught.value.block == block
    assert message in str(caught.value)
