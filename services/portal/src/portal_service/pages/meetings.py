"""Meetings: the list of my agency's meetings, scheduling one, a meeting's own page, and opening, closing or
re-opening its agenda."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from opensaraban_shared import clock
from opensaraban_shared.auth import Role
from opensaraban_shared.thai import BANGKOK

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .be_dates import be_field
from .forms import bangkok_moment, local_day
from .meeting_calls import agenda_items, agenda_of, ask, later_meetings, manages, meeting_of
from .rendering import redirect, render, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
ListFilter = Literal["agenda_open", "published", "held"]
SCHEDULE_FIELDS = ("committee_id", "day", "start", "end", "room", "floor", "building", "online_url")
PAGE_SIZE = 30
# What each button does to the meeting: the meeting service's operation and the notice shown after it.
AGENDA_STEPS = {"open": ("agenda/open", "opened"), "lock": ("agenda/lock", "locked"),
                "revise": ("agenda/revise", "revising")}


async def _list_page(request: Request, session: Session, *, state: str | None, offset: int,
                     values: dict[str, str], error: str | None = None, status_code: int = 200) -> HTMLResponse:
    params: dict[str, Any] = {"limit": PAGE_SIZE, "offset": offset, **({"state": state} if state else {})}
    page = await ask(request, session, "GET", "/meetings", params=params)
    committees = (await ask(request, session, "GET", "/committees")
                  if Role.SECRETARIAT in session.principal.roles else [])
    return render(request, "meetings.html", status_code=status_code, items=page["items"],
                  next_offset=page["next_offset"], state=state, committees=committees, values=values, error=error)


@router.get("/meetings", response_class=HTMLResponse)
async def meetings(request: Request, session: SignedIn, state: ListFilter | None = None,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   committee: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """Meetings of the committees my agency runs or sits on; the secretariat schedules new ones here
    (`?committee=<id>` opens the form with that committee chosen)."""
    return await _list_page(request, session, state=state, offset=offset,
                            values={"start": "09:30", "committee_id": committee})


@router.post("/meetings", response_model=None)
async def schedule(request: Request, session: SignedIn) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in SCHEDULE_FIELDS}
    starts_at = bangkok_moment(values["day"], values["start"])
    ends_at = bangkok_moment(values["day"], values["end"]) if values["end"] else None
    if starts_at is None or (values["end"] and ends_at is None):
        return await _list_page(request, session, state=None, offset=0, values=values,
                                error=wording(request)("bad_moment"), status_code=422)
    try:
        meeting = await ask(request, session, "POST", "/meetings", json={
            "committee_id": values["committee_id"], "starts_at": starts_at, "ends_at": ends_at,
            "venue": {k: values[k] for k in ("room", "floor", "building")},
            "online_url": values["online_url"] or None})
    except UpstreamError as exc:
        return await _list_page(request, session, state=None, offset=0, values=values,
                                error=exc.message(wording(request).lang), status_code=exc.status)
    return redirect(f"/meetings/{meeting['meeting_id']}", done="scheduled")


def _deadline_suggestion(meeting: dict[str, Any]) -> str:
    """A week before the meeting, or today when that has passed."""
    week_before = datetime.fromisoformat(meeting["starts_at"]).astimezone(BANGKOK) - timedelta(days=7)
    return max(week_before.date(), clock.today()).isoformat()


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_page(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse:
    """The secretariat runs the meeting from here; a member agency sees the agenda and its own items."""
    return await _meeting_page(request, session, meeting_id)


async def _meeting_page(request: Request, session: Session, meeting_id: uuid.UUID, *, step_error: str | None = None,
                        deadline: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    """`step_error`: why the last step was refused, shown at its form; `deadline`: the deadline as it was typed."""
    meeting = await meeting_of(request, session, meeting_id)
    agenda = await agenda_of(request, session, meeting_id)
    manage = manages(session, meeting)
    context: dict[str, Any] = {"meeting": meeting, "agenda": agenda, "manage": manage,
                               "meeting_day": be_field(local_day(meeting["starts_at"]))}
    if manage:
        context |= {"waiting": [i for i in agenda["not_on_agenda"] if i["status"] == "submitted"],
                    "sent_back": [i for i in agenda["not_on_agenda"] if i["status"] != "submitted"],
                    "later": await later_meetings(request, session, meeting, "agenda_open", "agenda_locked"),
                    "deadline_day": be_field(_deadline_suggestion(meeting)), "deadline": deadline or {},
                    "step_error": step_error}
    else:
        # Member agencies read the latest published version; the draft only until there is one.
        versions = await ask(request, session, "GET", f"/meetings/{meeting_id}/agenda/versions")
        context |= {"mine": [i for i in agenda_items(agenda)
                             if i["submitted_by_agency_id"] == session.principal.agency_id],
                    "shown": versions[-1] if versions else None,
                    "agenda": versions[-1]["agenda"] if versions else agenda}
    return render(request, "meeting.html", status_code=status_code, **context)


@router.post("/meetings/{meeting_id}/agenda-step/{step}", response_model=None)
async def agenda_step(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                      step: Literal["open", "lock", "revise"]) -> HTMLResponse | RedirectResponse:
    """Open the agenda for submissions (until a deadline), close submissions, or start a new version."""
    back = f"/meetings/{meeting_id}"
    body = None
    typed: dict[str, str] = {}
    if step == "open":
        form = await request.form()
        typed = {"day": str(form.get("deadline_day", "")), "time": str(form.get("deadline_time", ""))}
        deadline = bangkok_moment(typed["day"], typed["time"])
        if deadline is None:
            return await _meeting_page(request, session, meeting_id, step_error=wording(request)("bad_moment"),
                                       deadline=typed, status_code=422)
        body = {"submission_deadline": deadline}
    operation, done = AGENDA_STEPS[step]
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/{operation}", json=body)
    except UpstreamError as exc:  # the page again, the form as typed and the reason beside it
        return await _meeting_page(request, session, meeting_id, step_error=exc.message(wording(request).lang),
                                   deadline=typed, status_code=exc.status)
    return redirect(back, done=done)


@router.post("/meetings/{meeting_id}/cancel", response_model=None)
async def cancel(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                 reason: Annotated[str, Form(max_length=1000)] = "") -> HTMLResponse | RedirectResponse:
    """ยกเลิกการประชุม: the meeting service tells the members."""
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/cancel", json={"reason": reason})
    except UpstreamError as exc:
        return await _meeting_page(request, session, meeting_id, step_error=exc.message(wording(request).lang),
                                   status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}", done="cancelled")
