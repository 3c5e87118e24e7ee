"""The built document as HTML, PDF (WeasyPrint) and Word (python-docx), and the
one way files are written: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, pgettext

from migdev.languages import format_date
from migdev.reports.engine import Document

FORMATS = ("html", "pdf", "docx")

FONTS = {
    "zh-hans": '"Noto Serif CJK SC", "Noto Sans CJK SC", serif',
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", serif',
}
DEFAULT_FONT = '"Noto Serif", "DejaVu Serif", serif'


def labels(doc: Document) -> dict[str, str]:
    """The words of a UN document's masthead, in the document's language."""
    with translation.override(doc.language):
        return {
            "united_nations": pgettext("UN document", "United Nations"),
            "general_assembly": pgettext("UN document", "General Assembly"),
            "distribution": pgettext("UN document", "Distr.: General")
            if doc.distribution == "General"
            else f"Distr.: {doc.distribution}",
            "summary": pgettext("UN document", "Summary"),
            "figure": pgettext("UN document", "Figure"),
            "table": pgettext("UN document", "Table"),
            "sources": gettext("Where the figures come from"),
            "sources_intro": gettext(
                "Each number, list and figure of this document is read from the system's data as of %(date)s; here is the query and the records behind each."
            )
            % {"date": format_date(doc.as_of, doc.language)},
            "records": gettext("records"),
            "release": gettext("release"),
        }


def font_of(language: str) -> str:
    return FONTS.get(language, DEFAULT_FONT)


def context(doc: Document, *, links: bool) -> dict:
    return {
        "doc": doc,
        "head": doc.head,
        "labels": labels(doc),
        "links": links,
        "figures_numbered": sum(1 for b in doc.body if b.kind == "figure") > 1,
    }


def to_html(doc: Document, *, links: bool = True, page_notes: bool = False) -> str:
    """A standalone HTML file; ``links``: numbers link to their sources;
    ``page_notes``: footnotes at the foot of their page (CSS ``float:
    footnote``, for print), else at the end."""
    css = render_to_string("reports/document.css", {"font": font_of(doc.language)})
    return render_to_string(
        "reports/document.html",
        {**context(doc, links=links), "css": css, "page_notes": page_notes},
    )


def render_to_site(doc: Document) -> str:
    """The document inside a site page (the preview, a build's page)."""
    return render_to_string("reports/document_body.html", context(doc, links=True))


def to_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(doc, links=False, page_notes=True)).write_pdf()


def to_docx(doc: Document) -> bytes:
    from migdev.reports.word import write_docx

    return write_docx(doc, labels(doc), font_of(doc.language))


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "docx":
        return to_docx(doc)
    raise ValueError(f"format is one of {', '.join(FORMATS)}, not {fmt!r}")


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file beside it, so
    that ``path`` is never left half-written."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", dir=path.parent or "."
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
