"""HTTP API of committees: create and read, members, the agenda template.
Every route opens the request's unit of work and hands it to one use case."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles

from ..deps import Work
from . import service
from .models import CommitteeCreate, CommitteeRead, MemberCreate, MemberRead, SectionsUpdate

router = APIRouter(prefix="/committees", tags=["committees"])
Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]


@router.post("", response_model=CommitteeRead, status_code=201, summary="ตั้งคณะกรรมการ · Create a committee owned by my agency")
async def create_committee(body: CommitteeCreate, _: Secretariat, work: Work) -> CommitteeRead:
    async with work() as uow:
        return await service.create_committee(uow, data=body)


@router.get("", response_model=list[CommitteeRead], summary="คณะกรรมการของหน่วยงาน · My agency's committees, oldest first")
async def list_committees(_: CurrentPrincipal, work: Work) -> list[CommitteeRead]:
    async with work() as uow:
        return await service.list_committees(uow)


@router.get("/{committee_id}", response_model=CommitteeRead, summary="ข้อมูลคณะกรรมการ · One committee of my agency")
async def get_committee(committee_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> CommitteeRead:
    async with work() as uow:
        return await service.get_committee(uow, committee_id=committee_id)


@router.put("/{committee_id}/agenda-sections", response_model=CommitteeRead,
            summary="แก้ไขระเบียบวาระแม่แบบ · Edit the committee's agenda sections (meetings created afterwards use them)")
async def set_sections(committee_id: uuid.UUID, body: SectionsUpdate, _: Secretariat,
                       work: Work) -> CommitteeRead:
    async with work() as uow:
        return await service.set_sections(uow, committee_id=committee_id, data=body)


@router.post("/{committee_id}/members", response_model=MemberRead, status_code=201,
             summary="เพิ่มกรรมการ · Add a member (person, agency, role, term)")
async def add_member(committee_id: uuid.UUID, body: MemberCreate, _: Secretariat,
                     work: Work) -> MemberRead:
    async with work() as uow:
        return await service.add_member(uow, committee_id=committee_id, data=body)


@router.delete("/{committee_id}/members/{member_id}", status_code=204,
               summary="ให้กรรมการพ้นจากคณะ · Remove a member (no longer listed or invited; past attendance keeps them)")
async def remove_member(committee_id: uuid.UUID, member_id: uuid.UUID, _: Secretariat, work: Work) -> None:
    async with work() as uow:
        await service.remove_member(uow, committee_id=committee_id, member_id=member_id)


@router.delete("/{committee_id}", status_code=204,
               summary="ลบคณะกรรมการที่ยังไม่เคยใช้ · Delete a committee that never had a meeting (409 committee_in_use "
                       "otherwise)")
async def delete_committee(committee_id: uuid.UUID, _: Secretariat, work: Work) -> None:
    async with work() as uow:
        await service.delete_committee(uow, committee_id=committee_id)


@router.get("/{committee_id}/members", response_model=list[MemberRead], summary="รายชื่อกรรมการ · Members in their order")
async def list_members(committee_id: uuid.UUID, _: CurrentPrincipal, work: Work) -> list[MemberRead]:
    async with work() as uow:
        return await service.list_members(uow, committee_id=committee_id)
