"""The agenda pack without I/O: Thai text in order with Thai digits, attachments bound in with bookmarks, DOCX."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from pypdf import PdfReader, PdfWriter

from meeting_service.agenda.draft import replay, snapshot
from meeting_service.committees.templates import standard_sections
from meeting_service.packs.assemble import build_pack

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
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())
    order = ["ระเบียบวาระการประชุม", "ครั้งที่๒/๒๕๖๙", "วันพุธที่๒๕พฤศจิกายน๒๕๖๙เวลา๐๙.๓๐น.", "ชั้น๓",
             "(ฉบับปรับปรุงครั้งที่๑)", "ระเบียบวาระที่๑", "-ไม่มี-", "๓.๑รายงานผลสำรวจ", "สรุป๑๒รายการ",
             "เอกสารประกอบ:ผลสำรวจ.pdf(๒หน้า)", "๔.๑แผนปฏิบัติการ", "แบบสอบถาม", "๔.๑.๑งบประมาณ", "ระเบียบวาระที่๕"]
    positions = [text.find(o) for o in order]
    assert -1 not in positions, [o for o, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "https://meet.example.go.th/pcio" in reader.pages[0].extract_text()  # a link keeps its digits
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert [o.title for o in top] == ["ระเบียบวาระการประชุม", "ระเบียบวาระที่ ๓  เรื่องเพื่อทราบ",
                                      "ระเบียบวาระที่ ๔  เรื่องเพื่อพิจารณา"]
    assert [reader.get_destination_page_number(o) for o in top] == [0, 1, 3]
    with zipfile.ZipFile(io.BytesIO(pack.docx)) as docx:
        document = docx.read("word/document.xml").decode()
    assert "๔.๑.๑  งบประมาณ" in document and "ครั้งที่ ๒/๒๕๖๙" in document
