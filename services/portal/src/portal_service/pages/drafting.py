"""Drafting letters of all six kinds: one form for a new letter and a saved draft, driven by the kinds' forms from
the letters API, with the recipient picker, enclosure files, a live preview, the printed PDF, sending or proposing
(เสนอ, the panel: proposal.py), deleting a draft, my drafts, and a reply to a received letter."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError, relay
from .forms import file_problem, stream_upload
from .letter_form import (
    FIELDS,
    date_errors,
    field_errors,
    kind_form,
    payload,
    values_from_form,
    values_from_letter,
)
from .proposal import initial_panel, panel, proposal_body, route_from_form
from .rendering import correlation, error_page, redirect, render, services, wording
from .review import letter_page

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
NEW_LETTER = {"kind": "external", "subtype": None, "urgency": 1, "secrecy": 1, "is_circular": False, "deadline": "",
              "closing": "ขอแสดงความนับถือ", "main_letter": "rendered", "recipients": [], "recipient_list_ids": [],
              "enclosures": [], "main_file": None}


async def _api(request: Request, session: Session, method: str, path: str, **kwargs: Any) -> Any:
    return await services(request).documents.call(method, path, token=session.token,
                                                   correlation_id=correlation(request), **kwargs)


async def _forms(request: Request, session: Session) -> dict[str, Any]:
    return await _api(request, session, "GET", "/letters/forms")


async def _form_page(request: Request, session: Session, *, values: dict[str, Any], letter_id: str | None = None,
                     forms: dict[str, Any] | None = None, error: UpstreamError | None = None,
                     proposal: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                     kept: bool = False) -> HTMLResponse:
    """The letter form; after a refusal, as it was typed, with each message beside its field (a refused proposal's
    beside its person in the เสนอ panel)."""
    forms = forms or await _forms(request, session)
    words = wording(request)
    proposal = proposal or await initial_panel(request, session, letter_id)
    lists = [] if letter_id else (await _api(request, session, "GET", "/distribution-lists",
                                             params={"limit": 200}))["items"]
    # One key per form shown: submitting it twice (double click, retry after a lost answer) acts once.
    errors = errors or (field_errors(error, forms, values["kind"], words) if error else {})
    message = error.message(words.lang) if error and not proposal["errors"] else None
    return render(request, "compose.html", status_code=error.status if error else 422 if errors else 200, forms=forms,
                  form=kind_form(forms, values["kind"]), fields=FIELDS, values=values, letter_id=letter_id,
                  lists=lists, errors=errors, error=message,
                  idempotency_key=str(uuid.uuid4()), proposal=proposal, kept=kept)


async def restored_form(request: Request, session: Session, letter_id: str | None, form: Any) -> HTMLResponse:
    """The letter form as it was posted when the session had run out, shown again after signing in (not saved)."""
    forms = await _forms(request, session)
    return await _form_page(request, session, values=values_from_form(form, forms), letter_id=letter_id, forms=forms,
                            proposal=panel(route_from_form(form), str(form.get("proposal_note") or "")), kept=True)


async def _save(request: Request, session: Session, values: dict[str, Any], letter_id: str | None,
                *, send: bool, key: str) -> dict[str, Any]:
    """A new letter is created (and sent at once when asked); a draft is changed, then sent when asked."""
    if letter_id is None:
        return await _api(request, session, "POST", "/letters", headers={"Idempotency-Key": key},
                          json=payload(values, new=True) | {"send": send})
    letter = await _api(request, session, "PATCH", f"/letters/{letter_id}", json=payload(values, new=False))
    if send:
        letter = await _api(request, session, "POST", f"/letters/{letter_id}/send", headers={"Idempotency-Key": key})
    return letter


async def _propose(request: Request, session: Session, letter_id: str, form: Any, values: dict[str, Any],
                   forms: dict[str, Any]) -> HTMLResponse | RedirectResponse:
    """The saved draft goes up the route in the panel; a refusal shows the form again with the route kept."""
    route, note = route_from_form(form), str(form.get("proposal_note") or "")
    try:
        await _api(request, session, "POST", f"/letters/{letter_id}/proposal", json=proposal_body(route, note))
    except UpstreamError as exc:
        return await _form_page(request, session, values=values, letter_id=letter_id, forms=forms, error=exc,
                                proposal=panel(route, note, error=exc, words=wording(request)))
    return redirect(f"/letters/{letter_id}/review", done="proposed")


async def _submit(request: Request, session: Session, letter_id: str | None) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    forms = await _forms(request, session)
    values = values_from_form(form, forms)
    action = form.get("action") if form.get("action") in {"draft", "pdf", "send", "propose"} else "draft"
    kept = panel(route_from_form(form), str(form.get("proposal_note") or ""))
    if errors := date_errors(values, wording(request)):  # nothing is sent until every date can be read
        return await _form_page(request, session, values=values, letter_id=letter_id, forms=forms, errors=errors,
                                proposal=kept)
    try:
        letter = await _save(request, session, values, letter_id, send=action == "send",
                             key=str(form.get("idempotency_key") or uuid.uuid4()))
    except UpstreamError as exc:
        return await _form_page(request, session, values=values, letter_id=letter_id, forms=forms, error=exc,
                                proposal=kept)
    if action == "propose":
        return await _propose(request, session, str(letter["letter_id"]), form, values, forms)
    if action == "send":
        return redirect(f"/sent/{letter['letter_id']}", done="sent", n=letter.get("letter_number"))
    if action == "pdf":
        return redirect(f"/letters/{letter['letter_id']}/print.pdf")
    return redirect(f"/drafts/{letter['letter_id']}", done="draft")


@router.get("/compose", response_class=HTMLResponse)
async def compose_page(request: Request, session: SignedIn) -> HTMLResponse:
    return await _form_page(request, session, values=dict(NEW_LETTER))


@router.post("/compose", response_model=None)
async def compose(request: Request, session: SignedIn) -> HTMLResponse | RedirectResponse:
    return await _submit(request, session, None)


@router.get("/drafts", response_class=HTMLResponse)
async def drafts(request: Request, session: SignedIn) -> HTMLResponse:
    page = await _api(request, session, "GET", "/letters/search",
                      params={"direction": "sent", "status": "draft", "limit": 100})
    return render(request, "drafts.html", items=page["items"])


async def _recipients(request: Request, session: Session, agency_ids: list[str]) -> list[dict[str, str]]:
    agencies = await asyncio.gather(*(_api(request, session, "GET", f"/agencies/{a}") for a in agency_ids))
    return [{"agency_id": a["agency_id"], "name_th": a["name_th"]} for a in agencies]


@router.get("/drafts/{letter_id}", response_model=None)
async def draft_page(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    letter = await _api(request, session, "GET", f"/letters/{letter_id}")
    if letter["status"] != "draft":
        return redirect(letter_page(str(letter_id), letter["status"]))
    recipients = await _recipients(request, session, letter["recipient_agency_ids"])
    return await _form_page(request, session, values=values_from_letter(letter, recipients), letter_id=str(letter_id))


@router.post("/drafts/{letter_id}", response_model=None)
async def save_draft(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    return await _submit(request, session, str(letter_id))


@router.post("/drafts/{letter_id}/delete", response_model=None)
async def delete_draft(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    try:
        await _api(request, session, "DELETE", f"/letters/{letter_id}")
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/drafts/{letter_id}")
    return redirect("/drafts", done="deleted")


@router.post("/compose/fields", response_class=HTMLResponse)
async def kind_fields(request: Request, session: SignedIn) -> HTMLResponse:
    """The chosen kind's fields, filled with what was typed: what the form swaps in when the kind changes."""
    forms = await _forms(request, session)
    values = values_from_form(await request.form(), forms)
    return render(request, "_letter_fields.html", form=kind_form(forms, values["kind"]), fields=FIELDS, values=values,
                  errors={})


@router.post("/compose/preview", response_class=HTMLResponse)
async def preview(request: Request, session: SignedIn) -> HTMLResponse:
    """The letter as it will print, from the unsaved form (the API lays it out); a refusal is shown in its place."""
    values = values_from_form(await request.form(), await _forms(request, session))
    try:
        letter_html = await services(request).documents.call_text(
            "POST", "/letters/preview", token=session.token, correlation_id=correlation(request),
            json=payload(values, new=True))
    except UpstreamError as exc:
        return render(request, "_preview.html", letter_html=None, problem=exc.message(wording(request).lang))
    return render(request, "_preview.html", letter_html=letter_html, problem=None)


@router.post("/compose/files", response_class=HTMLResponse)
async def upload_files(request: Request, session: SignedIn, role: Literal["enclosure", "main"],
                       files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
    """Files stored as they are chosen, each shown by name with its id kept in the form (never uploaded twice); a
    refused file is named in the list instead (answered 200: htmx swaps only successful answers)."""
    stored = []
    try:
        for upload in files:
            if upload.filename:
                stored.append(await stream_upload(request, session, services(request).documents, "/attachments",
                                                  upload))
    except UpstreamError as exc:
        return render(request, "_file_chip.html", files=stored, role=role,
                      problem=file_problem(exc, upload.filename or "", wording(request)))
    return render(request, "_file_chip.html", files=stored[-1:] if role == "main" else stored, role=role, problem=None)


@router.get("/compose/agencies", response_class=HTMLResponse)
async def find_agencies(request: Request, session: SignedIn, q: str = "") -> HTMLResponse:
    """Search-as-you-type for recipients: a few matches, each with an 'add' button."""
    found = []
    if q.strip():
        found = (await _api(request, session, "GET", "/agencies", params={"q": q.strip(), "limit": 15}))["items"]
    return render(request, "_agency_matches.html", agencies=found)


@router.get("/compose/recipient/{agency_id}", response_class=HTMLResponse)
async def recipient_chip(request: Request, session: SignedIn, agency_id: str, name: str = "") -> HTMLResponse:
    return render(request, "_recipient_chip.html", agency={"agency_id": agency_id, "name_th": name or agency_id})


@router.get("/letters/{letter_id}/print.pdf")
async def printed(request: Request, session: SignedIn, letter_id: uuid.UUID) -> StreamingResponse:
    """The letter as printed (a draft marked ร่าง; a sent letter its main letter), opened in the browser."""
    return await relay(services(request).documents, f"/letters/{letter_id}/print.pdf", token=session.token,
                       correlation_id=correlation(request), view=True)


@router.post("/letters/{letter_id}/reply", response_model=None)
async def reply(request: Request, session: SignedIn, letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    """A new draft answering a received letter: its sender as recipient, อ้างถึง filled in."""
    try:
        draft = await _api(request, session, "POST", f"/letters/{letter_id}/reply")
    except UpstreamError as exc:
        return error_page(request, exc, back=request.headers.get("referer") or "/inbox")
    return redirect(f"/drafts/{draft['letter_id']}", done="reply")
