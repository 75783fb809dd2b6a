"""The agenda pages of the pack: official Thai layout in Sarabun, Thai digits, BE dates, QR codes for links."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import segno

from opensaraban_shared.pdf import BODY_SIZE, FAMILY, LINE_SPACING, ThaiPDF, finish, new_document, wrap_text

from . import layout

INDENT_MM = 10.0
QR_MM = 24.0


def agenda_pdf(meeting: dict[str, Any], agenda: dict[str, Any], *, version: int, created_at: datetime) -> bytes:
    pdf = new_document(title=f"ระเบียบวาระการประชุม {meeting['meeting_number']}", created_at=created_at,
                       author=meeting["committee_name"])
    first, *rest = layout.title_lines(meeting)
    paragraph(pdf, first, size=18, bold=True, align="C")
    for line in rest:
        paragraph(pdf, line, size=16, bold=True, align="C")
    if note := layout.version_note(version):
        paragraph(pdf, note, size=14, align="C")
    if meeting.get("online_url"):
        paragraph(pdf, meeting["online_url"], size=12, align="C", digits=False)
    y = pdf.get_y() + 2
    pdf.line(pdf.l_margin + pdf.epw / 3, y, pdf.l_margin + 2 * pdf.epw / 3, y)
    pdf.set_y(y + 4)
    for section in agenda["sections"]:
        _keep_room(pdf, 3)
        paragraph(pdf, layout.section_heading(section), bold=True)
        if not section["items"]:
            paragraph(pdf, "- ไม่มี -", indent=INDENT_MM)
        for item in section["items"]:
            _item(pdf, item, depth=1)
        pdf.ln(2)
    return finish(pdf, footer_note=f"ระเบียบวาระการประชุม ครั้งที่ {meeting['meeting_number']}")


def _item(pdf: ThaiPDF, item: dict[str, Any], *, depth: int) -> None:
    indent = INDENT_MM * depth
    _keep_room(pdf, 2)
    numbered(pdf, item["number_th"], item["title"], indent=indent)
    paragraph(pdf, layout.presented_by(item), indent=indent + INDENT_MM)
    if item.get("summary"):
        paragraph(pdf, item["summary"], indent=indent + INDENT_MM)
    for attachment in item.get("attachments", []):
        paragraph(pdf, layout.attachment_line(attachment), indent=indent + INDENT_MM, size=12, digits=False)
    for link in item.get("links", []):
        _qr(pdf, link, indent=indent + INDENT_MM)
    for child in item.get("children", []):
        _item(pdf, child, depth=depth + 1)


def paragraph(pdf: ThaiPDF, text: str, *, indent: float = 0, size: float = BODY_SIZE, bold: bool = False,
           align: str = "L", digits: bool = True) -> None:
    """A paragraph whose every line starts at `indent` (hanging), wrapped at Thai syllable breaks.

    `digits=False` for text whose digits are already chosen and that holds a verbatim value (a file name,
    a URL): a second pass would turn the numbers of a file name such as 'ปี 2568 ฉบับที่ 3.pdf'.
    """
    pdf.set_font(FAMILY, "B" if bold else "", size)
    width = pdf.epw - indent
    height = pdf.font_size * LINE_SPACING
    for line in wrap_text(pdf, pdf.digits(text) if digits else text, width):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", BODY_SIZE)


def numbered(pdf: ThaiPDF, number: str, title: str, *, indent: float, bold: bool = True) -> None:
    """'๔.๒  title…' with the title's later lines aligned after the number (hanging indent)."""
    pdf.set_font(FAMILY, "B" if bold else "", BODY_SIZE)
    gap = pdf.get_string_width(number) + 3
    height = pdf.font_size * LINE_SPACING
    pdf.set_x(pdf.l_margin + indent)
    pdf.cell(gap, height, number)
    for line in wrap_text(pdf, pdf.digits(title), pdf.epw - indent - gap):
        pdf.set_x(pdf.l_margin + indent + gap)
        pdf.cell(pdf.epw - indent - gap, height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", BODY_SIZE)


def _keep_room(pdf: ThaiPDF, lines: int) -> None:
    """Start a heading on the next page rather than strand it on the last line of this one."""
    if pdf.get_y() + lines * BODY_SIZE / pdf.k * LINE_SPACING > pdf.page_break_trigger:
        pdf.add_page()


def _qr(pdf: ThaiPDF, link: dict[str, Any], *, indent: float) -> None:
    """The QR code, and beside it the title and the very URL it encodes, whole, for those who type it in."""
    x = pdf.l_margin + indent + QR_MM + 3
    width = pdf.epw - indent - QR_MM - 3
    pdf.set_font(FAMILY, "", 12)
    title = wrap_text(pdf, f"สแกนเพื่อเปิด: {pdf.digits(link['title'])}", width)[:2]
    title_height = len(title) * pdf.font_size * LINE_SPACING
    pdf.set_font(FAMILY, "", 9)
    url = wrap_text(pdf, link["url"], width)
    height = max(QR_MM, 4 + title_height + len(url) * pdf.font_size * LINE_SPACING)
    if pdf.get_y() + height + 2 > pdf.page_break_trigger:
        pdf.add_page()
    png = io.BytesIO()
    segno.make(link["url"], error="m").save(png, kind="png", scale=6, border=2)
    png.seek(0)
    top = pdf.get_y()
    pdf.image(png, x=pdf.l_margin + indent, y=top, w=QR_MM, h=QR_MM)
    pdf.set_y(top + 4)
    for lines, size in ((title, 12), (url, 9)):
        pdf.set_font(FAMILY, "", size)
        for line in lines:
            pdf.set_x(x)
            pdf.cell(width, pdf.font_size * LINE_SPACING, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", BODY_SIZE)
    pdf.set_y(top + height + 1)
