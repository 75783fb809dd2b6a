"""SQL of the agenda: its change log, uploaded attachments, published versions."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg


async def append_change(conn: asyncpg.Connection, *, meeting_id: uuid.UUID, kind: str, data: dict[str, Any],
                        actor_agency_id: str, actor_user_id: str | None) -> int:
    """Appends one change under the meeting's row lock (held by the caller); returns its version."""
    version = await conn.fetchval(
        "UPDATE meetings SET draft_version = draft_version + 1 WHERE meeting_id = $1 RETURNING draft_version",
        meeting_id)
    await conn.execute(
        """INSERT INTO agenda_changes (meeting_id, version, kind, data, actor_agency_id, actor_user_id)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6)""",
        meeting_id, version, kind, json.dumps(data, ensure_ascii=False, default=str), actor_agency_id, actor_user_id)
    return version


async def changes(conn: asyncpg.Connection, meeting_id: uuid.UUID, *, up_to_version: int | None = None,
                  up_to_time: datetime | None = None) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT version, kind, data, actor_agency_id, actor_user_id, at FROM agenda_changes
           WHERE meeting_id = $1 AND ($2::int IS NULL OR version <= $2) AND ($3::timestamptz IS NULL OR at <= $3)
           ORDER BY version""",
        meeting_id, up_to_version, up_to_time)
    return [{**dict(r), "data": json.loads(r["data"])} for r in rows]


async def insert_upload(conn: asyncpg.Connection, values: dict[str, Any]) -> None:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    await conn.execute(f"INSERT INTO agenda_uploads ({', '.join(columns)}) VALUES ({placeholders})",
                       *(values[c] for c in columns))


async def uploads(conn: asyncpg.Connection, *, meeting_id: uuid.UUID, upload_ids: Sequence[uuid.UUID]) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM agenda_uploads WHERE meeting_id = $1 AND upload_id = ANY($2::uuid[])",
                            meeting_id, list(upload_ids))


async def insert_version(conn: asyncpg.Connection, values: dict[str, Any]) -> None:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    await conn.execute(f"INSERT INTO agenda_versions ({', '.join(columns)}) VALUES ({placeholders})",
                       *(values[c] for c in columns))


async def version(conn: asyncpg.Connection, meeting_id: uuid.UUID, number: int) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM agenda_versions WHERE meeting_id = $1 AND version = $2",
                               meeting_id, number)


async def versions(conn: asyncpg.Connection, meeting_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM agenda_versions WHERE meeting_id = $1 ORDER BY version", meeting_id)
