"""The person's notifications from the notify service: an unread badge on every page and the list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from ..session import Session, signed_in
from ..upstream import relay
from .rendering import correlation, redirect, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


async def _page(request: Request, session: Session, limit: int) -> dict:
    return await services(request).notify.call(
        "GET", "/notifications", token=session.token, correlation_id=correlation(request),
        params={"limit": limit, "lang": wording(request).lang})


@router.get("/notifications", response_class=HTMLResponse)
async def notifications(request: Request, session: SignedIn) -> HTMLResponse:
    page = await _page(request, session, 100)
    return render(request, "notifications.html", items=page["items"], unread=page["unread_count"])


@router.get("/notifications/badge", response_class=HTMLResponse)
async def badge(request: Request, session: SignedIn) -> HTMLResponse:
    """The unread count in the header, fetched again by every open page."""
    return render(request, "_badge.html", unread=(await _page(request, session, 1))["unread_count"])


@router.post("/notifications/{notification_id}/open", response_model=None)
async def open_notification(request: Request, session: SignedIn, notification_id: uuid.UUID,
                            link: Annotated[str, Form(max_length=500)] = "") -> RedirectResponse:
    """Marks it read and goes where it points (only a path of this site)."""
    await services(request).notify.call("POST", f"/notifications/{notification_id}/read", token=session.token,
                                        correlation_id=correlation(request))
    return redirect(link if link.startswith("/") and not link.startswith("//") else "/notifications")


@router.post("/notifications/read-all", response_model=None)
async def read_all(request: Request, session: SignedIn) -> RedirectResponse:
    """อ่านทั้งหมด: every notification marked read; the badge drops to nothing."""
    await services(request).notify.call("POST", "/notifications/read-all", token=session.token,
                                        correlation_id=correlation(request))
    return redirect("/notifications", done="all_read")


@router.get("/live")
async def live(request: Request, session: SignedIn) -> StreamingResponse:
    """The person's new notifications as server-sent events, relayed from the notify service: open pages
    refresh their badge and lists when one arrives instead of asking again and again."""
    return await relay(services(request).notify, "/notifications/stream", token=session.token,
                       correlation_id=correlation(request), params={"lang": wording(request).lang})
