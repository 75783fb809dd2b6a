"""SQL of users and API keys; callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg


async def user_by_username(conn: asyncpg.Connection, username: str, *, lock: bool = False) -> asyncpg.Record | None:
    """An active user of an active agency: retiring an agency ends its people's sign-in.

    `lock`: share-lock the user's and the agency's rows, so an access change or the agency's retirement (which
    lock them for update) waits for the caller's commit, and its revocation time comes after the new token's.
    """
    return await conn.fetchrow(
        f"""SELECT u.*, a.province_code FROM users u JOIN agencies a USING (agency_id)
            WHERE u.username = $1 AND u.active AND a.active{" FOR SHARE OF u, a" if lock else ""}""",
        username,
    )


async def users_as_published(conn: asyncpg.Connection, user_ids: Sequence[str]) -> list[asyncpg.Record]:
    """The fields of UserChanged for each person (active or not), in id order."""
    return await conn.fetch(
        """SELECT u.user_id, u.agency_id, a.province_code, u.unit_id, u.display_name, u.position, u.email,
                  u.language, u.roles, u.supervisor_user_id, u.active
           FROM users u JOIN agencies a USING (agency_id) WHERE u.user_id = ANY($1::text[]) ORDER BY u.user_id""",
        list(dict.fromkeys(user_ids)),
    )


async def upsert_users(conn: asyncpg.Connection, users: Sequence[dict], *, password_hash: str) -> None:
    """Demo and bulk loading in one statement. An existing user keeps their password and active flag."""
    if not users:
        return
    await conn.execute(
        """INSERT INTO users AS t (user_id, agency_id, unit_id, username, display_name, position, password_hash,
                                   roles, clearance, email, language, supervisor_user_id)
           SELECT u.user_id, u.agency_id, u.unit_id, u.username, u.display_name, u.position, $9,
                  string_to_array(u.roles, ','), u.clearance, u.email, u.language, u.supervisor_user_id
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::smallint[], $10::text[], $11::text[], $12::text[])
                AS u(user_id, agency_id, unit_id, username, display_name, position, roles, clearance, email,
                     language, supervisor_user_id)
           ON CONFLICT (user_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, unit_id = EXCLUDED.unit_id,
               display_name = EXCLUDED.display_name, position = EXCLUDED.position, roles = EXCLUDED.roles,
               clearance = EXCLUDED.clearance, email = EXCLUDED.email, language = EXCLUDED.language,
               supervisor_user_id = EXCLUDED.supervisor_user_id, updated_at = now()
           WHERE (t.agency_id, t.unit_id, t.display_name, t.position, t.roles, t.clearance, t.email, t.language,
                  t.supervisor_user_id)
                 IS DISTINCT FROM (EXCLUDED.agency_id, EXCLUDED.unit_id, EXCLUDED.display_name, EXCLUDED.position,
                                   EXCLUDED.roles, EXCLUDED.clearance, EXCLUDED.email, EXCLUDED.language,
                                   EXCLUDED.supervisor_user_id)""",
        [u["user_id"] for u in users], [u["agency_id"] for u in users], [u.get("unit_id") for u in users],
        [u["username"] for u in users], [u["display_name"] for u in users], [u.get("position") for u in users],
        # A text[][] cannot be ragged, so each user's roles travel as one comma-joined string.
        [",".join(u["roles"]) for u in users], [u["clearance"] for u in users], password_hash,
        [u.get("email") for u in users], [u.get("language", "th") for u in users],
        [u.get("supervisor_user_id") for u in users],
    )


_USER_COLUMNS = ("user_id, agency_id, unit_id, username, display_name, position, roles, clearance, email, language, "
                 "supervisor_user_id, active, created_at, updated_at")
_USER = f"SELECT {_USER_COLUMNS} FROM users"


async def get_user(conn: asyncpg.Connection, user_id: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"{_USER} WHERE user_id = $1{lock}", user_id)


async def users_by_id(conn: asyncpg.Connection, user_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    return {r["user_id"]: r for r in await conn.fetch(f"{_USER} WHERE user_id = ANY($1::text[])", list(user_ids))}


async def password_hash_of(conn: asyncpg.Connection, user_id: str) -> str | None:
    return await conn.fetchval("SELECT password_hash FROM users WHERE user_id = $1 AND active", user_id)


async def list_users(conn: asyncpg.Connection, *, agency_id: str, unit_id: str | None, q: str | None,
                     include_inactive: bool, limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    where = """WHERE agency_id = $1 AND ($2::text IS NULL OR unit_id = $2) AND ($3 OR active)
                 AND ($4::text IS NULL OR strpos(lower(display_name), lower($4)) > 0
                      OR strpos(lower(username), lower($4)) > 0 OR strpos(lower(coalesce(position, '')), lower($4)) > 0)"""
    args = (agency_id, unit_id, include_inactive, q)
    total = await conn.fetchval(f"SELECT count(*) FROM users {where}", *args)
    rows = await conn.fetch(f"{_USER} {where} ORDER BY username LIMIT $5 OFFSET $6", *args, limit, offset)
    return rows, total


async def insert_user(conn: asyncpg.Connection, *, user_id: str, agency_id: str, unit_id: str | None, username: str,
                      display_name: str, position: str | None, password_hash: str, roles: Sequence[str],
                      clearance: int, email: str | None = None, language: str = "th",
                      supervisor_user_id: str | None = None) -> bool:
    """False when the username is taken."""
    return bool(await conn.fetchval(
        """INSERT INTO users (user_id, agency_id, unit_id, username, display_name, position, password_hash, roles,
                              clearance, password_changed_at, email, language, supervisor_user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10, $11, $12)
           ON CONFLICT (username) DO NOTHING RETURNING true""",
        user_id, agency_id, unit_id, username, display_name, position, password_hash, list(roles), clearance,
        email, language, supervisor_user_id,
    ))


_PROFILE_COLUMNS = frozenset({"display_name", "position", "unit_id", "email", "language", "supervisor_user_id"})


async def update_profile(conn: asyncpg.Connection, user_id: str, changes: dict) -> None:
    if unknown := set(changes) - _PROFILE_COLUMNS:  # column names go into the SQL text: only the fixed list
        raise ValueError(f"not updatable: {sorted(unknown)}")
    names = sorted(changes)
    sets = ", ".join([f"{name} = ${n}" for n, name in enumerate(names, start=2)] + ["updated_at = now()"])
    await conn.execute(f"UPDATE users SET {sets} WHERE user_id = $1", user_id, *(changes[n] for n in names))


async def set_access(conn: asyncpg.Connection, *, user_id: str, roles: Sequence[str], clearance: int,
                     active: bool) -> asyncpg.Record:
    return await conn.fetchrow(
        f"""UPDATE users SET roles = $2, clearance = $3, active = $4, updated_at = now()
            WHERE user_id = $1 RETURNING {_USER_COLUMNS}""",
        user_id, list(roles), clearance, active,
    )


async def set_password(conn: asyncpg.Connection, *, user_id: str, password_hash: str) -> None:
    await conn.execute(
        "UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE user_id = $1",
        user_id, password_hash,
    )


async def replace_password_hash(conn: asyncpg.Connection, *, user_id: str, password_hash: str) -> None:
    """The same password hashed anew (stronger parameters): not a password change, so its date stays."""
    await conn.execute("UPDATE users SET password_hash = $2 WHERE user_id = $1", user_id, password_hash)


async def api_key(conn: asyncpg.Connection, key_id: str, *, lock: bool = False) -> asyncpg.Record | None:
    """A key not revoked, of an active agency; `lock`: share-locked as in user_by_username."""
    return await conn.fetchrow(
        f"""SELECT k.*, a.name_th AS agency_name FROM api_keys k JOIN agencies a USING (agency_id)
            WHERE key_id = $1 AND revoked_at IS NULL AND a.active{" FOR SHARE OF k, a" if lock else ""}""",
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


async def active_people_of_unit(conn: asyncpg.Connection, *, unit_id: str, agency_id: str) -> list[str]:
    """The user ids of a unit's active people (not of its sub-units)."""
    return [r["user_id"] for r in await conn.fetch(
        "SELECT user_id FROM users WHERE unit_id = $1 AND agency_id = $2 AND active ORDER BY user_id",
        unit_id, agency_id)]


async def secret_document_controllers(conn: asyncpg.Connection, *, agency_ids: Sequence[str], role: str,
                                      clearance: int) -> list[tuple[str, str]]:
    """(agency id, user id) of the active people of these agencies with `role` and at least `clearance`."""
    rows = await conn.fetch(
        """SELECT agency_id, user_id FROM users
           WHERE agency_id = ANY($1::text[]) AND active AND $2 = ANY(roles) AND clearance >= $3""",
        list(agency_ids), role, clearance)
    return [(r["agency_id"], r["user_id"]) for r in rows]
