"""Publishing the agenda: freeze a version, build and store its pack, ask for the invitation letter.

Nothing half-published: the pack is built and stored before the version row is written, and the row, the
meeting's state and the events commit together; a failed build leaves the previous version as it was.
Publishing opens its units of work itself, around the build; reading a version takes its caller's.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.errors import AppError
from opensaraban_shared.events import AgendaPublished, InvitationLetterRequested
from opensaraban_shared.logging import get_logger
from opensaraban_shared.storage import ObjectStore
from opensaraban_shared.thai import format_thai_date, format_thai_time, thai_weekday
from opensaraban_shared.unit_of_work import StartWork, UnitOfWork

from ..agenda import repository as agenda_repository
from ..agenda.draft import changes_between, flatten, replay, snapshot
from ..agenda.models import VersionRead
from ..agenda.service import NAMESPACE, agenda_read
from ..committees import repository as committees
from ..errors import AGENDA_PUBLISHED, DRAFT_CHANGED, NO_SUCH_VERSION, NOTHING_CHANGED, PACK_FAILED
from ..meetings import repository as meetings
from ..meetings.access import meeting_for, require_state, sections
from ..meetings.events import audience, common_fields, meeting_number
from ..meetings.models import MeetingState
from . import layout, worker
from .assemble import Pack, build_pack

log = get_logger(__name__)
PUBLISHABLE = (MeetingState.AGENDA_OPEN, MeetingState.AGENDA_LOCKED)


def version_read(row: asyncpg.Record) -> VersionRead:
    snap = json.loads(row["snapshot"])
    return VersionRead(meeting_id=row["meeting_id"], version=row["version"], draft_version=row["draft_version"],
                       published_at=row["published_at"], pack_sha256=row["pack_sha256"], pack_size=row["pack_size"],
                       pack_pages=row["pack_pages"], docx_sha256=row["docx_sha256"],
                       changes=json.loads(row["changes"]), agenda=agenda_read(row["meeting_id"], snap))


def print_fields(meeting: asyncpg.Record) -> dict[str, Any]:
    """What the renderers need of a meeting, as plain data for the worker process."""
    return {"committee_name": meeting["committee_name"], "meeting_number": meeting_number(meeting),
            "starts_at": meeting["starts_at"].isoformat(), "room": meeting["room"], "floor": meeting["floor"],
            "building": meeting["building"], "online_url": meeting["online_url"]}


async def publish(start: StartWork, store: ObjectStore, *, meeting_id: uuid.UUID,
                  signer_user_id: str | None = None) -> VersionRead:
    """Two units of work in sequence, as the connection and the transaction before them: reading the draft, then
    (after the pack is built in the worker process and stored, outside any transaction) recording the version,
    which checks that the draft did not change meanwhile."""
    async with start() as work:
        principal, conn = work.principal, work.conn
        meeting = await meeting_for(conn, principal, meeting_id, manage=True)
        if meeting["state"] == MeetingState.PUBLISHED.value:
            raise AppError(AGENDA_PUBLISHED, {"version": meeting["published_version"]})
        require_state(meeting, *PUBLISHABLE)
        draft = replay(sections(meeting), await agenda_repository.changes(conn, meeting_id))
        previous = await agenda_repository.version(conn, meeting_id, meeting["published_version"])
        members = await committees.members(conn, committee_id=meeting["committee_id"])
    if previous is not None and previous["draft_version"] == draft.version:
        raise AppError(NOTHING_CHANGED, {"version": previous["version"]})
    snap = snapshot(draft)
    version = meeting["published_version"] + 1
    published_at = clock.now()
    pack = await _build(store, meeting, snap, version=version, published_at=published_at)
    stored_pdf, stored_docx = await asyncio.gather(store.put_bytes(pack.pdf, namespace=NAMESPACE),
                                                   store.put_bytes(pack.docx, namespace=NAMESPACE))
    what_changed = changes_between(json.loads(previous["snapshot"]) if previous else None, snap)
    request_id = uuid.uuid4()
    async with start() as work:
        conn = work.conn
        meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
        if meeting["draft_version"] != draft.version or meeting["state"] not in {s.value for s in PUBLISHABLE}:
            raise AppError(DRAFT_CHANGED, {"built_from": draft.version, "now": meeting["draft_version"]})
        await agenda_repository.insert_version(conn, {
            "meeting_id": meeting_id, "version": version, "draft_version": draft.version,
            "snapshot": json.dumps(snap, ensure_ascii=False), "changes": json.dumps(what_changed, ensure_ascii=False),
            "pack_object_key": stored_pdf.key, "pack_sha256": stored_pdf.sha256, "pack_size": stored_pdf.size,
            "pack_pages": pack.pages, "docx_object_key": stored_docx.key, "docx_sha256": stored_docx.sha256,
            "docx_size": stored_docx.size, "invitation_request_id": request_id, "published_by": principal.subject_id,
            "published_at": published_at})
        await meetings.update_meeting(conn, meeting_id, state=MeetingState.PUBLISHED.value, published_version=version,
                                      agenda_published_at=meeting["agenda_published_at"] or published_at)
        items = flatten(snap)
        fields = common_fields(meeting)
        events: list[Any] = [AgendaPublished(
            **fields, **audience(members), version=version, pack_object_key=stored_pdf.key,
            pack_sha256=stored_pdf.sha256, pack_size=stored_pdf.size, pack_pages=pack.pages, item_count=len(items),
            late_item_count=sum(1 for i in items if i.get("late")), changes=what_changed, published_at=published_at)]
        recipients = [a for a in audience(members)["member_agency_ids"] if a != meeting["secretariat_agency_id"]]
        if recipients:
            events.append(InvitationLetterRequested(
                **fields, request_id=request_id, version=version, requested_by_user_id=principal.subject_id,
                recipient_agency_ids=recipients, pack_object_key=stored_pdf.key, pack_sha256=stored_pdf.sha256,
                pack_size=stored_pdf.size, pack_filename=pack_filename(meeting, version),
                requested_at=published_at, signer_user_id=signer_user_id,
                **_letter(meeting, members, version, what_changed)))
        for event in events:
            work.emit(event)
        return version_read(await agenda_repository.version(conn, meeting_id, version))


async def _build(store: ObjectStore, meeting: asyncpg.Record, snap: dict[str, Any], *, version: int,
                 published_at: datetime) -> Pack:
    wanted = {a["sha256"]: a["object_key"] for item in flatten(snap) for a in item.get("attachments", [])}
    try:
        blobs = await asyncio.gather(*(store.read_verified(key, sha) for sha, key in wanted.items()))
        return await worker.run(build_pack, print_fields(meeting), snap, dict(zip(wanted, blobs, strict=True)),
                                version=version, created_at=published_at)
    except Exception as exc:
        log.error("agenda_pack_failed", meeting_id=str(meeting["meeting_id"]), error=repr(exc)[:500])
        raise AppError(PACK_FAILED, {"error": type(exc).__name__}) from exc


def pack_filename(meeting: Mapping[str, Any], version: int) -> str:
    """'ระเบียบวาระการประชุม-1-2569-v2.pdf': Arabic digits, as in every file name (a Thai digit breaks links)."""
    return f"ระเบียบวาระการประชุม-{meeting['number']}-{meeting['year_be']}-v{version}.pdf"


def _letter(meeting: asyncpg.Record, members: list[asyncpg.Record], version: int,
            what_changed: list[str]) -> dict[str, str]:
    """The invitation letter (หนังสือเชิญประชุม): subject, salutation, body, signatory."""
    number, committee = meeting_number(meeting), meeting["committee_name"]
    starts = meeting["starts_at"]
    place = layout.venue(dict(meeting)) or "ตามที่จะแจ้งให้ทราบ"
    online = " และผ่านระบบการประชุมทางไกลผ่านสื่ออิเล็กทรอนิกส์" if meeting["online_url"] else ""
    body = (f"ด้วย{committee} กำหนดการประชุม ครั้งที่ {number} ใน{thai_weekday(starts)}ที่ "
            f"{format_thai_date(starts)} เวลา {format_thai_time(starts)} ณ {place}{online} "
            f"จึงขอเชิญท่านเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว "
            f"รายละเอียดตามระเบียบวาระการประชุมและเอกสารประกอบที่แนบมาพร้อมนี้")
    if version > 1 and what_changed:
        body += " ทั้งนี้ ระเบียบวาระฉบับนี้ปรับปรุงจากฉบับก่อน ดังนี้ " + "; ".join(what_changed)
    signer = next((m for role in ("chair", "secretary") for m in members if m["role"] == role), None)
    return {
        "subject": f"ขอเชิญประชุม{committee} ครั้งที่ {number}" + (" (แก้ไขระเบียบวาระ)" if version > 1 else ""),
        "body": body,
        "salutation": committee.removeprefix("คณะ") if committee.startswith("คณะกรรมการ") else f"กรรมการ{committee}",
        "signatory_name": signer["display_name"] if signer else "ฝ่ายเลขานุการ",
        "signatory_position": (signer["position"] or "ประธานกรรมการ") if signer else committee,
        "owning_unit": f"ฝ่ายเลขานุการ{committee}",
    }


async def list_versions(work: UnitOfWork, *, meeting_id: uuid.UUID) -> list[VersionRead]:
    await meeting_for(work.conn, work.principal, meeting_id)
    return [version_read(r) for r in await agenda_repository.versions(work.conn, meeting_id)]


async def get_version(work: UnitOfWork, *, meeting_id: uuid.UUID, version: int) -> VersionRead:
    return version_read(await _version_row(work, meeting_id, version))


async def _version_row(work: UnitOfWork, meeting_id: uuid.UUID, version: int) -> asyncpg.Record:
    await meeting_for(work.conn, work.principal, meeting_id)
    row = await agenda_repository.version(work.conn, meeting_id, version)
    if row is None:
        raise AppError(NO_SUCH_VERSION, {"version": version})
    return row


async def open_file(work: UnitOfWork, store: ObjectStore, *, meeting_id: uuid.UUID, version: int,
                    kind: str) -> tuple[AsyncIterator[bytes], int]:
    """The pack PDF or the DOCX of a published version, streamed (after the unit of work ends) and checked against
    its SHA-256."""
    row = await _version_row(work, meeting_id, version)
    return store.open_verified(row[f"{kind}_object_key"], row[f"{kind}_sha256"]), row[f"{kind}_size"]
