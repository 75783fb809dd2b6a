"""Outgoing letters: composing and sending with attachments, the sent list with each recipient's status,
and registering a paper letter that arrived by post."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .forms import stream_upload
from .rendering import correlation, error_page, redirect, render, sender_name, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]

LETTER_FIELDS = ("kind", "subject", "salutation", "reference_text", "enclosures_text", "body", "closing",
                 "signatory_name", "signatory_position", "owning_unit", "contact")
KINDS = ("external", "internal", "sealed", "directive", "publicity", "evidentiary")


async def _upload(request: Request, session: Session, upload: UploadFile) -> str:
    stored = await stream_upload(request, session, services(request).documents, "/attachments", upload)
    return stored["attachment_id"]


async def _distribution_lists(request: Request, session: Session) -> list[dict[str, Any]]:
    page = await services(request).documents.call("GET", "/distribution-lists", token=session.token,
                                                    correlation_id=correlation(request), params={"limit": 200})
    return page["items"]


@router.get("/compose", response_class=HTMLResponse)
async def compose_page(request: Request, session: SignedIn) -> HTMLResponse:
    # One key per form: submitting it twice (double click, retry after a lost answer) sends one letter.
    return render(request, "compose.html", kinds=KINDS, values={"kind": "external", "urgency": 1, "secrecy": 1},
                  chosen=[], lists=await _distribution_lists(request, session), uploaded=[], error=None,
                  idempotency_key=str(uuid.uuid4()))


@router.get("/compose/agencies", response_class=HTMLResponse)
async def find_agencies(request: Request, session: SignedIn, q: str = "") -> HTMLResponse:
    """Search-as-you-type for recipients: a few matches, each with an 'add' button."""
    found = []
    if q.strip():
        found = (await services(request).documents.call(
            "GET", "/agencies", token=session.token, correlation_id=correlation(request),
            params={"q": q.strip(), "limit": 15}))["items"]
    return render(request, "_agency_matches.html", agencies=found)


@router.get("/compose/recipient/{agency_id}", response_class=HTMLResponse)
async def recipient_chip(request: Request, session: SignedIn, agency_id: str, name: str = "") -> HTMLResponse:
    return render(request, "_recipient_chip.html", agency={"agency_id": agency_id, "name_th": name or agency_id})


@router.post("/compose", response_model=None)
async def compose(request: Request, session: SignedIn,
                  files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 - FastAPI reads the default
                  ) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in LETTER_FIELDS}
    values |= {"urgency": int(form.get("urgency") or 1), "secrecy": int(form.get("secrecy") or 1),
               "is_circular": form.get("is_circular") == "on", "deadline": str(form.get("deadline") or "")}
    chosen = [{"agency_id": a, "name_th": n} for a, n in zip(form.getlist("recipient_agency_ids"),
                                                             form.getlist("recipient_names"), strict=False)]
    list_ids = [str(x) for x in form.getlist("recipient_list_ids")]
    attachment_ids = [str(x) for x in form.getlist("attachment_ids")]
    send = form.get("action") != "draft"
    try:
        for upload in files:
            if upload.filename:
                attachment_ids.append(await _upload(request, session, upload))
        letter = await services(request).documents.call(
            "POST", "/letters", token=session.token, correlation_id=correlation(request),
            headers={"Idempotency-Key": str(form.get("idempotency_key") or uuid.uuid4())},
            json={**{k: v for k, v in values.items() if k != "deadline"},
                  "deadline": f"{values['deadline']}T16:30:00+07:00" if values["deadline"] else None,
                  "recipient_agency_ids": [c["agency_id"] for c in chosen], "recipient_list_ids": list_ids,
                  "attachment_ids": attachment_ids, "send": send})
    except UpstreamError as exc:
        # Show the form again as it was, with the files already stored kept by id (never uploaded twice).
        return render(request, "compose.html", status_code=exc.status, kinds=KINDS, values=values, chosen=chosen,
                      selected_lists=list_ids, lists=await _distribution_lists(request, session),
                      uploaded=attachment_ids, error=exc.message(wording(request).lang),
                      idempotency_key=str(form.get("idempotency_key") or uuid.uuid4()))
    return redirect(f"/sent/{letter['letter_id']}", done="sent" if send else "draft", n=letter.get("letter_number"))


async def _sent_letter(request: Request, session: Session, letter_id: uuid.UUID) -> dict[str, Any]:
    return await services(request).documents.call("GET", f"/letters/{letter_id}", token=session.token,
                                                  correlation_id=correlation(request))


@router.get("/sent", response_class=HTMLResponse)
async def sent_list(request: Request, session: SignedIn) -> HTMLResponse:
    page = await services(request).documents.call(
        "GET", "/letters/search", token=session.token, correlation_id=correlation(request),
        params={"direction": "sent", "limit": 50})
    return render(request, "sent.html", items=page["items"])


@router.get("/sent/{letter_id}", response_class=HTMLResponse)
async def sent_letter(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse:
    letter = await _sent_letter(request, session, letter_id)
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
