"""Use cases of minutes and follow-up actions; each takes the unit of work its caller opened and sends its events
with `work.emit`."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from opensaraban_shared.clock import now
from opensaraban_shared.errors import NOT_FOUND, AppError
from opensaraban_shared.events import FollowUpActionCompleted, FollowUpActionCreated, MinutesApproved
from opensaraban_shared.unit_of_work import StartWork, UnitOfWork

from ..agenda import repository as agenda_repository
from ..agenda.draft import flatten, replay, snapshot
from ..committees import repository as committees
from ..committees.service import committee_for, is_secretariat_of
from ..errors import FOLLOW_UP_DONE, FOLLOW_UP_NOT_FOUND, ITEM_NOT_FOUND, MINUTES_LOCKED, NOT_A_MEMBER, WRONG_STATE
from ..meetings import repository as meetings
from ..meetings.access import meeting_for, require_state, sections
from ..meetings.events import common_fields
from ..meetings.models import AttendanceRead, MeetingState
from ..meetings.service import meeting_read
from ..packs import worker
from ..packs.service import print_fields
from . import repository
from .models import (
    FollowUpComplete,
    FollowUpCreate,
    FollowUpRead,
    MinutesApprove,
    MinutesItemRead,
    MinutesRead,
    MinutesUpdate,
)
from .render import minutes_pdf

TAKING_MINUTES = (MeetingState.HELD, MeetingState.MINUTES_DRAFTED)



async def _agenda(conn: asyncpg.Connection, meeting: asyncpg.Record) -> dict[str, Any]:
    """The agenda the meeting followed: its last published version, else the draft."""
    published = await agenda_repository.version(conn, meeting["meeting_id"], meeting["published_version"])
    if published is not None:
        return json.loads(published["snapshot"])
    return snapshot(replay(sections(meeting), await agenda_repository.changes(conn, meeting["meeting_id"])))


def _unlocked(meeting: asyncpg.Record) -> None:
    if meeting["state"] == MeetingState.MINUTES_APPROVED.value:
        raise AppError(MINUTES_LOCKED)


async def save_minutes(work: UnitOfWork, *, meeting_id: uuid.UUID, data: MinutesUpdate) -> MinutesRead:
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    _unlocked(meeting)
    require_state(meeting, *TAKING_MINUTES)
    known = {i["item_id"] for i in flatten(await _agenda(conn, meeting))}
    unknown = [str(e.item_id) for e in data.entries if str(e.item_id) not in known]
    if unknown:
        raise AppError(ITEM_NOT_FOUND, {"item_ids": unknown})
    await repository.upsert_entries(conn, meeting_id, [(e.item_id, e.discussion, e.resolution)
                                                       for e in data.entries])
    await meetings.update_meeting(
        conn, meeting_id, state=MeetingState.MINUTES_DRAFTED.value, minute_taker=data.minute_taker,
        minutes_reviewer=data.reviewer, started_at=data.started_at or meeting["started_at"],
        ended_at=data.ended_at or meeting["ended_at"])
    return await _minutes(conn, await meetings.get_meeting(conn, meeting_id))


async def get_minutes(work: UnitOfWork, *, meeting_id: uuid.UUID) -> MinutesRead:
    return await _minutes(work.conn, await meeting_for(work.conn, work.principal, meeting_id))


async def _minutes(conn: asyncpg.Connection, meeting: asyncpg.Record) -> MinutesRead:
    entries = await repository.entries(conn, meeting["meeting_id"])
    items = []
    for item in flatten(await _agenda(conn, meeting)):
        entry = entries.get(uuid.UUID(item["item_id"]))
        items.append(MinutesItemRead(**{k: item[k] for k in ("item_id", "number", "number_th", "section", "title",
                                                             "presenting_agency_name")},
                                     discussion=entry["discussion"] if entry else "",
                                     resolution=entry["resolution"] if entry else ""))
    return MinutesRead(meeting=meeting_read(meeting), minute_taker=meeting["minute_taker"],
                       reviewer=meeting["minutes_reviewer"],
                       attendance=[AttendanceRead(**dict(r)) for r in await meetings.attendance(conn, meeting["meeting_id"])],
                       items=items, locked=meeting["state"] == MeetingState.MINUTES_APPROVED.value)


async def minutes_file(start: StartWork, *, meeting_id: uuid.UUID) -> bytes:
    """Read in the request's unit of work, rendered after it ends: a long PDF holds no connection."""
    async with start() as work:
        conn = work.conn
        meeting = await meeting_for(conn, work.principal, meeting_id)
        if meeting["state"] not in (MeetingState.MINUTES_DRAFTED.value, MeetingState.MINUTES_APPROVED.value):
            raise AppError(WRONG_STATE, {"state": meeting["state"]})
        agenda = await _agenda(conn, meeting)
        entries = await repository.entries(conn, meeting_id)
        attendance = [dict(r) for r in await meetings.attendance(conn, meeting_id)]
    for item in flatten(agenda):
        entry = entries.get(uuid.UUID(item["item_id"]))
        item["discussion"], item["resolution"] = (entry["discussion"], entry["resolution"]) if entry else ("", "")
    document = {
        "sections": agenda["sections"], "attendance": [{k: a[k] for k in ("status", "name", "position", "substitute_name", "reason")}
                                                for a in attendance],
        "minute_taker": meeting["minute_taker"], "reviewer": meeting["minutes_reviewer"],
        "started_at": meeting["started_at"].isoformat() if meeting["started_at"] else None,
        "ended_at": meeting["ended_at"].isoformat() if meeting["ended_at"] else None,
    }
    return await worker.run(minutes_pdf, print_fields(meeting), document, created_at=now())


async def approve_minutes(work: UnitOfWork, *, meeting_id: uuid.UUID, data: MinutesApprove) -> MinutesRead:
    """Approved (normally under section ๒ of a later meeting), then locked."""
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    _unlocked(meeting)
    require_state(meeting, MeetingState.MINUTES_DRAFTED)
    if data.at_meeting_id is not None:
        at = await meetings.get_meeting(conn, data.at_meeting_id)
        if (at is None or at["committee_id"] != meeting["committee_id"]
                or at["starts_at"] <= meeting["starts_at"]):
            raise AppError(NOT_FOUND, {"at_meeting_id": str(data.at_meeting_id)})
    approved_at = now()
    await meetings.update_meeting(conn, meeting_id, state=MeetingState.MINUTES_APPROVED.value,
                                  minutes_approved_at=approved_at,
                                  minutes_approved_at_meeting_id=data.at_meeting_id)
    meeting = await meetings.get_meeting(conn, meeting_id)
    work.emit(MinutesApproved(**common_fields(meeting), approved_at_meeting_id=data.at_meeting_id,
                                  approved_at=approved_at))
    return await _minutes(conn, meeting)


# --- follow-up actions -------------------------------------------------------------------------------

async def create_follow_up(work: UnitOfWork, *, meeting_id: uuid.UUID, data: FollowUpCreate) -> FollowUpRead:
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    _unlocked(meeting)
    require_state(meeting, *TAKING_MINUTES)
    item = next((i for i in flatten(await _agenda(conn, meeting)) if i["item_id"] == str(data.item_id)), None)
    if item is None:
        raise AppError(ITEM_NOT_FOUND, {"item_id": str(data.item_id)})
    members = await committees.members(conn, committee_id=meeting["committee_id"])
    if data.owner_agency_id not in {m["agency_id"] for m in members}:
        raise AppError(NOT_A_MEMBER, {"owner_agency_id": data.owner_agency_id})
    row = await repository.insert_follow_up(conn, {
        "action_id": uuid.uuid4(), "committee_id": meeting["committee_id"], "meeting_id": meeting_id,
        "item_id": data.item_id, "item_number": item["number"], "description": data.description,
        "owner_agency_id": data.owner_agency_id, "owner_user_id": data.owner_user_id, "due_date": data.due_date})
    work.emit(FollowUpActionCreated(
        **common_fields(meeting), action_id=row["action_id"], item_id=data.item_id, description=data.description,
        owner_agency_id=data.owner_agency_id, owner_user_id=data.owner_user_id, due_date=data.due_date,
        created_at=row["created_at"]))
    return FollowUpRead(**dict(row))


async def list_follow_ups(work: UnitOfWork, *, committee_id: uuid.UUID, status: str | None) -> list[FollowUpRead]:
    await committee_for(work.conn, work.principal, committee_id)
    return [FollowUpRead(**dict(r)) for r in await repository.follow_ups(work.conn, committee_id=committee_id,
                                                                         status=status)]


async def complete_follow_up(work: UnitOfWork, *, action_id: uuid.UUID, data: FollowUpComplete) -> FollowUpRead:
    """The owner agency (or the secretariat) reports it done."""
    principal, conn = work.principal, work.conn
    action = await repository.follow_up(conn, action_id, for_update=True)
    if action is None:
        raise AppError(FOLLOW_UP_NOT_FOUND)
    try:
        committee = await committee_for(conn, principal, action["committee_id"])
    except AppError:  # another committee's action answers like a missing one: its existence does not leak
        raise AppError(FOLLOW_UP_NOT_FOUND) from None
    if principal.agency_id != action["owner_agency_id"] and not is_secretariat_of(principal, committee):
        raise AppError(FOLLOW_UP_NOT_FOUND)
    if action["status"] == "completed":
        raise AppError(FOLLOW_UP_DONE)
    at = now()
    await repository.complete_follow_up(conn, action_id, report=data.report, at=at)
    meeting = await meetings.get_meeting(conn, action["meeting_id"])
    work.emit(FollowUpActionCompleted(**common_fields(meeting), action_id=action_id,
                                      owner_agency_id=action["owner_agency_id"], completed_at=at))
    return FollowUpRead(**dict(await repository.follow_up(conn, action_id)))
