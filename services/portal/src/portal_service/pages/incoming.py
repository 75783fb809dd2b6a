"""Incoming letters: the inbox, reading a letter, and what a clerk or officer does with it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from opensaraban_shared import clock

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .rendering import correlation, error_page, redirect, render, sender_name, services
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
    return render(request, "inbox.html", items=await _inbox(request, session, status), status=status)


@router.get("/inbox/rows", response_class=HTMLResponse)
async def inbox_rows(request: Request, session: SignedIn, status: InboxStatus | None = None) -> HTMLResponse:
    """The list alone: what the open inbox page fetches again when something arrives."""
    return render(request, "_inbox_rows.html", items=await _inbox(request, session, status))


@router.get("/letters/{letter_id}", response_model=None)
async def read_letter(request: Request, session: SignedIn, letter_id: uuid.UUID,
                      delivery: uuid.UUID | None = None) -> HTMLResponse | RedirectResponse:
    """A received letter with what can be done with it; links without a delivery (notifications) work too."""
    letter = await services(request).documents.call("GET", f"/letters/{letter_id}", token=session.token,
                                                      correlation_id=correlation(request))
    if delivery is None and letter["sender_agency_id"] == session.principal.agency_id:
        return redirect(letter_page(str(letter_id), letter["status"]))  # a draft, one in review, or one we sent
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
    return render(request, "letter.html", letter=letter, sender=await sender_name(request, session.token, letter),
                  delivery_id=mine["delivery_id"] if mine else None, my_delivery=mine, people=people, units=units,
                  names=names)


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
                letter_id: Annotated[uuid.UUID, Form()], action: Annotated[Literal["forward", "assign"], Form()],
                to: Annotated[str, Form(max_length=200)], instruction: Annotated[str, Form(max_length=2000)] = "",
                deadline: Annotated[str, Form(max_length=40)] = "") -> RedirectResponse | HTMLResponse:
    """`to` is 'user:<id>' or 'unit:<id>' (one picker for both); the deadline is a Bangkok day."""
    target_kind, _, target_id = to.partition(":")
    payload: dict[str, Any] = {"action": action, "instruction": instruction,
                               "to_user_id": target_id if target_kind == "user" else None,
                               "to_unit_id": target_id if target_kind == "unit" else None}
    if deadline:
        payload["deadline"] = f"{deadline}T16:30:00+07:00"  # the end of the Thai working day
    return await _act(request, session, delivery_id, letter_id, "route", payload, "routed")


@router.post("/deliveries/{delivery_id}/comments", response_model=None)
async def comment(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                  letter_id: Annotated[uuid.UUID, Form()],
                  text: Annotated[str, Form(min_length=1, max_length=5000)]) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "comments", {"text": text}, "commented")


@router.post("/deliveries/{delivery_id}/close", response_model=None)
async def close(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                letter_id: Annotated[uuid.UUID, Form()]) -> RedirectResponse | HTMLResponse:
    return await _act(request, session, delivery_id, letter_id, "close", None, "closed")
