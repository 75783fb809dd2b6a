"""ผู้ดูแลระบบ: the administrators' start page, and the guard every administration page stands behind."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from opensaraban_shared.auth import Role

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .rendering import documents_api, render, wording

router = APIRouter()

# `?done=<name>&n=<number>` after an administration form: the wording "admin_done_<name>"; nothing else is shown.
DONE = frozenset({
    "person_created", "person_saved", "access_saved", "person_suspended", "person_restored", "password_reset",
    "unit_created", "unit_saved", "unit_retired", "unit_restored", "route_saved", "list_saved", "list_deleted",
    "key_revoked", "settings_saved", "agency_created", "agency_saved", "agency_retired", "agency_restored",
    "first_admin_created",
})


async def administrator(session: Annotated[Session, Depends(signed_in)]) -> Session:
    """FastAPI dependency of the administration pages: people without the role get a page that says why."""
    if Role.ADMINISTRATOR not in session.principal.roles:
        raise UpstreamError(status=403, code="forbidden", message_th="หน้านี้สำหรับผู้ดูแลระบบของหน่วยงานเท่านั้น",
                            message_en="This page is for the agency's administrators only")
    return session


Administrator = Annotated[Session, Depends(administrator)]


def admin_page(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """`render` with the administration screens' own one-line notices."""
    done = request.query_params.get("done", "")
    if done in DONE:
        words = wording(request)
        context["notice"] = words(f"admin_done_{done}", n=words.num(request.query_params.get("n", "")))
    return render(request, template, status_code=status_code, **context)


@router.get("/admin", response_class=HTMLResponse)
async def hub(request: Request, session: Administrator) -> HTMLResponse:
    agency = await documents_api(request, session.token, "GET", f"/agencies/{session.principal.agency_id}")
    return admin_page(request, "admin.html", agency=agency, section="")
