"""HTTP API of the agenda: uploads, submissions and review, ordering, history, publishing, the pack.
Every route opens the request's unit of work and hands it to one use case; an upload and publishing get the
request's `work()` and open it themselves, around the long work that must hold no transaction."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.db import INT_MAX
from opensaraban_shared.http import file_download
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.storage import DOCX, PDF, check_filename, content_disposition

from ..deps import Secretariat, Work
from ..packs import service as packs
from . import service
from .models import (
    AgendaRead,
    ChangeRead,
    ItemMove,
    ItemRead,
    ItemReview,
    ItemRevise,
    ItemSubmit,
    PublishRequest,
    UploadRead,
    VersionRead,
)

router = APIRouter(prefix="/meetings/{meeting_id}", tags=["agenda"])
Version = Annotated[int, Path(ge=1, le=INT_MAX, description="ฉบับที่เผยแพร่ — published version, from 1")]


@router.post("/uploads", response_model=UploadRead, status_code=201,
             summary="อัปโหลดเอกสารประกอบวาระ · Upload a PDF to attach to an agenda item (request body: the file)")
async def upload(meeting_id: uuid.UUID, request: Request, _: CurrentPrincipal, runtime: RuntimeDep,
                 work: Work, filename: Annotated[str, Query(min_length=1, max_length=255)]) -> UploadRead:
    return await service.upload(work, runtime.store, meeting_id=meeting_id,
                                filename=check_filename(filename), chunks=request.stream(),
                                max_bytes=runtime.settings.max_attachment_bytes)  # type: ignore[attr-defined]


@router.get("/uploads/{upload_id}/content", **file_download(PDF),
            summary="เปิดเอกสารประกอบที่เสนอ · A submitted PDF, for its agency and the secretariat reviewing it")
async def download_upload(meeting_id: uuid.UUID, upload_id: uuid.UUID, _: CurrentPrincipal, runtime: RuntimeDep,
                          work: Work) -> StreamingResponse:
    async with work() as uow:
        body, size, filename = await service.open_upload(uow, runtime.store, meeting_id=meeting_id,
                                                         upload_id=upload_id)
    return _download(body, size, PDF, filename)


@router.get("/agenda", response_model=AgendaRead,
            summary="ร่างระเบียบวาระ · The draft agenda now, or as of a draft version or a moment (rebuilt from its changes)")
async def get_agenda(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work,
                     version: Annotated[int | None, Query(ge=0, le=INT_MAX)] = None,
                     at: Annotated[AwareDatetime | None, Query()] = None) -> AgendaRead:
    async with work() as uow:
        return await service.get_agenda(uow, meeting_id=meeting_id, version=version, at=at)


@router.get("/agenda/changes", response_model=list[ChangeRead], summary="ประวัติการแก้ไขร่างระเบียบวาระ · Every change to the draft, in order")
async def list_changes(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> list[ChangeRead]:
    async with work() as uow:
        return await service.list_changes(uow, meeting_id=meeting_id)


@router.post("/agenda/items", response_model=ItemRead, status_code=201,
             summary="เสนอเรื่องเข้าวาระ · Submit an item (member agency) or add one (secretariat)")
async def submit_item(meeting_id: uuid.UUID, body: ItemSubmit, _: CurrentPrincipal,
                      work: Work) -> ItemRead:
    async with work() as uow:
        return await service.submit_item(uow, meeting_id=meeting_id, data=body)


@router.patch("/agenda/items/{item_id}", response_model=ItemRead, summary="แก้ไขเรื่องที่เสนอ · Revise an item")
async def revise_item(meeting_id: uuid.UUID, item_id: uuid.UUID, body: ItemRevise, _: CurrentPrincipal,
                      work: Work) -> ItemRead:
    async with work() as uow:
        return await service.revise_item(uow, meeting_id=meeting_id, item_id=item_id, data=body)


@router.post("/agenda/items/{item_id}/review", response_model=ItemRead,
             summary="พิจารณาเรื่องที่เสนอ · Accept, return for revision (with a comment) or defer a submitted item")
async def review_item(meeting_id: uuid.UUID, item_id: uuid.UUID, body: ItemReview, _: Secretariat,
                      work: Work) -> ItemRead:
    async with work() as uow:
        return await service.review_item(uow, meeting_id=meeting_id, item_id=item_id, data=body)


@router.post("/agenda/items/{item_id}/move", response_model=AgendaRead,
             summary="จัดลำดับวาระ · Reorder or nest an item; numbering follows")
async def move_item(meeting_id: uuid.UUID, item_id: uuid.UUID, body: ItemMove, _: Secretariat,
                    work: Work) -> AgendaRead:
    async with work() as uow:
        return await service.move_item(uow, meeting_id=meeting_id, item_id=item_id, data=body)


@router.delete("/agenda/items/{item_id}", response_model=AgendaRead, summary="ถอนเรื่องออกจากวาระ · Take an item (and its sub-items) off")
async def remove_item(meeting_id: uuid.UUID, item_id: uuid.UUID, _: Secretariat,
                      work: Work) -> AgendaRead:
    async with work() as uow:
        return await service.remove_item(uow, meeting_id=meeting_id, item_id=item_id)


@router.post("/agenda/publish", response_model=VersionRead, status_code=201,
             summary="เผยแพร่ระเบียบวาระและส่งหนังสือเชิญประชุม · Freeze a version, build the pack (PDF + DOCX), send the invitation letter")
async def publish(meeting_id: uuid.UUID, _: Secretariat, runtime: RuntimeDep, work: Work,
                  body: Annotated[PublishRequest, Body()] = PublishRequest()) -> VersionRead:
    return await packs.publish(work, runtime.store, meeting_id=meeting_id, signer_user_id=body.invitation_signer_user_id)


@router.get("/agenda/versions", response_model=list[VersionRead], summary="ฉบับที่เผยแพร่แล้ว · Published versions, oldest first")
async def list_versions(meeting_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> list[VersionRead]:
    async with work() as uow:
        return await packs.list_versions(uow, meeting_id=meeting_id)


@router.get("/agenda/versions/{version}", response_model=VersionRead, summary="ระเบียบวาระฉบับที่เผยแพร่ · One published version")
async def get_version(meeting_id: uuid.UUID, version: Version, _: CurrentPrincipal,
                      work: Work) -> VersionRead:
    async with work() as uow:
        return await packs.get_version(uow, meeting_id=meeting_id, version=version)


@router.get("/agenda/versions/{version}/pack.pdf", **file_download(PDF),
            summary="ดาวน์โหลดเอกสารประกอบการประชุม (PDF) · The agenda pack (agenda + attachments, bookmarked)")
async def download_pack(meeting_id: uuid.UUID, version: Version, _: CurrentPrincipal,
                        runtime: RuntimeDep, work: Work) -> StreamingResponse:
    async with work() as uow:
        body, size = await packs.open_file(uow, runtime.store, meeting_id=meeting_id, version=version, kind="pack")
    return _download(body, size, PDF, f"agenda-{version}.pdf")


@router.get("/agenda/versions/{version}/agenda.docx", **file_download(DOCX),
            summary="ดาวน์โหลดระเบียบวาระ (DOCX) · The agenda as an editable DOCX")
async def download_docx(meeting_id: uuid.UUID, version: Version, _: CurrentPrincipal,
                        runtime: RuntimeDep, work: Work) -> StreamingResponse:
    async with work() as uow:
        body, size = await packs.open_file(uow, runtime.store, meeting_id=meeting_id, version=version, kind="docx")
    return _download(body, size, DOCX, f"agenda-{version}.docx")


def _download(body: AsyncIterator[bytes], size: int, media_type: str, name: str) -> StreamingResponse:
    return StreamingResponse(body, media_type=media_type,
                             headers={"Content-Length": str(size), "Content-Disposition": content_disposition(name)})
