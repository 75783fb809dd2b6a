"""HTTP API of letters: drafting, sending, reading, the inbox."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.service_app import Runtime, get_runtime

from . import service
from .models import InboxPage, LetterCreate, LetterRead

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Clerk = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM))]

router = APIRouter(tags=["letters"])


@router.post("/letters", response_model=LetterRead, status_code=201, summary="Draft a letter")
async def create_letter(body: LetterCreate, principal: Clerk, runtime: RuntimeDep) -> LetterRead:
    return await service.create_draft(runtime.db, principal=principal, draft=body)


@router.post("/letters/{letter_id}/send", response_model=LetterRead,
                     summary="Number the letter in the send register and deliver it to every recipient")
async def send_letter(letter_id: uuid.UUID, principal: Clerk, runtime: RuntimeDep) -> LetterRead:
    return await service.send_letter(runtime.db, principal=principal, letter_id=letter_id)


@router.get("/letters/{letter_id}", response_model=LetterRead, summary="A letter my agency sent or received")
async def get_letter(letter_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> LetterRead:
    return await service.get_letter(runtime.db, principal=principal, letter_id=letter_id)


@router.get("/inbox", response_model=InboxPage, summary="Letters delivered to my agency, newest first")
async def inbox(principal: CurrentPrincipal, runtime: RuntimeDep,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> InboxPage:
    return InboxPage(items=await service.inbox(runtime.db, principal=principal, limit=limit))
