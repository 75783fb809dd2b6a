"""API key ของระบบของหน่วยงาน: issue a key for one of the agency's systems (its secret is shown once, on the page
that issued it, and never again), see the keys in use, revoke one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..upstream import UpstreamError
from .admin import Administrator, admin_page
from .admin_forms import missing, refusal_errors, values_of
from .rendering import documents_api, redirect, wording

router = APIRouter()

LABELS = {"name": "admin_key_name"}


async def _page(request: Request, session: Administrator, *, issued: dict[str, Any] | None = None,
                values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                error: str | None = None) -> HTMLResponse:
    keys = await documents_api(request, session.token, "GET", "/auth/api-keys")
    response = admin_page(request, "admin_keys.html", status_code=422 if errors or error else (201 if issued else 200),
                      section="keys", keys=sorted(keys, key=lambda k: (k["revoked_at"] is not None, k["created_at"])),
                      issued=issued, values=values or {"name": ""}, errors=errors or {}, error=error)
    if issued:  # the secret must not stay in any cache, nor come back with the browser's history
        response.headers["cache-control"] = "no-store"
    return response


@router.get("/admin/api-keys", response_class=HTMLResponse)
async def keys(request: Request, session: Administrator) -> HTMLResponse:
    return await _page(request, session)


@router.post("/admin/api-keys", response_model=None)
async def issue(request: Request, session: Administrator) -> HTMLResponse:
    words = wording(request)
    values = values_of(await request.form(), ("name",))
    if errors := missing(values, ("name",), LABELS, words):
        return await _page(request, session, values=values, errors=errors)
    try:
        issued = await documents_api(request, session.token, "POST", "/auth/api-keys", json=values)
    except UpstreamError as exc:
        return await _page(request, session, values=values, error=exc.message(words.lang),
                           errors=refusal_errors(exc, LABELS, words))
    return await _page(request, session, issued=issued)


@router.post("/admin/api-keys/{key_id}/revoke", response_model=None)
async def revoke(request: Request, session: Administrator, key_id: str) -> RedirectResponse:
    await documents_api(request, session.token, "DELETE", f"/auth/api-keys/{key_id}")
    return redirect("/admin/api-keys", done="key_revoked")
