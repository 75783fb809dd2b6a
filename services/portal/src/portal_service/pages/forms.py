"""Reading what people type into forms: Thai-time moments from date and time fields, and files streamed on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, time
from typing import Any

from fastapi import Request, UploadFile

from opensaraban_shared.thai import BANGKOK

from ..i18n import Wording
from ..session import Session
from ..upstream import Upstream, UpstreamError
from .rendering import correlation

UPLOAD_CHUNK = 1024 * 1024

from .be_dates import parse_be_date


def typed_day(text: str) -> date | None:
    """A day as typed in a date field: in the Buddhist Era as Thai officials write it ('21/11/2569',
    pages/be_dates.py), or an ISO day ('2026-11-21') from a program; None when unreadable."""
    if (day := parse_be_date(text)) is not None:
        return day
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def bangkok_moment(day: str, clock: str) -> str | None:
    """'21/11/2569' + '09:30' → '2026-11-21T09:30:00+07:00' (the fields mean Thai time); None when unreadable."""
    typed = typed_day(day)
    if typed is None:
        return None
    try:
        return datetime.combine(typed, time.fromisoformat(clock), BANGKOK).isoformat()
    except ValueError:
        return None


def local_day(value: str | None) -> str:
    """An API timestamp's Bangkok day, ISO; empty when there is none."""
    return datetime.fromisoformat(value).astimezone(BANGKOK).date().isoformat() if value else ""


def local_clock(value: str | None) -> str:
    """An API timestamp as the value of a time field ('09:30', Bangkok clock); empty when there is none."""
    return datetime.fromisoformat(value).astimezone(BANGKOK).strftime("%H:%M") if value else ""


async def stream_upload(request: Request, session: Session, upstream: Upstream, path: str,
                        upload: UploadFile) -> dict[str, Any]:
    """Streams one uploaded file on to a service (which checks its type by content and its size)."""
    async def chunks() -> AsyncIterator[bytes]:
        while chunk := await upload.read(UPLOAD_CHUNK):
            yield chunk

    return await upstream.call("POST", path, token=session.token, correlation_id=correlation(request),
                               params={"filename": upload.filename or "file"}, content=chunks())


MEGABYTE = 1024 * 1024


def file_problem(exc: UpstreamError, filename: str, words: Wording) -> str:
    """A refused file named, with why and what is accepted: the types (i18n file_types names the documents service's
    accepted types as a clerk knows them) and the size limit the service answered."""
    detail = exc.detail or {}
    size = f"{detail['max_bytes'] // MEGABYTE} MB" if detail.get("max_bytes") else "—"
    return words("file_refused", name=filename or detail.get("filename", ""), reason=exc.message(words.lang),
                 types=words("file_types"), size=words.num(size))
