"""Paragraphs and runs in the agenda's Word style: sizes for Thai too (Thai is a complex script: w:szCs and w:bCs
decide its size and weight), indents in centimetres."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor


def paragraph(container: Any, *, center: bool = False, indent: float = 0, hanging: float = 0) -> Any:
    """A new paragraph of `container` (the document or a table cell); `hanging` cm of its first line (a list
    label's) stand out to the left of its text."""
    para = container.add_paragraph()
    fmt = para.paragraph_format
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        fmt.left_indent = Cm(indent)
    if hanging:
        fmt.first_line_indent = Cm(-hanging)
        fmt.tab_stops.add_tab_stop(Cm(indent))
    fmt.space_after = Pt(0)
    return para


def run(para: Any, text: str, *, bold: bool = False, size: float = 16) -> Any:
    added = para.add_run(text)
    added.bold = bold
    added.font.size = Pt(size)
    properties = added.element.get_or_add_rPr()
    properties.append(cs_size(size))
    if bold:
        properties.append(OxmlElement("w:bCs"))
    return added


def hyperlink(para: Any, url: str, text: str, *, size: float = 14) -> None:
    """`text` as a working link to `url` (python-docx has no call for it: the w:hyperlink element and its
    relationship are written here), blue and underlined as Word shows links."""
    relationship = para.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    added = run(para, text, size=size)
    added.font.underline = True
    added.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.append(added.element)  # moves the run into the link
    para._p.append(link)


def cs_size(points: float) -> Any:
    element = OxmlElement("w:szCs")
    element.set(qn("w:val"), str(round(points * 2)))
    return element
