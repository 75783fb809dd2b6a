"""HTTP API of the agency directory: agencies, units, distribution lists, import and export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from opensaraban_shared.auth import Principal, Role, require_roles
from opensaraban_shared.db import INT_MAX
from opensaraban_shared.errors import PAYLOAD_TOO_LARGE, AppError
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from . import service, transfer
from .models import (
    AgencyCreate,
    AgencyDetail,
    AgencyKind,
    AgencyPage,
    AgencyRead,
    AgencyUpdate,
    DirectoryImportResult,
    DistributionListCreate,
    DistributionListDetail,
    DistributionListPage,
    DistributionListUpdate,
    LetterSettings,
    UnitCreate,
    UnitRead,
    UnitUpdate,
)

Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]
ListEditor = Annotated[Principal, Depends(require_roles(Role.CLERK, Role.ADMINISTRATOR))]
Limit = Annotated[int, Query(ge=1, le=500, description="จำนวนต่อหน้า — page size")]
Offset = Annotated[int, Query(ge=0, le=INT_MAX, description="ข้ามรายการแรก ๆ — rows to skip")]
IncludeInactive = Annotated[bool, Query(description="รวมที่ยกเลิกแล้ว — include retired (inactive) entries")]
Format = Annotated[service.Format, Query(description="json or csv (UTF-8 with BOM)")]
AgencyId = Annotated[str, Path(max_length=80)]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

# A whole national directory (thousands of agencies, tens of thousands of units) is a few MB.
MAX_IMPORT_BYTES = 50 * 1024 * 1024

router = APIRouter(tags=["directory"])


# --- Agencies -----------------------------------------------------------------------------------------


@router.get("/agencies", response_model=AgencyPage,
            summary="ค้นหาหน่วยงาน · Search the agency directory",
            description="Filters combine (AND). `q` matches part of the Thai or English name or the letter prefix "
                        "(Thai or Arabic digits), or the exact id. Ordered national/ministry roots first, then by "
                        "province code and letter prefix.")
async def list_agencies(
    work: Work,
    parent_id: Annotated[str | None, Query(description="ต้นสังกัด — direct children of this agency")] = None,
    kind: Annotated[AgencyKind | None, Query(description="ประเภทหน่วยงาน")] = None,
    province_code: Annotated[str | None, Query(max_length=10, description="รหัสจังหวัด e.g. 50")] = None,
    q: Annotated[str | None, Query(max_length=200, description="ชื่อมีคำนี้ — name contains")] = None,
    roots: Annotated[bool, Query(description="เฉพาะหน่วยงานสูงสุด — only agencies without a parent")] = False,
    include_inactive: IncludeInactive = False, limit: Limit = 100, offset: Offset = 0,
) -> AgencyPage:
    async with work() as uow:
        return await service.list_agencies(
            uow, parent_id=parent_id, kind=kind.value if kind else None, province_code=province_code, q=q,
            roots_only=roots, include_inactive=include_inactive, limit=limit, offset=offset,
        )


@router.post("/agencies", response_model=AgencyRead, status_code=201,
             summary="เพิ่มหน่วยงาน · Create an agency (administrators of a root agency)")
async def create_agency(body: AgencyCreate, _: Administrator, work: Work) -> AgencyRead:
    async with work() as uow:
        return await service.create_agency(uow, agency=body)


@router.get("/agencies/{agency_id}", response_model=AgencyDetail,
            summary="ข้อมูลหน่วยงาน พร้อมต้นสังกัดและหน่วยย่อย · An agency with its ancestors and units")
async def get_agency(agency_id: AgencyId, work: Work, include_inactive_units: IncludeInactive = False) -> AgencyDetail:
    async with work() as uow:
        return await service.get_agency(uow, agency_id=agency_id, include_inactive_units=include_inactive_units)


@router.patch("/agencies/{agency_id}", response_model=AgencyRead,
              summary="แก้ไขหน่วยงาน ย้ายสังกัด หรือยกเลิก · Update, move or retire an agency (root administrators)")
async def update_agency(agency_id: AgencyId, body: AgencyUpdate, _: Administrator, work: Work) -> AgencyRead:
    async with work() as uow:
        return await service.update_agency(uow, agency_id=agency_id, update=body)


@router.get("/agencies/{agency_id}/letter-settings", response_model=LetterSettings,
            summary="การตั้งค่าหนังสือของหน่วยงาน · How the agency's letters print and are numbered")
async def get_letter_settings(agency_id: AgencyId, _: Administrator, work: Work) -> LetterSettings:
    async with work() as uow:
        return await service.letter_settings(uow, agency_id=agency_id)


@router.put("/agencies/{agency_id}/letter-settings", response_model=LetterSettings,
            summary="ตั้งค่าหนังสือของหน่วยงาน · Set how the agency's letters print and are numbered (its administrators)")
async def put_letter_settings(agency_id: AgencyId, body: LetterSettings, _: Administrator,
                              work: Work) -> LetterSettings:
    async with work() as uow:
        return await service.set_letter_settings(uow, agency_id=agency_id, settings=body)


@router.get("/agencies/{agency_id}/children", response_model=AgencyPage,
            summary="หน่วยงานในสังกัด · Direct child agencies")
async def agency_children(agency_id: AgencyId, work: Work, include_inactive: IncludeInactive = False,
                          limit: Limit = 100, offset: Offset = 0) -> AgencyPage:
    async with work() as uow:
        return await service.children(uow, agency_id=agency_id, include_inactive=include_inactive,
                                      limit=limit, offset=offset)


# --- Units --------------------------------------------------------------------------------------------


@router.get("/agencies/{agency_id}/units", response_model=list[UnitRead],
            summary="หน่วยย่อยภายในหน่วยงาน · Units of an agency, parents before children")
async def list_units(agency_id: AgencyId, work: Work, include_inactive: IncludeInactive = False) -> list[UnitRead]:
    async with work() as uow:
        return await service.list_units(uow, agency_id=agency_id, include_inactive=include_inactive)


@router.post("/agencies/{agency_id}/units", response_model=UnitRead, status_code=201,
             summary="เพิ่มหน่วยย่อย · Create a unit (the agency's administrators)")
async def create_unit(agency_id: AgencyId, body: UnitCreate, _: Administrator, work: Work) -> UnitRead:
    async with work() as uow:
        return await service.create_unit(uow, agency_id=agency_id, unit=body)


@router.get("/units/{unit_id}", response_model=UnitRead, summary="ข้อมูลหน่วยย่อย · A unit")
async def get_unit(unit_id: str, work: Work) -> UnitRead:
    async with work() as uow:
        return await service.get_unit(uow, unit_id=unit_id)


@router.patch("/units/{unit_id}", response_model=UnitRead,
              summary="แก้ไข ย้าย หรือยกเลิกหน่วยย่อย · Update, move or retire a unit (the agency's administrators)")
async def update_unit(unit_id: str, body: UnitUpdate, _: Administrator, work: Work) -> UnitRead:
    async with work() as uow:
        return await service.update_unit(uow, unit_id=unit_id, update=body)


# --- Distribution lists -------------------------------------------------------------------------------


@router.get("/distribution-lists", response_model=DistributionListPage,
            summary="บัญชีรายชื่อผู้รับ · Distribution lists: public ones and my agency's")
async def list_distribution_lists(
    work: Work,
    q: Annotated[str | None, Query(max_length=200, description="ชื่อมีคำนี้ — name contains")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> DistributionListPage:
    async with work() as uow:
        return await service.list_distribution_lists(uow, q=q, limit=limit, offset=offset)


@router.post("/distribution-lists", response_model=DistributionListDetail, status_code=201,
             summary="สร้างบัญชีรายชื่อผู้รับ · Create a list for my agency (clerks), or a public one (root administrators)")
async def create_distribution_list(body: DistributionListCreate, _: ListEditor, work: Work) -> DistributionListDetail:
    async with work() as uow:
        return await service.create_distribution_list(uow, body=body)


@router.get("/distribution-lists/{list_id}", response_model=DistributionListDetail,
            summary="บัญชีรายชื่อผู้รับพร้อมสมาชิก · A list with its members in order")
async def get_distribution_list(list_id: str, work: Work) -> DistributionListDetail:
    async with work() as uow:
        return await service.get_distribution_list(uow, list_id=list_id)


@router.put("/distribution-lists/{list_id}", response_model=DistributionListDetail,
            summary="แก้ไขชื่อและสมาชิก · Replace a list's names and members")
async def update_distribution_list(list_id: str, body: DistributionListUpdate, _: ListEditor,
                                   work: Work) -> DistributionListDetail:
    async with work() as uow:
        return await service.update_distribution_list(uow, list_id=list_id, body=body)


@router.delete("/distribution-lists/{list_id}", status_code=204, summary="ลบบัญชีรายชื่อผู้รับ · Delete a list")
async def delete_distribution_list(list_id: str, _: ListEditor, work: Work) -> None:
    async with work() as uow:
        await service.delete_distribution_list(uow, list_id=list_id)


# --- Import and export --------------------------------------------------------------------------------

_FILE_HELP = (transfer.__doc__ or "").split("\n\n", 1)[-1]


@router.get("/directory/export", summary="ส่งออกทำเนียบหน่วยงาน · Export agencies and units (no people, no passwords)",
            description=_FILE_HELP,
            responses={200: {"content": {"application/json": {}, "text/csv": {}}}})
async def export_directory(
    work: Work, format: Format = "json",
    root_id: Annotated[str | None, Query(description="เฉพาะหน่วยงานนี้และในสังกัด — only this agency's subtree")] = None,
) -> Response:
    async with work() as uow:
        agencies, units = await service.export_rows(uow, root_id=root_id)
    body = await service.render_export(agencies, units, fmt=format)
    media_type = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(body, media_type=media_type,
                    headers={"content-disposition": f'attachment; filename="directory.{format}"'})


@router.post("/directory/import", response_model=DirectoryImportResult,
             summary="นำเข้าทำเนียบหน่วยงาน · Import agencies and units, all or nothing (root administrators)",
             description=_FILE_HELP + "\n\nThe whole file is checked first (unknown parent, loop, duplicate id, "
                         "missing prefix, ...); any problem answers 422 `directory_import_invalid` listing the "
                         "offending rows and nothing is written. Otherwise every row is upserted in one transaction.",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}},
                 "text/csv": {"schema": {"type": "string"}}}}})
async def import_directory(request: Request, _: Administrator, work: Work,
                           format: Format = "json") -> DirectoryImportResult:
    data = await _read_body(request, MAX_IMPORT_BYTES)
    async with work() as uow:
        await service.require_importer(uow)
    parsed = await service.parse_import(data, fmt=format)  # a while of CPU: outside any transaction
    async with work() as uow:
        return await service.import_directory(uow, parsed=parsed)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise AppError(PAYLOAD_TOO_LARGE, {"max_bytes": limit})
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise AppError(PAYLOAD_TOO_LARGE, {"max_bytes": limit})
    return bytes(data)
