"""A service's own copy of the directory's agencies, kept from AgencyChanged events (documents owns the directory).

The service creates the table in one of its migrations:

    CREATE TABLE agencies (agency_id text PRIMARY KEY, name_th text NOT NULL, name_en text,
                           active boolean NOT NULL, changed_at timestamptz NOT NULL);

Events carry the whole record, so a copy is an upsert where the newest `changed_at` wins: redelivered or
reordered events leave the same result.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from .events import AgencyChanged


async def upsert_agencies(conn: asyncpg.Connection, agencies: Sequence[AgencyChanged]) -> None:
    if not agencies:
        return
    await conn.executemany(
        """INSERT INTO agencies AS a (agency_id, name_th, name_en, active, changed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (agency_id) DO UPDATE SET name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en,
               active = EXCLUDED.active, changed_at = EXCLUDED.changed_at
           WHERE a.changed_at <= EXCLUDED.changed_at""",
        [(a.agency_id, a.name_th, a.name_en, a.active, a.changed_at) for a in agencies],
    )


async def active_agencies(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    """The active agencies among `agency_ids`, by id (names in Thai and English)."""
    rows = await conn.fetch("SELECT agency_id, name_th, name_en FROM agencies WHERE agency_id = ANY($1::text[]) "
                            "AND active", list(agency_ids))
    return {r["agency_id"]: r for r in rows}
