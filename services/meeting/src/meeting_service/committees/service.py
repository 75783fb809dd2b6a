"""Use cases of committees: create, read, members, agenda template; each takes the unit of work its caller opened."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.clock import now
from opensaraban_shared.directory_copy import active_agencies
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError
from opensaraban_shared.unit_of_work import UnitOfWork

from ..errors import COMMITTEE_IN_USE, COMMITTEE_NAME_TAKEN, MEMBER_NOT_FOUND, NOT_ON_COMMITTEE, UNKNOWN_AGENCY
from . import repository, templates
from .models import ROLE_TITLES_TH, CommitteeCreate, CommitteeRead, MemberCreate, MemberRead, SectionsUpdate


def sections_of(committee: asyncpg.Record) -> list[dict[str, Any]]:
    """The committee's own sections if it edited them, else its standard template's."""
    own = committee.get("agenda_sections")
    if own:
        return templates.numbered(json.loads(own) if isinstance(own, str) else own)
    return templates.standard_sections(committee["agenda_template"])


def committee_read(row: asyncpg.Record) -> CommitteeRead:
    values = {k: row[k] for k in CommitteeRead.model_fields if k in row.keys()}
    return CommitteeRead(**values, sections=sections_of(row))


def member_read(row: asyncpg.Record) -> MemberRead:
    return MemberRead(**dict(row), role_th=ROLE_TITLES_TH[row["role"]])


def is_secretariat_of(principal: Principal, committee: asyncpg.Record) -> bool:
    return principal.agency_id == committee["owner_agency_id"] and Role.SECRETARIAT in principal.roles


async def committee_for(conn: asyncpg.Connection, principal: Principal, committee_id: uuid.UUID, *,
                        manage: bool = False, for_update: bool = False) -> asyncpg.Record:
    """The committee if the caller's agency runs it (manage: and the caller is its secretariat) or sits on it.
    An agency that neither runs nor sits on it is told so (403 not_on_committee), not sent to a 'not found' that
    reads like a wrong address; an id that does not exist gets that same answer, so it never tells an agency which
    committees exist."""
    row = await repository.get_committee(conn, committee_id=committee_id, for_update=for_update)
    if row is None:
        raise AppError(NOT_ON_COMMITTEE)
    if principal.agency_id == row["owner_agency_id"]:
        if manage and Role.SECRETARIAT not in principal.roles:
            raise AppError(FORBIDDEN, {"required_roles": [Role.SECRETARIAT.value]})
        return row
    if principal.agency_id not in {m["agency_id"] for m in await repository.members(conn, committee_id=committee_id)}:
        raise AppError(NOT_ON_COMMITTEE)
    if manage:
        raise AppError(FORBIDDEN, {"reason": "only the committee's secretariat", "required_roles": [
            Role.SECRETARIAT.value], "secretariat_agency_id": row["owner_agency_id"]})
    return row


async def create_committee(work: UnitOfWork, *, data: CommitteeCreate) -> CommitteeRead:
    """The caller's agency owns the committee; the API checks the secretariat role."""
    principal = work.principal
    row = await repository.insert_committee(
        work.conn,
        committee_id=uuid.uuid4(),
        owner_agency_id=principal.agency_id,
        name_th=data.name_th,
        name_en=data.name_en,
        agenda_template=data.agenda_template.value,
        created_by=principal.subject_id,
    )
    if row is None:
        raise AppError(COMMITTEE_NAME_TAKEN, {"name_th": data.name_th})
    return committee_read(row)


async def list_committees(work: UnitOfWork) -> list[CommitteeRead]:
    rows = await repository.list_committees(work.conn, owner_agency_id=work.principal.agency_id)
    return [committee_read(row) for row in rows]


async def get_committee(work: UnitOfWork, *, committee_id: uuid.UUID) -> CommitteeRead:
    row = await repository.get_committee(work.conn, committee_id=committee_id)
    if row is None or row["owner_agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    return committee_read(row)


async def set_sections(work: UnitOfWork, *, committee_id: uuid.UUID, data: SectionsUpdate) -> CommitteeRead:
    conn = work.conn
    await committee_for(conn, work.principal, committee_id, manage=True, for_update=True)
    await repository.set_sections(conn, committee_id=committee_id,
                                  sections=[s.model_dump(mode="json") for s in data.sections])
    return committee_read(await repository.get_committee(conn, committee_id=committee_id))


async def add_member(work: UnitOfWork, *, committee_id: uuid.UUID, data: MemberCreate) -> MemberRead:
    """The member's agency must be an active agency of the directory (its invitations are letters to it);
    an empty agency name is filled with the directory's."""
    conn = work.conn
    await committee_for(conn, work.principal, committee_id, manage=True, for_update=True)
    agency = (await active_agencies(conn, [data.agency_id])).get(data.agency_id)
    if agency is None:
        raise AppError(UNKNOWN_AGENCY, {"agency_id": data.agency_id})
    row = await repository.insert_member(conn, {**data.model_dump(mode="python"), "role": data.role.value,
                                                "agency_name": data.agency_name or agency["name_th"],
                                                "member_id": uuid.uuid4(), "committee_id": committee_id})
    return member_read(row)


async def remove_member(work: UnitOfWork, *, committee_id: uuid.UUID, member_id: uuid.UUID) -> None:
    """The member leaves the committee: no longer invited or listed; past attendance keeps their name. Audited."""
    conn = work.conn
    await committee_for(conn, work.principal, committee_id, manage=True, for_update=True)
    member = next((m for m in await repository.members(conn, committee_id=committee_id)
                   if m["member_id"] == member_id), None)
    if member is None or not await repository.remove_member(
            conn, committee_id=committee_id, member_id=member_id, removed_at=now(),
            removed_by=work.principal.subject_id):
        raise AppError(MEMBER_NOT_FOUND, {"member_id": str(member_id)})
    await work.audit("committee_member_removed", subject=str(committee_id), detail={
        "member_id": str(member_id), "display_name": member["display_name"], "agency_id": member["agency_id"],
        "role": member["role"]})


async def delete_committee(work: UnitOfWork, *, committee_id: uuid.UUID) -> None:
    """Only a committee that never had a meeting (one set up by mistake); one in use stays (409). Audited."""
    conn = work.conn
    committee = await committee_for(conn, work.principal, committee_id, manage=True, for_update=True)
    if await repository.has_meetings(conn, committee_id=committee_id):
        raise AppError(COMMITTEE_IN_USE, {"committee_id": str(committee_id)})
    await repository.delete_committee(conn, committee_id=committee_id)
    await work.audit("committee_deleted", subject=str(committee_id), detail={"name_th": committee["name_th"]})


async def list_members(work: UnitOfWork, *, committee_id: uuid.UUID) -> list[MemberRead]:
    await committee_for(work.conn, work.principal, committee_id)
    return [member_read(r) for r in await repository.members(work.conn, committee_id=committee_id)]
