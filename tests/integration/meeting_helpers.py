"""Helpers for the meeting service's end-to-end tests: a committee with members, meetings, items, PDFs."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime, time, timedelta

import httpx
from pypdf import PdfWriter

from opensaraban_shared import clock
from opensaraban_shared.thai import BANGKOK

SECRETARIAT_AGENCY = "cm-provincial-office"
# The PCIO committee of seed 002: the governor chairs, the head of the provincial office is secretary,
# the provincial statistician assistant secretary; agencies sit as members.
MEMBERS = [
    ("cm-provincial-office", "สำนักงานจังหวัดเชียงใหม่", "นายสมชาย ใจดี", "ผู้ว่าราชการจังหวัดเชียงใหม่", "chair"),
    ("cm-provincial-office", "สำนักงานจังหวัดเชียงใหม่", "นางสาววิไล ศรีสุข", "หัวหน้าสำนักงานจังหวัดเชียงใหม่", "secretary"),
    ("cm-statistics", "สำนักงานสถิติจังหวัดเชียงใหม่", "นายประเสริฐ มั่นคง", "สถิติจังหวัดเชียงใหม่",
     "assistant_secretary"),
    ("cm-land", "สำนักงานที่ดินจังหวัดเชียงใหม่", "นายวิชัย ดินดี", "เจ้าพนักงานที่ดินจังหวัดเชียงใหม่", "member"),
    ("cm-energy", "สำนักงานพลังงานจังหวัดเชียงใหม่", "นางพรทิพย์ แสงทอง", "พลังงานจังหวัดเชียงใหม่", "member"),
]
MEMBER_AGENCIES = ["cm-statistics", "cm-land", "cm-energy"]


def at(days: int, hour: int = 9, minute: int = 30) -> str:
    """hour:minute in Bangkok, `days` after the business day (the services' clock). Each call reads the clock:
    what a test asserts about a year or a day follows the moment the meeting got, not a second call."""
    return datetime.combine(clock.today() + timedelta(days=days), time(hour, minute), tzinfo=BANGKOK).isoformat()


async def new_committee(client: httpx.AsyncClient, headers: dict[str, str], *, template: str = "5_sections") -> dict:
    response = await client.post("/committees", headers=headers, json={
        "name_th": f"คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัดเชียงใหม่ {uuid.uuid4().hex[:6]}",
        "agenda_template": template})
    assert response.status_code == 201, response.text
    committee = response.json()
    committee["members"] = []
    # Terms that have begun and run past every meeting the tests schedule (the furthest is four years ahead).
    today = clock.today()
    term = {"term_start": (today - timedelta(days=365)).isoformat(),
            "term_end": (today + timedelta(days=6 * 365)).isoformat()}
    for agency, agency_name, name, position, role in MEMBERS:
        added = await client.post(f"/committees/{committee['committee_id']}/members", headers=headers, json={
            "agency_id": agency, "agency_name": agency_name, "display_name": name, "position": position,
            "role": role, **term})
        assert added.status_code == 201, added.text
        committee["members"].append(added.json())
    return committee


async def new_meeting(client: httpx.AsyncClient, headers: dict[str, str], committee_id: str, *, days: int = 30,
                      starts_at: str | None = None, **extra: object) -> dict:
    response = await client.post("/meetings", headers=headers, json={
        "committee_id": committee_id, "starts_at": starts_at or at(days),
        "venue": {"room": "ห้องประชุมสุริยัน", "floor": "3", "building": "ศาลากลางจังหวัดเชียงใหม่"},
        "online_url": "https://meet.example.go.th/pcio", **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def open_agenda(client: httpx.AsyncClient, headers: dict[str, str], meeting_id: str, *,
                      deadline_days: int = 7) -> dict:
    response = await client.post(f"/meetings/{meeting_id}/agenda/open", headers=headers,
                                 json={"submission_deadline": at(deadline_days, 16, 30)})
    assert response.status_code == 200, response.text
    return response.json()


async def add_item(client: httpx.AsyncClient, headers: dict[str, str], meeting_id: str, *, section: int,
                   title: str, **extra: object) -> dict:
    response = await client.post(f"/meetings/{meeting_id}/agenda/items", headers=headers,
                                 json={"section": section, "title": title, **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def upload_pdf(client: httpx.AsyncClient, headers: dict[str, str], meeting_id: str, *, pages: int = 1,
                     name: str = "เอกสารประกอบ.pdf") -> dict:
    response = await client.post(f"/meetings/{meeting_id}/uploads", params={"filename": name}, headers=headers,
                                 content=blank_pdf(pages))
    assert response.status_code == 201, response.text
    return response.json()


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` empty A4 pages, different bytes every call (a fresh document id)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": uuid.uuid4().hex})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def numbering(agenda: dict) -> list[tuple[str, str]]:
    """(number, title) of every item on the agenda, in printed order."""
    out: list[tuple[str, str]] = []

    def walk(items: list[dict]) -> None:
        for item in items:
            out.append((item["number"], item["title"]))
            walk(item["children"])

    for section in agenda["sections"]:
        walk(section["items"])
    return out


def squash(text: str) -> str:
    """Extracted PDF text without its whitespace, so words split across lines still compare."""
    return re.sub(r"\s+", "", text)
