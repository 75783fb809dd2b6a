"""SQL of attachment metadata; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg


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
                              AND d.recipient_agency_id = $2 AND d.status <> 'withdrawn') AS delivered_here,
                      EXISTS (SELECT 1 FROM letter_access x WHERE x.letter_id = l.letter_id AND x.user_id = $3) AS named
               FROM letter_attachments la JOIN letters l USING (letter_id) WHERE la.attachment_id = $1)
           SELECT a.*, coalesce((SELECT max(secrecy) FROM uses WHERE named), 1) AS max_secrecy
           FROM attachments a
           WHERE a.attachment_id = $1 AND (
               (a.agency_id = $2 AND NOT EXISTS (SELECT 1 FROM uses WHERE secrecy > 1 AND NOT named))
               OR EXISTS (SELECT 1 FROM uses WHERE (delivered_here OR sender_agency_id = $2)
                          AND (secrecy = 1 OR named)))""",
        attachment_id, agency_id, user_id,
    )


async def count_for_letter(conn: asyncpg.Connection, letter_id: uuid.UUID) -> int:
    return await conn.fetchval("SELECT count(*) FROM letter_attachments WHERE letter_id = $1", letter_id)
