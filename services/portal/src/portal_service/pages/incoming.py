"""Incoming letters: the inbox, reading a letter, and what a clerk or officer does with it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from opensaraban_shared import clock

from ..i18n import Wording
from ..session import Session, signed_in
from ..upstream import UpstreamError
from .be_dates import parse_be_date
from .rendering import correlation, error_page, redirect, render, sender_name, services, wording
from .review import letter_page

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
InboxStatus = Literal["delivered", "accepted", "rejected", "wrong_recipient"]


def _is_overdue(item: dict[str, Any]) -> bool:
    deadline = item.get("deadline")
    return bool(deadline) and item.get("status") == "delivered" and datetime.fromisoformat(deadline) < clock.now()


async def _inbox(request: Request, session: Session, status: str | None) -> list[dict[str, Any]]:
    page = await services(request).documents.call(
        "GET", "/inbox", token=session.token, correlation_id=correlation(request),
        params={"limit": 50, **({"status": status} if status else {})})
    return [item | {"overdue": _is_overdue(item)} for item in page["items"]]


@router.get("/inbox", response_class=HTMLResponse)
async def inbox(request: Request, session: SignedIn, status: InboxStatus | None = None) -> HTMLResponse:
    return await _inbox_page(request, session, status)


async def _inbox_page(request: Request, session: Session, status: str | None, *, problem: str | None = None,
                      status_code: int = 200) -> HTMLResponse:
    # One key per page shown: a double click or a retry of the same choice accepts once.
    return render(request, "inbox.html", status_code=status_code, items=await _inbox(request, session, status),
                  status=status, problem=problem, idempotency_key=str(uuid.uuid4()))


@router.post("/inbox/accept", response_model=None)
async def accept_selected(request: Request, session: SignedIn) -> RedirectResponse | HTMLResponse:
    """ลงรับหลายฉบับ: the letters ticked in the inbox, accepted together, one receipt number each in the order they
    arrived; the notice gives the numbers."""
    form = await request.form()
    chosen = [str(x) for x in form.getlist("delivery_ids")]
    words = wording(request)
    if not chosen:
        return await _inbox_page(request, session, None, problem=words("none_selected"), status_code=422)
    try:
        accepted = await services(request).documents.call(
            "POST", "/deliveries/accept", token=session.token, correlation_id=correlation(request),
            json={"delivery_ids": chosen},
            headers={"Idempotency-Key": f"portal-bulk-{form.get('idempotency_key') or uuid.uuid4()}"})
    except UpstreamError as exc:
        return await _inbox_page(request, session, None, problem=exc.message(words.lang), status_code=exc.status)
    # Handled: their notifications are read, as when each letter is opened.
    await asyncio.gather(*(_mark_notifications_read(request, session, item["letter_id"]) for item in accepted["items"]))
    numbers = [item["receive_register_number"] for item in accepted["items"]]
    shown = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
    return redirect("/inbox", status="accepted", done="bulk_accepted", n=shown)


@router.get("/inbox/rows", response_class=HTMLResponse)
async def inbox_rows(request: Request, session: SignedIn, status: InboxStatus | None = None) -> HTMLResponse:
    """The list alone: what the open inbox page fetches again when something arrives."""
    return render(request, "_inbox_rows.html", items=await _inbox(request, session, status))


@router.get("/letters/{letter_id}", response_model=None)
async def read_letter(request: Request, session: SignedIn, letter_id: uuid.UUID,
                      delivery: uuid.UUID | None = None) -> HTMLResponse | RedirectResponse:
    """A received letter with what can be done with it; links without a delivery (notifications) work too. Opening
    it clears its notifications, so the unread badge counts what is still unread."""
    letter = await services(request).documents.call("GET", f"/letters/{letter_id}", token=session.token,
                                                      correlation_id=correlation(request))
    if delivery is None and letter["sender_agency_id"] == session.principal.agency_id:
        return redirect(letter_page(str(letter_id), letter["status"]))  # a draft, one in review, or one we sent
    await _mark_notifications_read(request, session, letter_id)
    return await _letter_view(request, session, letter, delivery)


async def _mark_notifications_read(request: Request, session: Session, letter_id: uuid.UUID | str) -> None:
    try:
        await services(request).notify.call("POST", f"/notifications/letters/{letter_id}/read", token=session.token,
                                            correlation_id=correlation(request))
    except UpstreamError:  # the letter is shown all the same; the badge catches up when notify answers again
        pass


async def _letter_view(request: Request, session: Session, letter: dict[str, Any], delivery: uuid.UUID | None, *,
                       status_code: int = 200, route: dict[str, str] | None = None,
                       route_errors: dict[str, str] | None = None, problem: str | None = None) -> HTMLResponse:
    """The letter page; after a refused routing, with the routing form open as it was typed and its fields marked."""
    # The recipient's view of a letter carries exactly its own delivery.
    mine = next((d for d in letter.get("deliveries", []) if delivery is None or d["delivery_id"] == str(delivery)), None)
    people: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    if mine is not None and mine["status"] == "accepted":
        people = (await services(request).documents.call(
            "GET", "/users", token=session.token, correlation_id=correlation(request), params={"limit": 200}))["items"]
        units = await services(request).documents.call(
            "GET", f"/agencies/{session.principal.agency_id}/units", token=session.token,
            correlation_id=correlation(request))
    # Whom it was forwarded or assigned to, by name rather than by id.
    names = {p["user_id"]: p["display_name"] for p in people} | {u["unit_id"]: u["name_th"] for u in units}
    return render(request, "letter.html", status_code=status_code, letter=letter,
                  sender=await sender_name(request, session.token, letter),
                  delivery_id=mine["delivery_id"] if mine else None, my_delivery=mine, people=people, units=units,
                  names=names, route=route or {"action": "forward"}, errors=route_errors or {}, problem=problem)


async def _act(request: Request, session: Session, delivery_id: uuid.UUID, letter_id: uuid.UUID, action: str,
               payload: dict[str, Any] | None, done: str) -> RedirectResponse | HTMLResponse:
    """Runs one action on a delivery; an error is shown on the letter page, in the reader's language."""
    try:
        result = await services(request).documents.call(
            "POST", f"/deliveries/{delivery_id}/{action}", token=session.token,
            correlation_id=correlation(request), json=payload,
            headers={"Idempotency-Key": f"portal-{action}-{uuid.uuid4()}"} if action == "accept" else None)
    except UpstreamError as exc:
        return error_page(request, exc, back=f"/letters/{letter_id}?delivery={delivery_id}")
    number = _receipt_number(result, delivery_id) if action == "accept" else None
    return redirect(f"/letters/{letter_id}", delivery=str(delivery_id), done=done, n=number)


def _receipt_number(letter: dict[str, Any], delivery_id: uuid.UUID) -> int | None:
    """The recipient's view of a letter carries its own delivery, now with the receive register number."""
    return next((d["receive_register_number"] for d in letter["deliveries"] if d["delivery_id"] == str(delivery_id)),
                None)


@router.post("/deliveries/{delivery_id}/accept", response_model=None)
async def accept(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                 letter_id: Annotated[uuid.UUID, Form()]) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "accept", None, "accepted")


@router.post("/deliveries/{delivery_id}/reject", response_model=None)
async def reject(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                 letter_id: Annotated[uuid.UUID, Form()], reason: Annotated[str, Form(max_length=2000)],
                 wrong_recipient: Annotated[bool, Form()] = False) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "reject",
                      {"reason": reason, "wrong_recipient": wrong_recipient}, "rejected")


@router.post("/deliveries/{delivery_id}/route", response_model=None)
async def route(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                letter_id: Annotated[uuid.UUID, Form()], action: Annotated[str, Form(max_length=20)] = "forward",
                to: Annotated[str, Form(max_length=200)] = "", instruction: Annotated[str, Form(max_length=2000)] = "",
                deadline: Annotated[str, Form(max_length=40)] = "") -> RedirectResponse | HTMLResponse:
    """`to` is 'user:<id>' or 'unit:<id>' (one picker for both); the deadline a Buddhist Era day (15/12/2569). What
    is missing or unreadable keeps the form open as typed, each field with its message."""
    words = wording(request)
    typed = {"action": action if action in ("forward", "assign") else "forward", "to": to,
             "instruction": instruction, "deadline": deadline}
    day = parse_be_date(deadline) if deadline.strip() else None
    errors = {}
    if ":" not in to:
        errors["to"] = words("route_to_missing")
    if deadline.strip() and day is None:
        errors["deadline"] = words("be_date_invalid", label=words("deadline"))
    elif typed["action"] == "assign" and day is None:
        errors["deadline"] = words("assign_needs_deadline")
    target_kind, _, target_id = to.partition(":")
    payload: dict[str, Any] = {"action": typed["action"], "instruction": instruction,
                               "to_user_id": target_id if target_kind == "user" else None,
                               "to_unit_id": target_id if target_kind == "unit" else None}
    if day is not None:
        payload["deadline"] = f"{day.isoformat()}T16:30:00+07:00"  # the end of the Thai working day
    status, problem = 422, None
    if not errors:
        try:
            await services(request).documents.call("POST", f"/deliveries/{delivery_id}/route", token=session.token,
                                                   correlation_id=correlation(request), json=payload)
            return redirect(f"/letters/{letter_id}", delivery=str(delivery_id), done="routed")
        except UpstreamError as exc:
            status, errors = exc.status, _route_errors(exc, words)
            problem = None if errors else exc.message(words.lang)
    letter = await services(request).documents.call("GET", f"/letters/{letter_id}", token=session.token,
                                                      correlation_id=correlation(request))
    return await _letter_view(request, session, letter, delivery_id, status_code=status, route=typed,
                              route_errors=errors, problem=problem)


def _route_errors(exc: UpstreamError, words: Wording) -> dict[str, str]:
    """The routing form's fields a refusal of the API is about."""
    if exc.code in {"unknown_route_target", "secret_needs_person"}:
        return {"to": exc.message(words.lang)}
    places = {"deadline": "deadline", "to_user_id": "to", "to_unit_id": "to", "instruction": "instruction"}
    found = {}
    for problem in (exc.detail or {}).get("fields", []):
        loc = [str(part) for part in problem.get("loc", [])][1:]
        if loc and loc[0] in places:
            found[places[loc[0]]] = words("field_invalid", label=words(places[loc[0]]))
    return found


@router.post("/deliveries/{delivery_id}/comments", response_model=None)
async def comment(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                  letter_id: Annotated[uuid.UUID, Form()],
                  text: Annotated[str, Form(min_length=1, max_length=5000)]) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "comments", {"text": text}, "commented")


@router.post("/deliveries/{delivery_id}/close", response_model=None)
async def close(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                letter_id: Annotated[uuid.UUID, Form()]) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "close", None, "closed")
