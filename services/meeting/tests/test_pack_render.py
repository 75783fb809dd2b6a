"""The agenda pack without I/O: Thai text in order with Thai digits (read back by poppler's pdftotext), attachments
bound in with bookmarks, DOCX."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import segno
from docx import Document
from pypdf import PdfReader, PdfWriter

from meeting_service.agenda.draft import replay, snapshot
from meeting_service.committees.templates import standard_sections
from meeting_service.packs.assemble import build_pack
from meeting_service.packs.service import pack_filename
from tests import pdf_checks

MEETING = {"committee_name": "คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัดเชียงใหม่",
           "meeting_number": "๒/๒๕๖๙", "starts_at": "2026-11-25T09:30:00+07:00", "room": "ห้องประชุมสุริยัน",
           "floor": "3", "building": "ศาลากลางจังหวัดเชียงใหม่", "online_url": "https://meet.example.go.th/pcio"}


def blank(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def item(item_id: str, section: int, title: str, *, parent: str | None = None, attachments=(), links=()) -> dict:
    return {"version": 0, "kind": "item_added", "data": {"item": {
        "item_id": item_id, "section": section, "parent_id": parent, "title": title, "summary": "สรุป 12 รายการ",
        "presenting_agency_id": "cm-statistics", "presenting_agency_name": "สำนักงานสถิติจังหวัดเชียงใหม่",
        "status": "accepted", "attachments": list(attachments), "links": list(links)}}}


def test_the_pack_prints_the_agenda_in_thai_then_binds_the_attachments_with_bookmarks() -> None:
    two, three = blank(2), blank(3)
    events = [
        item("a", 3, "รายงานผลสำรวจ", attachments=[{"sha256": "s2", "filename": "ผลสำรวจ.pdf", "pages": 2}]),
        item("b", 4, "แผนปฏิบัติการ", links=[{"title": "แบบสอบถาม", "url": "https://forms.example.go.th/1"}]),
        item("c", 4, "งบประมาณ", parent="b", attachments=[{"sha256": "s3", "filename": "งบ.pdf", "pages": 3}]),
    ]
    for n, event in enumerate(events, 1):
        event["version"] = n
    agenda = snapshot(replay(standard_sections("5_sections"), events))

    pack = build_pack(MEETING, agenda, {"s2": two, "s3": three}, version=2, created_at=datetime(2026, 11, 21, tzinfo=UTC))

    reader = PdfReader(io.BytesIO(pack.pdf))
    assert pack.pages == len(reader.pages) == 1 + 2 + 3
    text = squash(pdf_checks.page_texts(pack.pdf, layout=True)[0])
    order = ["ระเบียบวาระการประชุม", "ครั้งที่๒/๒๕๖๙", "ในวันพุธที่๒๕พฤศจิกายน๒๕๖๙เวลา๐๙.๓๐น.", "ชั้น๓",
             "(ฉบับปรับปรุงครั้งที่๑)", "ระเบียบวาระที่๑", "-ไม่มี-", "๓.๑รายงานผลสำรวจ", "สรุป๑๒รายการ",
             "เอกสารประกอบ:ผลสำรวจ.pdf(๒หน้า)", "๔.๑แผนปฏิบัติการ", "แบบสอบถาม", "๔.๑.๑งบประมาณ", "ระเบียบวาระที่๕"]
    positions = [text.find(o) for o in order]
    assert -1 not in positions, [o for o, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "https://meet.example.go.th/pcio" in text  # a link keeps its digits
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert [o.title for o in top] == ["ระเบียบวาระการประชุม", "ระเบียบวาระที่ ๓  เรื่องเพื่อทราบ",
                                      "ระเบียบวาระที่ ๔  เรื่องเพื่อพิจารณา"]
    assert [reader.get_destination_page_number(o) for o in top] == [0, 1, 3]
    with zipfile.ZipFile(io.BytesIO(pack.docx)) as docx:
        document = docx.read("word/document.xml").decode()
    assert "๔.๑.๑  งบประมาณ" in document and "ครั้งที่ ๒/๒๕๖๙" in document


def test_a_pack_without_attachments_is_the_pdf_a_agenda_with_a_bookmark_per_section_and_item() -> None:
    events = [item("a", 4, "แผนปฏิบัติการ"), item("b", 4, "งบประมาณ", parent="a")]
    for n, event in enumerate(events, 1):
        event["version"] = n
    pack = build_pack(MEETING, snapshot(replay(standard_sections("5_sections"), events)), {}, version=1,
                      created_at=datetime(2026, 11, 21, tzinfo=UTC))

    assert pdf_checks.metadata(pack.pdf)["pdfaid:part"] == "2"
    reader = PdfReader(io.BytesIO(pack.pdf))
    [agenda, sections] = reader.outline
    assert agenda.title == "ระเบียบวาระการประชุม"
    assert [s.title for s in sections if not isinstance(s, list)][3] == "ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา"
    assert titles(sections[4]) == ["๔.๑ แผนปฏิบัติการ", "๔.๑.๑ งบประมาณ"]


COMMITTEE = "คณะกรรมการขับเคลื่อนรัฐบาลดิจิทัล f35ae1"
FILE_NAME = "รายงานผล ปี 2568 ฉบับที่ 3.pdf"  # spaces and number words: only the renderer knows it is a name
MINUTES_URL = "https://example.go.th/minutes-1-2568.pdf"
ONLINE_URL = "https://meet.example.go.th/room-2569"


def pack_with_identifiers(links=({"title": "รายงานการประชุมครั้งที่ 1/2568", "url": MINUTES_URL},)):
    event = item("a", 3, "โครงการ OTOD#2 ระยะที่ 2", links=links,
                 attachments=[{"sha256": "s1", "filename": FILE_NAME, "pages": 1}])
    event["version"] = 1
    agenda = snapshot(replay(standard_sections("5_sections"), [event]))
    meeting = MEETING | {"committee_name": COMMITTEE, "meeting_number": "๑/๒๕๖๙", "online_url": ONLINE_URL}
    return build_pack(meeting, agenda, {"s1": blank(1)}, version=1, created_at=datetime(2026, 11, 21, tzinfo=UTC))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def titles(outline) -> list[str]:
    return [t for o in outline for t in (titles(o) if isinstance(o, list) else [o.title])]


def test_the_pack_pdf_keeps_identifiers_as_typed_and_prints_the_meeting_in_thai_digits() -> None:
    pack = pack_with_identifiers().pdf
    reader = PdfReader(io.BytesIO(pack))
    text = squash(pdf_checks.page_texts(pack)[0])
    for printed in (COMMITTEE, "ครั้งที่ ๑/๒๕๖๙", "ในวันพุธที่ ๒๕ พฤศจิกายน ๒๕๖๙ เวลา ๐๙.๓๐ น.", ONLINE_URL,
                    "๓.๑ โครงการ OTOD#2 ระยะที่ ๒", "สรุป ๑๒ รายการ", f"เอกสารประกอบ: {FILE_NAME} (๑ หน้า)",
                    "สแกนเพื่อเปิด: รายงานการประชุมครั้งที่ ๑/๒๕๖๘", MINUTES_URL, "หน้า ๑/๑"):
        assert squash(printed) in text, printed
    assert titles(reader.outline)[-3:] == ["ระเบียบวาระที่ ๓  เรื่องเพื่อทราบ", "๓.๑  โครงการ OTOD#2 ระยะที่ ๒", FILE_NAME]
    assert reader.metadata.title == f"ระเบียบวาระการประชุม {COMMITTEE} ครั้งที่ ๑/๒๕๖๙"


def read_qr(image) -> list[list[bool]]:
    """The dark modules of a drawn QR code; the module size is read off the 7-module finder pattern."""
    gray = image.convert("L")
    size = gray.width

    def dark(x: float, y: float) -> bool:
        return gray.getpixel((int(x), int(y))) < 128

    top = next(y for y in range(size) if any(dark(x, y) for x in range(size)))
    left = next(x for x in range(size) if dark(x, top))
    module = (next(x for x in range(left, size) if not dark(x, top)) - left) / 7
    count = round((size - 2 * left) / module)
    return [[dark(left + (c + 0.5) * module, top + (r + 0.5) * module) for c in range(count)] for r in range(count)]


def test_the_url_printed_beside_a_qr_code_is_the_url_it_encodes() -> None:
    pack = pack_with_identifiers().pdf
    page = PdfReader(io.BytesIO(pack)).pages[0]
    lines = pdf_checks.text_lines(pack, last=1)
    printed = lines[lines.index("สแกนเพื่อเปิด: รายงานการประชุมครั้งที่ ๑/๒๕๖๘") + 1]
    assert printed == MINUTES_URL  # Arabic digits: a reader types it in as printed
    (qr,) = page.images
    # segno picks the version and mask from the content, so only the printed URL gives these modules.
    assert any(read_qr(qr.image) == [[bool(m) for m in row] for row in segno.make(printed, error=level).matrix]
               for level in "lmqh")


def test_a_long_link_is_printed_whole_beside_its_qr_code() -> None:
    url = "https://example.go.th/meetings/2569/documents/" + "a1b2c3d4e5" * 12 + "?version=2&page=14"
    pack = pack_with_identifiers(links=[{"title": "เอกสารประกอบการพิจารณา", "url": url}])
    assert url in squash(pdf_checks.page_texts(pack.pdf)[0])


def test_the_docx_keeps_identifiers_as_typed_and_prints_the_meeting_in_thai_digits() -> None:
    paragraphs = [p.text for p in Document(io.BytesIO(pack_with_identifiers().docx)).paragraphs]
    for printed in (COMMITTEE, "ครั้งที่ ๑/๒๕๖๙", ONLINE_URL, "๓.๑  โครงการ OTOD#2 ระยะที่ ๒",
                    f"เอกสารประกอบ: {FILE_NAME} (๑ หน้า)", f"รายงานการประชุมครั้งที่ ๑/๒๕๖๘: {MINUTES_URL}"):
        assert printed in paragraphs, printed


def test_the_docx_carries_each_links_qr_code_and_working_links() -> None:
    document = Document(io.BytesIO(pack_with_identifiers().docx))

    pictures = list(document.inline_shapes)
    assert len(pictures) == 1, "one QR code for the item's one link"
    assert is_the_qr_code_of(document, pictures[0], MINUTES_URL)
    links = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert links == {MINUTES_URL, ONLINE_URL}


def is_the_qr_code_of(document, picture, url: str) -> bool:
    """The picture is the QR code of `url` that segno makes (the same PNG bytes as the PDF's)."""
    import segno

    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="png", scale=6, border=2)
    return document.part.related_parts[blip.embed].blob == expected.getvalue()


def test_the_pack_sent_with_the_invitation_is_named_with_arabic_digits() -> None:
    assert pack_filename({"number": 1, "year_be": 2569}, 2) == "ระเบียบวาระการประชุม-1-2569-v2.pdf"
