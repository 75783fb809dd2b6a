"""Outgoing letters once sent: the sent list with each recipient's status, withdrawing and resending, and
registering a paper letter that arrived by post (composing and drafts: drafting.py)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from ..i18n import Wording
from ..session import Session, signed_in
from ..upstream import UpstreamError
from .be_dates import parse_be_date
from .forms import file_problem, stream_upload
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
    return render(request, "paper.html", values={}, error=None, errors={})


# Where a refusal of POST /paper-letters is shown on the paper form: the API's field → the form's field.
PAPER_PLACES = {"letter_number": "letter_number", "letter_date": "letter_date", "sender_name": "sender_name",
                "sender_agency_id": "sender_name", "subject": "subject", "action_note": "action_note",
                "scan_attachment_ids": "scan", "urgency": "urgency"}
PAPER_LABELS = {"letter_number": "letter_number_printed", "letter_date": "date", "sender_name": "sender_name",
                "subject": "subject", "action_note": "action_note", "scan": "scan", "urgency": "urgency"}


def _paper_errors(exc: UpstreamError, words: Wording) -> dict[str, str]:
    found: dict[str, str] = {}
    for problem in (exc.detail or {}).get("fields", []):
        loc = [str(part) for part in problem.get("loc", [])][1:]
        place = PAPER_PLACES.get(loc[0]) if loc else "sender_name"  # a whole-body refusal: no sender named
        if place:
            key = "field_missing" if problem.get("type") in {"missing", "string_too_short"} else "field_invalid"
            found.setdefault(place, words(key, label=words(PAPER_LABELS[place])))
    return found


@router.post("/paper", response_model=None)
async def register_paper(request: Request, session: SignedIn,
                         scan: Annotated[UploadFile, File()]) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    words = wording(request)
    values = {name: str(form.get(name, "")) for name in ("letter_number", "letter_date", "sender_name", "subject",
                                                          "action_note", "urgency")}
    day = parse_be_date(values["letter_date"]) if values["letter_date"].strip() else None
    if values["letter_date"].strip() and day is None:
        return render(request, "paper.html", status_code=422, values=values, error=None,
                      errors={"letter_date": words("be_date_invalid", label=words("date"))})
    try:
        scan_id = await _upload(request, session, scan)
    except UpstreamError as exc:
        return render(request, "paper.html", status_code=exc.status, values=values, error=None,
                      errors={"scan": file_problem(exc, scan.filename or "", words)})
    try:
        letter = await services(request).documents.call(
            "POST", "/paper-letters", token=session.token, correlation_id=correlation(request),
            json={**{k: v for k, v in values.items() if k not in {"letter_date", "urgency"}},
                  "letter_date": day.isoformat() if day else None,
                  "urgency": int(values["urgency"] or 1), "scan_attachment_ids": [scan_id]})
    except UpstreamError as exc:
        errors = _paper_errors(exc, words)
        return render(request, "paper.html", status_code=exc.status, values=values, errors=errors,
                      error=None if errors else exc.message(words.lang))
    mine = letter["deliveries"][0]
    return redirect(f"/letters/{letter['letter_id']}", delivery=mine["delivery_id"], done="paper",
                    n=mine["receive_register_number"])
