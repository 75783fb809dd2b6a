"""Use cases of the registers: list a year's register, export it as CSV or PDF, close a year."""

from __future__ import annotations

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


async def register_rows(work: UnitOfWork, *, kind: RegisterKind, year: int) -> list[RegisterRow]:
    query = repository.receive_register if kind == "receive" else repository.send_register
    rows = await query(work.conn, agency_id=work.principal.agency_id, year=year)
    return [
        RegisterRow(
            register_date=r["register_date"], number=r["number"], letter_number=r["letter_number"] or "",
            letter_date=r["letter_date"], from_=r["from_"] or "", to=r["to"] or "", to_total=r["to_total"],
            # A register is read by many; a secret letter's subject stays with its named readers.
            subject=SECRET_SUBJECT if secrecy.is_secret(r["secrecy"]) else r["subject"],
            action=r["action"] or "", remarks=r["remarks"] or "", channel=r["channel"],
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
