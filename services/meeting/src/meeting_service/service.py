"""Use cases of the meeting service; each owns its transaction."""

from __future__ import annotations

import uuid

from opensaraban_shared.auth import Principal, ensure_agency
from opensaraban_shared.db import Database
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind

from . import repository
from .models import CommitteeCreate, CommitteeRead

COMMITTEE_NAME_TAKEN = ErrorKind(
    "committee_name_taken",
    409,
    "หน่วยงานนี้มีคณะกรรมการชื่อนี้อยู่แล้ว",
    "This agency already has a committee with this name",
)


async def create_committee(*, db: Database, principal: Principal, data: CommitteeCreate) -> CommitteeRead:
    """The caller's agency owns the committee; the API checks the secretariat role."""
    async with db.transaction() as conn:
        row = await repository.insert_committee(
            conn,
            committee_id=uuid.uuid4(),
            owner_agency_id=principal.agency_id,
            name_th=data.name_th,
            name_en=data.name_en,
            agenda_template=data.agenda_template.value,
            created_by=principal.subject_id,
        )
    if row is None:
        raise AppError(COMMITTEE_NAME_TAKEN, {"name_th": data.name_th})
    return CommitteeRead(**dict(row))


async def list_committees(*, db: Database, principal: Principal) -> list[CommitteeRead]:
    async with db.pool.acquire() as conn:
        rows = await repository.list_committees(conn, owner_agency_id=principal.agency_id)
    return [CommitteeRead(**dict(row)) for row in rows]


async def get_committee(*, db: Database, principal: Principal, committee_id: uuid.UUID) -> CommitteeRead:
    async with db.pool.acquire() as conn:
        row = await repository.get_committee(conn, committee_id=committee_id)
    if row is None:
        raise AppError(NOT_FOUND)
    ensure_agency(principal, row["owner_agency_id"])
    return CommitteeRead(**dict(row))
