"""A product as a Word document (python-docx): title, headings, numbered citation marks, a reference list.
Only core styles (Title, Heading 1, Normal) are used, so Word, WPS and LibreOffice open it alike."""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from assistant.prepare.markdown import INTRO, SOURCE_MARKS, marks, reference_line
from assistant.prepare.model import KIND_LABELS, Product

_FONT = "宋体"
_GREY = RGBColor(0x66, 0x66, 0x66)


def _east_asian(style_or_run, name: str = _FONT) -> None:
    """Set the East-Asian font too, or Word shows Chinese in a fallback font."""
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def write_docx(product: Product, path: Path) -> Path:
    """Write ``product`` to ``path`` (.docx) and return the path."""
    doc = new_document()
    _east_asian(doc.styles["Normal"])
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_heading(product.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    info = doc.add_paragraph(f"{KIND_LABELS.get(product.kind, product.kind)} · 主题：{product.topic}")
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = doc.add_paragraph().add_run(INTRO)
    note.font.size, note.font.color.rgb = Pt(9), _GREY
    refs = {r.n: r for r in product.references}
    pack = product.kind == "study-pack"
    for section in product.sections:
        if section.heading:
            doc.add_heading(section.heading, level=1)
        for i, point in enumerate(section.points, 1):
            if pack and point.source == "kb":
                head = doc.add_paragraph()
                head.add_run("；".join(reference_line(refs[n]) for n in point.citations if n in refs)).bold = True
                head.add_run(" " + marks(point))
                body = doc.add_paragraph(point.text)
                body.paragraph_format.left_indent = Pt(24)
                continue
            para = doc.add_paragraph(f"{i}. {point.text.rstrip()}")
            if point.citations:
                para.add_run(marks(point))
            tag = SOURCE_MARKS.get(point.source, "")
            if tag:
                run = para.add_run(tag)
                run.italic, run.font.color.rgb = True, _GREY
    if product.notices:
        doc.add_heading("说明", level=1)
        for text in product.notices:
            doc.add_paragraph(text)
    doc.add_heading("参考文献", level=1)
    for ref in product.references:
        doc.add_paragraph(f"[{ref.n}] {reference_line(ref)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
