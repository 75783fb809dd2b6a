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


async def attachment_visible_to(conn: asyncpg.Connection, *, attachment_id: uuid.UUID,
                                agency_id: str) -> asyncpg.Record | None:
    """The uploader's agency sees its files; a recipient sees the files of letters delivered to it."""
    return await conn.fetchrow(
        """SELECT a.* FROM attachments a
           WHERE a.attachment_id = $1 AND (a.agency_id = $2 OR EXISTS (
               SELECT 1 FROM letter_attachments la JOIN deliveries d USING (letter_id)
               WHERE la.attachment_id = a.attachment_id AND d.recipient_agency_id = $2))""",
        attachment_id, agency_id,
    )
