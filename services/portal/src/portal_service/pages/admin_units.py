"""หน่วยย่อย: the agency's units with their letter-number suffixes (ชม 0017.2), and each unit's default review route
(the reviewers a draft goes up, in order, then the signer) used when a drafter proposes without choosing one."""

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

FIELDS = ("name_th", "name_en", "letter_suffix", "parent_unit_id")
LABELS = {"name_th": "admin_unit_name_th", "name_en": "admin_name_en", "letter_suffix": "admin_letter_suffix",
          "parent_unit_id": "admin_parent_unit", "unit_id": "admin_unit", "active": "status",
          "signer_id": "admin_signer", "reviewer_ids": "admin_reviewers"}
CODES = {"letter_suffix_taken": "letter_suffix", "unknown_parent": "parent_unit_id", "directory_cycle": "parent_unit_id",
         "unit_in_use": "active", "unit_exists": "name_th"}
REVIEWER_SLOTS = 5


async def _units(request: Request, token: str, agency_id: str) -> list[dict[str, Any]]:
    return await documents_api(request, token, "GET", f"/agencies/{agency_id}/units", params={"include_inactive": True})


async def _list_page(request: Request, session: Administrator, *, values: dict[str, str] | None = None,
                     errors: dict[str, str] | None = None, error: str | None = None) -> HTMLResponse:
    agency_id = session.principal.agency_id
    agency, units = await asyncio.gather(documents_api(request, session.token, "GET", f"/agencies/{agency_id}"),
                                         _units(request, session.token, agency_id))
    return admin_page(request, "admin_units.html", status_code=422 if errors or error else 200, section="units",
                  agency=agency, units=units, values=values or dict.fromkeys(FIELDS, ""), errors=errors or {},
                  error=error)


@router.get("/admin/units", response_class=HTMLResponse)
async def units(request: Request, session: Administrator) -> HTMLResponse:
    return await _list_page(request, session)


def _unit_body(values: dict[str, str]) -> dict[str, Any]:
    return {"name_th": values["name_th"], "name_en": values["name_en"] or None,
            "letter_suffix": values["letter_suffix"] or None, "parent_unit_id": values["parent_unit_id"] or None}


@router.post("/admin/units", response_model=None)
async def create_unit(request: Request, session: Administrator) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values = values_of(await request.form(), FIELDS)
    if errors := missing(values, ("name_th",), LABELS, words):
        return await _list_page(request, session, values=values, errors=errors)
    try:
        made = await documents_api(request, session.token, "POST", f"/agencies/{session.principal.agency_id}/units",
                                   json=_unit_body(values))
    except UpstreamError as exc:
        return await _list_page(request, session, values=values, error=exc.message(words.lang),
                                errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/units/{made['unit_id']}", done="unit_created")


async def _unit_page(request: Request, session: Administrator, unit_id: str, *, values: dict[str, str] | None = None,
                     route: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                     error: str | None = None) -> HTMLResponse:
    agency_id = session.principal.agency_id
    unit, agency, all_units, people = await asyncio.gather(
        documents_api(request, session.token, "GET", f"/units/{unit_id}"),
        documents_api(request, session.token, "GET", f"/agencies/{agency_id}"), _units(request, session.token, agency_id),
        documents_api(request, session.token, "GET", "/review/candidates"))
    if route is None:
        try:
            route = await documents_api(request, session.token, "GET", f"/units/{unit_id}/default-route")
        except UpstreamError as exc:
            if exc.status != 404:
                raise
            route = {"reviewer_ids": [], "signer_id": ""}
    shown = values or {name: unit.get(name) or "" for name in FIELDS}
    reviewers = list(route["reviewer_ids"]) + [""] * (REVIEWER_SLOTS - len(route["reviewer_ids"]))
    below = _below(unit_id, all_units)
    return admin_page(request, "admin_unit.html", status_code=422 if errors or error else 200, section="units", unit=unit,
                  agency_prefix=agency["letter_prefix"],
                  parents=[u for u in all_units if u["active"] and u["unit_id"] not in below], values=shown,
                  people=people, reviewers=reviewers, signer_id=route["signer_id"], errors=errors or {}, error=error)


def _below(unit_id: str, units: list[dict[str, Any]]) -> set[str]:
    """The unit and every unit under it: none of them can become its parent."""
    found = {unit_id}
    for unit in units:  # parents come before their children
        if unit["parent_unit_id"] in found:
            found.add(unit["unit_id"])
    return found


@router.get("/admin/units/{unit_id}", response_class=HTMLResponse)
async def unit(request: Request, session: Administrator, unit_id: str) -> HTMLResponse:
    return await _unit_page(request, session, unit_id)


@router.post("/admin/units/{unit_id}", response_model=None)
async def save_unit(request: Request, session: Administrator, unit_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values = values_of(await request.form(), FIELDS)
    if errors := missing(values, ("name_th",), LABELS, words):
        return await _unit_page(request, session, unit_id, values=values, errors=errors)
    try:
        await documents_api(request, session.token, "PATCH", f"/units/{unit_id}", json=_unit_body(values))
    except UpstreamError as exc:
        return await _unit_page(request, session, unit_id, values=values, error=exc.message(words.lang),
                                errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/units/{unit_id}", done="unit_saved")


@router.post("/admin/units/{unit_id}/active", response_model=None)
async def set_active(request: Request, session: Administrator, unit_id: str) -> HTMLResponse | RedirectResponse:
    active = (await request.form()).get("active") == "true"
    try:
        await documents_api(request, session.token, "PATCH", f"/units/{unit_id}", json={"active": active})
    except UpstreamError as exc:
        return await _unit_page(request, session, unit_id, error=exc.message(wording(request).lang),
                                errors=refusal_errors(exc, LABELS, wording(request), codes=CODES))
    return redirect(f"/admin/units/{unit_id}", done="unit_restored" if active else "unit_retired")


@router.post("/admin/units/{unit_id}/route", response_model=None)
async def save_route(request: Request, session: Administrator, unit_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    form = await request.form()
    reviewer_ids = [str(r) for r in form.getlist("reviewer_ids") if str(r)]
    route = {"reviewer_ids": list(dict.fromkeys(reviewer_ids)), "signer_id": str(form.get("signer_id") or "")}
    errors = missing(route, ("signer_id",), LABELS, words)
    if route["signer_id"] in route["reviewer_ids"]:
        errors["signer_id"] = words("admin_signer_is_reviewer")
    if errors:
        return await _unit_page(request, session, unit_id, route=route, errors=errors)
    try:
        await documents_api(request, session.token, "PUT", f"/units/{unit_id}/default-route", json=route)
    except UpstreamError as exc:
        return await _unit_page(request, session, unit_id, route=route, error=exc.message(words.lang),
                                errors=refusal_errors(exc, LABELS, words))
    return redirect(f"/admin/units/{unit_id}", done="route_saved")
