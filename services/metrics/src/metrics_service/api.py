"""HTTP API of the metrics service: every adoption measure (JSON, CSV, XLSX) and Prometheus text."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.http import file_download
from opensaraban_shared.service_app import Runtime, RuntimeDep
from opensaraban_shared.storage import XLSX

from . import service
from .export import table_of, to_csv, to_xlsx
from .models import (
    ChannelMix,
    Distribution,
    EApproval,
    ESignature,
    LetterAdoption,
    Meetings,
    Ranking,
    Savings,
    Speed,
    Usage,
)
from .prometheus import exposition
from .scope import Granularity, Level, Scope, resolve
from .settings import MetricsSettings

router = APIRouter(prefix="/adoption", tags=["adoption"])
prometheus_router = APIRouter(tags=["observability"])
Key = Annotated[str | None, Query(min_length=1, max_length=200)]


async def scope_of(
    principal: CurrentPrincipal,
    date_from: Annotated[date | None, Query(description="First day (Asia/Bangkok), inclusive")] = None,
    date_to: Annotated[date | None, Query(description="Last day (Asia/Bangkok), inclusive")] = None,
    fiscal_year: Annotated[int | None, Query(ge=2400, le=2700, description="Thai fiscal year (BE): 1 Oct – 30 Sep"
                                             )] = None,
    agency_id: Key = None,
    province_code: Key = None,
    ministry_id: Key = None,
    national: Annotated[bool, Query(description="Whole country (administrators)")] = False,
) -> Scope:
    """Filters shared by every measure. Without one, a person sees their agency, an administrator the nation."""
    return resolve(principal=principal, agency_id=agency_id, province_code=province_code, ministry_id=ministry_id,
                   national=national, date_from=date_from, date_to=date_to, fiscal_year=fiscal_year)


ScopeDep = Annotated[Scope, Depends(scope_of)]
GranularityQ = Annotated[Granularity, Query(description="day, month or fiscal_year")]


def _settings(runtime: Runtime) -> MetricsSettings:
    return runtime.settings  # type: ignore[return-value]


@router.get("/letters", response_model=LetterAdoption,
            summary="จำนวนหนังสือรายวัน · Letters sent and received per day, electronic vs paper, and the electronic rate")
async def letters(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    date_from: Annotated[date, Query(description="First day (Asia/Bangkok), inclusive, YYYY-MM-DD")],
    date_to: Annotated[date, Query(description="Last day (Asia/Bangkok), inclusive, YYYY-MM-DD")],
    agency_id: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Default: the caller's agency")
    ] = None,
) -> LetterAdoption:
    return await service.letter_adoption(
        db=runtime.db, principal=principal, agency_id=agency_id, date_from=date_from, date_to=date_to
    )


@router.get("/distribution", response_model=Distribution,
            summary="อัตราการส่งหนังสือทางอิเล็กทรอนิกส์ · Electronic distribution rate: electronic letters ÷ all letters, with a trend")
async def distribution(scope: ScopeDep, runtime: RuntimeDep, granularity: GranularityQ = Granularity.MONTH
                       ) -> Distribution:
    return await service.distribution(db=runtime.db, scope=scope, granularity=granularity)


@router.get("/e-approval", response_model=EApproval,
            summary="อัตราการอนุมัติทางอิเล็กทรอนิกส์ · E-approval rate: letters proposed, reviewed and signed in the system ÷ letters sent, with a trend")
async def e_approval(scope: ScopeDep, runtime: RuntimeDep, granularity: GranularityQ = Granularity.MONTH
                     ) -> EApproval:
    return await service.e_approval(db=runtime.db, scope=scope, granularity=granularity)


@router.get("/e-signature", response_model=ESignature,
            summary="สัดส่วนการลงลายมือชื่ออิเล็กทรอนิกส์ · E-signature share: letters sent with a digital (PAdES) signature ÷ letters sent, with a trend")
async def e_signature(scope: ScopeDep, runtime: RuntimeDep, granularity: GranularityQ = Granularity.MONTH
                      ) -> ESignature:
    return await service.e_signature(db=runtime.db, scope=scope, granularity=granularity)


@router.get("/channel-mix", response_model=ChannelMix,
            summary="สัดส่วนหน่วยงานตามช่องทาง · Agencies by channel mix: paper only, both, electronic only")
async def channel_mix(scope: ScopeDep, runtime: RuntimeDep) -> ChannelMix:
    return await service.channel_mix(db=runtime.db, scope=scope)


@router.get("/speed", response_model=Speed,
            summary="ความเร็วในการดำเนินการ · Handling speed and time per review step by urgency (median, 90th percentile), overdue assignments")
async def speed(scope: ScopeDep, runtime: RuntimeDep) -> Speed:
    return await service.speed(db=runtime.db, scope=scope)


@router.get("/usage", response_model=Usage, summary="การใช้งานระบบ · Active users against the target, agencies live, letters per user")
async def usage(scope: ScopeDep, runtime: RuntimeDep, granularity: GranularityQ = Granularity.MONTH) -> Usage:
    return await service.usage(db=runtime.db, scope=scope, granularity=granularity, settings=_settings(runtime))


@router.get("/meetings", response_model=Meetings,
            summary="การประชุมแบบไร้กระดาษ · Meetings with an electronic agenda pack, its lead time, late agenda items")
async def meetings(scope: ScopeDep, runtime: RuntimeDep) -> Meetings:
    return await service.meetings(db=runtime.db, scope=scope)


@router.get("/savings", response_model=Savings, summary="ประมาณการค่าใช้จ่ายที่ประหยัดได้ · Estimated pages not printed and postage not paid")
async def savings(scope: ScopeDep, runtime: RuntimeDep) -> Savings:
    return await service.savings(db=runtime.db, scope=scope, settings=_settings(runtime))


class RankLevel(StrEnum):
    PROVINCE = "province"
    MINISTRY = "ministry"
    AGENCY = "agency"


@router.get("/ranking", response_model=Ranking,
            summary="อันดับคะแนนไร้กระดาษ · Provinces, ministries or agencies ranked by the composite paper-free score (formula included)")
async def ranking(scope: ScopeDep, runtime: RuntimeDep, level: RankLevel = RankLevel.PROVINCE,
                  limit: Annotated[int, Query(ge=1, le=10_000)] = 100) -> Ranking:
    return await service.ranking(db=runtime.db, scope=scope, level=Level(level.value), limit=limit)


class Measure(StrEnum):
    DISTRIBUTION = "distribution"
    E_APPROVAL = "e-approval"
    E_SIGNATURE = "e-signature"
    CHANNEL_MIX = "channel-mix"
    SPEED = "speed"
    USAGE = "usage"
    MEETINGS = "meetings"
    SAVINGS = "savings"
    RANKING = "ranking"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@router.get("/export", summary="ส่งออกข้อมูล · Any measure as a CSV or XLSX download, with the same filters",
            **file_download("text/csv", XLSX))
async def export(
    measure: Measure, scope: ScopeDep, runtime: RuntimeDep,
    format: ExportFormat = ExportFormat.CSV,  # noqa: A002 — the query parameter's public name
    granularity: GranularityQ = Granularity.MONTH, level: RankLevel = RankLevel.PROVINCE,
) -> Response:
    db, settings = runtime.db, _settings(runtime)
    result: BaseModel
    match measure:
        case Measure.DISTRIBUTION:
            result = await service.distribution(db=db, scope=scope, granularity=granularity)
        case Measure.E_APPROVAL:
            result = await service.e_approval(db=db, scope=scope, granularity=granularity)
        case Measure.E_SIGNATURE:
            result = await service.e_signature(db=db, scope=scope, granularity=granularity)
        case Measure.CHANNEL_MIX:
            result = await service.channel_mix(db=db, scope=scope)
        case Measure.SPEED:
            result = await service.speed(db=db, scope=scope)
        case Measure.USAGE:
            result = await service.usage(db=db, scope=scope, granularity=granularity, settings=settings)
        case Measure.MEETINGS:
            result = await service.meetings(db=db, scope=scope)
        case Measure.SAVINGS:
            result = await service.savings(db=db, scope=scope, settings=settings)
        case Measure.RANKING:
            result = await service.ranking(db=db, scope=scope, level=Level(level.value), limit=10_000)
    table = table_of(result)
    name = f"{measure.value}_{scope.date_from}_{scope.date_to}.{format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format is ExportFormat.XLSX:
        return Response(to_xlsx(table, sheet=measure.value), headers=headers, media_type=XLSX)
    return Response(to_csv(table), headers=headers, media_type="text/csv; charset=utf-8")


# Unauthenticated like every Prometheus endpoint: it holds process counters only, no agency's data.
@prometheus_router.get("/metrics", response_class=PlainTextResponse,
                       summary="ตัวชี้วัดการทำงานของระบบ · Prometheus text: consumer outcomes, lag and outbox publishing")
async def prometheus_metrics(runtime: RuntimeDep) -> Response:
    return Response(content=exposition(runtime), media_type=CONTENT_TYPE_LATEST)
