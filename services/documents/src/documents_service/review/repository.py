"""SQL of reviews, their actions and versions, units' default routes and delegations."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import asyncpg

from .model import ReviewStatus, Step

# --- reviews -------------------------------------------------------------------------------------


async def get_review(conn: asyncpg.Connection, letter_id: uuid.UUID, *, for_update: bool = False) -> dict | None:
    row = await conn.fetchrow(f"SELECT * FROM reviews WHERE letter_id = $1{' FOR UPDATE' if for_update else ''}",
                              letter_id)
    return _decoded(row) if row else None


def _decoded(row: asyncpg.Record) -> dict:
    review = dict(row)
    review["steps"] = json.loads(review["steps"]) if isinstance(review["steps"], str) else review["steps"]
    return review


async def start_round(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_id: str, drafter_id: str,
                      steps: Sequence[Step], version: int, at: datetime) -> int:
    """The review's next round along `steps`, the first step open; returns the round."""
    steps_json = json.dumps([{"position": s.position, "user_id": s.user_id, "role": s.role} for s in steps])
    return await conn.fetchval(
        """INSERT INTO reviews (letter_id, agency_id, drafter_id, status, round, version, steps, current_position,
                                open_holder_id, assigned_at, updated_at)
           VALUES ($1, $2, $3, 'in_review', 1, $4, $5::jsonb, 1, $6, $7, $7)
           ON CONFLICT (letter_id) DO UPDATE SET status = 'in_review', round = reviews.round + 1, version = $4,
               steps = $5::jsonb, current_position = 1, open_holder_id = $6, assigned_at = $7, updated_at = $7,
               drafter_id = $3
           RETURNING round""",
        letter_id, agency_id, drafter_id, version, steps_json, steps[0].user_id, at)


async def move(conn: asyncpg.Connection, *, letter_id: uuid.UUID, status: ReviewStatus, position: int | None,
               holder_id: str | None, at: datetime) -> None:
    await conn.execute(
        """UPDATE reviews SET status = $2, current_position = $3, open_holder_id = $4,
               assigned_at = CASE WHEN $3::int IS NULL THEN NULL ELSE $5::timestamptz END, updated_at = $5
           WHERE letter_id = $1""",
        letter_id, status.value, position, holder_id, at)


async def record_action(conn: asyncpg.Connection, *, letter_id: uuid.UUID, round: int, position: int, action: str,
                        actor_id: str, version: int, at: datetime, on_behalf_of: str | None = None,
                        capacity: str = "", note: str = "", to_position: int | None = None) -> None:
    await conn.execute(
        """INSERT INTO review_actions (action_id, letter_id, round, position, action, actor_id, on_behalf_of, capacity,
                                       note, version, to_position, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""",
        uuid.uuid4(), letter_id, round, position, action, actor_id, on_behalf_of, capacity, note, version,
        to_position, at)


async def actions_of(conn: asyncpg.Connection, letter_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM review_actions WHERE letter_id = $1 ORDER BY at, action_id", letter_id)


async def waiting_for(conn: asyncpg.Connection, *, holder_ids: Sequence[str], agency_id: str,
                      limit: int) -> list[asyncpg.Record]:
    """Open steps held by these people (a person, and those they stand in for), most urgent and oldest first."""
    return await conn.fetch(
        """SELECT r.*, l.subject, l.kind, l.subtype, l.urgency, l.secrecy FROM reviews r JOIN letters l USING (letter_id)
           WHERE r.status = 'in_review' AND r.open_holder_id = ANY($1::text[]) AND r.agency_id = $2
           ORDER BY l.urgency DESC, r.assigned_at LIMIT $3""",
        list(holder_ids), agency_id, limit)


async def proposed_by(conn: asyncpg.Connection, *, drafter_id: str, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT r.*, l.subject, l.kind, l.subtype, l.urgency, l.secrecy, l.status AS letter_status
           FROM reviews r JOIN letters l USING (letter_id)
           WHERE r.drafter_id = $1 AND l.status <> 'sent' ORDER BY r.updated_at DESC LIMIT $2""",
        drafter_id, limit)


async def signed_to_number(conn: asyncpg.Connection, *, agency_id: str, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT l.letter_id, l.subject, l.kind, l.subtype, l.urgency, l.secrecy, l.signatory_name,
                  l.signatory_capacity, r.updated_at AS signed_at
           FROM letters l JOIN reviews r USING (letter_id)
           WHERE l.sender_agency_id = $1 AND l.status = 'signed' ORDER BY l.urgency DESC, r.updated_at LIMIT $2""",
        agency_id, limit)


# --- versions ------------------------------------------------------------------------------------

VERSIONED_FIELDS = ("kind", "subtype", "subject", "salutation", "reference_text", "enclosures_text", "body",
                    "closing", "owning_unit", "contact", "copies_to", "urgency", "secrecy", "seal_initials",
                    "effective_from", "issue_number", "recipient_agency_ids")


async def keep_version(conn: asyncpg.Connection, letter: Mapping[str, Any], *, by: str, at: datetime) -> None:
    """What the letter says now, as its current version (once: proposing again unchanged keeps the version)."""
    content = {f: letter[f].isoformat() if f == "effective_from" and letter[f] else letter[f] for f in VERSIONED_FIELDS}
    await conn.execute(
        """INSERT INTO letter_versions (letter_id, version, content, created_by, created_at)
           VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (letter_id, version) DO NOTHING""",
        letter["letter_id"], letter["version"], json.dumps(content, ensure_ascii=False), by, at)


async def version_kept(conn: asyncpg.Connection, letter_id: uuid.UUID, version: int) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM letter_versions WHERE letter_id = $1 AND version = $2",
                                    letter_id, version))


async def get_version(conn: asyncpg.Connection, letter_id: uuid.UUID, version: int) -> dict | None:
    content = await conn.fetchval("SELECT content FROM letter_versions WHERE letter_id = $1 AND version = $2",
                                  letter_id, version)
    return json.loads(content) if isinstance(content, str) else content


async def versions_of(conn: asyncpg.Connection, letter_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT version, created_by, created_at FROM letter_versions WHERE letter_id = $1 ORDER BY version", letter_id)


# --- default routes ------------------------------------------------------------------------------

async def default_route(conn: asyncpg.Connection, unit_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT reviewer_ids, signer_id FROM unit_default_routes WHERE unit_id = $1", unit_id)


async def put_default_route(conn: asyncpg.Connection, *, unit_id: str, reviewer_ids: Sequence[str], signer_id: str,
                            by: str, at: datetime) -> None:
    await conn.execute(
        """INSERT INTO unit_default_routes (unit_id, reviewer_ids, signer_id, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (unit_id) DO UPDATE SET reviewer_ids = $2, signer_id = $3, updated_by = $4, updated_at = $5""",
        unit_id, list(reviewer_ids), signer_id, by, at)


# --- delegations ---------------------------------------------------------------------------------

_IN_FORCE = "starts_at <= $2 AND ends_at > $2 AND (ended_at IS NULL OR ended_at > $2)"


async def stood_in_for(conn: asyncpg.Connection, delegate_id: str, at: datetime) -> list[asyncpg.Record]:
    """The delegations `delegate_id` acts under at `at`."""
    return await conn.fetch(f"SELECT * FROM delegations WHERE delegate_id = $1 AND {_IN_FORCE}", delegate_id, at)


async def delegation_of(conn: asyncpg.Connection, holder_id: str, at: datetime) -> asyncpg.Record | None:
    """Who stands in for `holder_id` at `at`, if anyone."""
    return await conn.fetchrow(f"SELECT * FROM delegations WHERE holder_id = $1 AND {_IN_FORCE} LIMIT 1", holder_id, at)


async def lock_holder(conn: asyncpg.Connection, holder_id: str) -> None:
    """Serialises delegations of one holder, so two overlapping ones cannot both pass the overlap check."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('delegations:' || $1, 0))", holder_id)


async def overlapping(conn: asyncpg.Connection, *, holder_id: str, starts_at: datetime,
                      ends_at: datetime) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT * FROM delegations WHERE holder_id = $1 AND starts_at < $3 AND COALESCE(ended_at, ends_at) > $2
           LIMIT 1""", holder_id, starts_at, ends_at)


async def insert_delegation(conn: asyncpg.Connection, values: Mapping[str, Any]) -> None:
    columns = list(values)
    await conn.execute(
        f"INSERT INTO delegations ({', '.join(columns)}) VALUES ({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
        *(values[c] for c in columns))


async def delegations_in(conn: asyncpg.Connection, *, agency_id: str, since: datetime) -> list[asyncpg.Record]:
    """Delegations not over by `since`, soonest first."""
    return await conn.fetch(
        """SELECT * FROM delegations WHERE agency_id = $1 AND COALESCE(ended_at, ends_at) > $2
           ORDER BY starts_at, delegation_id""", agency_id, since)


async def get_delegation(conn: asyncpg.Connection, delegation_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM delegations WHERE delegation_id = $1", delegation_id)


async def end_delegation(conn: asyncpg.Connection, delegation_id: uuid.UUID, at: datetime) -> None:
    await conn.execute("UPDATE delegations SET ended_at = $2 WHERE delegation_id = $1", delegation_id, at)
