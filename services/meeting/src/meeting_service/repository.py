"""All SQL of the meeting service."""

from __future__ import annotations

import uuid

import asyncpg

_COLUMNS = "committee_id, owner_agency_id, name_th, name_en, agenda_template, created_by, created_at"


async def insert_committee(
    conn: asyncpg.Connection,
    *,
    committee_id: uuid.UUID,
    owner_agency_id: str,
    name_th: str,
    name_en: str | None,
    agenda_template: str,
    created_by: str,
) -> asyncpg.Record | None:
    """None when the agency already has a committee with this Thai name."""
    return await conn.fetchrow(
        f"""INSERT INTO committees (committee_id, owner_agency_id, name_th, name_en, agenda_template, created_by)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT ON CONSTRAINT committees_owner_name DO NOTHING
            RETURNING {_COLUMNS}""",
        committee_id, owner_agency_id, name_th, name_en, agenda_template, created_by,
    )


async def get_committee(conn: asyncpg.Connection, *, committee_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_COLUMNS} FROM committees WHERE committee_id = $1", committee_id)


async def list_committees(conn: asyncpg.Connection, *, owner_agency_id: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT {_COLUMNS} FROM committees WHERE owner_agency_id = $1 ORDER BY created_at, committee_id",
        owner_agency_id,
    )
