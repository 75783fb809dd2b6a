"""หน่วยงานในสังกัด: a province's or a ministry's administrator adds, edits and retires the agencies below their own
(a root agency's administrators, anywhere) and gives a new agency its first administrator."""

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

KINDS = ("ministry", "department", "public_organisation", "national_office", "province", "provincial_office",
         "district", "local", "unit")
FIELDS = ("agency_id", "kind", "name_th", "name_en", "letter_prefix", "province_code")
EDITABLE = FIELDS[1:]
LABELS = {"agency_id": "admin_agency_id", "kind": "admin_agency_kind", "name_th": "admin_agency_name_th",
          "name_en": "admin_name_en", "letter_prefix": "admin_letter_prefix", "province_code": "admin_province_code",
          "parent_id": "admin_parent_agency", "active": "status", "username": "username",
          "display_name": "admin_display_name", "password": "admin_first_password"}
CODES = {"agency_exists": "agency_id", "unknown_parent": "parent_id", "directory_cycle": "parent_id",
         "agency_has_active_children": "active", "username_taken": "username"}
FIRST_ADMIN = ("username", "display_name", "password")
MIN_PASSWORD = 12


async def _level(request: Request, session: Administrator, under: str) -> dict[str, Any]:
    """The agency whose children are listed: its chain above (for the way back up) and its children."""
    agency, children = await asyncio.gather(
        documents_api(request, session.token, "GET", f"/agencies/{under}"),
        documents_api(request, session.token, "GET", f"/agencies/{under}/children",
                      params={"include_inactive": True, "limit": 500}))
    return {"place": agency, "children": children["items"], "total": children["total"]}


async def _list_page(request: Request, session: Administrator, under: str, *, values: dict[str, str] | None = None,
                     errors: dict[str, str] | None = None, error: str | None = None) -> HTMLResponse:
    level = await _level(request, session, under)
    mine = session.principal.agency_id
    # The way up stops at the administrator's own agency (a root administrator's goes to the top).
    chain = level["place"]["ancestors"]
    above = [a["agency_id"] for a in chain]
    if under == mine:
        chain = []
    elif mine in above:
        chain = chain[above.index(mine):]
    shown = values or {"kind": "", "province_code": level["place"].get("province_code") or ""}
    return admin_page(request, "admin_agencies.html", status_code=422 if errors or error else 200, section="agencies",
                  chain=chain, kinds=KINDS, values={k: shown.get(k, "") for k in FIELDS}, errors=errors or {},
                  error=error, mine=mine, **level)


@router.get("/admin/agencies", response_class=HTMLResponse)
async def agencies(request: Request, session: Administrator, under: str = "") -> HTMLResponse:
    return await _list_page(request, session, under or session.principal.agency_id)


@router.post("/admin/agencies", response_model=None)
async def create_agency(request: Request, session: Administrator) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    form = await request.form()
    under = str(form.get("parent_id") or session.principal.agency_id)
    values = values_of(form, FIELDS)
    values["agency_id"] = values["agency_id"].lower()
    if errors := missing(values, ("agency_id", "kind", "name_th", "letter_prefix"), LABELS, words):
        return await _list_page(request, session, under, values=values, errors=errors)
    body = {name: values[name] or None for name in FIELDS} | {"parent_id": under}
    try:
        made = await documents_api(request, session.token, "POST", "/agencies", json=body)
    except UpstreamError as exc:
        return await _list_page(request, session, under, values=values, error=exc.message(words.lang),
                                errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/agencies/{made['agency_id']}", done="agency_created")


async def _agency_page(request: Request, session: Administrator, agency_id: str, *,
                       values: dict[str, str] | None = None, first: dict[str, str] | None = None,
                       errors: dict[str, str] | None = None, error: str | None = None) -> HTMLResponse:
    agency, people = await asyncio.gather(
        documents_api(request, session.token, "GET", f"/agencies/{agency_id}"),
        documents_api(request, session.token, "GET", "/users", params={"agency_id": agency_id, "limit": 500}))
    admins = [p for p in people["items"] if "administrator" in p["roles"]]
    return admin_page(request, "admin_agency.html", status_code=422 if errors or error else 200, section="agencies",
                  agency=agency, kinds=KINDS, admins=admins, people_total=people["total"],
                  values=values or {k: agency.get(k) or "" for k in EDITABLE},
                  first=first or {"username": f"admin@{agency_id}", "display_name": "", "password": ""},
                  errors=errors or {}, error=error)


@router.get("/admin/agencies/{agency_id}", response_class=HTMLResponse)
async def agency(request: Request, session: Administrator, agency_id: str) -> HTMLResponse:
    return await _agency_page(request, session, agency_id)


@router.post("/admin/agencies/{agency_id}", response_model=None)
async def save_agency(request: Request, session: Administrator, agency_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values = values_of(await request.form(), EDITABLE)
    if errors := missing(values, ("kind", "name_th", "letter_prefix"), LABELS, words):
        return await _agency_page(request, session, agency_id, values=values, errors=errors)
    try:
        await documents_api(request, session.token, "PATCH", f"/agencies/{agency_id}",
                            json={name: values[name] or None for name in EDITABLE})
    except UpstreamError as exc:
        return await _agency_page(request, session, agency_id, values=values, error=exc.message(words.lang),
                                  errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/agencies/{agency_id}", done="agency_saved")


@router.post("/admin/agencies/{agency_id}/active", response_model=None)
async def set_active(request: Request, session: Administrator, agency_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    active = (await request.form()).get("active") == "true"
    try:
        await documents_api(request, session.token, "PATCH", f"/agencies/{agency_id}", json={"active": active})
    except UpstreamError as exc:
        return await _agency_page(request, session, agency_id, error=exc.message(words.lang),
                                  errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/agencies/{agency_id}", done="agency_restored" if active else "agency_retired")


@router.post("/admin/agencies/{agency_id}/administrator", response_model=None)
async def first_administrator(request: Request, session: Administrator,
                              agency_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    first = values_of(await request.form(), FIRST_ADMIN)
    errors = missing(first, FIRST_ADMIN, LABELS, words)
    if first["password"] and len(first["password"]) < MIN_PASSWORD:
        errors["password"] = words("admin_password_short", n=words.num(MIN_PASSWORD))
    if errors:
        return await _agency_page(request, session, agency_id, first=first | {"password": ""}, errors=errors)
    body = {"agency_id": agency_id, "username": first["username"].lower(), "display_name": first["display_name"],
            "password": first["password"], "roles": ["administrator"]}
    try:
        await documents_api(request, session.token, "POST", "/users", json=body)
    except UpstreamError as exc:
        return await _agency_page(request, session, agency_id, first=first | {"password": ""},
                                  error=exc.message(words.lang), errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/agencies/{agency_id}", done="first_admin_created")
