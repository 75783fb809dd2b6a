"""What the printed agenda says, independent of the file format: title block lines, section and item headings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opensaraban_shared.thai import format_thai_date, format_thai_time, thai_digits, thai_weekday


def title_lines(meeting: dict[str, Any], *, heading: str = "ระเบียบวาระการประชุม") -> list[str]:
    """ระเบียบวาระการประชุม / committee / ครั้งที่ / ในวัน… เวลา / ณ สถานที่ (/ online)."""
    starts = datetime.fromisoformat(meeting["starts_at"]) if isinstance(meeting["starts_at"], str) else meeting["starts_at"]
    lines = [heading, meeting["committee_name"], f"ครั้งที่ {meeting['meeting_number']}",
             f"ใน{thai_weekday(starts)}ที่ {format_thai_date(starts)} เวลา {format_thai_time(starts)}"]
    place = venue(meeting)
    if place:
        lines.append(f"ณ {place}")
    if meeting.get("online_url"):
        lines.append("และผ่านระบบการประชุมทางไกลผ่านสื่ออิเล็กทรอนิกส์")
    return lines


def venue(meeting: dict[str, Any]) -> str:
    parts = [meeting.get("room") or ""]
    if meeting.get("floor"):
        parts.append(f"ชั้น {thai_digits(meeting['floor'])}")
    if meeting.get("building"):
        parts.append(meeting["building"])
    return " ".join(p for p in parts if p)


def section_heading(section: dict[str, Any]) -> str:
    return f"ระเบียบวาระที่ {section['number_th']}  {section['title']}"


def item_heading(item: dict[str, Any]) -> str:
    return f"{item['number_th']}  {item['title']}"


def presented_by(item: dict[str, Any], parent: dict[str, Any] | None = None) -> str | None:
    """'(โดย สำนักงาน…)', in the customary parentheses; None on a sub-item presented by its parent's agency."""
    name = item.get("presenting_agency_name") or ""
    if not name or (parent is not None and parent.get("presenting_agency_name") == name):
        return None
    return f"(โดย {name})"


def attendee(entry: dict[str, Any]) -> str:
    """A line of the attendance list: name and position, the position once when it is also the name (a member
    recorded by post: 'ผู้ว่าราชการจังหวัดเชียงใหม่'); a substitute 'แทน' the member; an absentee's reason."""
    who = " ".join(dict.fromkeys(part for part in ((entry.get("name") or "").strip(),
                                                   (entry.get("position") or "").strip()) if part))
    if entry["status"] == "substitute":
        who = f"{entry['substitute_name']} แทน {who}"
    if entry["status"] == "absent" and entry.get("reason"):
        who += f" ({entry['reason']})"
    return who


def attachment_line(attachment: dict[str, Any]) -> str:
    """Print as is: the file name goes in as stored (it may hold numbers and spaces), the page count in Thai."""
    return f"เอกสารประกอบ: {attachment['filename']} ({thai_digits(attachment['pages'])} หน้า)"


def version_note(version: int) -> str | None:
    return f"(ฉบับปรับปรุงครั้งที่ {thai_digits(version - 1)})" if version > 1 else None
