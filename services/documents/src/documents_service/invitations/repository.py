"""SQL of invitation requests and the pack's attachment row; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg


async def letter_for(conn: asyncpg.Connection, request_id: uuid.UUID) -> uuid.UUID | None:
    return await conn.fetchval("SELECT letter_id FROM meeting_invitations WHERE request_id = $1", request_id)


async def record(conn: asyncpg.Connection, *, request_id: uuid.UUID, meeting_id: uuid.UUID, version: int,
                 letter_id: uuid.UUID, skipped_agency_ids: Sequence[str]) -> None:
    await conn.execute(
        """INSERT INTO meeting_invitations (request_id, meeting_id, version, letter_id, skipped_agency_ids)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING""",
        request_id, meeting_id, version, letter_id, list(skipped_agency_ids))


async def attach_existing_object(conn: asyncpg.Connection, *, attachment_id: uuid.UUID, agency_id: str, sha256: str,
                                 object_key: str, size_bytes: int, filename: str, uploaded_by: str) -> None:
    """Makes an object already in the bucket (the meeting service's pack) one of the agency's attachments."""
    await conn.execute(
        """INSERT INTO attachments (attachment_id, agency_id, sha256, object_key, size_bytes, mime_type, filename,
                                    uploaded_by) VALUES ($1, $2, $3, $4, $5, 'application/pdf', $6, $7)
           ON CONFLICT (attachment_id) DO NOTHING""",
        attachment_id, agency_id, sha256, object_key, size_bytes, filename, uploaded_by)
