"""HTTP API of letters: drafting, sending, withdrawing, the inbox, accepting (ลงรับ), routing, paper letters.
Every route opens the request's unit of work and hands it to one use case."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import HTMLResponse, Response

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.db import INT_MAX
from opensaraban_shared.http import file_download
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.storage import content_disposition
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from ..settings import DocumentsSettings
from ..signing.desk import desk_of
from . import handling, kinds, service
from .model import DeliveryStatusName, InboxStatus
from .models import (
    BulkAccepted,
    BulkAcceptRequest,
    CommentCreate,
    DeliveryPage,
    InboxPage,
    LetterCreate,
    LetterForms,
    LetterPreview,
    LetterRead,
    LetterUpdate,
    PaperLetterCreate,
    PaperSendRequest,
    RecipientSelection,
    RejectRequest,
    RouteRequest,
)
from .printouts import printer_of, printout_filename

Clerk = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM))]
# Action officers and executives draft their own letters and propose them (docs/review-chain.md); only clerks and
# agency systems number and send.
Drafter = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM, Role.ACTION_OFFICER,
                                                      Role.EXECUTIVE, Role.SECRETARIAT))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]
IdempotentWork = Annotated[StartWork, Depends(request_work(producer=SERVICE, idempotent=True))]

# Documented like a download (a plain Response class), so the errors stay documented as JSON.
HTML_PAGE = file_download("text/html")

router = APIRouter(tags=["letters"])


@router.get("/letters/forms", response_model=LetterForms,
            summary="แบบหนังสือ — the kinds, their subtypes, the fields each prints and those it requires")
async def letter_forms(_: CurrentPrincipal) -> LetterForms:
    return kinds.forms()


@router.get("/letters/delivery-counts", response_model=dict[str, dict[str, int]],
            summary="สรุปสถานะผู้รับ — recipients per status of several letters my agency sent (by letter id)")
async def delivery_counts(_: CurrentPrincipal, work: Work,
                          letter_id: Annotated[list[uuid.UUID], Query(min_length=1, max_length=100)]
                          ) -> dict[str, dict[str, int]]:
    async with work() as uow:
        return await service.delivery_counts(uow, letter_ids=letter_id)


@router.post("/letters", response_model=LetterRead, status_code=201,
             summary="ร่างหนังสือ (และส่งทันทีเมื่อ send=true) — draft a letter, or draft and send it at once")
async def create_letter(body: LetterCreate, _: Drafter, runtime: RuntimeDep, work: IdempotentWork) -> LetterRead:
    settings: DocumentsSettings = runtime.settings  # type: ignore[assignment]
    async with work() as uow:
        return await service.create_letter(uow, draft=body, max_recipients=settings.max_recipients_per_letter,
                                           printer=printer_of(runtime))


@router.post("/letters/preview", **HTML_PAGE,
             summary="ดูตัวอย่างขณะพิมพ์ — the letter laid out from fields not yet saved (HTML)")
async def preview_fields(body: LetterPreview, _: Drafter, runtime: RuntimeDep, work: Work) -> HTMLResponse:
    async with work() as uow:
        printed = await service.printout_of_fields(uow, fields=body)
        return HTMLResponse(await printer_of(runtime).html(uow.conn, printed, uow.principal.agency_id))


@router.patch("/letters/{letter_id}", response_model=LetterRead, summary="แก้ไขร่าง — change a draft")
async def update_letter(letter_id: uuid.UUID, body: LetterUpdate, _: Drafter, work: Work) -> LetterRead:
    async with work() as uow:
        return await service.update_draft(uow, letter_id=letter_id, changes=body)


@router.delete("/letters/{letter_id}", status_code=204, response_class=Response, summary="ลบร่าง — delete a draft")
async def delete_letter(letter_id: uuid.UUID, _: Drafter, work: Work) -> Response:
    async with work() as uow:
        await service.delete_draft(uow, letter_id=letter_id)
    return Response(status_code=204)


@router.get("/letters/{letter_id}/preview", **HTML_PAGE,
            summary="ดูตัวอย่าง — the letter laid out as it prints (HTML, self-contained)")
async def preview(letter_id: uuid.UUID, _: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> HTMLResponse:
    async with work() as uow:
        printed = await service.printout_of(uow, letter_id=letter_id)
        return HTMLResponse(await printer_of(runtime).html(uow.conn, printed, uow.principal.agency_id))


@router.get("/letters/{letter_id}/print.pdf", summary="พิมพ์ — a draft as PDF (marked ร่าง); a sent letter as sent",
            **file_download("application/pdf"))
async def print_pdf(letter_id: uuid.UUID, _: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> Response:
    async with work() as uow:
        printed = await service.printout_of(uow, letter_id=letter_id)
        pdf = await printer_of(runtime).pdf(uow.conn, printed, uow.principal.agency_id)
    name = printout_filename(printed.letter_number) if printed.letter_number else f"draft-{letter_id}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"content-disposition": content_disposition(name)})


@router.post("/letters/{letter_id}/reply", response_model=LetterRead, status_code=201,
             summary="ตอบหนังสือ — a new draft answering a letter my agency received, citing it (อ้างถึง)")
async def reply(letter_id: uuid.UUID, _: Clerk, runtime: RuntimeDep, work: Work) -> LetterRead:
    async with work() as uow:
        return await service.reply(uow, letter_id=letter_id, printer=printer_of(runtime))


@router.post("/letters/{letter_id}/send", response_model=LetterRead,
             summary="ออกเลขและส่ง — number the letter in the send register and deliver it to every recipient")
async def send_letter(letter_id: uuid.UUID, _: Clerk, runtime: RuntimeDep, work: IdempotentWork) -> LetterRead:
    async with work() as uow:
        return await service.send_letter(uow, letter_id=letter_id, printer=printer_of(runtime))


@router.post("/letters/{letter_id}/paper-send", response_model=LetterRead,
             summary="บันทึกการส่งทางไปรษณีย์ — record that the draft was printed and posted (a paper send)")
async def paper_send(letter_id: uuid.UUID, body: PaperSendRequest, _: Clerk, runtime: RuntimeDep,
                     work: Work) -> LetterRead:
    async with work() as uow:
        return await service.paper_send(uow, letter_id=letter_id, request=body, printer=printer_of(runtime))


@router.post("/letters/{letter_id}/withdraw", response_model=LetterRead,
             summary="ดึงหนังสือคืน — take the letter back from recipients that have not accepted it")
async def withdraw(letter_id: uuid.UUID, _: Clerk, work: Work,
                   body: Annotated[RecipientSelection, Body()] = RecipientSelection()) -> LetterRead:
    async with work() as uow:
        return await service.withdraw(uow, letter_id=letter_id, agency_ids=body.recipient_agency_ids)


@router.post("/letters/{letter_id}/resend", response_model=LetterRead,
             summary="ส่งซ้ำ — deliver again to recipients it was withdrawn from or that refused it")
async def resend(letter_id: uuid.UUID, _: Clerk, work: Work,
                 body: Annotated[RecipientSelection, Body()] = RecipientSelection()) -> LetterRead:
    async with work() as uow:
        return await service.resend(uow, letter_id=letter_id, agency_ids=body.recipient_agency_ids)


@router.get("/letters/{letter_id}", response_model=LetterRead,
            summary="อ่านหนังสือ — a letter my agency sent or received (secret letters: named people only)")
async def get_letter(letter_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> LetterRead:
    async with work() as uow:
        return await service.get_letter(uow, letter_id=letter_id)


@router.get("/letters/{letter_id}/deliveries", response_model=DeliveryPage,
            summary="สถานะผู้รับ — every recipient's status of a letter my agency sent")
async def deliveries(letter_id: uuid.UUID, _: Clerk, work: Work, status: DeliveryStatusName | None = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                     offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0) -> DeliveryPage:
    async with work() as uow:
        return await service.list_deliveries(uow, letter_id=letter_id, status=status, limit=limit, offset=offset)


@router.get("/inbox", response_model=InboxPage, summary="หนังสือเข้า — letters delivered to my agency, newest first")
async def inbox(_: CurrentPrincipal, work: Work, status: InboxStatus | None = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 100,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> InboxPage:
    async with work() as uow:
        items = await handling.inbox(uow, status=status, limit=limit, offset=offset)
    return InboxPage(items=items, next_offset=offset + limit if len(items) == limit else None)


@router.post("/deliveries/accept", response_model=BulkAccepted,
             summary="ลงรับหลายฉบับ — accept many letters at once, one receipt number each, in the order they arrived "
                     "(one transaction: all or none)")
async def accept_many(body: BulkAcceptRequest, _: Clerk, runtime: RuntimeDep, work: IdempotentWork) -> BulkAccepted:
    async with work() as uow:
        return await handling.accept_many(uow, delivery_ids=body.delivery_ids, desk=desk_of(runtime))


@router.post("/deliveries/{delivery_id}/accept", response_model=LetterRead,
             summary="ลงรับ — register the letter in my receive register (receipt number, date and time)")
async def accept(delivery_id: uuid.UUID, _: Clerk, runtime: RuntimeDep, work: IdempotentWork) -> LetterRead:
    async with work() as uow:
        return await handling.accept(uow, delivery_id=delivery_id, desk=desk_of(runtime))


@router.post("/deliveries/{delivery_id}/reject", response_model=LetterRead,
             summary="ไม่รับ / ส่งผิดหน่วยงาน — refuse the letter with a reason, or flag a wrong recipient")
async def reject(delivery_id: uuid.UUID, body: RejectRequest, _: Clerk, work: Work) -> LetterRead:
    async with work() as uow:
        return await handling.reject(uow, delivery_id=delivery_id, request=body)


@router.post("/deliveries/{delivery_id}/route", response_model=LetterRead,
             summary="ส่งต่อ / มอบหมาย — forward to a unit or person, or assign with a deadline")
async def route(delivery_id: uuid.UUID, body: RouteRequest, _: CurrentPrincipal, work: Work) -> LetterRead:
    async with work() as uow:
        return await handling.route(uow, delivery_id=delivery_id, request=body)


@router.post("/deliveries/{delivery_id}/comments", response_model=LetterRead,
             summary="เกษียนหนังสือ — write an instruction or comment on the letter")
async def comment(delivery_id: uuid.UUID, body: CommentCreate, _: CurrentPrincipal, work: Work) -> LetterRead:
    async with work() as uow:
        return await handling.comment(uow, delivery_id=delivery_id, request=body)


@router.post("/deliveries/{delivery_id}/close", response_model=LetterRead, summary="เก็บเรื่อง — close the matter")
async def close(delivery_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> LetterRead:
    async with work() as uow:
        return await handling.close(uow, delivery_id=delivery_id)


@router.post("/paper-letters", response_model=LetterRead, status_code=201,
             summary="ลงรับหนังสือกระดาษ — register a paper letter with its scan in the receive register")
async def register_paper_letter(body: PaperLetterCreate, _: Clerk, work: IdempotentWork) -> LetterRead:
    async with work() as uow:
        return await handling.register_paper_letter(uow, request=body)
