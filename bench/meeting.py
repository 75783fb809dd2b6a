"""Meeting workloads: publishing an agenda pack (agenda PDF + attachments with bookmarks + DOCX + invitation)."""

from __future__ import annotations

import asyncio
import io
import time
import uuid
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import httpx
from pypdf import PdfReader, PdfWriter

from opensaraban_shared import typesetting
from tests.support import bangkok_now, sign_in

SECRETARIAT = "secretariat@cm-provincial-office"
MEMBERS = [("cm-provincial-office", "สำนักงานจังหวัดเชียงใหม่", "ผู้ว่าราชการจังหวัด", "chair"),
           ("cm-statistics", "สำนักงานสถิติจังหวัดเชียงใหม่", "สถิติจังหวัด", "assistant_secretary"),
           ("cm-land", "สำนักงานที่ดินจังหวัดเชียงใหม่", "เจ้าพนักงานที่ดินจังหวัด", "member"),
           ("cm-energy", "สำนักงานพลังงานจังหวัดเชียงใหม่", "พลังงานจังหวัด", "member")]
PAGES_PER_ATTACHMENT = 10


@lru_cache(maxsize=1)
def _report(pages: int) -> bytes:
    line = "<p>page {page} line {line}: provincial digital government report data</p>"
    text = "".join('<div style="break-after: page">' + "".join(line.format(page=page, line=n) for n in range(1, 41))
                   + "</div>" for page in range(1, pages + 1))
    html = f'<style>@page {{ margin: 15mm }} p {{ margin: 0 }}</style><body style="font: 11pt/6mm Sarabun; margin: 0">{text}</body>'
    return typesetting.typeset(html, base=Path(__file__).parent, variant=None)


def attachment_pdf(seed: str, pages: int = PAGES_PER_ATTACHMENT) -> bytes:
    """A text document of `pages` pages (a report an agency would attach), distinct per seed (its title), typeset
    once: the bench measures publishing, not making its input."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_report(pages))))
    writer.add_metadata({"/Title": seed})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def _publish_agenda(client: httpx.AsyncClient, headers: dict[str, str], items: int,
                          documents: str) -> dict[str, float]:
    committee = (await client.post("/committees", headers=headers, json={
        "name_th": f"คณะกรรมการทดสอบสมรรถนะ {uuid.uuid4().hex[:8]}", "agenda_template": "6_sections"})).json()
    cid = committee["committee_id"]
    for agency, agency_name, position, role in MEMBERS:
        (await client.post(f"/committees/{cid}/members", headers=headers, json={
            "agency_id": agency, "agency_name": agency_name, "display_name": position, "position": position,
            "role": role})).raise_for_status()

    starts = (bangkok_now() + timedelta(days=14)).replace(hour=9, minute=30, second=0, microsecond=0)
    meeting = (await client.post("/meetings", headers=headers, json={
        "committee_id": cid, "starts_at": starts.isoformat(),
        "venue": {"room": "ห้องประชุมสุริยัน", "floor": "3", "building": "ศาลากลางจังหวัด"}})).json()
    mid = meeting["meeting_id"]
    (await client.post(f"/meetings/{mid}/agenda/open", headers=headers,
                       json={"submission_deadline": (starts - timedelta(days=7)).isoformat()})).raise_for_status()
    blobs = await asyncio.to_thread(lambda: [attachment_pdf(f"{mid}-{n}") for n in range(items)])
    parents: dict[int, str] = {}
    for n, blob in enumerate(blobs):
        upload = await client.post(f"/meetings/{mid}/uploads", params={"filename": f"เอกสารประกอบ-{n + 1}.pdf"},
                                   headers=headers, content=blob)
        upload.raise_for_status()
        section = 3 + n % 4  # matters arising, information, consideration, other
        body = {"section": section, "title": f"เรื่องที่ {n + 1} รายงานความก้าวหน้าโครงการจังหวัดดิจิทัล",
                "summary": "สาระสำคัญโดยสรุปของเรื่องเพื่อประกอบการพิจารณาของที่ประชุม " * 3,
                "attachment_ids": [upload.json()["upload_id"]],
                "links": [{"title": "เอกสารออนไลน์", "url": f"https://docs.example.go.th/{mid}/{n}"}]}
        if n % 5 == 4 and section in parents:
            body["parent_id"] = parents[section]  # some sub-items: ๔.๑.๑
        added = await client.post(f"/meetings/{mid}/agenda/items", headers=headers, json=body)
        added.raise_for_status()
        parents.setdefault(section, added.json()["item_id"])
    started = time.perf_counter()
    published = await client.post(f"/meetings/{mid}/agenda/publish", headers=headers)
    elapsed = time.perf_counter() - started
    published.raise_for_status()
    version = published.json()
    if version["pack_pages"] < items * PAGES_PER_ATTACHMENT:
        raise RuntimeError(f"pack has {version['pack_pages']} pages")
    stats = await sign_in(documents, "clerk@cm-statistics")
    subject_start = f"ขอเชิญประชุม{committee['name_th']}"
    async with httpx.AsyncClient(base_url=documents, timeout=60) as docs:
        while time.perf_counter() - started < 60:
            inbox = (await docs.get("/inbox", headers=stats, params={"limit": 50})).json()["items"]
            if any(i["subject"].startswith(subject_start) for i in inbox):
                break
            await asyncio.sleep(0.1)
        else:
            raise RuntimeError("the invitation letter did not arrive")
    delivered = time.perf_counter() - started
    return {f"agenda_publish_{items}_items_s": elapsed, f"agenda_publish_{items}_items_pages": version["pack_pages"],
            f"agenda_publish_{items}_items_invitation_delivered_s": delivered}


async def agenda_publish(stack: dict) -> dict[str, float]:
    """Publish agendas of 10 and 40 items, each item with one 10-page attachment (400 pages for 40 items)."""
    meeting, documents = stack["services"]["meeting"], stack["services"]["documents"]
    headers = await sign_in(documents, SECRETARIAT)
    figures: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=meeting, timeout=300) as client:
        for items in (10, 40):
            figures |= await _publish_agenda(client, headers, items, documents)
    return figures
