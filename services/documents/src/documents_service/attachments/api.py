"""HTTP API of attachments: streamed upload, verified download, short-lived links."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from opensaraban_shared.auth import Principal, Role, require_roles
from opensaraban_shared.errors import PAYLOAD_TOO_LARGE, AppError
from opensaraban_shared.http import file_download
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.storage import DEFAULT_ALLOWED_MIME_TYPES, check_filename, content_disposition
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from ..settings import DocumentsSettings
from ..signing import service as signing
from ..signing.desk import desk_of
from . import service
from .models import AttachmentRead

Clerk = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

router = APIRouter(prefix="/attachments", tags=["attachments"])


@router.post(
    "", response_model=AttachmentRead, status_code=201,
    summary="อัปโหลดไฟล์แนบ · Upload a file as the raw request body (streamed; type checked by content)",
)
async def upload(
    request: Request, _: Clerk, runtime: RuntimeDep, work: Work,
    filename: Annotated[str, Query(min_length=1, max_length=255, description="Original file name")],
) -> AttachmentRead:
    settings: DocumentsSettings = runtime.settings  # type: ignore[assignment]
    # A refused file's answer names it and says what is accepted: the types and the size limit.
    accepted = {"filename": filename, "allowed": sorted(DEFAULT_ALLOWED_MIME_TYPES),
                "max_bytes": settings.max_attachment_bytes}
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_attachment_bytes:
        raise AppError(PAYLOAD_TOO_LARGE, accepted)
    filename = check_filename(filename)
    # Streamed to the object store before the unit of work begins: no transaction is held while the client sends.
    try:
        upload = await service.store_upload(runtime.store, chunks=request.stream(),
                                            max_bytes=settings.max_attachment_bytes)
    except AppError as exc:
        raise AppError(exc.kind, {**exc.detail, **accepted}) from exc
    async with work() as uow:
        return await service.register_upload(uow, upload, filename=filename)


@router.get("/{attachment_id}/content", summary="ดาวน์โหลดไฟล์ · Download a file, checksum verified",
            **file_download("*/*"))
async def download(attachment_id: uuid.UUID, runtime: RuntimeDep, work: Work) -> StreamingResponse:
    async with work() as uow:
        record = await service.attachment_for_download(uow, attachment_id=attachment_id)
        verified = await signing.verified_download(uow, desk_of(runtime), record)
    if verified is not None:  # a signed letter a recipient downloads is verified on the way (docs/signatures.md)
        pdf, verdict = verified
        return Response(pdf, media_type=record["mime_type"],
                        headers={"content-disposition": content_disposition(record["filename"]),
                                 "x-content-sha256": record["sha256"], "x-signature-verdict": verdict})
    return StreamingResponse(
        runtime.store.open_verified(record["object_key"], record["sha256"]),
        media_type=record["mime_type"],
        headers={"content-disposition": content_disposition(record["filename"]),
                 "content-length": str(record["size_bytes"]), "x-content-sha256": record["sha256"]},
    )


@router.get("/{attachment_id}/download-url",
            summary="ที่อยู่สำหรับดาวน์โหลด · Where to download the file: this API's own content address (send the same "
                    "bearer token). Never the object store's address, which only the servers reach.")
async def download_url(attachment_id: uuid.UUID, request: Request, work: Work) -> dict[str, str]:
    async with work() as uow:
        record = await service.attachment_for_download(uow, attachment_id=attachment_id)
    return {"url": str(request.url_for("download", attachment_id=str(attachment_id))), "sha256": record["sha256"]}
