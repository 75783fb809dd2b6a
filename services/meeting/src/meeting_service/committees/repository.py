"""SQL of committees and their members."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

_COLUMNS = "committee_id, owner_agency_id, name_th, name_en, agenda_template, agenda_sections, created_by, created_at"


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


async def get_committee(conn: asyncpg.Connection, *, committee_id: uuid.UUID,
                        for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT {_COLUMNS} FROM committees WHERE committee_id = $1{lock}", committee_id)


async def list_committees(conn: asyncpg.Connection, *, owner_agency_id: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT {_COLUMNS} FROM committees WHERE owner_agency_id = $1 ORDER BY created_at, committee_id",
        owner_agency_id,
    )


async def set_sections(conn: asyncpg.Connection, *, committee_id: uuid.UUID, sections: list[dict[str, Any]]) -> None:
    await conn.execute("UPDATE committees SET agenda_sections = $2::jsonb WHERE committee_id = $1",
                       committee_id, json.dumps(sections, ensure_ascii=False))


async def insert_member(conn: asyncpg.Connection, values: dict[str, Any]) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO committee_members (member_id, committee_id, user_id, agency_id, display_name, position, role,
                                          term_start, term_end, agency_name, ordinal)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                   (SELECT coalesce(max(ordinal), 0) + 1 FROM committee_members WHERE committee_id = $2))
           RETURNING *""",
        values["member_id"], values["committee_id"], values["user_id"], values["agency_id"], values["display_name"],
        values["position"], values["role"], values["term_start"], values["term_end"], values["agency_name"],
    )


async def members(conn: asyncpg.Connection, *, committee_id: uuid.UUID) -> list[asyncpg.Record]:
    """The members sitting now, in the committee's order (removed ones stay only in past attendance)."""
    return await conn.fetch("SELECT * FROM committee_members WHERE committee_id = $1 AND removed_at IS NULL "
                            "ORDER BY ordinal", committee_id)


async def remove_member(conn: asyncpg.Connection, *, committee_id: uuid.UUID, member_id: uuid.UUID,
                        removed_at: Any, removed_by: str) -> bool:
    """False when the committee has no such member sitting."""
    return bool(await conn.fetchval(
        """UPDATE committee_members SET removed_at = $3, removed_by = $4
           WHERE committee_id = $1 AND member_id = $2 AND removed_at IS NULL RETURNING true""",
        committee_id, member_id, removed_at, removed_by))


async def has_meetings(conn: asyncpg.Connection, *, committee_id: uuid.UUID) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM meetings WHERE committee_id = $1)", committee_id))


async def delete_committee(conn: asyncpg.Connection, *, committee_id: uuid.UUID) -> None:
    """A committee that never had a meeting, with its members (nothing else refers to them)."""
    await conn.execute("DELETE FROM committee_members WHERE committee_id = $1", committee_id)
    await conn.execute("DELETE FROM committees WHERE committee_id = $1", committee_id)


async def agency_name(conn: asyncpg.Connection, *, committee_id: uuid.UUID, agency_id: str) -> str | None:
    """The agency as the committee prints it ('สำนักงานสถิติจังหวัดเชียงใหม่'), if a member row names it."""
    return await conn.fetchval(
        "SELECT agency_name FROM committee_members WHERE committee_id = $1 AND agency_id = $2 AND agency_name <> '' "
        "ORDER BY ordinal LIMIT 1", committee_id, agency_id)
