"""HTTP API of minutes and follow-up actions.
Every route opens the request's unit of work and hands it to one use case; the minutes PDF gets the request's
`work()` and opens it itself, to render after it ends."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.http import file_download
from opensaraban_shared.storage import PDF, content_disposition

from ..deps import Secretariat, Work
from . import service
from .models import FollowUpComplete, FollowUpCreate, FollowUpRead, MinutesApprove, MinutesRead, MinutesUpdate

router = APIRouter(tags=["minutes"])


@router.put("/meetings/{meeting_id}/minutes", response_model=MinutesRead,
            summary="บันทึกรายงานการประชุม · Draft the minutes: per item the discussion and resolution, times, minute-taker, reviewer")
async def save_minutes(meeting_id: uuid.UUID, body: MinutesUpdate, _: Secretariat,
                       work: Work) -> MinutesRead:
    async with work() as uow:
        return await service.save_minutes(uow, meeting_id=meeting_id, data=body)


@router.get("/meetings/{meeting_id}/minutes", response_model=MinutesRead, summary="รายงานการประชุม · The minutes")
async def get_minutes(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> MinutesRead:
    async with work() as uow:
        return await service.get_minutes(uow, meeting_id=meeting_id)


@router.get("/meetings/{meeting_id}/minutes.pdf", **file_download(PDF),
            summary="รายงานการประชุม (PDF) · The minutes in official form (PDF)")
async def minutes_pdf(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> Response:
    data = await service.minutes_file(work, meeting_id=meeting_id)
    return Response(data, media_type=PDF, headers={"Content-Disposition": content_disposition("minutes.pdf")})


@router.post("/meetings/{meeting_id}/minutes/approve", response_model=MinutesRead,
             summary="รับรองรายงานการประชุม · The minutes were approved (at a later meeting); they are locked from now on")
async def approve_minutes(meeting_id: uuid.UUID, body: MinutesApprove, _: Secretariat,
                          work: Work) -> MinutesRead:
    async with work() as uow:
        return await service.approve_minutes(uow, meeting_id=meeting_id, data=body)


@router.post("/meetings/{meeting_id}/follow-ups", response_model=FollowUpRead, status_code=201,
             summary="มอบหมายงานตามมติที่ประชุม · A resolution asks an agency to act by a date")
async def create_follow_up(meeting_id: uuid.UUID, body: FollowUpCreate, _: Secretariat,
                           work: Work) -> FollowUpRead:
    async with work() as uow:
        return await service.create_follow_up(uow, meeting_id=meeting_id, data=body)


@router.get("/committees/{committee_id}/follow-ups", response_model=list[FollowUpRead],
            summary="งานติดตามตามมติที่ประชุม · Follow-up actions of a committee's resolutions")
async def list_follow_ups(committee_id: uuid.UUID, _: CurrentPrincipal, work: Work,
                          status: Annotated[Literal["pending", "completed"] | None, Query()] = None,
                          ) -> list[FollowUpRead]:
    async with work() as uow:
        return await service.list_follow_ups(uow, committee_id=committee_id, status=status)


@router.post("/follow-ups/{action_id}/complete", response_model=FollowUpRead, summary="รายงานผลการดำเนินงานตามมติ · Report a follow-up done")
async def complete_follow_up(action_id: uuid.UUID, body: FollowUpComplete, _: CurrentPrincipal,
                             work: Work) -> FollowUpRead:
    async with work() as uow:
        return await service.complete_follow_up(uow, action_id=action_id, data=body)
