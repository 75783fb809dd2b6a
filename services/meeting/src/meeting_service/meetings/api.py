"""HTTP API of meetings: schedule, read, agenda open/lock/revise, attendance, held.
Every route opens the request's unit of work and hands it to one use case."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from opensaraban_shared.auth import CurrentPrincipal

from ..deps import Secretariat, Work
from . import service
from .models import (
    AgendaOpen,
    AttendanceRead,
    AttendanceUpdate,
    MeetingCancel,
    MeetingCreate,
    MeetingHeldBody,
    MeetingPage,
    MeetingRead,
    MeetingState,
)

router = APIRouter(tags=["meetings"])


@router.post("/meetings", response_model=MeetingRead, status_code=201,
             summary="กำหนดการประชุม · Schedule a meeting (numbered per committee per Buddhist-Era year)")
async def create_meeting(body: MeetingCreate, _: Secretariat, work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.create_meeting(uow, data=body)


@router.get("/meetings", response_model=MeetingPage,
            summary="การประชุมของคณะกรรมการที่หน่วยงานเป็นฝ่ายเลขานุการหรือเป็นกรรมการ · Meetings of the committees my "
                    "agency runs or sits on, latest first (e.g. state=agenda_open: open for submissions)")
async def my_meetings(_: CurrentPrincipal, work: Work,
                      state: Annotated[list[MeetingState] | None, Query()] = None,
                      limit: Annotated[int, Query(ge=1, le=200)] = 50,
                      offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> MeetingPage:
    async with work() as uow:
        items = await service.meetings_of_my_agency(uow, states=state, limit=limit, offset=offset)
    return MeetingPage(items=items, next_offset=offset + limit if len(items) == limit else None)


@router.get("/committees/{committee_id}/meetings", response_model=list[MeetingRead], summary="การประชุมของคณะกรรมการ · A committee's meetings")
async def list_meetings(committee_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> list[MeetingRead]:
    async with work() as uow:
        return await service.list_meetings(uow, committee_id=committee_id)


@router.get("/meetings/{meeting_id}", response_model=MeetingRead, summary="ข้อมูลการประชุม · One meeting")
async def get_meeting(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.get_meeting(uow, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/agenda/open", response_model=MeetingRead,
             summary="เปิดรับเรื่องเข้าวาระ · Draft the agenda from the template and open it for submissions until the deadline")
async def open_agenda(meeting_id: uuid.UUID, body: AgendaOpen, _: Secretariat,
                      work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.open_agenda(uow, meeting_id=meeting_id, data=body)


@router.post("/meetings/{meeting_id}/agenda/lock", response_model=MeetingRead, summary="ปิดรับเรื่องเข้าวาระ · Close submissions")
async def lock_agenda(meeting_id: uuid.UUID, _: Secretariat, work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.lock_agenda(uow, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/agenda/revise", response_model=MeetingRead,
             summary="แก้ไขระเบียบวาระที่เผยแพร่แล้ว · Start a revision of a published agenda (the published version stays frozen)")
async def revise_agenda(meeting_id: uuid.UUID, _: Secretariat, work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.revise_agenda(uow, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingRead,
             summary="ยกเลิกการประชุม · Cancel a meeting that has not taken place; its members are told "
                     "(meeting.meeting_cancelled)")
async def cancel_meeting(meeting_id: uuid.UUID, body: MeetingCancel, _: Secretariat, work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.cancel_meeting(uow, meeting_id=meeting_id, data=body)


@router.put("/meetings/{meeting_id}/attendance", response_model=list[AttendanceRead],
            summary="บันทึกผู้มาประชุม · Who came (present, substitute 'แทน'), who did not (with reason), guests")
async def set_attendance(meeting_id: uuid.UUID, body: AttendanceUpdate, _: Secretariat,
                         work: Work) -> list[AttendanceRead]:
    async with work() as uow:
        return await service.set_attendance(uow, meeting_id=meeting_id, data=body)


@router.get("/meetings/{meeting_id}/attendance", response_model=list[AttendanceRead], summary="ผู้มาประชุม · Attendance")
async def get_attendance(meeting_id: uuid.UUID, _: CurrentPrincipal,
                         work: Work) -> list[AttendanceRead]:
    async with work() as uow:
        return await service.get_attendance(uow, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/held", response_model=MeetingRead, summary="บันทึกว่าได้ประชุมแล้ว · The meeting took place")
async def mark_held(meeting_id: uuid.UUID, body: MeetingHeldBody, _: Secretariat,
                    work: Work) -> MeetingRead:
    async with work() as uow:
        return await service.mark_held(uow, meeting_id=meeting_id, data=body)
