"""The agenda: a member agency submits items with their PDFs, the secretariat reviews, orders (drag and drop
or move buttons), previews and publishes it, and everyone reads and downloads the published pack."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError, relay
from .forms import stream_upload
from .meeting_calls import agenda_items, agenda_of, ask, manages, meeting_of
from .rendering import correlation, documents_api, error_page, redirect, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
# Sections the secretariat drafts itself (the chair's announcements, the previous minutes).
SECRETARIAT_SECTIONS = ("chair", "minutes")
Files = Annotated[list[UploadFile], File()]


def _open_sections(meeting: dict[str, Any], manage: bool) -> list[dict[str, Any]]:
    return [s for s in meeting["sections"] if manage or s["kind"] not in SECRETARIAT_SECTIONS]


async def _uploads(request: Request, session: Session, meeting_id: uuid.UUID, files: list[UploadFile]) -> list[str]:
    """Each chosen PDF stored with the meeting service (which checks that it is a readable PDF)."""
    return [(await stream_upload(request, session, services(request).meeting, f"/meetings/{meeting_id}/uploads",
                                 upload))["upload_id"]
            for upload in files if upload.filename]


# --- submitting and revising items -------------------------------------------------------------------

def _main_items(agenda: dict[str, Any], sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items already on the agenda, in the sections one may submit to: what a sub-item can go under."""
    numbers = {s["number"] for s in sections}
    return [i for i in agenda_items(agenda) if i["section"] in numbers and i.get("number")]


async def _submit_page(request: Request, session: Session, meeting_id: uuid.UUID, *, values: dict[str, Any],
                       uploaded: list[str], error: str | None = None, status_code: int = 200) -> HTMLResponse:
    meeting = await meeting_of(request, session, meeting_id)
    manage = manages(session, meeting)
    sections = _open_sections(meeting, manage)
    return render(request, "agenda_submit.html", status_code=status_code, meeting=meeting, manage=manage,
                  sections=sections, main_items=_main_items(await agenda_of(request, session, meeting_id), sections),
                  values=values, uploaded=uploaded, error=error)


@router.get("/meetings/{meeting_id}/submit", response_class=HTMLResponse)
async def submit_page(request: Request, session: SignedIn, meeting_id: uuid.UUID) -> HTMLResponse:
    return await _submit_page(request, session, meeting_id, values={}, uploaded=[])


@router.post("/meetings/{meeting_id}/submit", response_model=None)
async def submit(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                 section: Annotated[int, Form(ge=1, le=20)], title: Annotated[str, Form(max_length=1000)],
                 summary: Annotated[str, Form(max_length=20_000)] = "",
                 parent_id: Annotated[str, Form(max_length=40)] = "",
                 upload_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default
                 files: Files = [],  # noqa: B006
                 ) -> HTMLResponse | RedirectResponse:
    """An agency's item waits for the secretariat's review; the secretariat's own goes straight on the agenda.
    A sub-item (parent_id) goes in its main item's section, whatever section was left chosen."""
    values: dict[str, Any] = {"section": section, "title": title, "summary": summary, "parent_id": parent_id}
    try:
        if parent_id:
            agenda = await agenda_of(request, session, meeting_id)
            main = next((i for i in agenda_items(agenda) if i["item_id"] == parent_id), None)
            values["section"] = main["section"] if main else section
        upload_ids = [*upload_ids, *await _uploads(request, session, meeting_id, files)]
        item = await ask(request, session, "POST", f"/meetings/{meeting_id}/agenda/items", json={
            **{k: v for k, v in values.items() if k != "parent_id"}, "parent_id": parent_id or None,
            "attachment_ids": upload_ids})
    except UpstreamError as exc:
        # The form again as it was; files already stored are kept by id, never uploaded twice.
        return await _submit_page(request, session, meeting_id, values=values, uploaded=upload_ids,
                                  error=exc.message(wording(request).lang), status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}", done="added" if item["status"] == "accepted" else "submitted")


async def _item_page(request: Request, session: Session, meeting_id: uuid.UUID, item_id: uuid.UUID, *,
                     error: str | None = None, status_code: int = 200) -> HTMLResponse:
    meeting = await meeting_of(request, session, meeting_id)
    agenda = await agenda_of(request, session, meeting_id)
    item = next((i for i in agenda_items(agenda) if i["item_id"] == str(item_id)), None)
    if item is None:
        return render(request, "error.html", status_code=404, message=wording(request)("not_found"),
                      back=f"/meetings/{meeting_id}")
    revisable = (item["submitted_by_agency_id"] == session.principal.agency_id
                 and item["status"] in ("submitted", "returned") and meeting["state"] == "agenda_open")
    return render(request, "agenda_item.html", status_code=status_code, meeting=meeting, item=item,
                  revisable=revisable, error=error)


@router.get("/meetings/{meeting_id}/items/{item_id}", response_class=HTMLResponse)
async def item_page(request: Request, session: SignedIn, meeting_id: uuid.UUID, item_id: uuid.UUID) -> HTMLResponse:
    """One item, its status and the secretariat's comment; a returned item is revised here."""
    return await _item_page(request, session, meeting_id, item_id)


@router.post("/meetings/{meeting_id}/items/{item_id}/revise", response_model=None)
async def revise(request: Request, session: SignedIn, meeting_id: uuid.UUID, item_id: uuid.UUID,
                 title: Annotated[str, Form(max_length=1000)], summary: Annotated[str, Form(max_length=20_000)] = "",
                 files: Files = [],  # noqa: B006 - FastAPI reads the default
                 ) -> HTMLResponse | RedirectResponse:
    """New files replace the item's documents; without any, they stay as they were."""
    try:
        changes: dict[str, Any] = {"title": title, "summary": summary}
        if new_files := await _uploads(request, session, meeting_id, files):
            changes["attachment_ids"] = new_files
        await ask(request, session, "PATCH", f"/meetings/{meeting_id}/agenda/items/{item_id}", json=changes)
    except UpstreamError as exc:
        return await _item_page(request, session, meeting_id, item_id, error=exc.message(wording(request).lang),
                                status_code=exc.status)
    return redirect(f"/meetings/{meeting_id}/items/{item_id}", done="revised")


# --- the secretariat's review and ordering --------------------------------------------------------------

@router.post("/meetings/{meeting_id}/items/{item_id}/review", response_model=None)
async def review(request: Request, session: SignedIn, meeting_id: uuid.UUID, item_id: uuid.UUID,
                 decision: Annotated[Literal["accepted", "returned", "deferred"], Form()],
                 comment: Annotated[str, Form(max_length=2000)] = "",
                 to_meeting_id: Annotated[str, Form(max_length=40)] = "") -> HTMLResponse | RedirectResponse:
    try:
        await ask(request, session, "POST", f"/meetings/{meeting_id}/agenda/items/{item_id}/review", json={
            "decision": decision, "comment": comment.strip() or None, "to_meeting_id": to_meeting_id or None})
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/meetings/{meeting_id}")
    return redirect(f"/meetings/{meeting_id}", done="reviewed")


def _draft(request: Request, agenda: dict[str, Any], *, message: str | None = None,
           error: str | None = None) -> HTMLResponse:
    """The draft agenda alone: what a move or a removal swaps into the open page."""
    return render(request, "_agenda_draft.html", agenda=agenda, message=message, error=error)


@router.post("/meetings/{meeting_id}/items/{item_id}/move", response_model=None)
async def move(request: Request, session: SignedIn, meeting_id: uuid.UUID, item_id: uuid.UUID,
               position: Annotated[int, Form(ge=1, le=500)], section: Annotated[int, Form(ge=1, le=20)],
               parent_id: Annotated[str, Form(max_length=40)] = "") -> HTMLResponse | RedirectResponse:
    """Both the move buttons and a drop land here: the item's new section, parent and place (from 1)."""
    words = wording(request)
    try:
        agenda = await ask(request, session, "POST", f"/meetings/{meeting_id}/agenda/items/{item_id}/move",
                           json={"section": section, "parent_id": parent_id or None, "position": position})
    except UpstreamError as exc:
        if request.headers.get("hx-request"):
            return _draft(request, await agenda_of(request, session, meeting_id), error=exc.message(words.lang))
        return error_page(request, exc, back=f"/meetings/{meeting_id}")
    if not request.headers.get("hx-request"):
        return RedirectResponse(f"/meetings/{meeting_id}#item-{item_id}", status_code=303)
    moved = next(i for i in agenda_items(agenda) if i["item_id"] == str(item_id))
    return _draft(request, agenda, message=words("moved_notice", title=moved["title"], number=words.item_number(moved)))


@router.post("/meetings/{meeting_id}/items/{item_id}/remove", response_model=None)
async def remove(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                 item_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    try:
        agenda = await ask(request, session, "DELETE", f"/meetings/{meeting_id}/agenda/items/{item_id}")
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/meetings/{meeting_id}")
    if request.headers.get("hx-request"):
        return _draft(request, agenda, message=wording(request)("removed_notice"))
    return redirect(f"/meetings/{meeting_id}", done="removed")


# --- preview, publishing and the pack ------------------------------------------------------------------

@router.get("/meetings/{meeting_id}/agenda", response_class=HTMLResponse)
async def agenda_page(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                      version: int | None = None) -> HTMLResponse:
    """The agenda as it will be printed: the draft (the secretariat's preview before publishing) or a published
    version, with the pack to download."""
    meeting = await meeting_of(request, session, meeting_id)
    versions = await ask(request, session, "GET", f"/meetings/{meeting_id}/agenda/versions")
    manage = manages(session, meeting)
    shown = next((v for v in versions if v["version"] == version), None) if version else None
    if shown is None and versions and (meeting["state"] != "agenda_locked" or not manage):
        shown = versions[-1]  # the latest published version, unless the secretariat is drafting the next one
    agenda = shown["agenda"] if shown else await agenda_of(request, session, meeting_id)
    publishable = manage and meeting["state"] in ("agenda_open", "agenda_locked")
    # Who may sign the invitation: the secretariat's colleagues (it goes up the review chain to them first).
    signers = await documents_api(request, session.token, "GET", "/review/candidates") if publishable else []
    return render(request, "agenda_preview.html", meeting=meeting, manage=manage, agenda=agenda, shown=shown,
                  versions=list(reversed(versions)), publishable=publishable, signers=signers)


@router.post("/meetings/{meeting_id}/publish", response_model=None)
async def publish(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                  invitation_signer: Annotated[str, Form()] = "") -> HTMLResponse | RedirectResponse:
    """Freezes a version, builds its pack (PDF + DOCX) and sends the invitation letter to member agencies, or, when
    the secretariat names a signer, proposes it to them first."""
    try:
        version = await ask(request, session, "POST", f"/meetings/{meeting_id}/agenda/publish",
                            json={"invitation_signer_user_id": invitation_signer or None})
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/meetings/{meeting_id}/agenda")
    return redirect(f"/meetings/{meeting_id}/agenda", done="published", n=version["version"])


@router.get("/meetings/{meeting_id}/agenda/{version}/{name}")
async def pack_file(request: Request, session: SignedIn, meeting_id: uuid.UUID, version: int,
                    name: Literal["pack.pdf", "agenda.docx"], view: bool = False) -> StreamingResponse:
    """The published pack (PDF, `?view=true` to read it in the browser) or the editable agenda (DOCX)."""
    return await relay(services(request).meeting, f"/meetings/{meeting_id}/agenda/versions/{version}/{name}",
                       token=session.token, correlation_id=correlation(request), view=view)


@router.get("/meetings/{meeting_id}/files/{upload_id}")
async def submitted_file(request: Request, session: SignedIn, meeting_id: uuid.UUID,
                         upload_id: uuid.UUID) -> StreamingResponse:
    """A PDF submitted with an item, opened in the browser: the secretariat reads it while reviewing."""
    return await relay(services(request).meeting, f"/meetings/{meeting_id}/uploads/{upload_id}/content",
                       token=session.token, correlation_id=correlation(request), view=True)
