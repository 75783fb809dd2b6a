"""HTTP API of the documents service: sign-in, directory, attachments, letters, inbox."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.errors import INVALID_INPUT, PAYLOAD_TOO_LARGE, AppError
from opensaraban_shared.service_app import Runtime, get_runtime
from opensaraban_shared.storage import content_disposition

from . import service
from .models import (
    AgencyRead,
    ApiKeyCreate,
    ApiKeyExchange,
    ApiKeyIssued,
    ApiKeyRead,
    AttachmentRead,
    InboxPage,
    LetterCreate,
    LetterRead,
    LoginRequest,
    PrincipalRead,
    TokenRead,
)
from .settings import DocumentsSettings

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Clerk = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM))]
Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]

auth_router = APIRouter(prefix="/auth", tags=["auth"])
directory_router = APIRouter(tags=["directory"])
attachments_router = APIRouter(prefix="/attachments", tags=["attachments"])
letters_router = APIRouter(tags=["letters"])


@auth_router.post("/login", response_model=TokenRead, summary="Sign in with username and password")
async def login(body: LoginRequest, runtime: RuntimeDep) -> TokenRead:
    return await service.login(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                               username=body.username, password=body.password)


@auth_router.post("/token", response_model=TokenRead, summary="Exchange an agency system's API key for a token")
async def token(body: ApiKeyExchange, runtime: RuntimeDep) -> TokenRead:
    return await service.exchange_api_key(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                                          api_key=body.api_key)


@auth_router.get("/me", response_model=PrincipalRead, summary="Who am I")
async def me(principal: CurrentPrincipal) -> PrincipalRead:
    return PrincipalRead(**principal.model_dump(mode="json"))


@auth_router.post("/api-keys", response_model=ApiKeyIssued, status_code=201,
                  summary="Issue an API key for one of my agency's systems (administrators)")
async def create_api_key(body: ApiKeyCreate, principal: Administrator, runtime: RuntimeDep) -> ApiKeyIssued:
    return await service.issue_api_key(runtime.db, principal=principal, name=body.name)


@auth_router.get("/api-keys", response_model=list[ApiKeyRead], summary="My agency's API keys (no secrets)")
async def list_api_keys(principal: Administrator, runtime: RuntimeDep) -> list[ApiKeyRead]:
    return await service.list_api_keys(runtime.db, principal=principal)


@auth_router.delete("/api-keys/{key_id}", status_code=204, summary="Revoke an API key")
async def revoke_api_key(key_id: str, principal: Administrator, runtime: RuntimeDep) -> None:
    await service.revoke_api_key(runtime.db, principal=principal, key_id=key_id)


@directory_router.get("/agencies", response_model=list[AgencyRead], summary="The agency directory")
async def agencies(_: CurrentPrincipal, runtime: RuntimeDep) -> list[AgencyRead]:
    return await service.list_agencies(runtime.db)


@attachments_router.post(
    "", response_model=AttachmentRead, status_code=201,
    summary="Upload a file as the raw request body (streamed; type checked by content)",
)
async def upload(
    request: Request, principal: Clerk, runtime: RuntimeDep,
    filename: Annotated[str, Query(min_length=1, max_length=255, description="Original file name")],
) -> AttachmentRead:
    settings: DocumentsSettings = runtime.settings  # type: ignore[assignment]
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_attachment_bytes:
        raise AppError(PAYLOAD_TOO_LARGE, {"max_bytes": settings.max_attachment_bytes})
    if "/" in filename or "\\" in filename or filename.strip() in {"", ".", ".."}:
        raise AppError(INVALID_INPUT, {"fields": [{"loc": ["query", "filename"], "msg": "a file name, not a path"}]})
    return await service.upload_attachment(
        runtime.db, runtime.store, principal=principal, filename=filename.strip(),
        chunks=request.stream(), max_bytes=settings.max_attachment_bytes,
    )


@attachments_router.get("/{attachment_id}/content", summary="Download a file, checksum verified")
async def download(attachment_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> StreamingResponse:
    record = await service.attachment_for_download(runtime.db, principal=principal, attachment_id=attachment_id)
    return StreamingResponse(
        runtime.store.open_verified(record["object_key"], record["sha256"]),
        media_type=record["mime_type"],
        headers={"content-disposition": content_disposition(record["filename"]),
                 "content-length": str(record["size_bytes"]), "x-content-sha256": record["sha256"]},
    )


@attachments_router.get("/{attachment_id}/download-url", summary="A short-lived (5 min) direct download link")
async def download_url(attachment_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> dict[str, str]:
    record = await service.attachment_for_download(runtime.db, principal=principal, attachment_id=attachment_id)
    url = await runtime.store.presigned_get_url(record["object_key"], download_name=record["filename"])
    return {"url": url, "sha256": record["sha256"]}


@letters_router.post("/letters", response_model=LetterRead, status_code=201, summary="Draft a letter")
async def create_letter(body: LetterCreate, principal: Clerk, runtime: RuntimeDep) -> LetterRead:
    return await service.create_draft(runtime.db, principal=principal, draft=body)


@letters_router.post("/letters/{letter_id}/send", response_model=LetterRead,
                     summary="Number the letter in the send register and deliver it to every recipient")
async def send_letter(letter_id: uuid.UUID, principal: Clerk, runtime: RuntimeDep) -> LetterRead:
    return await service.send_letter(runtime.db, principal=principal, letter_id=letter_id)


@letters_router.get("/letters/{letter_id}", response_model=LetterRead, summary="A letter my agency sent or received")
async def get_letter(letter_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> LetterRead:
    return await service.get_letter(runtime.db, principal=principal, letter_id=letter_id)


@letters_router.get("/inbox", response_model=InboxPage, summary="Letters delivered to my agency, newest first")
async def inbox(principal: CurrentPrincipal, runtime: RuntimeDep,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> InboxPage:
    return InboxPage(items=await service.inbox(runtime.db, principal=principal, limit=limit))


ROUTERS = [auth_router, directory_router, attachments_router, letters_router]
