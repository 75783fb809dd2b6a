"""All SQL of digital signatures: credentials, signature images, letters' signature state, recipients' checks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import asyncpg

_CREDENTIAL = """credential_id, kind, holder_id, agency_id, token_label, serial, certificate, chain, not_after,
                 issued_at, revoked_at, revocation_reason"""


async def active_credential(conn: asyncpg.Connection, *, kind: str, holder_id: str,
                            for_update: bool = False) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {_CREDENTIAL} FROM signing_credentials WHERE kind = $1 AND holder_id = $2 AND revoked_at IS NULL"
        + (" FOR UPDATE" if for_update else ""), kind, holder_id)


async def insert_credential(conn: asyncpg.Connection, *, kind: str, holder_id: str, agency_id: str,
                            token_label: str, serial: str, certificate: bytes, chain: Sequence[bytes],
                            not_after: datetime, issued_at: datetime) -> uuid.UUID:
    credential_id = uuid.uuid4()
    await conn.execute(
        """INSERT INTO signing_credentials (credential_id, kind, holder_id, agency_id, token_label, serial,
                                            certificate, chain, not_after, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        credential_id, kind, holder_id, agency_id, token_label, serial, certificate, list(chain), not_after,
        issued_at)
    return credential_id


async def mark_revoked(conn: asyncpg.Connection, *, credential_id: uuid.UUID, at: datetime, reason: str) -> bool:
    """False when it was already revoked."""
    status = await conn.execute(
        """UPDATE signing_credentials SET revoked_at = $2, revocation_reason = $3
           WHERE credential_id = $1 AND revoked_at IS NULL""", credential_id, at, reason)
    return status.endswith(" 1")


async def lock_holder(conn: asyncpg.Connection, kind: str, holder_id: str) -> None:
    """Serialises enrolling one holder (two requests at once would make two tokens)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"signing:{kind}:{holder_id}")


async def signature_image(conn: asyncpg.Connection, user_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT object_key, sha256, mime_type, size_bytes, updated_at FROM signature_images WHERE user_id = $1",
        user_id)


async def put_signature_image(conn: asyncpg.Connection, *, user_id: str, object_key: str, sha256: str,
                              mime_type: str, size_bytes: int, at: datetime) -> None:
    await conn.execute(
        """INSERT INTO signature_images (user_id, object_key, sha256, mime_type, size_bytes, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (user_id) DO UPDATE SET object_key = $2, sha256 = $3, mime_type = $4, size_bytes = $5,
                                               updated_at = $6""",
        user_id, object_key, sha256, mime_type, size_bytes, at)


async def delete_signature_image(conn: asyncpg.Connection, user_id: str) -> None:
    await conn.execute("DELETE FROM signature_images WHERE user_id = $1", user_id)


async def mark_letter_signed(conn: asyncpg.Connection, letter_id: uuid.UUID) -> None:
    await conn.execute("UPDATE letters SET signed_digitally = true WHERE letter_id = $1", letter_id)


async def add_signed_file(conn: asyncpg.Connection, *, attachment_id: uuid.UUID, signed_at: datetime,
                          archive_due_at: datetime) -> None:
    await conn.execute(
        """INSERT INTO signed_files (attachment_id, level, signed_at, archive_due_at) VALUES ($1, 'B-T', $2, $3)""",
        attachment_id, signed_at, archive_due_at)


async def signed_file(conn: asyncpg.Connection, attachment_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM signed_files WHERE attachment_id = $1", attachment_id)


async def record_check(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, verdict: str,
                       report: Sequence[Mapping[str, Any]], at: datetime) -> None:
    await conn.execute(
        """UPDATE deliveries SET signature_verdict = $2, signature_report = $3::jsonb, signature_checked_at = $4
           WHERE delivery_id = $1""", delivery_id, verdict, json.dumps(list(report), default=str), at)


async def set_stamped_copy(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, attachment_id: uuid.UUID) -> None:
    await conn.execute("UPDATE deliveries SET stamped_attachment_id = $2 WHERE delivery_id = $1",
                       delivery_id, attachment_id)


async def main_letter_file(conn: asyncpg.Connection, letter_id: uuid.UUID) -> asyncpg.Record | None:
    """The signed main letter as stored: its attachment row (object key, checksum)."""
    return await conn.fetchrow(
        """SELECT a.attachment_id, a.object_key, a.sha256, a.filename, l.signed_digitally
           FROM letters l JOIN attachments a ON a.attachment_id = l.main_attachment_id
           WHERE l.letter_id = $1""", letter_id)


async def delivery_of_signed_file(conn: asyncpg.Connection, *, attachment_id: uuid.UUID,
                                  agency_id: str) -> asyncpg.Record | None:
    """The agency's delivery of a digitally signed letter whose main letter, or the agency's stamped copy of it,
    is this file."""
    return await conn.fetchrow(
        """SELECT d.delivery_id, d.letter_id FROM deliveries d JOIN letters l USING (letter_id)
           WHERE d.recipient_agency_id = $2 AND l.signed_digitally
             AND (l.main_attachment_id = $1 OR d.stamped_attachment_id = $1)
           LIMIT 1""", attachment_id, agency_id)


async def archive_due(conn: asyncpg.Connection, *, before: datetime, limit: int) -> list[asyncpg.Record]:
    """Signed files whose archive timestamp must be added or renewed, most overdue first, locked for this worker
    (replicas skip each other's)."""
    return await conn.fetch(
        """SELECT s.attachment_id, a.object_key, a.sha256 FROM signed_files s JOIN attachments a USING (attachment_id)
           WHERE s.archive_due_at <= $1 ORDER BY s.archive_due_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED""",
        before, limit)


async def mark_archived(conn: asyncpg.Connection, *, attachment_id: uuid.UUID, object_key: str, sha256: str,
                        size_bytes: int, at: datetime, next_due: datetime) -> None:
    """The file now holds its validation data and a new archive timestamp (the stored bytes replaced)."""
    await conn.execute("UPDATE attachments SET object_key = $2, sha256 = $3, size_bytes = $4 WHERE attachment_id = $1",
                       attachment_id, object_key, sha256, size_bytes)
    await conn.execute(
        """UPDATE signed_files SET level = 'B-LTA', archived_at = $2, archive_due_at = $3 WHERE attachment_id = $1""",
        attachment_id, at, next_due)


async def signing_copy(conn: asyncpg.Connection, *, letter_id: uuid.UUID, print_key: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT object_key, sha256, signing_room, slots FROM signing_copies WHERE letter_id = $1 AND print_key = $2""",
        letter_id, print_key)


async def add_signing_copy(conn: asyncpg.Connection, *, letter_id: uuid.UUID, print_key: str, object_key: str,
                           sha256: str, signing_room: Mapping[str, Any] | None, slots: Sequence[Mapping[str, Any]],
                           at: datetime) -> None:
    await conn.execute(
        """INSERT INTO signing_copies (letter_id, print_key, object_key, sha256, signing_room, slots, created_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) ON CONFLICT (letter_id, print_key) DO NOTHING""",
        letter_id, print_key, object_key, sha256, json.dumps(signing_room) if signing_room else None,
        json.dumps(list(slots)), at)


async def spent_copy_objects(conn: asyncpg.Connection, *, laid_out_before: datetime, limit: int) -> list[str]:
    """The PDFs of spent copies: their letter was signed, sent back or recalled since, or they are old."""
    rows = await conn.fetch(
        """SELECT DISTINCT c.object_key FROM signing_copies c JOIN letters l USING (letter_id)
           WHERE l.status <> 'in_review' OR c.created_at < $1 LIMIT $2""", laid_out_before, limit)
    return [row["object_key"] for row in rows]


async def delete_spent_copies(conn: asyncpg.Connection, *, object_key: str, laid_out_before: datetime) -> bool:
    """Deletes the spent copies kept in `object_key`; True when no copy refers to the object any more (copies of
    letters that print the same share one)."""
    await conn.execute(
        """DELETE FROM signing_copies c USING letters l
           WHERE c.letter_id = l.letter_id AND c.object_key = $1
             AND (l.status <> 'in_review' OR c.created_at < $2)""", object_key, laid_out_before)
    return not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM signing_copies WHERE object_key = $1)", object_key)
