"""HTTP API of the review chain (เสนอ – ตรวจ – ลงนาม) and of delegations: docs/review-chain.md."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.db import INT_MAX
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from ..letters.printouts import printer_of
from ..signing.desk import desk_of
from . import delegations, service
from .models import (
    DefaultRoute,
    DelegationCreate,
    DelegationRead,
    FieldDiff,
    Person,
    RefuseAction,
    ReturnAction,
    ReviewCounts,
    ReviewItem,
    ReviewRead,
    RouteRequest,
    SignAction,
    StepAction,
)

Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

router = APIRouter(tags=["review"])


@router.post("/letters/{letter_id}/proposal", response_model=ReviewRead,
             summary="เสนอ — propose my draft along a route (reviewers, then the signer)")
async def propose(letter_id: uuid.UUID, _: CurrentPrincipal, work: Work,
                  body: RouteRequest = RouteRequest()) -> ReviewRead:
    async with work() as uow:
        return await service.propose(uow, letter_id=letter_id, request=body)


@router.get("/letters/{letter_id}/review", response_model=ReviewRead,
            summary="เส้นทางเสนอและประวัติ — the route, each step's state, the history and the versions")
async def get_review(letter_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.get_review(uow, letter_id=letter_id)


@router.post("/letters/{letter_id}/review/pass", response_model=ReviewRead, summary="ผ่าน — pass it on, with a note")
async def pass_on(letter_id: uuid.UUID, body: StepAction, _: CurrentPrincipal, runtime: RuntimeDep,
                  work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.act(uow, letter_id=letter_id, action="passed", version=body.version, note=body.note,
                                 printer=printer_of(runtime))


@router.post("/letters/{letter_id}/review/return", response_model=ReviewRead,
             summary="ส่งกลับแก้ไข — back to the drafter (0) or an earlier step, with a comment")
async def return_for_changes(letter_id: uuid.UUID, body: ReturnAction, _: CurrentPrincipal, runtime: RuntimeDep,
                             work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.act(uow, letter_id=letter_id, action="returned", version=body.version,
                                 note=body.comment, to_position=body.to_position, printer=printer_of(runtime))


@router.post("/letters/{letter_id}/review/sign", response_model=ReviewRead,
             summary="ลงนาม — sign the version I read (digitally, with my PIN, when I have a signing certificate)")
async def sign(letter_id: uuid.UUID, body: SignAction, _: CurrentPrincipal, runtime: RuntimeDep,
               work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.act(uow, letter_id=letter_id, action="signed", version=body.version, note=body.note,
                                 printer=printer_of(runtime), desk=desk_of(runtime),
                                 pin=body.pin.get_secret_value() if body.pin else None)


@router.get("/letters/{letter_id}/review/signing-copy", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}},
            summary="ฉบับที่จะลงนาม — the PDF I sign if I sign now; its number and date are written as I sign")
async def signing_copy(letter_id: uuid.UUID, _: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> Response:
    async with work() as uow:
        pdf = await service.signing_copy(uow, letter_id=letter_id, printer=printer_of(runtime))
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": 'inline; filename="signing-copy.pdf"', "cache-control": "no-store"})


@router.post("/letters/{letter_id}/review/refuse", response_model=ReviewRead, summary="ไม่ลงนาม — refuse, with a reason")
async def refuse(letter_id: uuid.UUID, body: RefuseAction, _: CurrentPrincipal, runtime: RuntimeDep,
                 work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.act(uow, letter_id=letter_id, action="refused", version=body.version, note=body.reason,
                                 printer=printer_of(runtime))


@router.post("/letters/{letter_id}/review/recall", response_model=ReviewRead,
             summary="ดึงกลับ — the drafter takes the proposal back (not once signed)")
async def recall(letter_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> ReviewRead:
    async with work() as uow:
        return await service.recall(uow, letter_id=letter_id)


@router.get("/letters/{letter_id}/versions/{number}", summary="ฉบับที่ n ของร่าง — what a proposed version said")
async def get_version(letter_id: uuid.UUID, number: Annotated[int, Path(ge=1, le=INT_MAX)], _: CurrentPrincipal,
                      work: Work) -> dict[str, Any]:
    async with work() as uow:
        return await service.version(uow, letter_id=letter_id, number=number)


@router.get("/letters/{letter_id}/diff", response_model=list[FieldDiff],
            summary="เปรียบเทียบฉบับ — the words changed between two versions, field by field")
async def difference(letter_id: uuid.UUID, _: CurrentPrincipal, work: Work,
                     old: Annotated[int, Query(alias="from", ge=1, le=INT_MAX)],
                     new: Annotated[int, Query(alias="to", ge=1, le=INT_MAX)],
                     ) -> list[FieldDiff]:
    async with work() as uow:
        return await service.difference(uow, letter_id=letter_id, old=old, new=new)


@router.get("/review/waiting", response_model=list[ReviewItem], summary="รอพิจารณา — drafts waiting for me")
async def waiting(_: CurrentPrincipal, work: Work) -> list[ReviewItem]:
    async with work() as uow:
        return await service.waiting(uow)


@router.get("/review/proposed", response_model=list[ReviewItem], summary="ที่ฉันเสนอ — my proposals and where each is")
async def proposed(_: CurrentPrincipal, work: Work) -> list[ReviewItem]:
    async with work() as uow:
        return await service.proposed(uow)


@router.get("/review/to-number", response_model=list[ReviewItem],
            summary="รอออกเลข — signed letters waiting to be numbered and sent (clerks)")
async def to_number(_: CurrentPrincipal, work: Work) -> list[ReviewItem]:
    async with work() as uow:
        return await service.to_number(uow)


@router.get("/review/counts", response_model=ReviewCounts, summary="จำนวนงานรอ — counts for the home page and menu")
async def counts(_: CurrentPrincipal, work: Work) -> ReviewCounts:
    async with work() as uow:
        return await service.counts(uow)


@router.get("/review/candidates", response_model=list[Person],
            summary="ผู้ที่เสนอได้ — people of my agency who can be on a route")
async def candidates(_: CurrentPrincipal, work: Work,
                     q: Annotated[str | None, Query(max_length=100)] = None) -> list[Person]:
    async with work() as uow:
        return await service.candidates(uow, q=q)


@router.get("/units/{unit_id}/default-route", response_model=DefaultRoute,
            summary="เส้นทางเสนอตั้งต้นของหน่วยงานย่อย — a unit's default route")
async def get_default_route(unit_id: str, _: CurrentPrincipal, work: Work) -> dict[str, Any]:
    async with work() as uow:
        return await service.default_route(uow, unit_id=unit_id)


@router.put("/units/{unit_id}/default-route", response_model=DefaultRoute,
            summary="ตั้งเส้นทางเสนอตั้งต้น — set a unit's default route (administrators, executives)")
async def put_default_route(unit_id: str, body: DefaultRoute, _: CurrentPrincipal, work: Work) -> dict[str, Any]:
    async with work() as uow:
        return await service.set_default_route(uow, unit_id=unit_id, reviewer_ids=body.reviewer_ids,
                                               signer_id=body.signer_id)


@router.get("/delegations", response_model=list[DelegationRead],
            summary="การรักษาราชการแทน / ปฏิบัติราชการแทน — my agency's delegations in force or to come")
async def list_delegations(_: CurrentPrincipal, work: Work) -> list[DelegationRead]:
    async with work() as uow:
        return await delegations.listed(uow)


@router.post("/delegations", response_model=DelegationRead, status_code=201,
             summary="มอบหมายให้รักษาราชการแทน / ปฏิบัติราชการแทน — administrators; a person's own leave if allowed")
async def create_delegation(body: DelegationCreate, _: CurrentPrincipal, work: Work) -> DelegationRead:
    async with work() as uow:
        return await delegations.create(uow, request=body)


@router.post("/delegations/{delegation_id}/end", response_model=DelegationRead, summary="สิ้นสุดการมอบหมายก่อนกำหนด — end a delegation early")
async def end_delegation(delegation_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> DelegationRead:
    async with work() as uow:
        return await delegations.end(uow, delegation_id=delegation_id)
