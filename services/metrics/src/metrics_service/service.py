"""Use cases of the metrics service: reading the adoption projection."""

from __future__ import annotations

from datetime import date

from opensaraban_shared.auth import Principal, ensure_agency
from opensaraban_shared.db import Database
from opensaraban_shared.errors import AppError, ErrorKind

from . import repository
from .models import LetterAdoption, LetterCounts, LetterDay

INVALID_PERIOD = ErrorKind(
    "invalid_period",
    422,
    "ช่วงวันที่ไม่ถูกต้อง: วันเริ่มต้นต้องไม่อยู่หลังวันสิ้นสุด",
    "Invalid period: date_from must not be after date_to",
)


async def letter_adoption(
    *, db: Database, principal: Principal, agency_id: str | None, date_from: date, date_to: date
) -> LetterAdoption:
    """Letters of one agency per day and in total; administrators may look at any agency."""
    if date_from > date_to:
        raise AppError(INVALID_PERIOD, {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    agency_id = agency_id or principal.agency_id
    ensure_agency(principal, agency_id, allow_admin=True)
    async with db.pool.acquire() as conn:
        rows = await repository.letters_per_day(conn, agency_id=agency_id, date_from=date_from, date_to=date_to)
    days = [LetterDay(**dict(row)) for row in rows]
    return LetterAdoption(
        agency_id=agency_id, date_from=date_from, date_to=date_to, totals=LetterCounts.sum_of(days), days=days
    )
