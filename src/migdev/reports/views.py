"""Pages of the reports: the list, a report with its translations and builds,
the template editor with the filled preview, comments, the workflow, builds
(the final ones frozen and citable) and the comparison of two builds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from migdev.core.dated import parse_day
from migdev.core.errors import BadInput
from migdev.core.i18n import LANGUAGE_CODES, LANGUAGE_LABELS
from migdev.reports import fields, outputs, selectors, services
from migdev.reports.engine import BuildError
from migdev.reports.rules import EDIT

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reports/list.html", {"reports": selectors.report_list(request.user)}
    )


@require_safe
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug)
    templates = {t.language: t for t in report.templates.all()}
    may_edit = request.user.is_authenticated and _may_edit(request, report)
    rows = selectors.translation_status(report) if may_edit else []
    show_all = request.GET.get("blocks") == "all"
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "template_languages": [
                (code, LANGUAGE_LABELS[code], templates.get(code))
                for code in LANGUAGE_CODES
            ],
            "source_name": LANGUAGE_LABELS[report.source_language],
            "status_rows": rows if show_all else [r for r in rows if not r.complete],
            "status_total": len(rows),
            "show_all": show_all,
            "summary": selectors.translation_summary(report, rows) if may_edit else [],
            "others": [
                (c, LANGUAGE_LABELS[c])
                for c in LANGUAGE_CODES
                if c != report.source_language
            ],
            "builds": selectors.builds_of(request.user, report)[:30],
            "may_edit": may_edit,
        },
    )


def _may_edit(request: HttpRequest, report) -> bool:
    from migdev.registry import permissions

    return permissions.can(request.user, EDIT, report)


@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug, action=EDIT)
    language = _language(language)
    template = selectors.template_of(report, language)
    source = template.source if template else ""
    as_of = parse_day(request.GET.get("as_of"), report.as_of)
    problems, preview = [], ""
    if request.method == "POST":
        source = request.POST.get("source", "")
        if "save" in request.POST:
            try:
                services.template_save(
                    actor=request.user,
                    report=report,
                    language=language,
                    source=source,
                    note=request.POST.get("note", ""),
                    confirm=tuple(request.POST.getlist("confirm")),
                )
            except BadInput as exc:
                problems.append(exc.message)
            else:
                messages.success(request, _("The template is saved."))
                return redirect("reports:edit", slug=slug, language=language)
    if source.strip() and not problems:
        try:
            doc, _t = services.document_for(
                actor=request.user,
                report=report,
                language=language,
                as_of=as_of,
                source=source,
            )
            preview = outputs.render_to_site(doc)
        except BuildError as exc:
            problems = [str(p) for p in exc.problems]
    is_source = language == report.source_language
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "language": language,
            "language_name": LANGUAGE_LABELS[language],
            "source_name": LANGUAGE_LABELS[report.source_language],
            "is_source": is_source,
            "outdated": []
            if is_source
            else selectors.outdated_blocks(report, language),
            "template": template,
            "source": source,
            "as_of": as_of,
            "problems": problems,
            "preview": preview,
            "fields": fields.specs(),
            "revisions": selectors.revisions_of(template)[:20] if template else [],
            "comments": selectors.comments_of(report, language),
            "block_keys": list(template.blocks.values_list("key", flat=True))
            if template
            else [],
        },
    )


def _language(code: str) -> str:
    try:
        return services.language_check(code)
    except BadInput as exc:
        raise Http404(exc.message) from exc


@require_POST
def comment_add(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug, action=EDIT)
    try:
        services.comment_add(
            actor=request.user,
            report=report,
            language=_language(language),
            block_key=request.POST.get("block_key", ""),
            text=request.POST.get("text", ""),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
    return redirect("reports:edit", slug=slug, language=language)


@require_POST
def translation_confirm(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The translator's "confirm unchanged": the source changed, these
    paragraphs of the translation still say what it says."""
    report = selectors.report_get(request.user, slug, action=EDIT)
    try:
        done = services.translation_confirm(
            actor=request.user,
            report=report,
            language=_language(language),
            keys=request.POST.getlist("confirm"),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d paragraph confirmed unchanged.",
                "%(count)d paragraphs confirmed unchanged.",
                len(done),
            )
            % {"count": len(done)},
        )
    return redirect("reports:edit", slug=slug, language=language)


@require_POST
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug, action=EDIT)
    try:
        services.status_change(
            actor=request.user, report=report, to=request.POST.get("to", "")
        )
    except BadInput as exc:
        messages.error(request, exc.message)
    except BuildError as exc:
        messages.error(
            request,
            _("The report cannot be made final: %(problems)s") % {"problems": exc},
        )
    return redirect("reports:detail", slug=slug)


@require_POST
def build_new(request: HttpRequest, slug: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug, action=EDIT)
    try:
        as_of = parse_day(request.POST.get("as_of"), report.as_of)
        build, _files = services.build_run(
            actor=request.user,
            report=report,
            language=request.POST.get("language", report.source_language),
            as_of=as_of,
            formats=("html",),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("reports:detail", slug=slug)
    except BuildError as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", slug=slug)
    return redirect(build)


@require_safe
def build_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, slug)
    build = selectors.build_get(request.user, report, pk)
    return render(request, "reports/build.html", {"report": report, "build": build})


STANDALONE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
)


@require_safe
def build_file(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """A final build's frozen file (citable); a draft build is built again
    from its day and template (its values are recorded)."""
    report = selectors.report_get(request.user, slug)
    build = selectors.build_get(request.user, report, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    if build.final:
        content = {
            "html": (build.html or "").encode(),
            "pdf": build.pdf,
            "docx": build.docx,
        }[fmt]
        content = bytes(content or b"")
    else:
        doc, _t = services.document_for(
            actor=request.user,
            report=report,
            language=build.language,
            as_of=build.as_of,
        )
        content = outputs.render(doc, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    if fmt == "html":
        # A standalone document with its style inline and its figures as data:
        # it runs no script and opens nothing, in a sandbox of its own.
        response["Content-Security-Policy"] = STANDALONE_POLICY
    else:
        name = f"{report.slug}-{build.language}-{build.as_of.isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def build_compare(request: HttpRequest, slug: str) -> HttpResponse:
    report = selectors.report_get(request.user, slug)
    first = selectors.build_get(request.user, report, request.GET.get("a"))
    second = selectors.build_get(request.user, report, request.GET.get("b"))
    return render(
        request,
        "reports/compare.html",
        {
            "report": report,
            "first": first,
            "second": second,
            "changes": selectors.compare_builds(first, second),
        },
    )
