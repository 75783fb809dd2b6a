"""SQL of meetings and attendance."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

_SELECT = """SELECT m.*, c.name_th AS committee_name, c.owner_agency_id AS secretariat_agency_id
             FROM meetings m JOIN committees c USING (committee_id)"""


async def insert_meeting(conn: asyncpg.Connection, values: dict[str, Any]) -> bool:
    """False when the committee already has this number in this year."""
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return bool(await conn.fetchval(
        f"""INSERT INTO meetings ({', '.join(columns)}) VALUES ({placeholders})
            ON CONFLICT ON CONSTRAINT meetings_number_per_year DO NOTHING RETURNING true""",
        *(values[c] for c in columns)))


async def next_number(conn: asyncpg.Connection, *, committee_id: uuid.UUID, year_be: int) -> int:
    return await conn.fetchval(
        "SELECT coalesce(max(number), 0) + 1 FROM meetings WHERE committee_id = $1 AND year_be = $2",
        committee_id, year_be)


async def previous_meeting(conn: asyncpg.Connection, *, committee_id: uuid.UUID,
                           before: Any, exclude: uuid.UUID | None = None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"""{_SELECT} WHERE m.committee_id = $1 AND m.starts_at < $2 AND m.meeting_id IS DISTINCT FROM $3
              AND m.state <> 'cancelled'
            ORDER BY m.starts_at DESC LIMIT 1""", committee_id, before, exclude)


async def get_meeting(conn: asyncpg.Connection, meeting_id: uuid.UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    if for_update:
        # Every change to a meeting (and its agenda) serialises on its row.
        await conn.execute("SELECT 1 FROM meetings WHERE meeting_id = $1 FOR UPDATE", meeting_id)
    return await conn.fetchrow(f"{_SELECT} WHERE m.meeting_id = $1", meeting_id)


async def list_meetings(conn: asyncpg.Connection, *, committee_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_SELECT} WHERE m.committee_id = $1 ORDER BY m.starts_at", committee_id)


async def meetings_of_agency(conn: asyncpg.Connection, *, agency_id: str, states: Sequence[str] | None, limit: int,
                             offset: int) -> list[asyncpg.Record]:
    """Meetings of the committees the agency runs (owner) or sits on (member), latest first."""
    return await conn.fetch(
        f"""{_SELECT} WHERE (c.owner_agency_id = $1 OR m.committee_id IN (
                SELECT committee_id FROM committee_members WHERE agency_id = $1 AND removed_at IS NULL))
              AND ($2::text[] IS NULL OR m.state = ANY($2::text[]))
            ORDER BY m.starts_at DESC, m.meeting_id LIMIT $3 OFFSET $4""",
        agency_id, list(states) if states else None, limit, offset)


async def update_meeting(conn: asyncpg.Connection, meeting_id: uuid.UUID, **values: Any) -> None:
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(values, start=2))
    await conn.execute(f"UPDATE meetings SET {assignments} WHERE meeting_id = $1", meeting_id, *values.values())


async def replace_attendance(conn: asyncpg.Connection, meeting_id: uuid.UUID,
                             rows: Sequence[tuple[Any, ...]]) -> None:
    await conn.execute("DELETE FROM attendance WHERE meeting_id = $1", meeting_id)
    await conn.executemany(
        """INSERT INTO attendance (entry_id, meeting_id, ordinal, member_id, status, name, position, agency_id,
                                   substitute_name, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        rows)


async def attendance(conn: asyncpg.Connection, meeting_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM attendance WHERE meeting_id = $1 ORDER BY ordinal", meeting_id)
