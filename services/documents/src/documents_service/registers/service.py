"""Use cases of the registers: list a year's register, export it as CSV or PDF, close a year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.errors import AppError, ErrorKind
from opensaraban_shared.thai import BUDDHIST_ERA_OFFSET, buddhist_year
from opensaraban_shared.unit_of_work import UnitOfWork

from .. import secrecy
from ..directory import repository as directory_repository
from ..letters import repository as letters_repository
from . import repository
from .render import RegisterKind, RegisterRow

SECRET_SUBJECT = "(หนังสือลับ)"
YEAR_NOT_OVER = ErrorKind("year_not_over", 409, "ปิดทะเบียนได้เมื่อสิ้นปีแล้วเท่านั้น", "A register year can only be closed after it ended")
YEAR_ALREADY_CLOSED = ErrorKind("year_already_closed", 409, "ปิดทะเบียนปีนี้แล้ว", "This register year is already closed")
BAD_YEAR = ErrorKind("bad_year", 422, "ปีไม่ถูกต้อง", "Not a valid year")


def ce_year(year: int) -> int:
    """Accepts พ.ศ. (2569) or ค.ศ. (2026), as people type either."""
    if 2400 <= year <= 2700:
        return year - BUDDHIST_ERA_OFFSET
    if 1900 <= year <= 2200:
        return year
    raise AppError(BAD_YEAR, {"year": year})


BAD_PERIOD = ErrorKind("bad_period", 422, "ระบุปี หรือช่วงวันที่ (ตั้งแต่วันที่ ถึงวันที่) อย่างใดอย่างหนึ่ง โดยวันเริ่มต้องไม่หลังวันสิ้นสุด",
                       "Give either a year or a date range (date_from and date_to), the first day not after the last")
MAX_PERIOD_DAYS = 3 * 366
# การปฏิบัติ in the receive register, from what happened to the letter after it was registered.
ACTION_WORDS = {
    "th": {"forward": "ส่งต่อ {}", "assign": "มอบหมาย {}", "reply": "ตอบแล้ว ที่ {}", "closed": "เก็บเรื่อง"},
    "en": {"forward": "forwarded to {}", "assign": "assigned to {}", "reply": "answered by {}", "closed": "closed"},
}


def checked_period(year: int | None, first: date | None, last: date | None) -> tuple[int | None, date | None,
                                                                                      date | None]:
    """A register is asked for by year (พ.ศ. or ค.ศ.) or by a range of days, never both, never half a range."""
    if (year is None) == (first is None and last is None) or (first is None) != (last is None):
        raise AppError(BAD_PERIOD, {"year": year, "date_from": first, "date_to": last})
    if first is not None and last is not None and (first > last or (last - first).days > MAX_PERIOD_DAYS):
        raise AppError(BAD_PERIOD, {"date_from": first.isoformat(), "date_to": last.isoformat(),
                                    "max_days": MAX_PERIOD_DAYS})
    return (ce_year(year) if year is not None else None), first, last


def action_text(row: Mapping[str, Any], *, lang: str = "th") -> str:
    """What was done with a received letter: the note typed when it was registered, then each routing, each
    answer sent, and its closing, in order."""
    words = ACTION_WORDS[lang]
    parts = [row["action"]] if row["action"] else []
    parts += [words[action].format(target) for action, target in zip(row["route_actions"], row["route_targets"],
                                                                      strict=True)]
    parts += [words["reply"].format(number) for number in row["replies"]]
    if row["closed_at"] is not None:
        parts.append(words["closed"])
    return "; ".join(parts)


async def register_rows(work: UnitOfWork, *, kind: RegisterKind, year: int | None, first: date | None = None,
                        last: date | None = None, lang: str = "th") -> list[RegisterRow]:
    query = repository.receive_register if kind == "receive" else repository.send_register
    rows = await query(work.conn, agency_id=work.principal.agency_id, year=year, first=first, last=last)
    return [
        RegisterRow(
            register_date=r["register_date"], number=r["number"], letter_number=r["letter_number"] or "",
            letter_date=r["letter_date"], from_=r["from_"] or "", to=r["to"] or "", to_total=r["to_total"],
            # A register is read by many; a secret letter's subject stays with its named readers.
            subject=SECRET_SUBJECT if secrecy.is_secret(r["secrecy"]) else r["subject"],
            action=action_text(r, lang=lang) if kind == "receive" else r["action"] or "", remarks=r["remarks"] or "", channel=r["channel"],
        )
        for r in rows
    ]


async def own_agency(work: UnitOfWork) -> asyncpg.Record:
    """The acting agency, whose name heads a printed register."""
    return await directory_repository.get_agency(work.conn, work.principal.agency_id)


async def close_year(work: UnitOfWork, *, year: int) -> None:
    if year >= clock.today().year:
        raise AppError(YEAR_NOT_OVER, {"year": buddhist_year(year)})
    principal = work.principal
    if not await letters_repository.close_register_year(work.conn, agency_id=principal.agency_id, year=year,
                                                        closed_by=principal.subject_id):
        raise AppError(YEAR_ALREADY_CLOSED)
    await work.audit("register_year_closed", subject=str(year), detail={})
