"""Reads of the reports, scoped to the user who asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from migdev.core.i18n import LANGUAGE_CODES, LANGUAGE_LABELS, listed
from migdev.registry import permissions
from migdev.reports.engine import numbering
from migdev.reports.models import (
    Block,
    Build,
    Comment,
    Report,
    Template,
    TemplateRevision,
)


def report_list(user: Any) -> QuerySet[Report]:
    qs = Report.objects.all()
    if permissions.roles_of(user).secretariat:
        return qs
    return qs.filter(status=Report.Status.FINAL)


def report_get(user: Any, slug: str, *, action: str = permissions.VIEW) -> Report:
    try:
        report = Report.objects.get(slug=slug)
    except Report.DoesNotExist as exc:
        raise Http404(f"There is no report {slug!r}.") from exc
    if not permissions.can(user, permissions.VIEW, report):
        raise Http404(f"There is no report {slug!r}.")
    permissions.require(user, action, report)
    return report


def template_of(report: Report, language: str) -> Template | None:
    return Template.objects.filter(report=report, language=language).first()


def revisions_of(template: Template) -> QuerySet[TemplateRevision]:
    return template.revisions.select_related("author")


def comments_of(report: Report, language: str | None = None) -> QuerySet[Comment]:
    qs = report.comments.select_related("author")
    return qs.filter(language=language) if language else qs


def builds_of(user: Any, report: Report) -> QuerySet[Build]:
    qs = report.builds.defer("html", "pdf", "docx").select_related("created_by")
    if permissions.roles_of(user).secretariat:
        return qs
    return qs.filter(final=True)


def build_get(user: Any, report: Report, pk: Any) -> Build:
    try:
        build = report.builds.get(pk=int(pk))
    except (Build.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("There is no such build.") from exc
    if not permissions.can(user, permissions.VIEW, build):
        raise Http404("There is no such build.")
    return build


# --- Translations: missing and outdated blocks ------------------------------------


MISSING = "missing"
OUTDATED = "outdated"
CURRENT = "current"

_HEAD_LABELS = {
    "symbol_note": _lazy("Note on the symbol"),
    "session": _lazy("Session"),
    "agenda": _lazy("Agenda item"),
    "title": _lazy("Title"),
    "subtitle": _lazy("Subtitle"),
}


def block_labels(blocks: list[tuple[str, str]]) -> dict[str, str]:
    """What an editor calls each block (key, kind), in the page's language:
    "¶12", "Summary 1", "Chapter III", "Section III.B", "Figure 1",
    "Table 1", "Note 1", "Title"; paragraphs numbered as the document numbers
    them."""
    numbers = numbering(blocks, "en")
    labels: dict[str, str] = {}
    counts = {"summary": 0, "note": 0}
    chapter = ""
    for key, kind in blocks:
        number = numbers.get(key, "").rstrip(".")
        if kind == "para":
            labels[key] = _("¶%(number)s") % {"number": number}
        elif kind == "chapter":
            chapter = number
            labels[key] = _("Chapter %(number)s") % {"number": number}
        elif kind == "section":
            where = f"{chapter}.{number}" if chapter else number
            labels[key] = _("Section %(number)s") % {"number": where}
        elif kind == "figure":
            labels[key] = _("Figure %(number)s") % {"number": number}
        elif kind == "table":
            labels[key] = _("Table %(number)s") % {"number": number}
        elif kind in counts:
            counts[kind] += 1
            text = (
                _("Summary %(number)s") if kind == "summary" else _("Note %(number)s")
            )
            labels[key] = text % {"number": counts[kind]}
        else:
            labels[key] = str(_HEAD_LABELS.get(kind, kind))
    return labels


@dataclass(frozen=True)
class Cell:
    """One block in one language: its state, and who confirmed it unchanged."""

    state: str
    confirmed_by: Any = None
    confirmed_at: Any = None


@dataclass(frozen=True)
class BlockStatus:
    key: str
    kind: str
    label: str
    source_text: str
    source_revision: int
    source_changed_at: Any
    cells: dict[str, Cell]  # language → its cell
    paragraph: int | None = None  # its number, for a paragraph

    @property
    def item(self) -> tuple[str, str, int | None]:
        return (self.key, self.label, self.paragraph)

    @property
    def states(self) -> dict[str, str]:
        """language → missing / outdated / current"""
        return {code: cell.state for code, cell in self.cells.items()}

    @property
    def complete(self) -> bool:
        return all(cell.state == CURRENT for cell in self.cells.values())


def translation_status(report: Report) -> list[BlockStatus]:
    """Per block of the source language, in its order: is it missing,
    outdated (the source changed since the translation was last brought in
    line) or current in each other language."""
    blocks: dict[str, dict[str, Block]] = {}
    for block in Block.objects.filter(template__report=report).select_related(
        "template", "confirmed_by"
    ):
        blocks.setdefault(block.template.language, {})[block.key] = block
    source = sorted(
        blocks.get(report.source_language, {}).values(), key=lambda b: b.position
    )
    order = [(b.key, b.kind) for b in source]
    labels = block_labels(order)
    numbers = numbering(order, "en")
    others = [code for code in LANGUAGE_CODES if code != report.source_language]
    rows = []
    for block in source:
        cells = {}
        for code in others:
            other = blocks.get(code, {}).get(block.key)
            if other is None:
                cells[code] = Cell(MISSING)
            elif (other.source_revision or 0) < block.revision:
                cells[code] = Cell(OUTDATED)
            else:
                cells[code] = Cell(CURRENT, other.confirmed_by, other.confirmed_at)
        rows.append(
            BlockStatus(
                block.key,
                block.kind,
                labels[block.key],
                block.text,
                block.revision,
                block.changed_at,
                cells,
                int(numbers[block.key].rstrip(".")) if block.kind == "para" else None,
            )
        )
    return rows


@dataclass(frozen=True)
class LanguageStatus:
    """One translation at a glance: what is missing and what is outdated."""

    code: str
    name: str
    has_template: bool
    total: int
    missing: list[tuple[str, str, int | None]]  # (key, label, ¶ number)
    outdated: list[tuple[str, str, int | None]]

    @property
    def missing_text(self) -> str:
        return _label_ranges(self.missing)

    @property
    def outdated_text(self) -> str:
        return _label_ranges(self.outdated)


def translation_summary(
    report: Report, rows: list[BlockStatus]
) -> list[LanguageStatus]:
    """Per translation: the blocks of the source it lacks or has outdated."""
    languages = set(report.templates.values_list("language", flat=True))
    out = []
    for code in LANGUAGE_CODES:
        if code == report.source_language:
            continue
        out.append(
            LanguageStatus(
                code,
                str(LANGUAGE_LABELS[code]),
                code in languages,
                len(rows),
                [r.item for r in rows if r.cells[code].state == MISSING],
                [r.item for r in rows if r.cells[code].state == OUTDATED],
            )
        )
    return out


def _label_ranges(items: list[tuple[str, str, int | None]]) -> str:
    """ "¶1–11, ¶13, Chapter II": runs of consecutive paragraphs as ranges.
    ``items``: (key, label, paragraph number or None)."""
    out: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            number = str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
            out.append(_("¶%(number)s") % {"number": number})
            run.clear()

    for _key, label, paragraph in items:
        if paragraph is None:
            close()
            out.append(label)
            continue
        if run and paragraph != run[-1] + 1:
            close()
        run.append(paragraph)
    close()
    return listed(out)


@dataclass(frozen=True)
class Outdated:
    """A translation's block behind the source: the source's text when the
    translation was last in line with it, and now."""

    key: str
    label: str
    text: str
    source_then: str
    source_now: str
    source_changed_at: Any


def outdated_blocks(report: Report, language: str) -> list[Outdated]:
    """The blocks of ``language`` whose source changed since they were
    last brought in line, each with the source's text before and after (from
    the source's saved revisions), for the translator to confirm or edit."""
    rows = [
        r
        for r in translation_status(report)
        if r.cells.get(language) and r.cells[language].state == OUTDATED
    ]
    if not rows:
        return []
    texts = {
        b.key: b
        for b in Block.objects.filter(
            template__report=report,
            template__language=language,
            key__in=[r.key for r in rows],
        )
    }
    history = _block_history(report, {r.key for r in rows})
    out = []
    for row in rows:
        block = texts[row.key]
        versions = history.get(row.key, [])
        then = ""
        if block.source_revision and 0 < block.source_revision <= len(versions):
            then = versions[block.source_revision - 1]
        out.append(
            Outdated(
                row.key,
                row.label,
                block.text,
                then,
                row.source_text,
                row.source_changed_at,
            )
        )
    return out


def _block_history(report: Report, keys: set[str]) -> dict[str, list[str]]:
    """key → the source block's successive texts (revision 1, 2…), read back
    from the source template's saved revisions."""
    from migdev.reports import markup

    template = template_of(report, report.source_language)
    history: dict[str, list[str]] = {k: [] for k in keys}
    if template is None:
        return history
    for revision in template.revisions.order_by("number"):
        try:
            parsed = markup.parse_template(revision.source)
        except markup.MarkupError:
            continue
        for block in parsed:
            if block.key in history and (
                not history[block.key] or history[block.key][-1] != block.text
            ):
                history[block.key].append(block.text)
    return history


# --- Comparing two builds ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    block: str
    field: str
    before: str
    after: str
    why: str


def compare_builds(first: Build, second: Build) -> list[Change]:
    """What numbers, lists and figures differ between two builds, and why:
    the day, the template, or the data (records read)."""

    def keyed(build: Build) -> dict[tuple[str, str, int], dict]:
        out: dict[tuple[str, str, int], dict] = {}
        seen: dict[tuple[str, str], int] = {}
        for v in build.values:
            k = (v["block"], v["field"])
            seen[k] = seen.get(k, 0) + 1
            out[(*k, seen[k])] = v
        return out

    a, b = keyed(first), keyed(second)
    changes = []
    for key in sorted(set(a) | set(b)):
        before, after = a.get(key), b.get(key)
        if before and after and before["value"] == after["value"]:
            continue
        changes.append(
            Change(
                key[0],
                key[1],
                before["text"] if before else "—",
                after["text"] if after else "—",
                _why(first, second, before, after),
            )
        )
    return changes


def _why(first: Build, second: Build, before: dict | None, after: dict | None) -> str:
    if before is None or after is None:
        return (
            "template"
            if first.template_revision != second.template_revision
            else "field"
        )
    pa, pb = before["provenance"], after["provenance"]
    if pa["args"] != pb["args"]:
        return "day" if first.as_of != second.as_of else "arguments"
    if pa["records"] != pb["records"]:
        added = sorted(set(pb["records"]) - set(pa["records"]))
        removed = sorted(set(pa["records"]) - set(pb["records"]))
        parts = []
        if added:
            parts.append("+" + ", ".join(added[:12]))
        if removed:
            parts.append("−" + ", ".join(removed[:12]))
        return "data: " + "; ".join(parts)
    return "data"
