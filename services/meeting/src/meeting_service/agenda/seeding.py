"""The first draft of an agenda: the committee's sections, the previous minutes to approve (section ๒), and
pending follow-up actions from earlier resolutions as matters arising (or for information)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.auth import Principal
from opensaraban_shared.thai import format_thai_date, thai_digits, thai_weekday

from ..committees import repository as committees
from ..committees.templates import SectionKind, section_of_kind
from ..meetings import repository as meetings
from ..meetings.access import sections
from ..minutes import repository as minutes
from . import changes


def new_item(*, section: int, title: str, presenting_agency_id: str, presenting_agency_name: str, origin: str,
             status: str, summary: str = "", parent_id: str | None = None, late: bool = False,
             submitted_by_agency_id: str | None = None, submitted_by_user_id: str | None = None,
             attachments: list[dict[str, Any]] | None = None, links: list[dict[str, Any]] | None = None,
             ref: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "item_id": str(uuid.uuid4()), "section": section, "parent_id": parent_id, "title": title,
        "summary": summary, "presenting_agency_id": presenting_agency_id,
        "presenting_agency_name": presenting_agency_name,
        "submitted_by_agency_id": submitted_by_agency_id or presenting_agency_id,
        "submitted_by_user_id": submitted_by_user_id, "status": status, "late": late, "origin": origin,
        "comment": None, "attachments": attachments or [], "links": links or [],
        "submitted_at": clock.now().isoformat(), "ref": ref or {},
    }


async def seed_draft(conn: asyncpg.Connection, principal: Principal, meeting: asyncpg.Record) -> None:
    secs = sections(meeting)
    draft = await changes.load(conn, meeting, secs)
    secretariat = meeting["secretariat_agency_id"]
    minutes_section = section_of_kind(secs, SectionKind.MINUTES)
    previous = (await meetings.get_meeting(conn, meeting["previous_meeting_id"])
                if meeting["previous_meeting_id"] else None)
    if minutes_section and previous is not None:
        day = previous["starts_at"]
        number = thai_digits(f"{previous['number']}/{previous['year_be']}")
        title = (f"รับรองรายงานการประชุม{previous['committee_name']} ครั้งที่ {number} "
                 f"เมื่อ{thai_weekday(day)}ที่ {format_thai_date(day)}")
        await changes.record(conn, principal, draft, meeting, "item_added", {"item": new_item(
            section=minutes_section, title=title, presenting_agency_id=secretariat,
            presenting_agency_name="ฝ่ายเลขานุการ", origin="previous_minutes", status="accepted",
            summary="ฝ่ายเลขานุการได้จัดทำรายงานการประชุมครั้งที่ผ่านมาแล้ว จึงเสนอที่ประชุมเพื่อพิจารณารับรอง",
            ref={"meeting_id": str(previous["meeting_id"]), "meeting_number": number,
                 "meeting_date": day.isoformat()})})
    follow_up_section = section_of_kind(secs, SectionKind.MATTERS_ARISING, SectionKind.INFORMATION)
    if follow_up_section is None:
        return
    for action in await minutes.follow_ups(conn, committee_id=meeting["committee_id"], status="pending"):
        if action["meeting_id"] == meeting["meeting_id"] or action["meeting_starts_at"] >= meeting["starts_at"]:
            continue  # only resolutions of earlier meetings come back
        where = thai_digits(f"{action['meeting_no']}/{action['meeting_year_be']}")
        await changes.record(conn, principal, draft, meeting, "item_added", {"item": new_item(
            section=follow_up_section, origin="follow_up", status="accepted",
            title=f"ติดตามผลการดำเนินงานตามมติที่ประชุม ครั้งที่ {where} วาระที่ {thai_digits(action['item_number'])}",
            summary=(f"{action['description']} (กำหนดแล้วเสร็จ {format_thai_date(action['due_date'])})"),
            presenting_agency_id=action["owner_agency_id"], presenting_agency_name=await committees.agency_name(
                conn, committee_id=meeting["committee_id"], agency_id=action["owner_agency_id"])
            or action["owner_agency_id"],
            ref={"action_id": str(action["action_id"])})})

