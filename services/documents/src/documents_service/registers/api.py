"""HTTP API of the registers: ทะเบียนหนังสือรับ / ส่ง as JSON, CSV or a printable Thai PDF."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from opensaraban_shared import clock
from opensaraban_shared.auth import Principal, Role, require_roles
from opensaraban_shared.days import IsoDay
from opensaraban_shared.storage import PDF, content_disposition
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from . import service
from .models import RegisterEntry, RegisterPage
from .render import register_csv, register_pdf

Clerk = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.AGENCY_SYSTEM, Role.ADMINISTRATOR))]
Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

router = APIRouter(prefix="/registers", tags=["registers"])


@router.get("/{kind}", response_model=RegisterPage, responses={200: {"content": {"text/csv": {}, PDF: {}}}},
            summary="ทะเบียนหนังสือรับ/ส่ง ของหน่วยงาน ตามปีหรือช่วงวันที่ — my agency's receive or send register for a "
                    "year or a date range (format=json, csv or pdf)")
async def register(
    kind: Literal["receive", "send"], _: Clerk, work: Work,
    year: Annotated[int | None, Query(ge=1900, le=2700, description="พ.ศ. (2569) or ค.ศ. (2026)")] = None,
    date_from: Annotated[IsoDay | None, Query(description="ตั้งแต่วันที่ (ลงทะเบียน, เวลาไทย) — with date_to, "
                                                          "instead of year")] = None,
    date_to: Annotated[IsoDay | None, Query(description="ถึงวันที่ — the last day, included")] = None,
    format: Literal["json", "csv", "pdf"] = "json",
    thai_digits: bool = True, buddhist_era: bool = True, lang: Literal["th", "en"] = "th",
) -> RegisterPage | Response:
    ce, first, last = service.checked_period(year, date_from, date_to)
    async with work() as uow:
        rows = await service.register_rows(uow, kind=kind, year=ce, first=first, last=last, lang=lang)
        agency = None if format == "json" else await service.own_agency(uow)
    if format == "json":
        return RegisterPage(kind=kind, year=ce, date_from=first, date_to=last,
                            entries=[RegisterEntry.model_validate(r, from_attributes=True) for r in rows])
    period = f"{year}" if year is not None else f"{first.isoformat()}_{last.isoformat()}"  # type: ignore[union-attr]
    filename = f"{'ทะเบียนหนังสือรับ' if kind == 'receive' else 'ทะเบียนหนังสือส่ง'}-{agency['agency_id']}-{period}"
    fallback = f"{kind}-register-{agency['agency_id']}-{period}"
    days = (first, last) if first and last else None
    if format == "csv":
        return Response(register_csv(kind, agency["name_th"], ce or first.year, rows, lang=lang,  # type: ignore[union-attr]
                                     buddhist_era=buddhist_era),
                        media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": content_disposition(f"{filename}.csv", fallback=f"{fallback}.csv")})
    # Typesetting a long register takes seconds of CPU: keep it off the event loop.
    pdf = await asyncio.to_thread(register_pdf, kind, agency["name_th"], ce or first.year, rows,  # type: ignore[union-attr]
                                  generated_at=clock.now(), thai_digits=thai_digits, buddhist_era=buddhist_era, days=days)
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": content_disposition(f"{filename}.pdf", fallback=f"{fallback}.pdf")})


@router.post("/{year}/close", status_code=204,
             summary="ปิดทะเบียนประจำปี — close a past year's registers: no more numbers in that year")
async def close_year(year: Annotated[int, Path(ge=1900, le=2700, description="พ.ศ. or ค.ศ.")],
                     _: Administrator, work: Work) -> None:
    ce = service.ce_year(year)
    async with work() as uow:
        await service.close_year(uow, year=ce)
