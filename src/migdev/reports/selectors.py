"""Reads of the reports, scoped to the user who asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from migdev.core.i18n import LANGUAGE_CODES
from migdev.registry import permissions
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


@dataclass(frozen=True)
class BlockStatus:
    key: str
    kind: str
    source_text: str
    states: dict[str, str]  # language → missing / outdated / current


def translation_status(report: Report) -> list[BlockStatus]:
    """Per block of the source language: is it missing, outdated (the source
    changed since the translation was last brought in line) or current in each
    other language."""
    blocks: dict[str, dict[str, Block]] = {}
    for block in Block.objects.filter(template__report=report).select_related(
        "template"
    ):
        blocks.setdefault(block.template.language, {})[block.key] = block
    source = blocks.get(report.source_language, {})
    others = [code for code in LANGUAGE_CODES if code != report.source_language]
    rows = []
    for key, block in sorted(source.items(), key=lambda kv: kv[1].position):
        states = {}
        for code in others:
            other = blocks.get(code, {}).get(key)
            if other is None:
                states[code] = MISSING
            elif (other.source_revision or 0) < block.revision:
                states[code] = OUTDATED
            else:
                states[code] = CURRENT
        rows.append(BlockStatus(key, block.kind, block.text, states))
    return rows


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
