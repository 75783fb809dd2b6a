"""Finding and exporting: search across letters, the registers as CSV/PDF, and attachment downloads."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from opensaraban_shared import clock
from opensaraban_shared.thai import arabic_digits, buddhist_year

from ..i18n import Wording
from ..session import Session, signed_in
from ..upstream import relay
from .be_dates import parse_be_date
from .rendering import correlation, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, session: SignedIn,
                 q: Annotated[str, Query(max_length=200)] = "",
                 direction: Literal["any", "sent", "received"] = "any",
                 date_from: Annotated[str, Query(max_length=40)] = "",
                 date_to: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """Thai or English words (Thai digits typed are read as numbers too), optionally a period typed in พ.ศ."""
    hits = None
    words = wording(request)
    days, errors = _days(words, date_from=date_from, date_to=date_to)
    if not errors and (q.strip() or days):
        params: dict[str, Any] = {"direction": direction, "limit": 50}
        if q.strip():
            params["q"] = arabic_digits(q.strip())
        params |= {name: day.isoformat() for name, day in days.items()}
        hits = (await services(request).documents.call("GET", "/letters/search", token=session.token,
                                                       correlation_id=correlation(request), params=params))["items"]
    return render(request, "search.html", status_code=422 if errors else 200, q=q, direction=direction,
                  date_from=date_from, date_to=date_to, hits=hits, errors=errors)


def _days(words: Wording, **typed: str) -> tuple[dict[str, date], dict[str, str]]:
    """The days typed (พ.ศ.) that could be read, and a message naming each field that could not."""
    days: dict[str, date] = {}
    errors: dict[str, str] = {}
    for name, text in typed.items():
        if not text.strip():
            continue
        if (day := parse_be_date(text)) is None:
            errors[name] = words("be_date_invalid", label=words(name))
        else:
            days[name] = day
    return days, errors


def _years() -> list[tuple[int, int]]:
    this_year = clock.today().year
    return [(y, buddhist_year(y)) for y in range(this_year, this_year - 5, -1)]


@router.get("/registers", response_class=HTMLResponse)
async def registers(request: Request, session: SignedIn) -> HTMLResponse:
    return render(request, "registers.html", years=_years(), values={}, errors={}, failed=None)


@router.get("/registers/{kind}/export", response_model=None)
async def export_register(request: Request, session: SignedIn, kind: Literal["receive", "send"],
                          period: Literal["year", "range"] = "year",
                          year: Annotated[int | None, Query(ge=2000, le=2200)] = None,
                          date_from: Annotated[str, Query(max_length=40)] = "",
                          date_to: Annotated[str, Query(max_length=40)] = "",
                          format: Literal["csv", "pdf"] = "pdf") -> StreamingResponse | HTMLResponse:
    """A year's register, or the entries registered between two days typed in พ.ศ. (both needed)."""
    words = wording(request)
    chosen: dict[str, Any] = {"year": year or clock.today().year}
    if period == "range":
        days, errors = _days(words, date_from=date_from, date_to=date_to)
        errors |= {name: words("field_missing", label=words(name)) for name, text in
                   (("date_from", date_from), ("date_to", date_to)) if not text.strip()}
        if not errors and days["date_from"] > days["date_to"]:
            errors["date_to"] = words("date_order")
        if errors:
            values = {"period": period, "date_from": date_from, "date_to": date_to, "format": format}
            return render(request, "registers.html", status_code=422, years=_years(), values=values, errors=errors,
                          failed=kind)
        chosen = {name: day.isoformat() for name, day in days.items()}
    return await relay(services(request).documents, f"/registers/{kind}", token=session.token,
                       correlation_id=correlation(request), params={
        **chosen, "format": format, "thai_digits": format == "pdf", "buddhist_era": True,
        "lang": "en" if request.cookies.get("opensaraban_lang") == "en" else "th"})


@router.get("/files/{attachment_id}")
async def download(request: Request, session: SignedIn, attachment_id: uuid.UUID, view: bool = False) -> StreamingResponse:
    """The file streamed through the portal with the reader's rights (checksum verified by documents);
    `?view=true` opens a PDF or an image in the browser instead of saving it."""
    return await relay(services(request).documents, f"/attachments/{attachment_id}/content", token=session.token,
                       correlation_id=correlation(request), view=view)
