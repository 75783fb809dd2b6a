"""บุคลากร: the agency administrator adds people, sets their roles, clearance and unit, suspends or restores their
account and gives them a new password. Each change goes to the documents service, which audits it and applies it at
once (a change of access or password ends the person's sessions)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..upstream import UpstreamError
from .admin import Administrator, admin_page
from .admin_forms import missing, refusal_errors, values_of
from .rendering import documents_api, redirect, wording

router = APIRouter()

ROLES = ("clerk", "action_officer", "executive", "secretariat", "administrator")
CLEARANCES = ("0", "1", "2", "3")
LABELS = {"display_name": "admin_display_name", "username": "username", "position": "admin_position",
          "unit_id": "admin_unit", "email": "admin_email", "roles": "roles", "clearance": "admin_clearance",
          "password": "password", "new_password": "admin_new_password", "supervisor_user_id": "admin_supervisor"}
PROFILE = ("display_name", "position", "unit_id", "email", "supervisor_user_id")
NEW = ("username", "password", *PROFILE)
CODES = {"username_taken": "username", "unknown_unit": "unit_id", "unknown_supervisor": "supervisor_user_id",
         "self_access_change": "roles"}
MIN_PASSWORD = 12


async def _choices(request: Request, token: str, agency_id: str) -> dict[str, Any]:
    units, people = await asyncio.gather(
        documents_api(request, token, "GET", f"/agencies/{agency_id}/units"),
        documents_api(request, token, "GET", "/users", params={"agency_id": agency_id, "limit": 500}))
    return {"units": units, "supervisors": people["items"], "roles": ROLES, "clearances": CLEARANCES}


def _password_errors(values: dict[str, str], name: str, words: Any) -> dict[str, str]:
    if values.get(name) and len(values[name]) < MIN_PASSWORD:
        return {name: words("admin_password_short", n=words.num(MIN_PASSWORD))}
    return {}


@router.get("/admin/people", response_class=HTMLResponse)
async def people(request: Request, session: Administrator, q: str = "", inactive: bool = False) -> HTMLResponse:
    agency_id = session.principal.agency_id
    params: dict[str, Any] = {"agency_id": agency_id, "limit": 500, "include_inactive": inactive}
    if q.strip():
        params["q"] = q.strip()
    listed, units = await asyncio.gather(
        documents_api(request, session.token, "GET", "/users", params=params),
        documents_api(request, session.token, "GET", f"/agencies/{agency_id}/units", params={"include_inactive": True}))
    return admin_page(request, "admin_people.html", section="people", people=listed["items"], total=listed["total"],
                  unit_names={u["unit_id"]: u["name_th"] for u in units}, q=q, inactive=inactive)


async def _new_form(request: Request, session: Administrator, *, values: dict[str, str], roles: list[str],
                    clearance: str, errors: dict[str, str], error: str | None = None) -> HTMLResponse:
    choices = await _choices(request, session.token, session.principal.agency_id)
    return admin_page(request, "admin_person_new.html", status_code=422 if errors or error else 200, section="people",
                  values=values, chosen_roles=roles, clearance=clearance, errors=errors, error=error, **choices)


@router.get("/admin/people/new", response_class=HTMLResponse)
async def new_person(request: Request, session: Administrator) -> HTMLResponse:
    values = dict.fromkeys(NEW, "")
    values["username"] = f"@{session.principal.agency_id}"
    return await _new_form(request, session, values=values, roles=[], clearance="0", errors={})


@router.post("/admin/people/new", response_model=None)
async def create_person(request: Request, session: Administrator) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    words = wording(request)
    values, roles, clearance = values_of(form, NEW), [str(r) for r in form.getlist("roles")], str(form.get("clearance") or "0")
    errors = missing(values, ("display_name", "username", "password"), LABELS, words)
    errors |= _password_errors(values, "password", words)
    if not roles:
        errors["roles"] = words("admin_choose_role")
    if errors:
        return await _new_form(request, session, values=values, roles=roles, clearance=clearance, errors=errors)
    body: dict[str, Any] = {"username": values["username"].lower(), "display_name": values["display_name"],
                            "password": values["password"], "roles": roles, "clearance": int(clearance)}
    body |= {name: values[name] for name in ("position", "unit_id", "email", "supervisor_user_id") if values[name]}
    try:
        made = await documents_api(request, session.token, "POST", "/users", json=body)
    except UpstreamError as exc:
        errors = refusal_errors(exc, LABELS, words, codes=CODES)
        return await _new_form(request, session, values=values | {"password": ""}, roles=roles, clearance=clearance,
                               errors=errors, error=exc.message(words.lang))
    return redirect(f"/admin/people/{made['user_id']}", done="person_created")


async def _person_page(request: Request, session: Administrator, user_id: str, *, values: dict[str, str] | None = None,
                       errors: dict[str, str] | None = None, error: str | None = None,
                       roles: list[str] | None = None, clearance: str | None = None) -> HTMLResponse:
    person, choices = await asyncio.gather(
        documents_api(request, session.token, "GET", f"/users/{user_id}"),
        _choices(request, session.token, session.principal.agency_id))
    shown = values or {name: person.get(name) or "" for name in PROFILE}
    return admin_page(request, "admin_person.html", status_code=422 if errors or error else 200, section="people",
                  person=person, values=shown, chosen_roles=roles if roles is not None else person["roles"],
                  clearance=clearance if clearance is not None else str(person["clearance"]),
                  errors=errors or {}, error=error, myself=user_id == session.principal.subject_id, **choices)


@router.get("/admin/people/{user_id}", response_class=HTMLResponse)
async def person(request: Request, session: Administrator, user_id: str) -> HTMLResponse:
    return await _person_page(request, session, user_id)


@router.post("/admin/people/{user_id}/profile", response_model=None)
async def save_profile(request: Request, session: Administrator, user_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values = values_of(await request.form(), PROFILE)
    errors = missing(values, ("display_name",), LABELS, words)
    if errors:
        return await _person_page(request, session, user_id, values=values, errors=errors)
    # Empty optional fields clear them (the person leaves their unit); the name is always sent.
    body = {name: values[name] or None for name in PROFILE}
    try:
        await documents_api(request, session.token, "PATCH", f"/users/{user_id}", json=body)
    except UpstreamError as exc:
        return await _person_page(request, session, user_id, values=values, error=exc.message(words.lang),
                                  errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/people/{user_id}", done="person_saved")


async def _set_access(request: Request, session: Administrator, user_id: str, *, roles: list[str], clearance: str,
                      active: bool, done: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    if not roles:
        return await _person_page(request, session, user_id, roles=roles, clearance=clearance,
                                  errors={"roles": words("admin_choose_role")})
    try:
        await documents_api(request, session.token, "PUT", f"/users/{user_id}/access",
                            json={"roles": roles, "clearance": int(clearance), "active": active})
    except UpstreamError as exc:
        return await _person_page(request, session, user_id, roles=roles, clearance=clearance,
                                  error=exc.message(words.lang), errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/people/{user_id}", done=done)


@router.post("/admin/people/{user_id}/access", response_model=None)
async def save_access(request: Request, session: Administrator, user_id: str) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    person = await documents_api(request, session.token, "GET", f"/users/{user_id}")
    return await _set_access(request, session, user_id, roles=[str(r) for r in form.getlist("roles")],
                             clearance=str(form.get("clearance") or "0"), active=person["active"], done="access_saved")


@router.post("/admin/people/{user_id}/active", response_model=None)
async def set_active(request: Request, session: Administrator, user_id: str) -> HTMLResponse | RedirectResponse:
    """ระงับบัญชี / เปิดใช้บัญชีอีกครั้ง: the roles and clearance stay as they are."""
    active = (await request.form()).get("active") == "true"
    person = await documents_api(request, session.token, "GET", f"/users/{user_id}")
    return await _set_access(request, session, user_id, roles=person["roles"], clearance=str(person["clearance"]),
                             active=active, done="person_restored" if active else "person_suspended")


@router.post("/admin/people/{user_id}/password", response_model=None)
async def reset_password(request: Request, session: Administrator, user_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values = values_of(await request.form(), ("new_password",))
    errors = missing(values, ("new_password",), LABELS, words) or _password_errors(values, "new_password", words)
    if errors:
        return await _person_page(request, session, user_id, errors=errors)
    try:
        await documents_api(request, session.token, "POST", f"/users/{user_id}/password", json=values)
    except UpstreamError as exc:
        return await _person_page(request, session, user_id, error=exc.message(words.lang),
                                  errors=refusal_errors(exc, LABELS, words))
    return redirect(f"/admin/people/{user_id}", done="password_reset")
