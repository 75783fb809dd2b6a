"""การตั้งค่าหนังสือของหน่วยงาน: digits, the address printed on letters, whose register numbers them, sending as
soon as the signer signs, the review reminder and whether people set their own leave delegate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..upstream import UpstreamError
from .admin import Administrator, admin_page
from .admin_forms import refusal_errors
from .rendering import documents_api, redirect, wording

router = APIRouter()

SWITCHES = ("thai_digits", "own_numbering", "send_after_signing", "self_delegation")
LABELS = {"thai_digits": "admin_set_thai_digits", "own_numbering": "admin_set_own_numbering",
          "send_after_signing": "admin_set_send_after_signing", "self_delegation": "admin_set_self_delegation",
          "address_th": "admin_set_address", "review_reminder_hours": "admin_set_reminder"}


def _path(session: Administrator) -> str:
    return f"/agencies/{session.principal.agency_id}/letter-settings"


async def _page(request: Request, settings: dict[str, Any], *, errors: dict[str, str] | None = None,
                error: str | None = None) -> HTMLResponse:
    return admin_page(request, "admin_settings.html", status_code=422 if errors or error else 200, section="settings",
                  settings=settings, errors=errors or {}, error=error)


@router.get("/admin/settings", response_class=HTMLResponse)
async def settings(request: Request, session: Administrator) -> HTMLResponse:
    return await _page(request, await documents_api(request, session.token, "GET", _path(session)))


@router.post("/admin/settings", response_model=None)
async def save(request: Request, session: Administrator) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    form = await request.form()
    hours = str(form.get("review_reminder_hours") or "").strip()
    settings: dict[str, Any] = {name: form.get(name) == "true" for name in SWITCHES}
    settings["address_th"] = str(form.get("address_th") or "").strip()
    settings["review_reminder_hours"] = hours or None
    if hours and not hours.isdigit():
        return await _page(request, settings, errors={"review_reminder_hours": words("admin_reminder_number")})
    settings["review_reminder_hours"] = int(hours) if hours else None
    try:
        await documents_api(request, session.token, "PUT", _path(session), json=settings)
    except UpstreamError as exc:
        return await _page(request, settings, error=exc.message(words.lang), errors=refusal_errors(exc, LABELS, words))
    return redirect("/admin/settings", done="settings_saved")
