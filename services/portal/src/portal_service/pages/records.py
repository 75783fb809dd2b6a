"""Finding and exporting: search across letters, the registers as CSV/PDF, and attachment downloads."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from opensaraban_shared import clock
from opensaraban_shared.thai import arabic_digits, buddhist_year

from ..session import Session, signed_in
from ..upstream import relay
from .rendering import correlation, render, services

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, session: SignedIn,
                 q: Annotated[str, Query(max_length=200)] = "",
                 direction: Literal["any", "sent", "received"] = "any",
                 date_from: Annotated[str, Query(max_length=10)] = "",
                 date_to: Annotated[str, Query(max_length=10)] = "") -> HTMLResponse:
    """Thai or English words (Thai digits typed are read as numbers too), optionally a period."""
    hits = None
    if q.strip() or date_from or date_to:
        params = {"direction": direction, "limit": 50}
        if q.strip():
            params["q"] = arabic_digits(q.strip())
        params |= {k: v for k, v in (("date_from", date_from), ("date_to", date_to)) if v}
        hits = (await services(request).documents.call("GET", "/letters/search", token=session.token,
                                                       correlation_id=correlation(request), params=params))["items"]
    return render(request, "search.html", q=q, direction=direction, date_from=date_from, date_to=date_to, hits=hits)


@router.get("/registers", response_class=HTMLResponse)
async def registers(request: Request, session: SignedIn) -> HTMLResponse:
    this_year = clock.today().year
    return render(request, "registers.html", years=[(y, buddhist_year(y)) for y in range(this_year, this_year - 5, -1)])


@router.get("/registers/{kind}/export")
async def export_register(request: Request, session: SignedIn, kind: Literal["receive", "send"],
                          year: Annotated[int, Query(ge=2000, le=2200)],
                          format: Literal["csv", "pdf"] = "pdf") -> StreamingResponse:
    return await relay(services(request).documents, f"/registers/{kind}", token=session.token,
                       correlation_id=correlation(request), params={
        "year": year, "format": format, "thai_digits": format == "pdf", "buddhist_era": True,
        "lang": "en" if request.cookies.get("opensaraban_lang") == "en" else "th"})


@router.get("/files/{attachment_id}")
async def download(request: Request, session: SignedIn, attachment_id: uuid.UUID, view: bool = False) -> StreamingResponse:
    """The file streamed through the portal with the reader's rights (checksum verified by documents);
    `?view=true` opens a PDF or an image in the browser instead of saving it."""
    return await relay(services(request).documents, f"/attachments/{attachment_id}/content", token=session.token,
                       correlation_id=correlation(request), view=view)
