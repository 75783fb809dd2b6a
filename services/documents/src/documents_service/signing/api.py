"""HTTP API of digital signatures: enrolling (the signing PIN), the signature image, and checking a received
letter's signatures again. Signing itself is the review chain's sign step (POST /letters/{id}/review/sign with
the PIN). docs/signatures.md."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.http import file_download
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from . import service
from .desk import desk_of
from .models import CredentialRead, EnrollRequest, SignatureCheckRead

Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

router = APIRouter(tags=["signatures"])


@router.post("/signing/enrollment", response_model=CredentialRead, status_code=201,
             summary="ตั้งรหัส PIN ลงนาม — my signing key (in its token) and certificate; again replaces both")
async def enroll(body: EnrollRequest, _: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> CredentialRead:
    async with work() as uow:
        return await service.enroll(uow, desk_of(runtime), pin=body.pin.get_secret_value())


@router.get("/signing/credential", response_model=CredentialRead, summary="ใบรับรองของฉัน — my signing certificate")
async def credential(_: CurrentPrincipal, work: Work) -> CredentialRead:
    async with work() as uow:
        return await service.my_credential(uow)


@router.put("/signing/signature-image", status_code=204, response_class=Response,
            summary="ภาพลายมือชื่อ — my handwritten signature (PNG or JPEG, raw body), drawn in my signatures")
async def put_signature_image(request: Request, _: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> Response:
    async with work() as uow:
        await service.put_signature_image(uow, desk_of(runtime), source=request.stream())
    return Response(status_code=204)


@router.get("/signing/signature-image", summary="ภาพลายมือชื่อของฉัน — my signature image", **file_download(
    "image/png", "image/jpeg"))
async def get_signature_image(_: CurrentPrincipal, runtime: RuntimeDep, work: Work) -> Response:
    async with work() as uow:
        data, mime_type = await service.signature_image(uow, desk_of(runtime))
    return Response(data, media_type=mime_type)


@router.delete("/signing/signature-image", status_code=204, response_class=Response,
               summary="ลบภาพลายมือชื่อ — sign with words only")
async def delete_signature_image(_: CurrentPrincipal, work: Work) -> Response:
    async with work() as uow:
        await service.delete_signature_image(uow)
    return Response(status_code=204)


@router.post("/signing/verification", response_model=SignatureCheckRead,
             summary="ตรวจลายมือชื่อในไฟล์ — verify the signatures of a PDF (raw body), e.g. a letter that came by e-mail")
async def verify_file(request: Request, _: CurrentPrincipal, runtime: RuntimeDep) -> SignatureCheckRead:
    return await service.verify_file(desk_of(runtime), source=request.stream())


@router.post("/deliveries/{delivery_id}/signature-check", response_model=SignatureCheckRead,
             summary="ตรวจลายมือชื่อ — verify the received letter's signatures again, now")
async def check_again(delivery_id: uuid.UUID, _: CurrentPrincipal, runtime: RuntimeDep,
                      work: Work) -> SignatureCheckRead:
    async with work() as uow:
        return await service.check_received(uow, desk_of(runtime), delivery_id=delivery_id)
