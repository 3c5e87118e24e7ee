"""Fill a template: number its paragraphs and footnotes, resolve its fields as
of a day, and give a :class:`Document` the writers (``outputs``) turn into
HTML, PDF and Word. Every problem is collected with its block and field, so
the preview lists them all and a build writes nothing."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from migdev.languages import (
    PLURAL_CATEGORIES,
    PluralFormMissing,
    format_date,
    plural,
    plural_categories,
)
from migdev.languages import get as language_get
from migdev.reports import markup
from migdev.reports.fields import Context, FieldError, Value, resolve, spec

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
CHINESE = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
ARABIC_ORDINALS = (
    "أولا",
    "ثانيا",
    "ثالثا",
    "رابعا",
    "خامسا",
    "سادسا",
    "سابعا",
    "ثامنا",
    "تاسعا",
    "عاشرا",
)
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ARABIC_SECTIONS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء")

#: "Original: English" — the language the report was written in.
ORIGINAL_NAMES = {
    "ar": pgettext_lazy("original language", "Arabic"),
    "zh-hans": pgettext_lazy("original language", "Chinese"),
    "en": pgettext_lazy("original language", "English"),
    "fr": pgettext_lazy("original language", "French"),
    "ru": pgettext_lazy("original language", "Russian"),
    "es": pgettext_lazy("original language", "Spanish"),
}


@dataclass(frozen=True)
class Problem:
    block: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"block {self.block}" if self.block else "template"
        if self.field:
            where += f", field {{{{ {self.field} }}}}"
        return f"{where}: {self.message}"


class BuildError(ValueError):
    """A template that cannot be built: every problem, with its block and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class Filled:
    """A field in the built document: its number (for provenance links)."""

    number: int
    block: str
    source: str
    name: str
    args: dict[str, str]
    value: Value


@dataclass
class Piece:
    kind: str  # text | field | fnref
    text: str = ""
    filled: Filled | None = None
    footnote: int = 0
    note: list[Piece] = field(
        default_factory=list
    )  # a footnote's text, for page-foot notes


@dataclass
class DocBlock:
    kind: str
    key: str
    label: str = ""  # "21." for paragraphs, "III." for chapters, "A." for sections
    pieces: list[Piece] = field(default_factory=list)
    figure: Value | None = None
    table: Value | None = None
    image_base64: str = ""  # the figure's PNG, for HTML

    @property
    def plain(self) -> str:
        return "".join(p.text if p.kind != "fnref" else "" for p in self.pieces)


@dataclass
class Note:
    number: int
    block: str
    pieces: list[Piece]


@dataclass
class Document:
    slug: str
    symbol: str
    distribution: str
    language: str
    direction: str
    bcp47: str
    date_text: str
    as_of: dt.date
    original: str
    head: dict[str, DocBlock]
    body: list[DocBlock]
    footnotes: list[Note]
    fields: list[Filled]

    def values(self) -> list[dict[str, Any]]:
        """What a build records: every field, its value and provenance."""
        return [
            {
                "n": f.number,
                "block": f.block,
                "field": f.source,
                "kind": f.value.kind,
                "text": f.value.text,
                "value": f.value.comparable,
                "provenance": f.value.provenance.as_dict(),
            }
            for f in self.fields
        ]


def chapter_label(n: int, language: str) -> str:
    if language == "zh-hans":
        return f"{CHINESE[n - 1]}."
    if language == "ar":
        return f"{ARABIC_ORDINALS[n - 1]} -"
    return f"{ROMAN[n - 1]}."


def section_label(n: int, language: str) -> str:
    if language == "ar":
        return f"{ARABIC_SECTIONS[n - 1]} -"
    return f"{LATIN[n - 1]}."


def plural_forms(
    name: str, args: dict[str, str], language: str
) -> tuple[dict[str, str], dict[str, str]]:
    """A counting field's arguments without its plural forms, and the forms:
    ``one="# государство-член" few="# государства-члена" many="# государств-
    членов"`` (``#`` is the number). Every category the language's whole
    numbers take needs a form (or ``other=``), so the sentence agrees with any
    count, not only today's."""
    own = set(spec(name).args)
    forms = {k: v for k, v in args.items() if k in PLURAL_CATEGORIES and k not in own}
    if not forms:
        return args, {}
    rest = {k: v for k, v in args.items() if k not in forms}
    categories = plural_categories(language)
    english = language_get(language).english_name
    foreign = sorted(
        set(forms) - set(categories) - {"other"}, key=PLURAL_CATEGORIES.index
    )
    if foreign:
        raise FieldError(
            f"{english} has no plural form {foreign[0]} "
            f"(its forms: {', '.join(categories)})"
        )
    if "other" not in forms:
        lacking = [c for c in categories if c not in forms]
        if lacking:
            raise FieldError(
                f"the plural form {lacking[0]}= is missing: {english} needs "
                f"{', '.join(f'{c}=' for c in categories)} (or other= for the rest)"
            )
    return rest, forms


def with_plural(
    value: Value, forms: dict[str, str], language: str, cap: str | None = None
) -> Value:
    """The number with the noun in the form that agrees with it."""
    if not forms:
        return value
    if value.kind != "number" or not isinstance(value.comparable, int):
        raise FieldError(
            "plural forms (one=, few=…) go with a field that counts, "
            f"not with a {value.kind}"
        )
    try:
        text = plural(value.comparable, language, forms, number=value.text)
    except PluralFormMissing as exc:
        raise FieldError(str(exc)) from exc
    if cap == "yes" and text:
        text = text[0].upper() + text[1:]
    return replace(value, text=text)


@dataclass
class _Builder:
    ctx: Context
    problems: list[Problem] = field(default_factory=list)
    fields: list[Filled] = field(default_factory=list)
    footnotes: list[Note] = field(default_factory=list)

    def fill(self, block: markup.Block, part: markup.Field) -> Filled | None:
        try:
            args, forms = plural_forms(part.name, part.kwargs, self.ctx.language)
            value = resolve(part.name, args, self.ctx, block.kind)
            value = with_plural(value, forms, self.ctx.language, args.get("cap"))
        except FieldError as exc:
            self.problems.append(Problem(block.key, part.source, str(exc)))
            return None
        filled = Filled(
            len(self.fields) + 1, block.key, part.source, part.name, part.kwargs, value
        )
        self.fields.append(filled)
        return filled

    def pieces(
        self, block: markup.Block, parts: Any, doc_block: DocBlock | None
    ) -> list[Piece]:
        out: list[Piece] = []
        for part in parts:
            if isinstance(part, str):
                out.append(Piece("text", part))
            elif isinstance(part, markup.Field):
                filled = self.fill(block, part)
                if filled is None:
                    out.append(Piece("text", "{{ " + part.source + " }}"))
                elif filled.value.kind in ("figure", "table") and doc_block is not None:
                    setattr(doc_block, filled.value.kind, filled.value)
                    if filled.value.image_png:
                        doc_block.image_base64 = base64.b64encode(
                            filled.value.image_png
                        ).decode()
                else:
                    out.append(Piece("field", filled.value.text, filled))
            else:
                number = len(self.footnotes) + 1
                self.footnotes.append(Note(number, block.key, []))
                self.footnotes[-1].pieces = self.pieces(block, part.parts, None)
                out.append(
                    Piece(
                        "fnref",
                        str(number),
                        footnote=number,
                        note=self.footnotes[-1].pieces,
                    )
                )
        return out


def build_document(
    *,
    report: Any,
    language: str,
    source: str,
    as_of: dt.date,
    user: Any = None,
    original: str = "",
    order: Sequence[tuple[str, str]] | None = None,
) -> Document:
    """The filled document, or :class:`BuildError` listing every problem.
    ``order``: the source language's blocks (key, kind) in its order, which
    numbers a translation's paragraphs, chapters and sections (see
    :func:`numbering`)."""
    try:
        blocks = markup.parse_template(source)
    except markup.MarkupError as exc:
        raise BuildError([Problem(exc.block, "", exc.message + _at(exc))]) from exc
    if not any(b.kind in markup.BODY_KINDS for b in blocks):
        raise BuildError([Problem("", "", "the template has no paragraph")])
    ctx = Context(language=language, as_of=as_of, user=user)
    builder = _Builder(ctx)
    head: dict[str, DocBlock] = {}
    body: list[DocBlock] = []
    labels = numbering([(b.key, b.kind) for b in blocks], language, order)
    for block in blocks:
        doc_block = DocBlock(block.kind, block.key)
        doc_block.pieces = builder.pieces(block, block.parts, doc_block)
        doc_block.label = labels.get(block.key, "")
        if block.kind in markup.HEAD_KINDS:
            head[block.kind] = doc_block
        else:
            body.append(doc_block)
        if block.kind in ("figure", "table") and getattr(doc_block, block.kind) is None:
            builder.problems.append(
                Problem(
                    block.key, "", f"a [{block.kind}] block needs a {block.kind} field"
                )
            )
    if builder.problems:
        raise BuildError(builder.problems)
    lang = language_get(language)
    with translation.override(language):
        original_text = original or pgettext(
            "UN document", "Original: %(language)s"
        ) % {"language": ORIGINAL_NAMES[report.source_language]}
    return Document(
        slug=report.slug,
        symbol=report.symbol,
        distribution=report.distribution,
        language=lang.code,
        direction=lang.direction,
        bcp47=lang.bcp47,
        date_text=format_date(report.document_date, language),
        as_of=as_of,
        original=original_text,
        head=head,
        body=body,
        footnotes=builder.footnotes,
        fields=builder.fields,
    )


def _at(exc: markup.MarkupError) -> str:
    return "" if exc.column is None else f" (column {exc.column})"


def numbering(
    blocks: Sequence[tuple[str, str]],
    language: str,
    order: Sequence[tuple[str, str]] | None = None,
) -> dict[str, str]:
    """The label of each block (key → "21.", "III.", "A.", "1"), numbered in
    the source's order ``order`` (key, kind), so that a translation's ¶21 is
    ¶21 whatever it lacks or puts elsewhere. A block the source does not have
    is counted after the block it follows in the translation (and moves the
    numbers after it on by one, as it would in the source). Without
    ``order``, the blocks are numbered as they stand."""
    sequence = list(order or ())
    known = {key for key, _kind in sequence}
    kinds = dict(blocks)
    previous = None
    for key, kind in blocks:
        if key not in known:
            at = 0
            if previous is not None:
                at = next(i for i, (k, _kd) in enumerate(sequence) if k == previous) + 1
            sequence.insert(at, (key, kind))
            known.add(key)
        previous = key
    counters = {"para": 0, "chapter": 0, "section": 0, "figure": 0, "table": 0}
    labels = {}
    for key, kind in sequence:
        label = _label(kinds.get(key, kind), counters, language)
        if key in kinds:
            labels[key] = label
    return labels


def _label(kind: str, counters: dict[str, int], language: str) -> str:
    if kind == "para":
        counters["para"] += 1
        return f"{counters['para']}."
    if kind == "chapter":
        counters["chapter"] += 1
        counters["section"] = 0
        return chapter_label(counters["chapter"], language)
    if kind == "section":
        counters["section"] += 1
        return section_label(counters["section"], language)
    if kind in ("figure", "table"):
        counters[kind] += 1
        return str(counters[kind])
    return ""
