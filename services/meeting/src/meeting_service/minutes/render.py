"""Minutes (รายงานการประชุม) in official form: header, who attended, per item the discussion and resolution."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opensaraban_shared.pdf import finish, new_document
from opensaraban_shared.thai import format_thai_date, format_thai_time, thai_digits, thai_weekday

from ..packs import layout
from ..packs.render import INDENT_MM, numbered, paragraph

_STATUS = {"present": "ผู้มาประชุม", "absent": "ผู้ไม่มาประชุม", "guest": "ผู้เข้าร่วมประชุม"}


def minutes_pdf(meeting: dict[str, Any], minutes: dict[str, Any], *, created_at: datetime) -> bytes:
    pdf = new_document(title=f"รายงานการประชุม {meeting['meeting_number']}", created_at=created_at,
                       author=meeting["committee_name"])
    starts = datetime.fromisoformat(meeting["starts_at"])
    paragraph(pdf, f"รายงานการประชุม{meeting['committee_name']}", size=18, bold=True, align="C")
    paragraph(pdf, f"ครั้งที่ {meeting['meeting_number']}", size=16, bold=True, align="C")
    paragraph(pdf, f"เมื่อ{thai_weekday(starts)}ที่ {format_thai_date(starts)}", size=16, bold=True, align="C")
    if place := layout.venue(meeting):
        paragraph(pdf, f"ณ {place}", size=16, bold=True, align="C")
    pdf.ln(3)
    groups: dict[str, list[dict[str, Any]]] = {"present": [], "absent": [], "guest": []}
    for entry in minutes["attendance"]:
        groups["present" if entry["status"] == "substitute" else entry["status"]].append(entry)
    for status, entries in groups.items():
        if not entries:
            continue
        paragraph(pdf, _STATUS[status], bold=True)
        for n, entry in enumerate(entries, 1):
            who = f"{entry['name']} {entry['position']}".strip()
            if entry["status"] == "substitute":
                who = f"{entry['substitute_name']} แทน {who}"
            if entry["status"] == "absent" and entry.get("reason"):
                who += f" ({entry['reason']})"
            paragraph(pdf, f"{n}. {who}", indent=INDENT_MM)
        pdf.ln(1)
    if minutes.get("started_at"):
        paragraph(pdf, f"เริ่มประชุมเวลา {format_thai_time(datetime.fromisoformat(minutes['started_at']))}", bold=True)
    for section in minutes["sections"]:
        paragraph(pdf, layout.section_heading(section), bold=True)
        if not section["items"]:
            paragraph(pdf, "- ไม่มี -", indent=INDENT_MM)
        for item in section["items"]:
            numbered(pdf, item["number_th"], item["title"], indent=INDENT_MM)
            paragraph(pdf, layout.presented_by(item), indent=2 * INDENT_MM)
            if item.get("discussion"):
                paragraph(pdf, item["discussion"], indent=2 * INDENT_MM)
            if item.get("resolution"):
                paragraph(pdf, f"มติที่ประชุม  {item['resolution']}", indent=2 * INDENT_MM, bold=True)
        pdf.ln(1)
    if minutes.get("ended_at"):
        paragraph(pdf, f"เลิกประชุมเวลา {format_thai_time(datetime.fromisoformat(minutes['ended_at']))}", bold=True)
    pdf.ln(6)
    for name, role in ((minutes["minute_taker"], "ผู้จดรายงานการประชุม"), (minutes["reviewer"], "ผู้ตรวจรายงานการประชุม")):
        paragraph(pdf, f"({name})", align="R")
        paragraph(pdf, role, align="R")
        pdf.ln(3)
    return finish(pdf, footer_note=f"รายงานการประชุม ครั้งที่ {thai_digits(meeting['meeting_number'])}")
