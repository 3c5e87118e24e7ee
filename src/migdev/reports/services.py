"""Writes of the reports: templates (with their history and per-block
revisions), comments, the draft → review → final workflow, and builds."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.core.audit import AuditEntry, audit_record, snapshot, system_actor
from migdev.core.errors import BadInput
from migdev.core.i18n import LANGUAGE_CODES
from migdev.languages import UnknownLanguage, normalize
from migdev.registry import permissions
from migdev.reports import markup, outputs
from migdev.reports.engine import BuildError, Document, Problem, build_document
from migdev.reports.models import (
    Block,
    Build,
    Comment,
    Report,
    Template,
    TemplateRevision,
)
from migdev.reports.rules import EDIT

Progress = Callable[[str], None]


def _require_edit(actor: Any, report: Report) -> None:
    if actor is None or getattr(actor, "pk", None) != system_actor().pk:
        permissions.require(actor, EDIT, report)


def language_check(language: str) -> str:
    try:
        code = normalize(language)
    except UnknownLanguage as exc:
        raise BadInput(str(exc), field="language") from exc
    if code not in LANGUAGE_CODES:
        raise BadInput(f"{language!r} is not an official language.", field="language")
    return code


@transaction.atomic
def report_create(
    *,
    actor: Any,
    slug: str,
    symbol: str,
    document_date: dt.date,
    as_of: dt.date,
    source_language: str = "en",
) -> Report:
    _require_edit(actor, Report)
    report = Report.objects.create(
        slug=slug,
        symbol=symbol,
        document_date=document_date,
        as_of=as_of,
        source_language=language_check(source_language),
    )
    audit_record(actor=actor, instance=report, action=AuditEntry.Action.CREATE)
    return report


@transaction.atomic
def template_save(
    *,
    actor: Any,
    report: Report,
    language: str,
    source: str,
    note: str = "",
    confirm: tuple[str, ...] = (),
) -> Template:
    """Save one language's template. Broken markup is refused (``BadInput``
    naming the block and column); fields are checked by the preview and the
    build. A block whose text changed gets a new revision; in a translation,
    a changed block (or one listed in ``confirm``: checked, still right) is
    in line with the source's current revision."""
    _require_edit(actor, report)
    if report.status == Report.Status.FINAL:
        raise BadInput(
            _("A final report is frozen: move it back to draft to change it.")
        )
    language = language_check(language)
    try:
        parsed = markup.parse_template(source)
    except markup.MarkupError as exc:
        raise BadInput(str(exc), field="source") from exc
    template, _created = Template.objects.select_for_update().get_or_create(
        report=report, language=language
    )
    if template.source == source and not confirm:
        return template
    now = timezone.now()
    old = {b.key: b for b in template.blocks.all()}
    source_revisions = {}
    if language != report.source_language:
        source_revisions = dict(
            Block.objects.filter(
                template__report=report, template__language=report.source_language
            ).values_list("key", "revision")
        )
    changed = []
    keep = []
    for position, block in enumerate(parsed):
        before = old.get(block.key)
        text_changed = (
            before is None or before.text != block.text or before.kind != block.kind
        )
        row = before or Block(
            template=template, key=block.key, revision=0, changed_at=now
        )
        row.kind, row.position = block.kind, position
        if text_changed:
            row.text, row.revision, row.changed_at = block.text, row.revision + 1, now
            changed.append(block.key)
        if language != report.source_language and (
            text_changed or block.key in confirm
        ):
            row.source_revision = source_revisions.get(block.key)
            confirmed = block.key in confirm and not text_changed
            row.confirmed_by = _author(actor) if confirmed else None
            row.confirmed_at = now if confirmed else None
        row.save()
        keep.append(row.pk)
    removed = [k for k, b in old.items() if b.pk not in keep]
    template.blocks.exclude(pk__in=keep).delete()
    template.source = source
    template.revision += 1
    template.save()
    TemplateRevision.objects.create(
        template=template,
        number=template.revision,
        source=source,
        changed_keys=changed + [f"-{k}" for k in removed],
        author=_author(actor),
        note=note[:300],
    )
    return template


def _author(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def translation_confirm(
    *, actor: Any, report: Report, language: str, keys: list[str] | tuple[str, ...]
) -> list[Block]:
    """A translator checked these blocks after the source changed: the change
    did not touch their meaning. They are in line with the source's current
    revision again, with who confirmed it and when; their text is not
    changed (nor the template's revision, so builds stay comparable)."""
    _require_edit(actor, report)
    if report.status == Report.Status.FINAL:
        raise BadInput(
            _("A final report is frozen: move it back to draft to change it.")
        )
    language = language_check(language)
    if language == report.source_language:
        raise BadInput(
            _("The source language has nothing to confirm: choose a translation."),
            field="language",
        )
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        raise BadInput(_("Tick the paragraphs to confirm."), field="confirm")
    source = dict(
        Block.objects.filter(
            template__report=report, template__language=report.source_language
        ).values_list("key", "revision")
    )
    blocks = {
        b.key: b
        for b in Block.objects.select_for_update().filter(
            template__report=report, template__language=language, key__in=keys
        )
    }
    unknown = [k for k in keys if k not in blocks or k not in source]
    if unknown:
        raise BadInput(
            _("%(key)s is not a block of both this translation and the source.")
            % {"key": unknown[0]},
            field="confirm",
        )
    now = timezone.now()
    confirmed = []
    for key in keys:
        block = blocks[key]
        block.source_revision = source[key]
        block.confirmed_by, block.confirmed_at = _author(actor), now
        block.save(update_fields=["source_revision", "confirmed_by", "confirmed_at"])
        confirmed.append(block)
    return confirmed


@transaction.atomic
def comment_add(
    *, actor: Any, report: Report, language: str, block_key: str, text: str
) -> Comment:
    _require_edit(actor, report)
    text = (text or "").strip()
    if not text:
        raise BadInput(_("Write a comment."), field="text")
    language = language_check(language)
    if not Block.objects.filter(
        template__report=report, template__language=language, key=block_key
    ).exists():
        raise BadInput(_("This paragraph is not in the template."), field="block_key")
    return Comment.objects.create(
        report=report, language=language, block_key=block_key, author=actor, text=text
    )


_TRANSITIONS = {
    Report.Status.DRAFT: (Report.Status.REVIEW,),
    Report.Status.REVIEW: (Report.Status.DRAFT, Report.Status.FINAL),
    Report.Status.FINAL: (Report.Status.DRAFT,),
}


def status_change(
    *, actor: Any, report: Report, to: str, progress: Progress | None = None
) -> list[Build]:
    """Move the report along draft → review → final (or back). Making it final
    builds every language as of the report's day and freezes the files: the
    final builds are what is cited. Nothing changes if any build fails."""
    _require_edit(actor, report)
    if to not in _TRANSITIONS[report.status]:
        raise BadInput(
            _("A report in %(status)s cannot become %(to)s.")
            % {"status": report.status, "to": to},
            field="status",
        )
    with transaction.atomic():
        before = snapshot(report)
        report.status = to
        report.save(update_fields=["status"])
        audit_record(
            actor=actor, instance=report, action=AuditEntry.Action.UPDATE, before=before
        )
        builds = []
        if to == Report.Status.FINAL:
            for template in report.templates.order_by("language"):
                build, _files = build_run(
                    actor=actor,
                    report=report,
                    language=template.language,
                    as_of=report.as_of,
                    formats=outputs.FORMATS,
                    final=True,
                    progress=progress,
                )
                builds.append(build)
    return builds


def document_for(
    *,
    actor: Any,
    report: Report,
    language: str,
    as_of: dt.date,
    source: str | None = None,
) -> tuple[Document, Template | None]:
    """The filled document (``BuildError`` with every problem). ``source``:
    an unsaved template text, for the preview."""
    language = language_check(language)
    template = Template.objects.filter(report=report, language=language).first()
    if source is None:
        if template is None or not template.source.strip():
            raise BuildError(
                [Problem("", "", f"the report has no template in {language}")]
            )
        source = template.source
    reader = None if actor is None or actor.pk == system_actor().pk else actor
    order = None
    if language != report.source_language:
        # A translation is numbered as the source is: its ¶21 is the source's.
        order = list(
            Block.objects.filter(
                template__report=report, template__language=report.source_language
            )
            .order_by("position")
            .values_list("key", "kind")
        )
    doc = build_document(
        report=report,
        language=language,
        source=source,
        as_of=as_of,
        user=reader,
        order=order or None,
    )
    return doc, template


def build_run(
    *,
    actor: Any,
    report: Report,
    language: str,
    as_of: dt.date,
    formats: tuple[str, ...],
    final: bool = False,
    progress: Progress | None = None,
) -> tuple[Build, dict[str, bytes]]:
    """Build the report in ``language`` as of ``as_of`` in ``formats``; record
    the build (template revision, values with provenance, checksums; the files
    too for a final build). ``BuildError`` leaves nothing behind."""
    _require_edit(actor, report)
    say = progress or (lambda _m: None)
    say(
        f"reading the {language} template and filling its fields as of {as_of.isoformat()}"
    )
    doc, template = document_for(
        actor=actor, report=report, language=language, as_of=as_of
    )
    say(
        f"{len(doc.fields)} fields filled, {sum(b.kind == 'para' for b in doc.body)} paragraphs, {len(doc.footnotes)} footnotes"
    )
    files: dict[str, bytes] = {}
    for fmt in formats:
        say(f"writing {fmt.upper()}")
        files[fmt] = outputs.render(doc, fmt)
    with transaction.atomic():
        build = Build.objects.create(
            report=report,
            language=doc.language,
            as_of=as_of,
            template_revision=template.revision if template else 0,
            report_status=report.status,
            final=final,
            values=doc.values(),
            checksums={
                fmt: hashlib.sha256(data).hexdigest() for fmt, data in files.items()
            },
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **(
                {
                    "html": files.get("html", b"").decode("utf-8"),
                    "pdf": files.get("pdf"),
                    "docx": files.get("docx"),
                }
                if final
                else {}
            ),
        )
    return build, files
