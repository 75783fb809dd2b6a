"""SQL of minutes entries and follow-up actions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg


async def upsert_entries(conn: asyncpg.Connection, meeting_id: uuid.UUID, rows: Sequence[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO minutes_entries (meeting_id, item_id, discussion, resolution) VALUES ($1, $2, $3, $4)
           ON CONFLICT (meeting_id, item_id) DO UPDATE SET discussion = EXCLUDED.discussion,
                                                           resolution = EXCLUDED.resolution""",
        [(meeting_id, *r) for r in rows])


async def entries(conn: asyncpg.Connection, meeting_id: uuid.UUID) -> dict[uuid.UUID, asyncpg.Record]:
    return {r["item_id"]: r for r in await conn.fetch("SELECT * FROM minutes_entries WHERE meeting_id = $1",
                                                       meeting_id)}


async def insert_follow_up(conn: asyncpg.Connection, values: dict[str, Any]) -> asyncpg.Record:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchrow(
        f"INSERT INTO follow_up_actions ({', '.join(columns)}) VALUES ({placeholders}) RETURNING *",
        *(values[c] for c in columns))


async def follow_up(conn: asyncpg.Connection, action_id: uuid.UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM follow_up_actions WHERE action_id = $1{lock}", action_id)


async def follow_ups(conn: asyncpg.Connection, *, committee_id: uuid.UUID, status: str | None = None,
                     meeting_id: uuid.UUID | None = None) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT f.*, m.number AS meeting_no, m.year_be AS meeting_year_be,
                  m.starts_at AS meeting_starts_at FROM follow_up_actions f
           JOIN meetings m USING (meeting_id)
           WHERE f.committee_id = $1 AND ($2::text IS NULL OR f.status = $2)
             AND ($3::uuid IS NULL OR f.meeting_id = $3)
           ORDER BY m.starts_at, f.created_at""",
        committee_id, status, meeting_id)


async def complete_follow_up(conn: asyncpg.Connection, action_id: uuid.UUID, *, report: str, at: datetime) -> None:
    await conn.execute(
        "UPDATE follow_up_actions SET status = 'completed', report = $2, completed_at = $3 WHERE action_id = $1",
        action_id, report, at)
