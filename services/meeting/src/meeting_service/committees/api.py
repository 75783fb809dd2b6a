"""HTTP API of committees: create and read, members, the agenda template."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.service_app import RuntimeDep

from . import service
from .models import CommitteeCreate, CommitteeRead, MemberCreate, MemberRead, SectionsUpdate

router = APIRouter(prefix="/committees", tags=["committees"])
Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]


@router.post("", response_model=CommitteeRead, status_code=201, summary="ตั้งคณะกรรมการ · Create a committee owned by my agency")
async def create_committee(body: CommitteeCreate, principal: Secretariat, runtime: RuntimeDep) -> CommitteeRead:
    return await service.create_committee(db=runtime.db, principal=principal, data=body)


@router.get("", response_model=list[CommitteeRead], summary="คณะกรรมการของหน่วยงาน · My agency's committees, oldest first")
async def list_committees(principal: CurrentPrincipal, runtime: RuntimeDep) -> list[CommitteeRead]:
    return await service.list_committees(db=runtime.db, principal=principal)


@router.get("/{committee_id}", response_model=CommitteeRead, summary="ข้อมูลคณะกรรมการ · One committee of my agency")
async def get_committee(committee_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> CommitteeRead:
    return await service.get_committee(db=runtime.db, principal=principal, committee_id=committee_id)


@router.put("/{committee_id}/agenda-sections", response_model=CommitteeRead,
            summary="แก้ไขระเบียบวาระแม่แบบ · Edit the committee's agenda sections (meetings created afterwards use them)")
async def set_sections(committee_id: uuid.UUID, body: SectionsUpdate, principal: Secretariat,
                       runtime: RuntimeDep) -> CommitteeRead:
    return await service.set_sections(db=runtime.db, principal=principal, committee_id=committee_id, data=body)


@router.post("/{committee_id}/members", response_model=MemberRead, status_code=201,
             summary="เพิ่มกรรมการ · Add a member (person, agency, role, term)")
async def add_member(committee_id: uuid.UUID, body: MemberCreate, principal: Secretariat,
                     runtime: RuntimeDep) -> MemberRead:
    return await service.add_member(db=runtime.db, principal=principal, committee_id=committee_id, data=body)


@router.get("/{committee_id}/members", response_model=list[MemberRead], summary="รายชื่อกรรมการ · Members in their order")
async def list_members(committee_id: uuid.UUID, principal: CurrentPrincipal, runtime: RuntimeDep) -> list[MemberRead]:
    return await service.list_members(db=runtime.db, principal=principal, committee_id=committee_id)
