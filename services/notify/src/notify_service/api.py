"""HTTP API of the notify service: the caller's in-app inbox."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.errors import NOT_FOUND, AppError
from opensaraban_shared.service_app import Runtime, get_runtime

from . import repository
from .models import NotificationPage, NotificationRead

router = APIRouter(prefix="/notifications", tags=["notifications"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.get("", response_model=NotificationPage, summary="My notifications, newest first, with the unread count")
async def list_notifications(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    lang: Literal["th", "en"] = "th",
) -> NotificationPage:
    async with runtime.db.pool.acquire() as conn:
        rows = await repository.list_for(conn, agency_id=principal.agency_id, user_id=principal.subject_id, limit=limit)
        unread = await repository.unread_count(conn, agency_id=principal.agency_id, user_id=principal.subject_id)
    items = [
        NotificationRead(
            **{k: r[k] for k in ("notification_id", "rule", "channel", "title_th", "title_en", "link", "created_at", "read_at")},
            title=r["title_th"] if lang == "th" else r["title_en"],
        )
        for r in rows
    ]
    return NotificationPage(items=items, unread_count=unread)


@router.post("/{notification_id}/read", status_code=204, summary="Mark one notification as read")
async def mark_read(notification_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> None:
    async with runtime.db.transaction() as conn:
        found = await repository.mark_read(
            conn, notification_id=notification_id, agency_id=principal.agency_id, user_id=principal.subject_id
        )
    if not found:
        raise AppError(NOT_FOUND)
