"""Use cases of the draft agenda: submit, revise, review, add, move, remove, read (now or as of the past).
Each takes the unit of work its caller opened and sends its events with `work.emit`; an upload, which streams a file
to the object store, opens its units of work itself, around that."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal
from opensaraban_shared.clock import now
from opensaraban_shared.errors import NOT_FOUND, AppError
from opensaraban_shared.events import AgendaItemReviewed, AgendaItemSubmitted
from opensaraban_shared.storage import PDF, ObjectStore, detect_mime_type, pdf_pages, spool_limited
from opensaraban_shared.unit_of_work import StartWork, UnitOfWork

from ..committees import repository as committees
from ..committees.templates import SECRETARIAT_ONLY
from ..errors import (
    AGENDA_LOCKED,
    AGENDA_PUBLISHED,
    ATTACHMENT_NOT_ALLOWED,
    ATTACHMENT_TYPE_NOT_ALLOWED,
    BAD_MOVE,
    BAD_PARENT,
    ITEM_NOT_EDITABLE,
    ITEM_NOT_FOUND,
    NOT_A_MEMBER,
    PLACING_IS_SECRETARIAT,
    SECTION_NOT_OPEN,
    UNKNOWN_SECTION,
    WRONG_STATE,
)
from ..meetings import repository as meetings
from ..meetings.access import is_secretariat, meeting_for, sections
from ..meetings.events import common_fields
from ..meetings.models import MeetingState
from . import changes, repository
from .draft import Draft, replay, snapshot
from .models import AgendaRead, ChangeRead, ItemMove, ItemRead, ItemReview, ItemRevise, ItemSubmit, UploadRead
from .seeding import new_item

NAMESPACE = "meeting/"
DRAFTING = (MeetingState.AGENDA_OPEN, MeetingState.AGENDA_LOCKED)



def agenda_read(meeting_id: uuid.UUID, snap: dict[str, Any]) -> AgendaRead:
    return AgendaRead(meeting_id=meeting_id, version=snap["version"], sections=snap["sections"],
                      not_on_agenda=snap["not_on_agenda"])


# --- reading ----------------------------------------------------------------------------------------

async def get_agenda(work: UnitOfWork, *, meeting_id: uuid.UUID, version: int | None = None,
                     at: datetime | None = None) -> AgendaRead:
    """The draft now, or as it stood at a draft version or a moment, rebuilt from the stored changes."""
    meeting = await meeting_for(work.conn, work.principal, meeting_id)
    history = await repository.changes(work.conn, meeting_id, up_to_version=version, up_to_time=at)
    return agenda_read(meeting_id, snapshot(replay(sections(meeting), history)))


async def list_changes(work: UnitOfWork, *, meeting_id: uuid.UUID) -> list[ChangeRead]:
    await meeting_for(work.conn, work.principal, meeting_id)
    return [ChangeRead(**c) for c in await repository.changes(work.conn, meeting_id)]


# --- uploads ----------------------------------------------------------------------------------------

async def upload(start: StartWork, store: ObjectStore, *, meeting_id: uuid.UUID, filename: str,
                 chunks: AsyncIterator[bytes], max_bytes: int) -> UploadRead:
    """An attachment for an agenda item: a readable PDF (it is bound into the pack), stored by content.

    Two units of work in sequence, as the connection and the transaction before them: the access check, then
    (after the file is received, checked and stored, outside any transaction) the row that records it."""
    async with start() as work:
        principal = work.principal
        await meeting_for(work.conn, principal, meeting_id)
    spool = io.BytesIO()
    sha256, size = await spool_limited(chunks, spool=spool, max_bytes=max_bytes)
    mime_type = detect_mime_type(spool)
    if mime_type != PDF:
        raise AppError(ATTACHMENT_TYPE_NOT_ALLOWED, {"detected": mime_type, "allowed": [PDF]})
    try:
        pages = await asyncio.to_thread(pdf_pages, spool)
    except AppError as exc:
        raise AppError(ATTACHMENT_NOT_ALLOWED, {"reason": "unreadable_pdf", **exc.detail}) from exc
    stored = await store.put_bytes(spool.getvalue(), namespace=NAMESPACE)
    upload_id = uuid.uuid4()
    async with start() as work:
        await repository.insert_upload(work.conn, {
            "upload_id": upload_id, "meeting_id": meeting_id, "agency_id": principal.agency_id,
            "object_key": stored.key, "sha256": sha256, "size_bytes": size, "mime_type": PDF,
            "filename": filename, "pages": pages, "uploaded_by": principal.subject_id})
    return UploadRead(upload_id=upload_id, filename=filename, sha256=sha256, size_bytes=size, pages=pages,
                      mime_type=PDF)


async def open_upload(work: UnitOfWork, store: ObjectStore, *, meeting_id: uuid.UUID,
                      upload_id: uuid.UUID) -> tuple[AsyncIterator[bytes], int, str]:
    """A submitted PDF before any pack binds it, streamed and checked against its SHA-256: for the agency that
    uploaded it and for the secretariat reviewing the item; anyone else gets not_found."""
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id)
    found = await repository.uploads(conn, meeting_id=meeting_id, upload_ids=[upload_id])
    if not found or not (found[0]["agency_id"] == principal.agency_id
                         or await is_secretariat(conn, principal, meeting)):
        raise AppError(NOT_FOUND)
    upload = found[0]
    return store.open_verified(upload["object_key"], upload["sha256"]), upload["size_bytes"], upload["filename"]


async def _attachments(conn: asyncpg.Connection, principal: Principal, meeting: asyncpg.Record, secretariat: bool,
                       upload_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """This meeting's uploads, in the order given; an agency may attach only its own (the secretariat any)."""
    if len(set(upload_ids)) != len(upload_ids):
        raise AppError(ATTACHMENT_NOT_ALLOWED, {"reason": "duplicate"})
    found = {r["upload_id"]: r for r in await repository.uploads(conn, meeting_id=meeting["meeting_id"],
                                                                  upload_ids=upload_ids)}
    for upload_id in upload_ids:
        row = found.get(upload_id)
        if row is None or not (secretariat or row["agency_id"] == principal.agency_id):
            raise AppError(ATTACHMENT_NOT_ALLOWED, {"upload_id": str(upload_id)})
    return [{"upload_id": str(u), "filename": found[u]["filename"], "object_key": found[u]["object_key"],
             "sha256": found[u]["sha256"], "size_bytes": found[u]["size_bytes"], "pages": found[u]["pages"]}
            for u in upload_ids]


# --- changing the draft -------------------------------------------------------------------------------

async def _editable(conn: asyncpg.Connection, principal: Principal, meeting_id: uuid.UUID, *,
                    secretariat_only: bool = False) -> tuple[asyncpg.Record, bool, Draft]:
    """The locked meeting, whether the caller is its secretariat, and the current draft, if the caller may change
    it now: the secretariat while drafting, member agencies while the agenda is open."""
    meeting = await meeting_for(conn, principal, meeting_id, manage=secretariat_only, for_update=True)
    secretariat = await is_secretariat(conn, principal, meeting)
    state = MeetingState(meeting["state"])
    if state is MeetingState.PUBLISHED:
        raise AppError(AGENDA_PUBLISHED if secretariat else AGENDA_LOCKED, {"state": state.value})
    allowed = DRAFTING if secretariat else (MeetingState.AGENDA_OPEN,)
    if state not in allowed:
        locked = state is not MeetingState.PLANNED
        raise AppError(AGENDA_LOCKED if locked else WRONG_STATE, {"state": state.value})
    return meeting, secretariat, await changes.load(conn, meeting, sections(meeting))


def _section(meeting: asyncpg.Record, number: int) -> dict[str, Any]:
    for section in sections(meeting):
        if section["number"] == number:
            return section
    raise AppError(UNKNOWN_SECTION, {"section": number, "sections": [s["number"] for s in sections(meeting)]})


def _item(draft: Draft, item_id: uuid.UUID) -> dict[str, Any]:
    item = draft.items.get(str(item_id))
    if item is None:
        raise AppError(ITEM_NOT_FOUND)
    return item


def _item_read(draft: Draft, item_id: str) -> ItemRead:
    for section in snapshot(draft)["sections"]:
        stack = list(section["items"])
        while stack:
            item = stack.pop()
            if item["item_id"] == item_id:
                return ItemRead(**item)
            stack += item["children"]
    return ItemRead(**draft.items[item_id])


async def submit_item(work: UnitOfWork, *, meeting_id: uuid.UUID, data: ItemSubmit) -> ItemRead:
    """A member agency's submission waits for review; the secretariat's own item goes straight on the agenda."""
    principal, conn = work.principal, work.conn
    meeting, secretariat, draft = await _editable(conn, principal, meeting_id)
    section = _section(meeting, data.section)
    if not secretariat and section["kind"] in SECRETARIAT_ONLY:
        raise AppError(SECTION_NOT_OPEN, {"section": data.section})
    if not secretariat and data.position:
        raise AppError(PLACING_IS_SECRETARIAT, {"field": "position"})
    parent_id = None
    if data.parent_id:  # a sub-item (เรื่องย่อย): a member agency's waits for review under its main item
        parent = draft.items.get(str(data.parent_id))
        if parent is None or parent["status"] != "accepted" or parent["section"] != data.section:
            raise AppError(BAD_PARENT, {"field": "parent_id", "parent_id": str(data.parent_id),
                                        "section": data.section})
        parent_id = parent["item_id"]
    presenting = data.presenting_agency_id or principal.agency_id
    member_agencies = {m["agency_id"] for m in await committees.members(conn, committee_id=meeting["committee_id"])}
    if presenting not in member_agencies | {meeting["secretariat_agency_id"]}:
        raise AppError(NOT_A_MEMBER, {"presenting_agency_id": presenting})
    late = (not secretariat and meeting["submission_deadline"] is not None
            and now() > meeting["submission_deadline"])
    item = new_item(
        section=data.section, parent_id=parent_id, title=data.title, summary=data.summary,
        presenting_agency_id=presenting,
        presenting_agency_name=data.presenting_agency_name or await _printed_name(conn, meeting, presenting),
        origin="secretariat" if secretariat else "submission",
        status="accepted" if secretariat else "submitted", late=late,
        submitted_by_agency_id=principal.agency_id, submitted_by_user_id=principal.subject_id,
        attachments=await _attachments(conn, principal, meeting, secretariat, data.attachment_ids),
        links=[link.model_dump() for link in data.links])
    await changes.record(conn, principal, draft, meeting, "item_added", {"item": item, "position": data.position})
    work.emit(AgendaItemSubmitted(
        **common_fields(meeting), item_id=item["item_id"], title=item["title"], section=item["section"],
        submitted_by_agency_id=principal.agency_id, submitted_by_user_id=principal.subject_id, late=late,
        submitted_at=now()))
    return _item_read(draft, item["item_id"])


async def _printed_name(conn: asyncpg.Connection, meeting: asyncpg.Record, agency_id: str) -> str:
    """'โดย …': the name the committee's member list gives the agency; the secretariat is ฝ่ายเลขานุการ."""
    name = await committees.agency_name(conn, committee_id=meeting["committee_id"], agency_id=agency_id)
    if name:
        return name
    return "ฝ่ายเลขานุการ" if agency_id == meeting["secretariat_agency_id"] else agency_id


async def revise_item(work: UnitOfWork, *, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ItemRevise) -> ItemRead:
    principal, conn = work.principal, work.conn
    meeting, secretariat, draft = await _editable(conn, principal, meeting_id)
    item = _item(draft, item_id)
    if not secretariat and (item["submitted_by_agency_id"] != principal.agency_id
                            or item["status"] not in ("submitted", "returned")):
        raise AppError(ITEM_NOT_EDITABLE, {"status": item["status"]})
    fields: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"attachment_ids", "links"}, mode="json")
    if data.links is not None:
        fields["links"] = [link.model_dump() for link in data.links]
    if data.attachment_ids is not None:
        fields["attachments"] = await _attachments(conn, principal, meeting, secretariat, data.attachment_ids)
    if item["status"] == "returned" and not secretariat:
        fields["status"] = "submitted"  # back in the secretariat's queue
    await changes.record(conn, principal, draft, meeting, "item_revised", {"item_id": str(item_id),
                                                                          "fields": fields})
    return _item_read(draft, str(item_id))


async def review_item(work: UnitOfWork, *, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ItemReview) -> ItemRead:
    principal, conn = work.principal, work.conn
    meeting, _, draft = await _editable(conn, principal, meeting_id, secretariat_only=True)
    item = _item(draft, item_id)
    if item["origin"] != "submission" and item["origin"] != "carried_over":
        raise AppError(ITEM_NOT_EDITABLE, {"origin": item["origin"]})
    if data.decision != "accepted" and draft.descendants(item["item_id"]):
        raise AppError(ITEM_NOT_EDITABLE, {"reason": "move its sub-items first"})
    if data.to_meeting_id is not None:
        if data.decision != "deferred":
            raise AppError(BAD_MOVE, {"reason": "to_meeting_id goes with a deferral"})
        await _carry_over(conn, principal, meeting, item, data.to_meeting_id)
    await changes.record(conn, principal, draft, meeting, "item_reviewed", {
        "item_id": item["item_id"], "decision": data.decision.value, "comment": data.comment,
        "to_meeting_id": str(data.to_meeting_id) if data.to_meeting_id else None})
    work.emit(AgendaItemReviewed(
        **common_fields(meeting), item_id=item["item_id"], title=item["title"], decision=data.decision.value,
        comment=data.comment, submitted_by_agency_id=item["submitted_by_agency_id"],
        submitted_by_user_id=item["submitted_by_user_id"], reviewed_by_user_id=principal.subject_id,
        reviewed_at=now()))
    return _item_read(draft, item["item_id"])


async def _carry_over(conn: asyncpg.Connection, principal: Principal, meeting: asyncpg.Record,
                      item: dict[str, Any], to_meeting_id: uuid.UUID) -> None:
    """A deferred item waits for review on a later meeting's draft of the same committee."""
    target = await meetings.get_meeting(conn, to_meeting_id, for_update=True)
    if (target is None or target["committee_id"] != meeting["committee_id"]
            or target["starts_at"] <= meeting["starts_at"]
            or target["state"] not in (MeetingState.AGENDA_OPEN.value, MeetingState.AGENDA_LOCKED.value)):
        raise AppError(BAD_MOVE, {"reason": "defer to a later meeting of this committee whose agenda is open"})
    target_sections = {s["number"] for s in sections(target)}
    section = item["section"] if item["section"] in target_sections else max(target_sections)
    carried = {**new_item(section=section, title=item["title"], presenting_agency_id=item["presenting_agency_id"],
                          presenting_agency_name=item["presenting_agency_name"], origin="carried_over",
                          status="submitted", summary=item["summary"],
                          submitted_by_agency_id=item["submitted_by_agency_id"],
                          submitted_by_user_id=item["submitted_by_user_id"], links=item["links"],
                          ref={"from_meeting_id": str(meeting["meeting_id"]), "from_item_id": item["item_id"]}),
               "attachments": []}  # uploads belong to a meeting: the agency attaches them again there
    draft = await changes.load(conn, target, sections(target))
    await changes.record(conn, principal, draft, target, "item_added", {"item": carried})


async def move_item(work: UnitOfWork, *, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ItemMove) -> AgendaRead:
    principal, conn = work.principal, work.conn
    meeting, _, draft = await _editable(conn, principal, meeting_id, secretariat_only=True)
    item = _item(draft, item_id)
    section = data.section or item["section"]
    parent_id = None
    if data.parent_id is not None:
        parent = _item(draft, data.parent_id)
        if parent["item_id"] in (item["item_id"], *draft.descendants(item["item_id"])):
            raise AppError(BAD_MOVE, {"reason": "an item cannot go under itself"})
        if parent["status"] != "accepted" or (data.section and data.section != parent["section"]):
            raise AppError(BAD_MOVE, {"reason": "the parent must be an accepted item of that section"})
        section, parent_id = parent["section"], parent["item_id"]
    _section(meeting, section)
    await changes.record(conn, principal, draft, meeting, "item_moved", {
        "item_id": item["item_id"], "section": section, "parent_id": parent_id, "position": data.position})
    return agenda_read(meeting_id, snapshot(draft))


async def remove_item(work: UnitOfWork, *, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaRead:
    principal, conn = work.principal, work.conn
    meeting, _, draft = await _editable(conn, principal, meeting_id, secretariat_only=True)
    item = _item(draft, item_id)
    await changes.record(conn, principal, draft, meeting, "item_removed", {"item_id": item["item_id"]})
    return agenda_read(meeting_id, snapshot(draft))
