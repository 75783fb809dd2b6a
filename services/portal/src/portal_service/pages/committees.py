"""Committees my agency runs: setting one up with its agenda template, its members (person, agency, role) and
their leaving, and deleting one set up by mistake, so that a secretariat can run its meetings from the portal
alone."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .meeting_calls import ask
from .rendering import correlation, redirect, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
ROLES = ("chair", "vice_chair", "member", "secretary", "assistant_secretary", "advisor")


async def _list_page(request: Request, session: Session, *, values: dict[str, str], error: str | None = None,
                     status_code: int = 200) -> HTMLResponse:
    return render(request, "committees.html", status_code=status_code,
                  committees=await ask(request, session, "GET", "/committees"), values=values, error=error)


@router.get("/committees", response_class=HTMLResponse)
async def committees(request: Request, session: SignedIn) -> HTMLResponse:
    return await _list_page(request, session, values={"agenda_template": "5_sections"})


@router.post("/committees", response_model=None)
async def create(request: Request, session: SignedIn, name_th: Annotated[str, Form(max_length=300)],
                 agenda_template: Annotated[Literal["5_sections", "6_sections"], Form()],
                 name_en: Annotated[str, Form(max_length=300)] = "") -> HTMLResponse | RedirectResponse:
    values = {"name_th": name_th, "name_en": name_en, "agenda_template": agenda_template}
    try:
        committee = await ask(request, session, "POST", "/committees", json={
            "name_th": name_th, "name_en": name_en.strip() or None, "agenda_template": agenda_template})
    except UpstreamError as exc:
        return await _list_page(request, session, values=values, error=exc.message(wording(request).lang),
                                status_code=exc.status)
    return redirect(f"/committees/{committee['committee_id']}", done="committee")


async def _committee_page(request: Request, session: Session, committee_id: uuid.UUID, *, values: dict[str, str],
                          error: str | None = None, delete_error: str | None = None,
                          status_code: int = 200) -> HTMLResponse:
    committee = await ask(request, session, "GET", f"/committees/{committee_id}")
    members = await ask(request, session, "GET", f"/committees/{committee_id}/members")
    return render(request, "committee.html", status_code=status_code, committee=committee, members=members,
                  roles=ROLES, values=values, error=error, delete_error=delete_error)


@router.get("/committees/{committee_id}", response_class=HTMLResponse)
async def committee_page(request: Request, session: SignedIn, committee_id: uuid.UUID) -> HTMLResponse:
    return await _committee_page(request, session, committee_id, values={"role": "member"})


@router.get("/committees/{committee_id}/agencies", response_class=HTMLResponse)
async def find_agencies(request: Request, session: SignedIn, committee_id: uuid.UUID, q: str = "") -> HTMLResponse:
    """Search-as-you-type for the member's agency: a few matches to choose one from."""
    found = []
    if q.strip():
        found = (await services(request).documents.call(
            "GET", "/agencies", token=session.token, correlation_id=correlation(request),
            params={"q": q.strip(), "limit": 10}))["items"]
    return render(request, "_agency_choices.html", agencies=found)


@router.post("/committees/{committee_id}/members", response_model=None)
async def add_member(request: Request, session: SignedIn, committee_id: uuid.UUID,
                     display_name: Annotated[str, Form(max_length=300)], role: Annotated[str, Form(max_length=40)],
                     agency_id: Annotated[str, Form(max_length=200)] = "",
                     position: Annotated[str, Form(max_length=300)] = "") -> HTMLResponse | RedirectResponse:
    """The meeting service prints the agency under the directory's name ('โดย …'); none chosen: my agency."""
    values = {"display_name": display_name, "role": role, "position": position}
    try:
        await ask(request, session, "POST", f"/committees/{committee_id}/members", json={
            "agency_id": agency_id or session.principal.agency_id, "display_name": display_name,
            "position": position, "role": role})
    except UpstreamError as exc:
        return await _committee_page(request, session, committee_id, values=values,
                                     error=exc.message(wording(request).lang), status_code=exc.status)
    return redirect(f"/committees/{committee_id}", done="member")


@router.post("/committees/{committee_id}/members/{member_id}/remove", response_model=None)
async def remove_member(request: Request, session: SignedIn, committee_id: uuid.UUID,
                        member_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    try:
        await ask(request, session, "DELETE", f"/committees/{committee_id}/members/{member_id}")
    except UpstreamError as exc:
        return await _committee_page(request, session, committee_id, values={"role": "member"},
                                     error=exc.message(wording(request).lang), status_code=exc.status)
    return redirect(f"/committees/{committee_id}", done="member_removed")


@router.post("/committees/{committee_id}/delete", response_model=None)
async def delete(request: Request, session: SignedIn, committee_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    """Only a committee that never met; for one in use the meeting service says why not (409), on its page."""
    try:
        await ask(request, session, "DELETE", f"/committees/{committee_id}")
    except UpstreamError as exc:
        return await _committee_page(request, session, committee_id, values={"role": "member"},
                                     delete_error=exc.message(wording(request).lang), status_code=exc.status)
    return redirect("/committees", done="committee_deleted")
