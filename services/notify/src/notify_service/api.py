"""HTTP API of the notify service: the caller's inbox and its live stream, preferences, webhook subscriptions,
and the administrators' view of deliveries that failed."""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from opensaraban_shared import clock
from opensaraban_shared.auth import (
    CurrentPrincipal,
    Principal,
    Role,
    decode_access_token,
    require_roles,
    revocation_check,
)
from opensaraban_shared.errors import NOT_FOUND, UNAUTHENTICATED, AppError
from opensaraban_shared.service_app import RuntimeDep

from . import repository, scheduler
from .models import (
    NOT_DEAD,
    PEOPLE_ONLY,
    DeliveryRead,
    DigestRun,
    MarkedRead,
    NotificationPage,
    NotificationRead,
    PreferencesRead,
    PreferencesUpdate,
    ReminderRead,
    UnreadCount,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from .stream import Subscriber, hub_of

router = APIRouter(prefix="/notifications", tags=["notifications"])
webhooks_router = APIRouter(prefix="/webhooks", tags=["webhooks"])
admin_router = APIRouter(prefix="/admin", tags=["administration"])
AgencyManager = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR, Role.AGENCY_SYSTEM))]
Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]
KEEPALIVE_S = 15.0


def _audience(principal: Principal) -> dict[str, Any]:
    """Which notices a caller sees: its own, and the agency's when it handles the agency's mail."""
    return {"agency_id": principal.agency_id, "user_id": principal.subject_id,
            "handles_agency_mail": principal.has_any_role(Role.CLERK, Role.AGENCY_SYSTEM)}


def _read(row: Any, lang: str) -> NotificationRead:
    return NotificationRead(
        **{k: row[k] for k in ("notification_id", "rule", "kind", "channel", "title_th", "title_en", "link",
                               "created_at", "read_at")},
        title=row["title_th"] if lang == "th" else row["title_en"],
        body=row["body_th"] if lang == "th" else row["body_en"],
    )


@router.get("", response_model=NotificationPage, summary="การแจ้งเตือนของฉัน · My notifications, newest first")
async def list_notifications(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    unread_only: bool = False,
    lang: Literal["th", "en"] = "th",
) -> NotificationPage:
    async with runtime.db.pool.acquire() as conn:
        audience = _audience(principal)
        rows = await repository.list_for(conn, **audience, limit=limit, unread_only=unread_only)
        unread = await repository.unread_count(conn, **audience)
    return NotificationPage(items=[_read(r, lang) for r in rows], unread_count=unread)


@router.get("/unread-count", response_model=UnreadCount, summary="จำนวนที่ยังไม่อ่าน · How many are unread")
async def unread_count(principal: CurrentPrincipal, runtime: RuntimeDep) -> UnreadCount:
    async with runtime.db.pool.acquire() as conn:
        return UnreadCount(unread_count=await repository.unread_count(conn, **_audience(principal)))


@router.post("/{notification_id}/read", status_code=204, summary="อ่านแล้ว · Mark one notification as read")
async def mark_read(notification_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> None:
    async with runtime.db.transaction() as conn:
        found = await repository.mark_read(conn, notification_id=notification_id, **_audience(principal))
    if not found:
        raise AppError(NOT_FOUND)


@router.post("/read-all", response_model=MarkedRead, summary="อ่านทั้งหมดแล้ว · Mark all as read")
async def mark_all_read(principal: CurrentPrincipal, runtime: RuntimeDep) -> MarkedRead:
    async with runtime.db.transaction() as conn:
        return MarkedRead(marked=await repository.mark_all_read(conn, **_audience(principal)))


@router.post("/letters/{letter_id}/read", response_model=MarkedRead,
             summary="อ่านหนังสือแล้ว · Mark every notification about one letter as read (the letter was opened)")
async def mark_letter_read(letter_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> MarkedRead:
    async with runtime.db.transaction() as conn:
        return MarkedRead(marked=await repository.mark_letter_read(conn, letter_id=letter_id, **_audience(principal)))


async def _stream_principal(request: Request, access_token: str | None = None) -> Principal:
    # Browsers' EventSource cannot send headers: the token may come as ?access_token= instead.
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else access_token
    if not token:
        raise AppError(UNAUTHENTICATED, {"reason": "missing_bearer_token"})
    return decode_access_token(token, secret=request.app.state.auth_secret, is_revoked=revocation_check(request))


@router.get("/stream", summary="แจ้งเตือนทันที (SSE) · New notifications as Server-Sent Events",
            response_class=StreamingResponse)
async def stream(request: Request, runtime: RuntimeDep,
                 principal: Annotated[Principal, Depends(_stream_principal)],
                 lang: Literal["th", "en"] = "th") -> StreamingResponse:
    hub = hub_of(runtime)
    audience = _audience(principal)
    subscriber = Subscriber(**audience)
    hub.subscribe(subscriber)

    async def events() -> AsyncIterator[str]:
        try:
            yield f"event: ready\ndata: {json.dumps({'listening': hub.listening})}\n\n"
            while not await request.is_disconnected():
                try:
                    notification_id = await asyncio.wait_for(subscriber.queue.get(), timeout=KEEPALIVE_S)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                async with runtime.db.pool.acquire() as conn:
                    row = await repository.get_visible(conn, notification_id=uuid.UUID(notification_id), **audience)
                if row is not None:
                    yield (f"id: {notification_id}\nevent: notification\n"
                           f"data: {_read(row, lang).model_dump_json()}\n\n")
        finally:
            hub.unsubscribe(subscriber)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _person(principal: Principal) -> str:
    if principal.kind != "user":
        raise AppError(PEOPLE_ONLY)
    return principal.subject_id


def _preferences(user_id: str, row: Any) -> PreferencesRead:
    if row is None:
        return PreferencesRead(user_id=user_id)
    channels = row["channels"] if isinstance(row["channels"], dict) else json.loads(row["channels"])
    return PreferencesRead(user_id=user_id, channels=channels, quiet_start=row["quiet_start"],
                           quiet_end=row["quiet_end"], digest=row["digest"], language=row["language"])


@router.get("/preferences", response_model=PreferencesRead, summary="การตั้งค่าการแจ้งเตือน · My preferences")
async def get_preferences(principal: CurrentPrincipal, runtime: RuntimeDep) -> PreferencesRead:
    user_id = _person(principal)
    async with runtime.db.pool.acquire() as conn:
        return _preferences(user_id, await repository.get_preferences(conn, user_id))


@router.put("/preferences", response_model=PreferencesRead, summary="ตั้งค่าการแจ้งเตือน · Set my preferences")
async def put_preferences(body: PreferencesUpdate, principal: CurrentPrincipal, runtime: RuntimeDep) -> PreferencesRead:
    user_id = _person(principal)
    async with runtime.db.transaction() as conn:
        row = await repository.put_preferences(conn, user_id=user_id, channels=body.channels,
                                               quiet_start=body.quiet_start, quiet_end=body.quiet_end,
                                               digest=body.digest, language=body.language)
    return _preferences(user_id, row)


# --- Webhook subscriptions (an agency's administrator or its system, API-key principal) ----------------------

def _webhook(row: Any) -> WebhookRead:
    return WebhookRead(**{k: row[k] for k in WebhookRead.model_fields})


@webhooks_router.post("", response_model=WebhookCreated, status_code=201,
                      summary="สมัครรับ webhook · Subscribe the agency's system to notifications")
async def create_webhook(body: WebhookCreate, principal: AgencyManager, runtime: RuntimeDep) -> WebhookCreated:
    secret = body.secret or secrets.token_urlsafe(32)
    async with runtime.db.transaction() as conn:
        row = await repository.insert_subscription(conn, subscription_id=uuid.uuid4(), agency_id=principal.agency_id,
                                                   url=str(body.url), secret=secret, kinds=body.kinds,
                                                   created_by=principal.subject_id)
    return WebhookCreated(**_webhook(row).model_dump(), secret=secret)


@webhooks_router.get("", response_model=list[WebhookRead], summary="webhook ของหน่วยงาน · The agency's webhooks")
async def list_webhooks(principal: AgencyManager, runtime: RuntimeDep) -> list[WebhookRead]:
    async with runtime.db.pool.acquire() as conn:
        return [_webhook(r) for r in await repository.list_subscriptions(conn, principal.agency_id)]


@webhooks_router.patch("/{subscription_id}", response_model=WebhookRead,
                       summary="แก้ไขหรือเปิดใช้ใหม่ · Change, disable or re-enable a webhook")
async def update_webhook(subscription_id: uuid.UUID, body: WebhookUpdate, principal: AgencyManager,
                         runtime: RuntimeDep) -> WebhookRead:
    async with runtime.db.transaction() as conn:
        current = await repository.get_subscription(conn, subscription_id=subscription_id,
                                                    agency_id=principal.agency_id)
        if current is None:
            raise AppError(NOT_FOUND)
        row = await repository.update_subscription(
            conn, subscription_id=subscription_id, agency_id=principal.agency_id,
            url=str(body.url) if body.url else current["url"],
            kinds=body.kinds if body.kinds is not None else current["kinds"],
            active=body.active if body.active is not None else current["active"],
        )
    return _webhook(row)


@webhooks_router.delete("/{subscription_id}", status_code=204, summary="ยกเลิก webhook · Delete a webhook")
async def delete_webhook(subscription_id: uuid.UUID, principal: AgencyManager, runtime: RuntimeDep) -> None:
    async with runtime.db.transaction() as conn:
        if not await repository.delete_subscription(conn, subscription_id=subscription_id,
                                                    agency_id=principal.agency_id):
            raise AppError(NOT_FOUND)


@webhooks_router.get("/{subscription_id}/deliveries", response_model=list[DeliveryRead],
                     summary="บันทึกการส่ง · Delivery log of a webhook, with every attempt")
async def webhook_deliveries(subscription_id: uuid.UUID, principal: AgencyManager, runtime: RuntimeDep,
                             limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeliveryRead]:
    async with runtime.db.pool.acquire() as conn:
        if await repository.get_subscription(conn, subscription_id=subscription_id,
                                             agency_id=principal.agency_id) is None:
            raise AppError(NOT_FOUND)
        rows = await repository.subscription_log(conn, subscription_id=subscription_id, limit=limit)
    return [DeliveryRead(**{**dict(r), "attempt_log": json.loads(r["attempt_log"])}) for r in rows]


# --- Administrators: dead letters, the delivery queue, digests, reminders -------------------------------------

@admin_router.get("/dead-letters", response_model=list[DeliveryRead],
                  summary="การส่งที่ล้มเหลว · Deliveries that failed every retry (the agency's)")
async def dead_letters(principal: Administrator, runtime: RuntimeDep, channel: Literal["email", "webhook"] | None = None,
                       limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeliveryRead]:
    async with runtime.db.pool.acquire() as conn:
        rows = await repository.list_deliveries(conn, agency_id=principal.agency_id, status="dead", channel=channel,
                                                limit=limit)
    return [DeliveryRead(**dict(r)) for r in rows]


@admin_router.post("/dead-letters/{delivery_id}/retry", status_code=204,
                   summary="ส่งใหม่ · Queue a dead letter again")
async def retry_dead_letter(delivery_id: uuid.UUID, principal: Administrator, runtime: RuntimeDep) -> None:
    async with runtime.db.transaction() as conn:
        if not await repository.retry_dead(conn, delivery_id=delivery_id, agency_id=principal.agency_id,
                                          now=clock.now()):
            raise AppError(NOT_DEAD)


@admin_router.get("/deliveries", response_model=list[DeliveryRead],
                  summary="คิวการส่ง · The agency's e-mail and webhook deliveries")
async def deliveries(principal: Administrator, runtime: RuntimeDep,
                     status: Literal["pending", "held", "sent", "dead", "digested"] | None = None,
                     channel: Literal["email", "webhook"] | None = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeliveryRead]:
    async with runtime.db.pool.acquire() as conn:
        rows = await repository.list_deliveries(conn, agency_id=principal.agency_id, status=status, channel=channel,
                                                limit=limit)
    return [DeliveryRead(**dict(r)) for r in rows]


@admin_router.post("/digests/run", response_model=DigestRun,
                   summary="ส่งสรุปรายวันทันที · Send the agency's held digests now")
async def run_digests(principal: Administrator, runtime: RuntimeDep) -> DigestRun:
    async with runtime.db.transaction() as conn:
        return DigestRun(digests=await scheduler.send_digests(conn, agency_id=principal.agency_id))


@admin_router.get("/reminders", response_model=list[ReminderRead],
                  summary="การเตือนกำหนดเวลา · The agency's deadline reminders")
async def reminders(principal: Administrator, runtime: RuntimeDep,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ReminderRead]:
    async with runtime.db.pool.acquire() as conn:
        return [ReminderRead.of(r) for r in await repository.list_reminders(conn, agency_id=principal.agency_id,
                                                                            limit=limit)]
