"""HTTP API of the notify service: the caller's in-app inbox."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role
from opensaraban_shared.errors import NOT_FOUND, AppError
from opensaraban_shared.service_app import Runtime, get_runtime

from . import repository
from .models import NotificationPage, NotificationRead

router = APIRouter(prefix="/notifications", tags=["notifications"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _audience(principal: Principal) -> dict[str, Any]:
    """Which notices a caller sees: its own, and the agency's when it handles the agency's mail."""
    return {"agency_id": principal.agency_id, "user_id": principal.subject_id,
            "handles_agency_mail": principal.has_any_role(Role.CLERK, Role.AGENCY_SYSTEM)}


@router.get("", response_model=NotificationPage, summary="My notifications, newest first, with the unread count")
async def list_notifications(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    lang: Literal["th", "en"] = "th",
) -> NotificationPage:
    async with runtime.db.pool.acquire() as conn:
        audience = _audience(principal)
        rows = await repository.list_for(conn, **audience, limit=limit)
        unread = await repository.unread_count(conn, **audience)
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
        found = await repository.mark_read(conn, notification_id=notification_id, **_audience(principal))
    if not found:
        raise AppError(NOT_FOUND)
