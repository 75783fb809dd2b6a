"""The agenda as a Word document the secretariat can edit: same text as the PDF, Sarabun-family font; summaries in
rich text as the PDF prints them (docx_rich)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from opensaraban_shared import richtext
from opensaraban_shared.thai import thai_digits

from . import docx_rich, docx_style, layout, qr

FONT = "TH Sarabun New"  # the official font; Word substitutes when it is missing


def agenda_docx(meeting: dict[str, Any], agenda: dict[str, Any], *, version: int) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(16)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)  # Thai is a complex script: w:cs decides its font
    style.element.get_or_add_rPr().append(docx_style.cs_size(16))
    for section in document.sections:
        section.left_margin, section.right_margin, section.top_margin = Cm(3), Cm(2), Cm(2.5)
    for n, line in enumerate(layout.title_lines(meeting)):
        _para(document, line, bold=True, center=True, size=18 if n == 0 else 16)
    if note := layout.version_note(version):
        _para(document, note, center=True)
    if meeting.get("online_url"):
        docx_style.hyperlink(docx_style.paragraph(document, center=True), meeting["online_url"],
                             meeting["online_url"])
    for section in agenda["sections"]:
        _para(document, layout.section_heading(section), bold=True)
        if not section["items"]:
            _para(document, "- ไม่มี -", indent=1)
        for item in section["items"]:
            _item(document, item, depth=1, parent=None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _item(document: Any, item: dict[str, Any], *, depth: int, parent: dict[str, Any] | None) -> None:
    _para(document, layout.item_heading(item), bold=True, indent=depth)
    if presenter := layout.presented_by(item, parent):
        _para(document, presenter, indent=depth + 1)
    if item.get("summary"):
        docx_rich.write(document, richtext.parse(item["summary"]), indent=depth + 1)
    for attachment in item.get("attachments", []):
        _para(document, layout.attachment_line(attachment), indent=depth + 1, size=14, digits=False)
    for link in item.get("links", []):
        _link(document, link, indent=depth + 1)
    for child in item.get("children", []):
        _item(document, child, depth=depth + 1, parent=item)


def _link(document: Any, link: dict[str, Any], *, indent: int) -> None:
    """As the PDF prints it: the QR code, then the title and the URL as a working link."""
    picture = docx_style.paragraph(document, indent=indent)
    picture.add_run().add_picture(io.BytesIO(qr.png(link["url"])), width=Cm(2.5))
    line = docx_style.paragraph(document, indent=indent)
    docx_style.run(line, f"{thai_digits(link['title'])}: ", size=14)
    docx_style.hyperlink(line, link["url"], link["url"])


def _para(document: Any, text: str, *, bold: bool = False, center: bool = False, indent: int = 0,
          size: int = 16, digits: bool = True) -> None:
    """`digits=False` for text whose digits are already chosen and that holds a file name or a URL."""
    paragraph = docx_style.paragraph(document, center=center, indent=indent)
    docx_style.run(paragraph, thai_digits(text) if digits else text, bold=bold, size=size)
