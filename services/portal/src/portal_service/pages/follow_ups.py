"""Follow-up actions (งานติดตามตามมติ): the secretariat asks an agency to act on a resolution by a date, and the
agency reports it done; a notification about one links to its page here."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .forms import typed_day
from .meeting_calls import ask, manages, meeting_of
from .rendering import error_page, redirect, render, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


async def meeting_follow_ups(request: Request, session: Session, meeting: dict[str, Any]) -> list[dict[str, Any]]:
    every = await ask(request, session, "GET", f"/committees/{meeting['committee_id']}/follow-ups")
    return [f for f in every if f["meeting_id"] == meeting["meeting_id"]]


@router.post("/meetings/{meeting_id}/follow-ups", response_model=None)
async def create(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                 item_id: Annotated[uuid.UUID, Form()], owner_agency_id: Annotated[str, Form(max_length=200)],
                 description: Annotated[str, Form(max_length=2000)],
                 due_date: Annotated[str, Form(max_length=40)]) -> HTMLResponse | RedirectResponse:
    due = typed_day(due_date)
    if due is None:
        return render(request, "error.html", status_code=422, message=wording(request)("bad_be_date"),
                      back=f"/meetings/{meeting_id}/minutes")
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/follow-ups", json={
            "item_id": str(item_id), "owner_agency_id": owner_agency_id, "description": description,
            "due_date": due.isoformat()})
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/meetings/{meeting_id}/minutes")
    return redirect(f"/meetings/{meeting_id}/minutes", done="follow_up")


async def _page(request: Request, session: Session, meeting_id: uuid.UUID, action_id: uuid.UUID,
                *, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    meeting = await meeting_of(request, session, meeting_id)
    action = next((f for f in await meeting_follow_ups(request, session, meeting) if f["action_id"] == str(action_id)),
                  None)
    if action is None:
        return render(request, "error.html", status_code=404, message=wording(request)("not_found"),
                      back=f"/meetings/{meeting_id}/minutes")
    reportable = action["status"] == "pending" and (action["owner_agency_id"] == session.principal.agency_id
                                                    or manages(session, meeting))
    return render(request, "follow_up.html", status_code=status_code, meeting=meeting, manage=manages(session, meeting),
                  action=action, reportable=reportable, error=error)


@router.get("/meetings/{meeting_id}/actions/{action_id}", response_class=HTMLResponse)
async def follow_up_page(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                         action_id: uuid.UUID) -> HTMLResponse:
    return await _page(request, session, meeting_id, action_id)


@router.post("/meetings/{meeting_id}/actions/{action_id}/complete", response_model=None)
async def complete(request: Request, session: SignedIn, meeting_id: uuid.UUID, action_id: uuid.UUID,
                   report: Annotated[str, Form(max_length=10_000)]) -> HTMLResponse | RedirectResponse:
    try:
        await ask(request, session, "POST", f"/follow-ups/{action_id}/complete", json={"report": report})
    except UpstreamError as exc:
        return await _page(request, session, meeting_id, action_id, error=exc.message(wording(request).lang),
                           status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}/actions/{action_id}", done="completed")
