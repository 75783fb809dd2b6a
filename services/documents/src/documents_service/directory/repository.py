"""SQL of the agency directory; callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg


async def get_agency(conn: asyncpg.Connection, agency_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM agencies WHERE agency_id = $1", agency_id)


async def list_agencies(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM agencies ORDER BY agency_id")


async def existing_agency_ids(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> set[str]:
    rows = await conn.fetch("SELECT agency_id FROM agencies WHERE agency_id = ANY($1::text[])", list(agency_ids))
    return {r["agency_id"] for r in rows}


async def upsert_agency(conn: asyncpg.Connection, *, agency_id: str, parent_id: str | None, kind: str,
                        name_th: str, name_en: str | None, letter_prefix: str, province_code: str | None) -> None:
    await conn.execute(
        """INSERT INTO agencies (agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (agency_id) DO UPDATE SET parent_id = EXCLUDED.parent_id, kind = EXCLUDED.kind,
               name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en, letter_prefix = EXCLUDED.letter_prefix,
               province_code = EXCLUDED.province_code""",
        agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code,
    )
