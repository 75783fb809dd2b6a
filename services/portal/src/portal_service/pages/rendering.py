"""Rendering a page: the template, the reader's wording, who is signed in, and a one-line notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..i18n import Wording, lang_of, thai_digits_of
from ..upstream import Services, UpstreamError

# `?done=<key>&n=<number>` after an action names one of these wordings; nothing else from the URL is shown.
NOTICES = {
    "accepted": "accepted_notice", "rejected": "rejected_notice", "routed": "routed_notice",
    "commented": "commented_notice", "closed": "closed_notice", "sent": "sent_notice", "draft": "draft_notice",
    "paper": "registered_paper_notice", "scheduled": "scheduled_notice", "opened": "opened_notice",
    "locked": "locked_notice", "revising": "revising_notice", "held": "held_notice", "reviewed": "reviewed_notice",
    "removed": "removed_notice", "submitted": "submitted_notice", "added": "added_notice", "revised": "revised_notice",
    "published": "published_notice", "attendance": "attendance_notice", "minutes": "minutes_notice",
    "approved": "approved_notice", "committee": "committee_notice", "member": "member_notice",
    "follow_up": "follow_up_notice", "completed": "completed_notice", "deleted": "deleted_notice",
    "reply": "reply_notice", "proposed": "proposed_notice", "passed": "passed_notice", "returned": "returned_notice",
    "signed": "signed_notice", "refused": "refused_notice", "recalled": "recalled_notice",
    "version_changed": "version_changed_notice", "delegation": "delegation_notice",
    "delegation_ended": "delegation_ended_notice", "member_removed": "member_removed_notice",
    "committee_deleted": "committee_deleted_notice", "cancelled": "cancelled_notice",
    "enrolled": "enrolled_notice", "image_saved": "image_saved_notice", "image_removed": "image_removed_notice",
    "checked": "checked_notice", "bulk_accepted": "bulk_accepted_notice", "all_read": "all_read_notice",
}
# Notices that warn rather than confirm (drawn differently, announced as an alert).
WARNINGS = frozenset({"version_changed"})
AGENCY_NAME_COOKIE = "opensaraban_agency_name"  # the signed-in person's agency by name, for the header
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")


def wording(request: Request) -> Wording:
    return Wording(lang_of(request), thai_digits=thai_digits_of(request))


def services(request: Request) -> Services:
    return request.app.state.services


def correlation(request: Request) -> str | None:
    return request.scope.get("state", {}).get("correlation_id")


async def documents_api(request: Request, token: str, method: str, path: str, **kwargs: Any) -> Any:
    """One call to the documents service as the signed-in person."""
    return await services(request).documents.call(method, path, token=token, correlation_id=correlation(request),
                                                   **kwargs)


async def sender_name(request: Request, token: str, letter: dict[str, Any]) -> str:
    """The sending agency's name as the directory has it (a paper letter carries the name written on it)."""
    if letter.get("sender_name") or not letter.get("sender_agency_id"):
        return letter.get("sender_name") or ""
    agency = await services(request).documents.call("GET", f"/agencies/{letter['sender_agency_id']}", token=token,
                                                     correlation_id=correlation(request))
    return agency["name_th"]


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    words = wording(request)
    done = request.query_params.get("done", "")
    notice = words(NOTICES[done], number=words.num(request.query_params.get("n", ""))) if done in NOTICES else None
    return TEMPLATES.TemplateResponse(request, template, status_code=status_code, context={
        "w": words, "lang": lang_of(request), "me": session.principal if session else None, "notice": notice,
        "notice_warns": done in WARNINGS,
        "my_agency": unquote(request.cookies.get(AGENCY_NAME_COOKIE, "")) or (session.principal.agency_id if session
                                                                            else ""),
        **context,
    })


def error_page(request: Request, exc: UpstreamError, *, back: str) -> HTMLResponse:
    """A service's refusal in the reader's language, with the way back to where they were."""
    return render(request, "error.html", status_code=exc.status, message=exc.message(wording(request).lang), back=back)


def redirect(path: str, **query: Any) -> RedirectResponse:
    """After a successful form post: 303 to a page that can be reloaded safely (post/redirect/get)."""
    wanted = {k: v for k, v in query.items() if v is not None}
    return RedirectResponse(f"{path}?{urlencode(wanted)}" if wanted else path, status_code=303)
