"""Outgoing letters once sent: the sent list with each recipient's status, withdrawing and resending, and
registering a paper letter that arrived by post (composing and drafts: drafting.py)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .forms import stream_upload
from .rendering import correlation, error_page, redirect, render, sender_name, services, wording
from .review import letter_page

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


async def _upload(request: Request, session: Session, upload: UploadFile) -> str:
    stored = await stream_upload(request, session, services(request).documents, "/attachments", upload)
    return stored["attachment_id"]


async def _sent_letter(request: Request, session: Session, letter_id: uuid.UUID) -> dict[str, Any]:
    return await services(request).documents.call("GET", f"/letters/{letter_id}", token=session.token,
                                                  correlation_id=correlation(request))


@router.get("/sent", response_class=HTMLResponse)
async def sent_list(request: Request, session: SignedIn) -> HTMLResponse:
    """My agency's sent letters, each with how far it got (ลงรับแล้ว ๗๒/๗๖, how many wait or refused)."""
    page = await services(request).documents.call(
        "GET", "/letters/search", token=session.token, correlation_id=correlation(request),
        params={"direction": "sent", "limit": 50})
    sent = [hit["letter_id"] for hit in page["items"] if hit["status"] not in {"draft", "in_review", "signed"}]
    counts = await services(request).documents.call(
        "GET", "/letters/delivery-counts", token=session.token, correlation_id=correlation(request),
        params={"letter_id": sent}) if sent else {}
    return render(request, "sent.html", items=page["items"], counts=counts)


@router.get("/sent/{letter_id}", response_model=None)
async def sent_letter(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    letter = await _sent_letter(request, session, letter_id)
    if letter["status"] in {"draft", "in_review", "signed"}:  # not sent yet: its form, or its review
        return redirect(letter_page(str(letter_id), letter["status"]))
    return render(request, "sent_letter.html", letter=letter, sender=await sender_name(request, session.token, letter))


@router.get("/sent/{letter_id}/recipients", response_class=HTMLResponse)
async def sent_recipients(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse:
    """The recipients' table alone, fetched again by the open page so statuses change without a reload."""
    return render(request, "_recipients.html", letter=await _sent_letter(request, session, letter_id))


@router.post("/sent/{letter_id}/{action}", response_model=None)
async def sender_action(request: Request, session: SignedIn, letter_id: uuid.UUID,
                        action: str) -> HTMLResponse | RedirectResponse:
    if action not in {"withdraw", "resend"}:
        return render(request, "error.html", status_code=404, message=wording(request)("not_found"), back="/sent")
    form = await request.form()
    try:
        await services(request).documents.call(
            "POST", f"/letters/{letter_id}/{action}", token=session.token, correlation_id=correlation(request),
            json={"recipient_agency_ids": [str(x) for x in form.getlist("recipient_agency_ids")] or None})
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/sent/{letter_id}")
    return redirect(f"/sent/{letter_id}")


@router.get("/paper", response_class=HTMLResponse)
async def paper_page(request: Request, session: SignedIn) -> HTMLResponse:
    return render(request, "paper.html", values={}, error=None)


@router.post("/paper", response_model=None)
async def register_paper(request: Request, session: SignedIn,
                         scan: Annotated[UploadFile, File()]) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in ("letter_number", "letter_date", "sender_name", "subject",
                                                          "action_note")}
    try:
        scan_id = await _upload(request, session, scan)
        letter = await services(request).documents.call(
            "POST", "/paper-letters", token=session.token, correlation_id=correlation(request),
            json={**{k: v for k, v in values.items() if k != "letter_date"}, "letter_date": values["letter_date"] or None,
                  "urgency": int(form.get("urgency") or 1), "scan_attachment_ids": [scan_id]})
    except UpstreamError as exc:
        return render(request, "paper.html", status_code=exc.status, values=values,
                      error=exc.message(wording(request).lang))
    mine = letter["deliveries"][0]
    return redirect(f"/letters/{letter['letter_id']}", delivery=mine["delivery_id"], done="paper",
                    n=mine["receive_register_number"])
