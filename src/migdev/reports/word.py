"""The built document as a Word file (python-docx), laid out as UN documents
are: symbol and date top right, distribution line, numbered paragraphs with a
hanging number, real Word footnotes, the figure as an image, Arabic right to
left (``w:bidi``/``w:rtl``; alignment left unset, see STACK-NOTES), Chinese
with its East Asian font.

python-docx has no footnotes API: the footnotes part is added here with its
two separators, and each reference is a ``w:footnoteReference`` run.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

from migdev.reports.engine import DocBlock, Document, Piece

FOOTNOTES_CT = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)
_EMPTY_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class _Writer:
    def __init__(self, doc: Document, labels: dict[str, str], font: str):
        self.doc = doc
        self.labels = labels
        self.rtl = doc.direction == "rtl"
        self.font = font.split(",")[0].strip().strip('"')
        self.word = new_document()
        self.footnotes = parse_xml(_EMPTY_FOOTNOTES)
        self._setup()

    # --- document setup -------------------------------------------------------

    def _setup(self) -> None:
        section = self.word.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.2)
        if self.rtl:
            section._sectPr.append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))
        style = self.word.styles["Normal"]
        style.font.name = self.font
        style.font.size = Pt(10.5)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), self.font)
        lang = style.element.get_or_add_rPr()
        lang.append(
            parse_xml(
                f'<w:lang {nsdecls("w")} w:val="{self.doc.bcp47}" w:eastAsia="{self.doc.bcp47}" w:bidi="{self.doc.bcp47}"/>'
            )
        )

    def _paragraph(self, *, align_end: bool = False, indent_hanging: bool = False):
        p = self.word.add_paragraph()
        if self.rtl:
            p._p.get_or_add_pPr().append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))
        elif align_end:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent_hanging:
            p.paragraph_format.left_indent = Cm(1.0)
            p.paragraph_format.first_line_indent = Cm(-1.0)
        p.paragraph_format.space_after = Pt(6)
        return p

    def _run(
        self,
        p,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        superscript: bool = False,
    ):
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if superscript:
            run.font.superscript = True
        if self.rtl:
            run._r.get_or_add_rPr().append(parse_xml(f"<w:rtl {nsdecls('w')}/>"))
        return run

    # --- content -------------------------------------------------------------

    def _pieces(self, p, pieces: list[Piece], *, bold: bool = False) -> None:
        for piece in pieces:
            if piece.kind == "fnref":
                self._footnote_reference(p, piece.footnote)
            else:
                self._run(p, piece.text, bold=bold)

    def _footnote_reference(self, p, number: int) -> None:
        run = self._run(p, "")
        rpr = run._r.get_or_add_rPr()
        rpr.append(parse_xml(f'<w:vertAlign {nsdecls("w")} w:val="superscript"/>'))
        run._r.append(
            parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>')
        )

    def _footnote(self, number: int, pieces: list[Piece]) -> None:
        bidi = "<w:bidi/>" if self.rtl else ""
        rtl = "<w:rtl/>" if self.rtl else ""
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr>{bidi}</w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/>{rtl}</w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr>{rtl}</w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        paragraph = note[0]
        for piece in pieces:
            if piece.kind == "fnref":
                continue
            r = parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="17"/>{rtl}</w:rPr><w:t xml:space="preserve"></w:t></w:r>'
            )
            r[-1].text = piece.text
            paragraph.append(r)
        self.footnotes.append(note)

    def masthead(self) -> None:
        table = self.word.add_table(rows=2, cols=2)
        cells = table.rows[0].cells
        self._run(cells[0].paragraphs[0], self.labels["united_nations"], size=11)
        self._run(cells[1].paragraphs[0], self.doc.symbol, bold=True, size=16)
        cells = table.rows[1].cells
        self._run(
            cells[0].paragraphs[0], self.labels["general_assembly"], bold=True, size=15
        )
        distr = cells[1].paragraphs[0]
        for i, line in enumerate(
            (self.labels["distribution"], self.doc.date_text, self.doc.original)
        ):
            if i:
                distr.add_run().add_break()
            self._run(distr, line, size=9.5)
        for row in table.rows:
            end = row.cells[1].paragraphs[0]
            if self.rtl:
                end._p.get_or_add_pPr().append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))
                end.alignment = (
                    WD_ALIGN_PARAGRAPH.LEFT
                )  # the end of a right-to-left line
            else:
                end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if self.rtl:
            table._tbl.tblPr.append(parse_xml(f"<w:bidiVisual {nsdecls('w')}/>"))
        for kind, size, bold in (
            ("session", 9.5, False),
            ("agenda", 9.5, False),
            ("title", 15, True),
            ("subtitle", 12, True),
        ):
            block = self.doc.head.get(kind)
            if block is None:
                continue
            p = self._paragraph()
            for piece in block.pieces:
                if piece.kind == "fnref":
                    self._footnote_reference(p, piece.footnote)
                else:
                    self._run(p, piece.text, bold=bold, size=size)

    def block(self, b: DocBlock, first_summary: bool) -> None:
        if b.kind == "summary":
            if first_summary:
                heading = self._paragraph()
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._run(heading, self.labels["summary"], bold=True)
            p = self._paragraph()
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(1.2)
            self._pieces(p, b.pieces)
        elif b.kind in ("chapter", "section"):
            p = self._paragraph(indent_hanging=True)
            p.paragraph_format.keep_with_next = True
            self._run(
                p, f"{b.label}\t", bold=True, size=12 if b.kind == "chapter" else 11
            )
            self._pieces(p, b.pieces, bold=True)
        elif b.kind == "para":
            p = self._paragraph(indent_hanging=True)
            self._run(p, f"{b.label}\t")
            self._pieces(p, b.pieces)
        elif b.kind == "note":
            p = self._paragraph()
            self._pieces(p, b.pieces)
        elif b.kind == "figure":
            self._figure(b)
        elif b.kind == "table":
            self._table(b)

    def _figure(self, b: DocBlock) -> None:
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, self.labels["figure"], bold=True)
        caption = self._paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._pieces(caption, b.pieces, bold=True)
        picture = self._paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(b.figure.image_png), width=Cm(16))

    def _table(self, b: DocBlock) -> None:
        p = self._paragraph()
        self._run(p, f"{self.labels['table']} {b.label}", bold=True)
        caption = self._paragraph()
        self._pieces(caption, b.pieces, bold=True)
        value = b.table
        table = self.word.add_table(rows=1 + len(value.rows), cols=len(value.header))
        table.style = "Table Grid"
        if self.rtl:
            table._tbl.tblPr.append(parse_xml(f"<w:bidiVisual {nsdecls('w')}/>"))
        for i, text in enumerate(value.header):
            self._run(table.rows[0].cells[i].paragraphs[0], text, bold=True)
        for r, row in enumerate(value.rows, start=1):
            for i, text in enumerate(row):
                self._run(table.rows[r].cells[i].paragraphs[0], text)

    def finish(self) -> bytes:
        for note in self.doc.footnotes:
            self._footnote(note.number, note.pieces)
        if self.doc.footnotes:
            blob = etree.tostring(
                self.footnotes, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            part = Part(
                PackURI("/word/footnotes.xml"),
                FOOTNOTES_CT,
                blob,
                self.word.part.package,
            )
            self.word.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()


def write_docx(doc: Document, labels: dict[str, str], font: str) -> bytes:
    writer = _Writer(doc, labels, font)
    writer.masthead()
    seen_summary = False
    for block in doc.body:
        writer.block(block, first_summary=block.kind == "summary" and not seen_summary)
        seen_summary = seen_summary or block.kind == "summary"
    return writer.finish()
