"""SQL of letters, deliveries and register counters; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import asyncpg


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
