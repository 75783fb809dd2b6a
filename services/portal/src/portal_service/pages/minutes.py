"""After the agenda: who came (attendance), recording that the meeting took place, the minutes with a resolution
per item, their approval and PDF, and follow-up actions reported done by the agency that owns them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError, relay
from .be_dates import be_field
from .follow_ups import meeting_follow_ups
from .forms import bangkok_moment, local_clock, local_day
from .meeting_calls import ask, later_meetings, manages, meeting_of
from .rendering import correlation, error_page, redirect, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
MINUTES_STATES = ("held", "minutes_drafted", "minutes_approved")


# --- attendance and holding ----------------------------------------------------------------------------

def _attendance_entries(form: Any, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per member as marked (present unless marked otherwise), then a guest per line 'name, position'."""
    entries = []
    for member in members:
        key = member["member_id"]
        entries.append({"member_id": key, "status": str(form.get(f"status-{key}") or "present"),
                        "substitute_name": str(form.get(f"substitute-{key}", "")).strip() or None,
                        "reason": str(form.get(f"reason-{key}", "")).strip() or None})
    for line in str(form.get("guests", "")).splitlines():
        name, _, position = line.partition(",")
        if name.strip():
            entries.append({"status": "guest", "name": name.strip(), "position": position.strip()})
    return entries


async def _attendance_page(request: Request, session: Session, meeting_id: uuid.UUID, *,
                           marked: dict[str, dict[str, Any]] | None = None, guests: str | None = None,
                           error: str | None = None, status_code: int = 200) -> HTMLResponse:
    meeting = await meeting_of(request, session, meeting_id)
    members = await ask(request, session, "GET", f"/committees/{meeting['committee_id']}/members")
    recorded = await ask(request, session, "GET", f"/meetings/{meeting_id}/attendance")
    if marked is None:
        marked = {e["member_id"]: e for e in recorded if e["member_id"]}
        guests = "\n".join(f"{e['name']}, {e['position']}".rstrip(", ") for e in recorded if e["status"] == "guest")
    return render(request, "attendance.html", status_code=status_code, meeting=meeting, manage=manages(session, meeting),
                  members=members, marked=marked, guests=guests or "", recorded=recorded, error=error,
                  meeting_day=be_field(local_day(meeting["starts_at"])), start=local_clock(meeting["starts_at"]),
                  end=local_clock(meeting["ends_at"]))


@router.get("/meetings/{meeting_id}/attendance", response_class=HTMLResponse)
async def attendance_page(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse:
    return await _attendance_page(request, session, meeting_id)


@router.post("/meetings/{meeting_id}/attendance", response_model=None)
async def save_attendance(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    meeting = await meeting_of(request, session, meeting_id)
    members = await ask(request, session, "GET", f"/committees/{meeting['committee_id']}/members")
    entries = _attendance_entries(form, members)
    try:
        await ask(request, session, "PUT", f"/meetings/{meeting_id}/attendance", json={"entries": entries})
    except UpstreamError as exc:
        return await _attendance_page(request, session, meeting_id, error=exc.message(wording(request).lang),
                                      marked={e["member_id"]: e for e in entries if e.get("member_id")},
                                      guests=str(form.get("guests", "")), status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}/attendance", done="attendance")


@router.post("/meetings/{meeting_id}/held", response_model=None)
async def held(request: Request, session: SignedIn, meeting_id: uuid.UUID,
               day: Annotated[str, Form(max_length=10)], start: Annotated[str, Form(max_length=5)],
               end: Annotated[str, Form(max_length=5)] = "") -> HTMLResponse | RedirectResponse:
    """The meeting took place, from … to …: minutes can be written from now on."""
    back = f"/meetings/{meeting_id}/attendance"
    started_at, ended_at = bangkok_moment(day, start), bangkok_moment(day, end) if end else None
    if started_at is None or (end and ended_at is None):
        return render(request, "error.html", status_code=422, message=wording(request)("bad_moment"), back=back)
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/held",
                  json={"started_at": started_at, "ended_at": ended_at})
    except UpstreamError as exc:
        return error_page(request, exc, back=back)
    return redirect(f"/meetings/{meeting_id}/minutes", done="held")


# --- minutes ----------------------------------------------------------------------------------------------

async def _minutes_page(request: Request, session: Session, meeting_id: uuid.UUID, *,
                        typed: dict[str, Any] | None = None, error: str | None = None,
                        status_code: int = 200) -> HTMLResponse:
    meeting = await meeting_of(request, session, meeting_id)
    minutes = await ask(request, session, "GET", f"/meetings/{meeting_id}/minutes")
    manage = manages(session, meeting)
    later = await later_meetings(request, session, meeting) if manage else []
    members = await ask(request, session, "GET", f"/committees/{meeting['committee_id']}/members") if manage else []
    return render(request, "minutes.html", status_code=status_code, meeting=meeting, manage=manage,
                  follow_ups=await meeting_follow_ups(request, session, meeting),
                  member_agencies={m["agency_id"]: m["agency_name"] or m["agency_id"] for m in members},
                  minutes=minutes, typed=typed or {}, later=later, error=error, writable=meeting["state"] in MINUTES_STATES[:2],
                  started=local_clock(minutes["meeting"]["started_at"]), ended=local_clock(minutes["meeting"]["ended_at"]),
                  meeting_day=be_field(local_day(meeting["started_at"] or meeting["starts_at"])))


@router.get("/meetings/{meeting_id}/minutes", response_class=HTMLResponse)
async def minutes_page(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse:
    return await _minutes_page(request, session, meeting_id)


@router.post("/meetings/{meeting_id}/minutes", response_model=None)
async def save_minutes(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    """Per item the discussion and the resolution (มติที่ประชุม), the times, who took and who checked them."""
    form = await request.form()
    typed = {key: str(value) for key, value in form.items()}
    item_ids = [str(i) for i in form.getlist("item_id")]
    day = typed.get("day", "")
    started_at = bangkok_moment(day, typed.get("started", ""))
    ended_at = bangkok_moment(day, typed.get("ended", "")) if typed.get("ended") else None
    if started_at is None or (typed.get("ended") and ended_at is None):
        return await _minutes_page(request, session, meeting_id, typed=typed, error=wording(request)("bad_moment"),
                                   status_code=422)
    try:
        await ask(request, session, "PUT", f"/meetings/{meeting_id}/minutes", json={
            "started_at": started_at, "ended_at": ended_at, "minute_taker": typed.get("minute_taker", ""),
            "reviewer": typed.get("reviewer", ""),
            "entries": [{"item_id": i, "discussion": typed.get(f"discussion-{i}", ""),
                         "resolution": typed.get(f"resolution-{i}", "")} for i in item_ids]})
    except UpstreamError as exc:
        return await _minutes_page(request, session, meeting_id, typed=typed, error=exc.message(wording(request).lang),
                                   status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}/minutes", done="minutes")


@router.post("/meetings/{meeting_id}/minutes/approve", response_model=None)
async def approve(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                  at_meeting_id: Annotated[str, Form(max_length=40)] = "") -> HTMLResponse | RedirectResponse:
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/minutes/approve",
                  json={"at_meeting_id": at_meeting_id or None})
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/meetings/{meeting_id}/minutes")
    return redirect(f"/meetings/{meeting_id}/minutes", done="approved")


@router.get("/meetings/{meeting_id}/minutes.pdf")
async def minutes_pdf(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                      view: bool = False) -> StreamingResponse:
    return await relay(services(request).meeting, f"/meetings/{meeting_id}/minutes.pdf", token=session.token,
                       correlation_id=correlation(request), view=view)
