"""SQL of attachment metadata; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

import asyncpg

from opensaraban_shared.vocabulary import Secrecy

from ..letters.model import DeliveryStatus


async def insert_attachment(conn: asyncpg.Connection, *, attachment_id: uuid.UUID, agency_id: str, sha256: str,
                            object_key: str, size_bytes: int, mime_type: str, filename: str, uploaded_by: str) -> None:
    await conn.execute(
        """INSERT INTO attachments (attachment_id, agency_id, sha256, object_key, size_bytes, mime_type, filename,
                                    uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        attachment_id, agency_id, sha256, object_key, size_bytes, mime_type, filename, uploaded_by,
    )


async def attachments_owned_by(conn: asyncpg.Connection, *, agency_id: str,
                               attachment_ids: Sequence[uuid.UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM attachments WHERE agency_id = $1 AND attachment_id = ANY($2::uuid[])",
        agency_id, list(attachment_ids),
    )


async def get_attachment(conn: asyncpg.Connection, attachment_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM attachments WHERE attachment_id = $1", attachment_id)


async def letter_attachments(conn: asyncpg.Connection, letter_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT a.* FROM letter_attachments la JOIN attachments a USING (attachment_id)
           WHERE la.letter_id = $1 ORDER BY la.position""",
        letter_id,
    )


async def attachment_visible_to(conn: asyncpg.Connection, *, attachment_id: uuid.UUID, agency_id: str,
                                user_id: str) -> asyncpg.Record | None:
    """The uploader's agency sees its files; a recipient sees the files of letters delivered to it.
    A file of a secret letter only to that letter's named readers. `max_secrecy` tells whether to audit."""
    return await conn.fetchrow(
        """WITH uses AS (
               SELECT l.letter_id, l.secrecy, l.sender_agency_id,
                      EXISTS (SELECT 1 FROM deliveries d WHERE d.letter_id = l.letter_id
                              AND d.recipient_agency_id = $2 AND d.status <> $4) AS delivered_here,
                      EXISTS (SELECT 1 FROM letter_access x WHERE x.letter_id = l.letter_id AND x.user_id = $3) AS named
               FROM letters l WHERE l.letter_id IN (  -- its letters; a recipient's stamped copy is its letter's too
                   SELECT letter_id FROM letter_attachments WHERE attachment_id = $1
                   UNION SELECT letter_id FROM deliveries WHERE stamped_attachment_id = $1))
           SELECT a.*, coalesce((SELECT max(secrecy) FROM uses WHERE named), $5) AS max_secrecy
           FROM attachments a
           WHERE a.attachment_id = $1 AND (
               (a.agency_id = $2 AND NOT EXISTS (SELECT 1 FROM uses WHERE secrecy > $5 AND NOT named))
               OR EXISTS (SELECT 1 FROM uses WHERE (delivered_here OR sender_agency_id = $2)
                          AND (secrecy = $5 OR named)))""",
        attachment_id, agency_id, user_id, DeliveryStatus.WITHDRAWN.value, int(Secrecy.NORMAL),
    )


async def count_for_letter(conn: asyncpg.Connection, letter_id: uuid.UUID) -> int:
    return await conn.fetchval("SELECT count(*) FROM letter_attachments WHERE letter_id = $1", letter_id)


async def lock_object(conn: asyncpg.Connection, object_key: str) -> None:
    """Serialises the cleanup of an object with uploads of the same bytes (transaction-scoped)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 2))", object_key)


async def deleted_since(conn: asyncpg.Connection, *, object_key: str, since: datetime) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM deleted_objects WHERE object_key = $1 AND deleted_at >= $2", object_key, since))


async def unused_object_keys(conn: asyncpg.Connection, *, older_than: timedelta, limit: int) -> list[str]:
    rows = await conn.fetch(
        """SELECT DISTINCT object_key FROM attachments a
           WHERE created_at < now() - $1::interval
             AND NOT EXISTS (SELECT 1 FROM letter_attachments la WHERE la.attachment_id = a.attachment_id)
             AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.stamped_attachment_id = a.attachment_id)
           LIMIT $2""", older_than, limit)
    return [r["object_key"] for r in rows]


async def delete_unused_rows(conn: asyncpg.Connection, *, object_key: str, older_than: timedelta) -> int:
    deleted = await conn.fetch(
        """DELETE FROM attachments a WHERE object_key = $1 AND created_at < now() - $2::interval
             AND NOT EXISTS (SELECT 1 FROM letter_attachments la WHERE la.attachment_id = a.attachment_id)
           RETURNING attachment_id""", object_key, older_than)
    return len(deleted)


async def object_in_use(conn: asyncpg.Connection, object_key: str) -> bool:
    return bool(await conn.fetchval("SELECT true FROM attachments WHERE object_key = $1 LIMIT 1", object_key))


async def record_deleted_object(conn: asyncpg.Connection, object_key: str) -> None:
    await conn.execute(
        """INSERT INTO deleted_objects (object_key, deleted_at) VALUES ($1, clock_timestamp())
           ON CONFLICT (object_key) DO UPDATE SET deleted_at = EXCLUDED.deleted_at""", object_key)
