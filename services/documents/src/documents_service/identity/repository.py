"""SQL of users and API keys; callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg


async def user_by_username(conn: asyncpg.Connection, username: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM users WHERE username = $1 AND active", username)


async def upsert_user(conn: asyncpg.Connection, *, user_id: str, agency_id: str, username: str, display_name: str,
                      position: str | None, password_hash: str, roles: Sequence[str], clearance: int) -> None:
    await conn.execute(
        """INSERT INTO users (user_id, agency_id, username, display_name, position, password_hash, roles, clearance)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (user_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, display_name = EXCLUDED.display_name,
               position = EXCLUDED.position, roles = EXCLUDED.roles, clearance = EXCLUDED.clearance""",
        user_id, agency_id, username, display_name, position, password_hash, list(roles), clearance,
    )


async def api_key(conn: asyncpg.Connection, key_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT k.*, a.name_th AS agency_name FROM api_keys k JOIN agencies a USING (agency_id)
           WHERE key_id = $1 AND revoked_at IS NULL""",
        key_id,
    )


async def insert_api_key(conn: asyncpg.Connection, *, key_id: str, agency_id: str, name: str,
                         secret_hash: str) -> asyncpg.Record:
    return await conn.fetchrow(
        "INSERT INTO api_keys (key_id, agency_id, name, secret_hash) VALUES ($1, $2, $3, $4) RETURNING *",
        key_id, agency_id, name, secret_hash,
    )


async def api_keys_of(conn: asyncpg.Connection, agency_id: str) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM api_keys WHERE agency_id = $1 ORDER BY created_at", agency_id)


async def revoke_api_key(conn: asyncpg.Connection, *, key_id: str, agency_id: str) -> bool:
    return bool(await conn.fetchval(
        """UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
           WHERE key_id = $1 AND agency_id = $2 RETURNING true""",
        key_id, agency_id,
    ))
