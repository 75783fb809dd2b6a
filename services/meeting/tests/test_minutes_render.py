"""The minutes PDF without I/O: the meeting in Thai digits, identifiers in what was said as typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from meeting_service.minutes.render import minutes_pdf
from tests import pdf_checks

MEETING = {"committee_name": "คณะกรรมการขับเคลื่อนรัฐบาลดิจิทัล f35ae1", "meeting_number": "๑/๒๕๖๙",
           "starts_at": "2026-11-25T09:30:00+07:00", "room": "ห้องประชุมสุริยัน", "floor": "3",
           "building": "ศาลากลางจังหวัดเชียงใหม่", "online_url": None}
ITEM = {"number_th": "๓.๑", "title": "โครงการ OTOD#2 ระยะที่ 2", "presenting_agency_name": "สำนักงานสถิติจังหวัดเชียงใหม่",
        "discussion": "ที่ประชุมรับทราบผลระยะที่ 1 รายละเอียดตาม https://example.go.th/minutes-1-2568.pdf "
                      "ส่งความเห็นที่ saraban2569@example.go.th ภายใน 7 วัน",
        "resolution": "อนุมัติตามหนังสือที่ ชม 0017/ว 1590", "children": []}
MINUTES = {"sections": [{"number": 3, "number_th": "๓", "title": "เรื่องเพื่อทราบ", "items": [ITEM]}],
           "attendance": [{"status": "present", "name": "นายสมชาย ใจดี", "position": "ประธานกรรมการ",
                           "substitute_name": None, "reason": None}],
           "minute_taker": "นางสาวมาลี ศรีสุข", "reviewer": "นายสมชาย ใจดี",
           "started_at": "2026-11-25T09:35:00+07:00", "ended_at": "2026-11-25T12:00:00+07:00"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_minutes_print_the_meeting_in_thai_digits_and_identifiers_as_typed() -> None:
    data = minutes_pdf(MEETING, MINUTES, created_at=datetime(2026, 11, 26, tzinfo=UTC))
    text = squash("".join(pdf_checks.page_texts(data)))
    for printed in ("รายงานการประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัล f35ae1", "ครั้งที่ ๑/๒๕๖๙",
                    "เมื่อวันพุธที่ ๒๕ พฤศจิกายน ๒๕๖๙", "ชั้น ๓", "๑. นายสมชาย ใจดี ประธานกรรมการ",
                    "เริ่มประชุมเวลา ๐๙.๓๕ น.", "๓.๑ โครงการ OTOD#2 ระยะที่ ๒", "ผลระยะที่ ๑",
                    "https://example.go.th/minutes-1-2568.pdf", "saraban2569@example.go.th ภายใน ๗ วัน",
                    "มติที่ประชุม อนุมัติตามหนังสือที่ ชม ๐๐๑๗/ว ๑๕๙๐", "เลิกประชุมเวลา ๑๒.๐๐ น."):
        assert squash(printed) in text, printed
