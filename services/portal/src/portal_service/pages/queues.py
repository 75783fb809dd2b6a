"""The review chain's work queues: รอพิจารณา (mine, and my holders' while I stand in for them), ที่ฉันเสนอ (where
each is now), รอออกเลข (signed letters a clerk numbers and sends), and their counts for the menu."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError
from .rendering import documents_api, error_page, redirect, render

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
Queue = Literal["waiting", "proposed", "to-number"]
# Each queue's heading and what it says when empty (keys of i18n.TEXT).
QUEUES: dict[str, tuple[str, str]] = {
    "waiting": ("review_waiting", "nothing_waiting"),
    "proposed": ("review_proposed", "nothing_proposed"),
    "to-number": ("review_to_number", "nothing_to_number"),
}


@router.get("/review/counts", response_class=HTMLResponse)
async def counts(request: Request, session: SignedIn) -> HTMLResponse:
    """The menu's counts, each swapped into its link (out of band) by the one request every page makes."""
    return render(request, "_review_counts.html",
                  counts=await documents_api(request, session.token, "GET", "/review/counts"))


@router.get("/review/{queue}", response_class=HTMLResponse)
async def queue_page(request: Request, session: SignedIn, queue: Queue) -> HTMLResponse:
    items = await documents_api(request, session.token, "GET", f"/review/{queue}")
    heading, empty = QUEUES[queue]
    return render(request, "queue.html", queue=queue, heading=heading, empty=empty, items=items)


@router.post("/review/to-number/{letter_id}", response_model=None)
async def number_and_send(request: Request, session: SignedIn,
                          letter_id: uuid.UUID) -> HTMLResponse | RedirectResponse:
    """ออกเลขและส่ง a signed letter: once, however often the button is pressed (the key is the letter's)."""
    try:
        letter = await documents_api(request, session.token, "POST", f"/letters/{letter_id}/send",
                                     headers={"Idempotency-Key": f"portal-number-{letter_id}"})
    except UpstreamError as exc:
        return error_page(request, exc, back="/review/to-number")
    return redirect(f"/sent/{letter_id}", done="sent", n=letter.get("letter_number"))
