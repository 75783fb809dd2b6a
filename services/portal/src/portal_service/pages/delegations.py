"""รักษาราชการแทน and ปฏิบัติราชการแทน: the agency's administrators list the delegations in force and to come,
set new ones and end one early; an executive sets their own leave delegate when the agency allows it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from opensaraban_shared.auth import Role

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .delegation_form import delegation_body, delegation_errors, last_day, values_from_form
from .rendering import documents_api, error_page, redirect, render, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


def may_delegate(session: Session) -> bool:
    """Administrators set anyone's delegations; an executive may name their own leave delegate, which the service
    allows only when the agency's `self_delegation` setting says so (a setting only administrators can read)."""
    return session.principal.has_any_role(Role.ADMINISTRATOR, Role.EXECUTIVE)


def _shown(delegation: dict[str, Any]) -> dict[str, Any]:
    return delegation | {"last_day": last_day(delegation["ends_at"])}


async def _page(request: Request, session: Session, *, values: dict[str, str] | None = None,
                errors: dict[str, str] | None = None, error: UpstreamError | None = None) -> HTMLResponse:
    if not may_delegate(session):
        return render(request, "error.html", status_code=403, message=wording(request)("not_allowed_to_delegate"),
                      back="/")
    listed, people = await asyncio.gather(
        documents_api(request, session.token, "GET", "/delegations"),
        documents_api(request, session.token, "GET", "/users", params={"limit": 200}))
    current = [_shown(d) for d in listed if d["ended_at"] is None]
    admin = Role.ADMINISTRATOR in session.principal.roles
    me = session.principal.subject_id
    return render(request, "delegations.html", status_code=error.status if error else (422 if errors else 200),
                  active=[d for d in current if d["in_force"]], upcoming=[d for d in current if not d["in_force"]],
                  people=[p for p in people["items"] if p["active"]],
                  holders=None if admin else [me], values=values or {"kind": "acting", "holder_user_id": "" if admin else me},
                  errors=errors or {}, error=error.message(wording(request).lang) if error and not errors else None)


@router.get("/delegations", response_class=HTMLResponse)
async def delegations(request: Request, session: SignedIn) -> HTMLResponse:
    return await _page(request, session)


@router.post("/delegations", response_model=None)
async def create(request: Request, session: SignedIn) -> HTMLResponse | RedirectResponse:
    values = values_from_form(await request.form())
    words = wording(request)
    body, errors = delegation_body(values, words)
    if body is None:
        return await _page(request, session, values=values, errors=errors)
    try:
        await documents_api(request, session.token, "POST", "/delegations", json=body)
    except UpstreamError as exc:
        return await _page(request, session, values=values, errors=delegation_errors(exc, words), error=exc)
    return redirect("/delegations", done="delegation")


@router.post("/delegations/{delegation_id}/end", response_model=None)
async def end(request: Request, session: SignedIn, delegation_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    try:
        await documents_api(request, session.token, "POST", f"/delegations/{delegation_id}/end")
    except UpstreamError as exc:
        return error_page(request, exc, back="/delegations")
    return redirect("/delegations", done="delegation_ended")
