"""All SQL of the documents service; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import asyncpg


# --- directory -------------------------------------------------------------------------------

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


# --- attachments -----------------------------------------------------------------------------

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


# --- letters ---------------------------------------------------------------------------------

async def insert_letter(conn: asyncpg.Connection, *, letter_id: uuid.UUID, sender_agency_id: str, kind: str,
                        subject: str, salutation: str, body: str, urgency: int, secrecy: int, channel: str,
                        is_circular: bool, deadline: datetime | None, recipient_agency_ids: Sequence[str],
                        created_by: str) -> None:
    await conn.execute(
        """INSERT INTO letters (letter_id, sender_agency_id, kind, subject, salutation, body, urgency, secrecy,
                                channel, is_circular, deadline, recipient_agency_ids, status, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13)""",
        letter_id, sender_agency_id, kind, subject, salutation, body, urgency, secrecy, channel, is_circular,
        deadline, list(recipient_agency_ids), created_by,
    )


async def link_attachments(conn: asyncpg.Connection, *, letter_id: uuid.UUID,
                           attachment_ids: Sequence[uuid.UUID]) -> None:
    await conn.executemany(
        "INSERT INTO letter_attachments (letter_id, attachment_id, position) VALUES ($1, $2, $3)",
        [(letter_id, attachment_id, position) for position, attachment_id in enumerate(attachment_ids)],
    )


async def get_letter(conn: asyncpg.Connection, letter_id: uuid.UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM letters WHERE letter_id = $1{lock}", letter_id)


async def is_delivered_to(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM deliveries WHERE letter_id = $1 AND recipient_agency_id = $2", letter_id, agency_id
    ))


async def next_register_number(conn: asyncpg.Connection, *, agency_id: str, register: str, year: int) -> int:
    """Row lock on the counter serialises concurrent senders of one agency; other agencies are not blocked."""
    return await conn.fetchval(
        """INSERT INTO register_counters (agency_id, register, year, last_number) VALUES ($1, $2, $3, 1)
           ON CONFLICT (agency_id, register, year) DO UPDATE SET last_number = register_counters.last_number + 1
           RETURNING last_number""",
        agency_id, register, year,
    )


async def mark_sent(conn: asyncpg.Connection, *, letter_id: uuid.UUID, letter_number: str, year: int,
                    number: int, sent_at: datetime) -> None:
    await conn.execute(
        """UPDATE letters SET status = 'sent', letter_number = $2, send_register_year = $3,
               send_register_number = $4, sent_at = $5 WHERE letter_id = $1""",
        letter_id, letter_number, year, number, sent_at,
    )


async def insert_deliveries(conn: asyncpg.Connection, rows: Sequence[tuple[uuid.UUID, uuid.UUID, str, datetime]]) -> None:
    """rows: (delivery_id, letter_id, recipient_agency_id, delivered_at); COPY keeps big circulars fast."""
    await conn.copy_records_to_table(
        "deliveries",
        records=[(d, l, r, "delivered", t) for d, l, r, t in rows],
        columns=("delivery_id", "letter_id", "recipient_agency_id", "status", "delivered_at"),
    )


async def inbox(conn: asyncpg.Connection, *, agency_id: str, max_secrecy: int, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT d.delivery_id, d.status, d.delivered_at, l.letter_id, l.letter_number, l.sender_agency_id,
                  a.name_th AS sender_name_th, l.subject, l.urgency, l.secrecy, l.deadline
           FROM deliveries d JOIN letters l USING (letter_id) JOIN agencies a ON a.agency_id = l.sender_agency_id
           WHERE d.recipient_agency_id = $1 AND l.secrecy <= $2
           ORDER BY d.delivered_at DESC LIMIT $3""",
        agency_id, max_secrecy, limit,
    )
