"""Use cases of meetings: schedule, open and lock the agenda, attendance, held; each takes the unit of work its
caller opened and sends its events with `work.emit`."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from opensaraban_shared.clock import now
from opensaraban_shared.errors import AppError
from opensaraban_shared.events import AgendaOpened, MeetingCancelled, MeetingHeld, MeetingScheduled
from opensaraban_shared.thai import bangkok_day, buddhist_year
from opensaraban_shared.unit_of_work import UnitOfWork

from ..agenda import seeding
from ..committees import repository as committees
from ..committees.service import committee_for, sections_of
from ..errors import DEADLINE_PASSED, MEETING_NUMBER_TAKEN, NOT_A_MEMBER
from . import repository
from .access import meeting_for, require_state
from .events import audience, common_fields, meeting_number
from .models import (
    AgendaOpen,
    AttendanceRead,
    AttendanceStatus,
    AttendanceUpdate,
    MeetingCancel,
    MeetingCreate,
    MeetingHeldBody,
    MeetingRead,
    MeetingState,
)


def meeting_read(row: asyncpg.Record) -> MeetingRead:
    values = {k: row[k] for k in MeetingRead.model_fields if k in row.keys()}
    raw = row["sections"]
    values["sections"] = json.loads(raw) if isinstance(raw, str) else raw
    values["venue"] = {"room": row["room"], "floor": row["floor"], "building": row["building"]}
    values["meeting_number"] = meeting_number(row)
    values["title_th"] = f"การประชุม{row['committee_name']} ครั้งที่ {meeting_number(row)}"
    return MeetingRead(**values)


async def create_meeting(work: UnitOfWork, *, data: MeetingCreate) -> MeetingRead:
    """Numbered per committee per Buddhist-Era year of the meeting day (Thai time)."""
    principal, conn = work.principal, work.conn
    committee = await committee_for(conn, principal, data.committee_id, manage=True, for_update=True)
    year_be = buddhist_year(bangkok_day(data.starts_at).year)
    number = data.number or await repository.next_number(conn, committee_id=data.committee_id, year_be=year_be)
    meeting_id = uuid.uuid4()
    previous = await repository.previous_meeting(conn, committee_id=data.committee_id, before=data.starts_at)
    created = await repository.insert_meeting(conn, {
        "meeting_id": meeting_id, "committee_id": data.committee_id, "year_be": year_be, "number": number,
        "starts_at": data.starts_at, "ends_at": data.ends_at, "room": data.venue.room, "floor": data.venue.floor,
        "building": data.venue.building, "online_url": data.online_url, "state": MeetingState.PLANNED.value,
        "sections": json.dumps(sections_of(committee), ensure_ascii=False),
        "previous_meeting_id": previous["meeting_id"] if previous else None, "created_by": principal.subject_id,
    })
    if not created:
        raise AppError(MEETING_NUMBER_TAKEN, {"number": number, "year_be": year_be})
    meeting = await repository.get_meeting(conn, meeting_id)
    members = await committees.members(conn, committee_id=data.committee_id)
    work.emit(MeetingScheduled(**common_fields(meeting), **audience(members), scheduled_at=now()))
    return meeting_read(meeting)


async def get_meeting(work: UnitOfWork, *, meeting_id: uuid.UUID) -> MeetingRead:
    return meeting_read(await meeting_for(work.conn, work.principal, meeting_id))


async def list_meetings(work: UnitOfWork, *, committee_id: uuid.UUID) -> list[MeetingRead]:
    await committee_for(work.conn, work.principal, committee_id)
    return [meeting_read(r) for r in await repository.list_meetings(work.conn, committee_id=committee_id)]


async def meetings_of_my_agency(work: UnitOfWork, *, states: list[MeetingState] | None, limit: int,
                                offset: int) -> list[MeetingRead]:
    """What the caller's agency may see: meetings of committees it runs or sits on (every state unless asked)."""
    rows = await repository.meetings_of_agency(work.conn, agency_id=work.principal.agency_id,
                                               states=[s.value for s in states or ()], limit=limit, offset=offset)
    return [meeting_read(r) for r in rows]


async def open_agenda(work: UnitOfWork, *, meeting_id: uuid.UUID, data: AgendaOpen) -> MeetingRead:
    """Drafts the agenda from the template (previous minutes, pending follow-ups) and invites submissions."""
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    require_state(meeting, MeetingState.PLANNED)
    if data.submission_deadline <= now():  # else every item would be marked late from the start
        raise AppError(DEADLINE_PASSED, {"field": "submission_deadline",
                                         "submission_deadline": data.submission_deadline.isoformat(),
                                         "now": now().isoformat()})
    # Meetings may be scheduled out of order: the one before is decided now, when section ๒ is drafted.
    previous = await repository.previous_meeting(conn, committee_id=meeting["committee_id"],
                                                 before=meeting["starts_at"], exclude=meeting_id)
    await repository.update_meeting(conn, meeting_id,
                                    previous_meeting_id=previous["meeting_id"] if previous else None)
    await seeding.seed_draft(conn, principal, await repository.get_meeting(conn, meeting_id))
    await repository.update_meeting(conn, meeting_id, state=MeetingState.AGENDA_OPEN.value,
                                    submission_deadline=data.submission_deadline)
    meeting = await repository.get_meeting(conn, meeting_id)
    members = await committees.members(conn, committee_id=meeting["committee_id"])
    work.emit(AgendaOpened(**common_fields(meeting), **audience(members),
                           submission_deadline=data.submission_deadline, opened_at=now()))
    return meeting_read(meeting)


async def lock_agenda(work: UnitOfWork, *, meeting_id: uuid.UUID) -> MeetingRead:
    return await _move(work, meeting_id, (MeetingState.AGENDA_OPEN,), MeetingState.AGENDA_LOCKED)


async def revise_agenda(work: UnitOfWork, *, meeting_id: uuid.UUID) -> MeetingRead:
    """A published agenda is frozen; a revision re-opens the draft to the secretariat (not to submissions)."""
    return await _move(work, meeting_id, (MeetingState.PUBLISHED,), MeetingState.AGENDA_LOCKED)


# Before it took place: a held meeting has minutes and resolutions to keep.
_CANCELLABLE = (MeetingState.PLANNED, MeetingState.AGENDA_OPEN, MeetingState.AGENDA_LOCKED, MeetingState.PUBLISHED)


async def cancel_meeting(work: UnitOfWork, *, meeting_id: uuid.UUID, data: MeetingCancel) -> MeetingRead:
    """ยกเลิกการประชุม: the meeting keeps its number and its agenda, marked cancelled; the members are told (the
    event) and the reminders of its submission deadline end."""
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    require_state(meeting, *_CANCELLABLE)
    cancelled_at = now()
    await repository.update_meeting(conn, meeting_id, state=MeetingState.CANCELLED.value, cancelled_at=cancelled_at,
                                    cancel_reason=data.reason.strip())
    cancelled = await repository.get_meeting(conn, meeting_id)
    members = await committees.members(conn, committee_id=meeting["committee_id"])
    work.emit(MeetingCancelled(**common_fields(cancelled), **audience(members), reason=data.reason.strip(),
                               previous_state=meeting["state"], cancelled_at=cancelled_at))
    return meeting_read(cancelled)


async def _move(work: UnitOfWork, meeting_id: uuid.UUID, allowed: tuple[MeetingState, ...],
                to: MeetingState) -> MeetingRead:
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    require_state(meeting, *allowed)
    await repository.update_meeting(conn, meeting_id, state=to.value)
    return meeting_read(await repository.get_meeting(conn, meeting_id))


# --- attendance and holding ------------------------------------------------------------------------

_ATTENDANCE_STATES = (MeetingState.AGENDA_LOCKED, MeetingState.PUBLISHED, MeetingState.HELD,
                      MeetingState.MINUTES_DRAFTED)


async def set_attendance(work: UnitOfWork, *, meeting_id: uuid.UUID, data: AttendanceUpdate) -> list[AttendanceRead]:
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    require_state(meeting, *_ATTENDANCE_STATES)
    members = {m["member_id"]: m for m in await committees.members(conn, committee_id=meeting["committee_id"])}
    rows: list[tuple[Any, ...]] = []
    for ordinal, entry in enumerate(data.entries, 1):
        member = members.get(entry.member_id) if entry.member_id else None
        if entry.member_id is not None and member is None:
            raise AppError(NOT_A_MEMBER, {"member_id": str(entry.member_id)})
        name = member["display_name"] if member else entry.name.strip()
        position = entry.position or (member["position"] if member else "")
        agency = entry.agency_id or (member["agency_id"] if member else None)
        rows.append((uuid.uuid4(), meeting_id, ordinal, entry.member_id, entry.status.value, name, position,
                     agency, entry.substitute_name, entry.reason))
    await repository.replace_attendance(conn, meeting_id, rows)
    return [AttendanceRead(**dict(r)) for r in await repository.attendance(conn, meeting_id)]


async def get_attendance(work: UnitOfWork, *, meeting_id: uuid.UUID) -> list[AttendanceRead]:
    await meeting_for(work.conn, work.principal, meeting_id)
    return [AttendanceRead(**dict(r)) for r in await repository.attendance(work.conn, meeting_id)]


async def mark_held(work: UnitOfWork, *, meeting_id: uuid.UUID, data: MeetingHeldBody) -> MeetingRead:
    principal, conn = work.principal, work.conn
    meeting = await meeting_for(conn, principal, meeting_id, manage=True, for_update=True)
    require_state(meeting, MeetingState.AGENDA_LOCKED, MeetingState.PUBLISHED)
    await repository.update_meeting(conn, meeting_id, state=MeetingState.HELD.value, started_at=data.started_at,
                                    ended_at=data.ended_at)
    meeting = await repository.get_meeting(conn, meeting_id)
    counts = {s: 0 for s in AttendanceStatus}
    for row in await repository.attendance(conn, meeting_id):
        counts[AttendanceStatus(row["status"])] += 1
    work.emit(MeetingHeld(
        **common_fields(meeting), present_count=counts[AttendanceStatus.PRESENT],
        substitute_count=counts[AttendanceStatus.SUBSTITUTE], absent_count=counts[AttendanceStatus.ABSENT],
        guest_count=counts[AttendanceStatus.GUEST], agenda_published_at=meeting["agenda_published_at"],
        held_at=data.started_at))
    return meeting_read(meeting)
