"""SQL of letters, deliveries, registers, routing and secret access; callers own the transaction. Status values come
from the letter model; the directory's and people's tables are read through their own repositories."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import asyncpg

from opensaraban_shared.vocabulary import Secrecy

from . import model

LETTER_COLUMNS = (
    "letter_id", "sender_agency_id", "sender_name", "kind", "subtype", "subject", "salutation", "reference_text",
    "enclosures_text", "body", "closing", "signatory_name", "signatory_position", "owning_unit", "contact",
    "copies_to", "urgency", "secrecy", "channel", "is_circular", "deadline", "recipient_agency_ids",
    "external_recipients", "reply_to_letter_id", "status", "letter_number", "letter_date", "created_by", "created_at",
    "sent_at",
)
EDITABLE_COLUMNS = frozenset({
    "kind", "subtype", "subject", "salutation", "reference_text", "enclosures_text", "body", "closing",
    "signatory_name", "signatory_position", "owning_unit", "contact", "copies_to", "urgency", "secrecy",
    "is_circular", "deadline", "seal_initials", "effective_from", "issue_number", "recipient_agency_ids",
    "main_letter", "main_attachment_id", "version",
})


async def insert_letter(conn: asyncpg.Connection, values: Mapping[str, Any]) -> None:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    await conn.execute(
        f"INSERT INTO letters ({', '.join(columns)}) VALUES ({placeholders})", *(values[c] for c in columns)
    )


async def update_draft(conn: asyncpg.Connection, letter_id: uuid.UUID, changes: Mapping[str, Any]) -> None:
    columns = [c for c in changes if c in EDITABLE_COLUMNS]
    if not columns:
        return
    assignments = ", ".join(f"{c} = ${i}" for i, c in enumerate(columns, start=2))
    await conn.execute(f"UPDATE letters SET {assignments} WHERE letter_id = $1", letter_id,
                       *(changes[c] for c in columns))


async def link_attachments(conn: asyncpg.Connection, *, letter_id: uuid.UUID, main_attachment_id: uuid.UUID | None,
                           attachment_ids: Sequence[uuid.UUID]) -> None:
    """The main letter at position 0 (when it is a file), the enclosures from position 1, in order."""
    rows = [(letter_id, main_attachment_id, 0)] if main_attachment_id else []
    rows += [(letter_id, attachment_id, position) for position, attachment_id in enumerate(attachment_ids, start=1)]
    if rows:
        await conn.executemany(
            "INSERT INTO letter_attachments (letter_id, attachment_id, position) VALUES ($1, $2, $3)", rows)


async def relink_attachments(conn: asyncpg.Connection, *, letter_id: uuid.UUID, main_attachment_id: uuid.UUID | None,
                             attachment_ids: Sequence[uuid.UUID]) -> None:
    """A draft's files as the drafter now lists them."""
    await conn.execute("DELETE FROM letter_attachments WHERE letter_id = $1", letter_id)
    await link_attachments(conn, letter_id=letter_id, main_attachment_id=main_attachment_id,
                           attachment_ids=attachment_ids)


async def set_main_letter(conn: asyncpg.Connection, *, letter_id: uuid.UUID, attachment_id: uuid.UUID) -> None:
    """The printed letter becomes the main letter's file."""
    await conn.execute("UPDATE letters SET main_attachment_id = $2 WHERE letter_id = $1", letter_id, attachment_id)
    await conn.execute("INSERT INTO letter_attachments (letter_id, attachment_id, position) VALUES ($1, $2, 0)",
                       letter_id, attachment_id)


async def replace_main_letter(conn: asyncpg.Connection, *, letter_id: uuid.UUID, old: uuid.UUID,
                              new: uuid.UUID) -> None:
    """The main letter's file replaced in its place (an uploaded main letter by its signed version)."""
    await conn.execute("UPDATE letters SET main_attachment_id = $2 WHERE letter_id = $1", letter_id, new)
    await conn.execute("UPDATE letter_attachments SET attachment_id = $3 WHERE letter_id = $1 AND attachment_id = $2",
                       letter_id, old, new)


async def set_status(conn: asyncpg.Connection, letter_id: uuid.UUID, status: model.LetterStatus) -> None:
    await conn.execute("UPDATE letters SET status = $2 WHERE letter_id = $1", letter_id, status.value)


async def mark_signed(conn: asyncpg.Connection, letter_id: uuid.UUID, *, name: str, position: str,
                      capacity: str) -> None:
    """Signed through the review chain: the signature block names the signer, in their capacity."""
    await conn.execute(
        """UPDATE letters SET status = 'signed', signatory_name = $2, signatory_position = $3, signatory_capacity = $4,
               approved_electronically = true WHERE letter_id = $1""", letter_id, name, position, capacity)


async def delete_draft(conn: asyncpg.Connection, letter_id: uuid.UUID) -> None:
    """A draft and what hangs on it (its search entry goes by cascade); its uploaded files stay the agency's, and
    the cleanup removes those no letter uses."""
    for statement in ("DELETE FROM letter_attachments WHERE letter_id = $1",
                      "DELETE FROM letter_access WHERE letter_id = $1",
                      "DELETE FROM letters WHERE letter_id = $1 AND status = 'draft'"):
        await conn.execute(statement, letter_id)


async def get_letter(conn: asyncpg.Connection, letter_id: uuid.UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM letters WHERE letter_id = $1{lock}", letter_id)


async def close_register_year(conn: asyncpg.Connection, *, agency_id: str, year: int, closed_by: str) -> bool:
    return bool(await conn.fetchval(
        "INSERT INTO register_closures (agency_id, year, closed_by) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING true", agency_id, year, closed_by))


async def next_register_number(conn: asyncpg.Connection, *, agency_id: str, register: str, year: int) -> int | None:
    """The next number of a series, or None when the agency closed that year's registers.

    The row lock on the counter serialises concurrent numbering of one agency's series (other agencies
    are not blocked), and the increment commits or rolls back with the letter: numbers never repeat
    and never skip.
    """
    return await conn.fetchval(
        """INSERT INTO register_counters (agency_id, register, year, last_number)
           SELECT $1, $2, $3, 1
           WHERE NOT EXISTS (SELECT 1 FROM register_closures c WHERE c.agency_id = $1 AND c.year = $3)
           ON CONFLICT (agency_id, register, year) DO UPDATE SET last_number = register_counters.last_number + 1
           WHERE NOT EXISTS (SELECT 1 FROM register_closures c WHERE c.agency_id = $1 AND c.year = $3)
           RETURNING last_number""",
        agency_id, register, year,
    )


async def mark_sent(conn: asyncpg.Connection, *, letter_id: uuid.UUID, sending: model.Sending,
                    letter_date: date | None = None) -> None:
    """Numbered and sent; dated the day it was sent, or `letter_date` when the sender's own system dated it."""
    await conn.execute(
        """UPDATE letters SET status = $9, letter_number = $2, register_series = $3, send_register_year = $4,
               send_register_number = $5, sent_at = $6,
               letter_date = COALESCE($10, ($6 AT TIME ZONE 'Asia/Bangkok')::date),
               channel = $7, external_recipients = $8, numbered_by_sender = ($5::int IS NULL)
           WHERE letter_id = $1""",
        letter_id, sending.letter_number, sending.numbering.series, sending.numbering.year, sending.number,
        sending.sent_at, sending.channel.value, list(sending.external_recipients), model.LetterStatus.SENT.value,
        letter_date,
    )


async def mark_numbered(conn: asyncpg.Connection, *, letter_id: uuid.UUID, letter_number: str,
                        numbering: model.Numbering, number: int, letter_date: date) -> None:
    """Numbered and dated before it is sent (a digitally signed letter, as it is signed)."""
    await conn.execute(
        """UPDATE letters SET letter_number = $2, register_series = $3, send_register_year = $4,
               send_register_number = $5, letter_date = $6 WHERE letter_id = $1""",
        letter_id, letter_number, numbering.series, numbering.year, number, letter_date)


async def insert_deliveries(conn: asyncpg.Connection, letter_id: uuid.UUID,
                            deliveries: Sequence[model.NewDelivery]) -> None:
    """COPY for circulars; a pipelined INSERT for the common letter to a few agencies."""
    rows = [(d.delivery_id, letter_id, d.recipient_agency_id, d.recipient_name, d.channel.value, d.status.value,
             d.delivered_at) for d in deliveries]
    if len(rows) <= 20:
        await conn.executemany(
            """INSERT INTO deliveries (delivery_id, letter_id, recipient_agency_id, recipient_name, channel, status,
                                       delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)""", rows)
        return
    await conn.copy_records_to_table(
        "deliveries", records=rows,
        columns=("delivery_id", "letter_id", "recipient_agency_id", "recipient_name", "channel", "status",
                 "delivered_at"),
    )


async def deliveries_of(conn: asyncpg.Connection, letter_id: uuid.UUID, *, status: str | None = None,
                        limit: int = 200, offset: int = 0) -> list[asyncpg.Record]:
    """Each recipient with its name: the directory's Thai name, or the name written for a posted (external) one."""
    return await conn.fetch(
        """SELECT d.delivery_id, d.recipient_agency_id, coalesce(nullif(d.recipient_name, ''), a.name_th, '')
                  AS recipient_name, d.channel, d.status, d.attempt, d.delivered_at, d.accepted_at,
                  d.receive_register_number, d.rejected_at, d.reject_reason, d.withdrawn_at, d.closed_at,
                  d.signature_verdict, d.signature_checked_at, d.signature_report, d.stamped_attachment_id
           FROM deliveries d LEFT JOIN agencies a ON a.agency_id = d.recipient_agency_id
           WHERE d.letter_id = $1 AND ($2::text IS NULL OR d.status = $2)
           ORDER BY d.recipient_agency_id NULLS LAST, d.recipient_name LIMIT $3 OFFSET $4""",
        letter_id, status, limit, offset)


async def delivery_counts(conn: asyncpg.Connection, letter_id: uuid.UUID) -> dict[str, int]:
    rows = await conn.fetch("SELECT status, count(*) AS n FROM deliveries WHERE letter_id = $1 GROUP BY status",
                            letter_id)
    return {r["status"]: r["n"] for r in rows}


async def delivery_counts_of_sent(conn: asyncpg.Connection, *, agency_id: str,
                                  letter_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Recipients per status of each of these letters that `agency_id` sent (others are left out)."""
    rows = await conn.fetch(
        """SELECT d.letter_id, d.status, count(*) AS n FROM deliveries d JOIN letters l USING (letter_id)
           WHERE d.letter_id = ANY($1::uuid[]) AND l.sender_agency_id = $2 GROUP BY d.letter_id, d.status""",
        letter_ids, agency_id)
    counts: dict[uuid.UUID, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r["letter_id"], {})[r["status"]] = r["n"]
    return counts


async def delivery_for(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM deliveries WHERE letter_id = $1 AND recipient_agency_id = $2", letter_id, agency_id)


async def get_delivery(conn: asyncpg.Connection, delivery_id: uuid.UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE OF d" if for_update else ""
    return await conn.fetchrow(
        f"""SELECT d.*, l.sender_agency_id, l.secrecy, l.letter_number, l.kind, l.urgency, l.subject, l.channel AS
                   letter_channel, l.sent_at, l.deadline, l.created_by
            FROM deliveries d JOIN letters l USING (letter_id) WHERE d.delivery_id = $1{lock}""",
        delivery_id)


async def accept(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, user_id: str, year: int, number: int,
                 at: datetime, action_note: str = "") -> None:
    await conn.execute(
        """UPDATE deliveries SET status = $7, accepted_at = $2, accepted_by = $3, receive_register_year = $4,
               receive_register_number = $5, action_note = $6 WHERE delivery_id = $1""",
        delivery_id, at, user_id, year, number, action_note, model.DeliveryStatus.ACCEPTED.value)


async def reject(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, status: model.DeliveryStatus, user_id: str,
                 reason: str, at: datetime) -> None:
    await conn.execute(
        "UPDATE deliveries SET status = $2, rejected_at = $3, rejected_by = $4, reject_reason = $5 WHERE delivery_id = $1",
        delivery_id, status.value, at, user_id, reason)


async def withdraw(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_ids: Sequence[str] | None,
                   at: datetime) -> list[asyncpg.Record]:
    """Takes back the deliveries that may still be withdrawn; returns the ones withdrawn now."""
    return await conn.fetch(
        """UPDATE deliveries SET status = $4, withdrawn_at = $2
           WHERE letter_id = $1 AND status = ANY($5::text[])
             AND recipient_agency_id IS NOT NULL AND ($3::text[] IS NULL OR recipient_agency_id = ANY($3::text[]))
           RETURNING *""",
        letter_id, at, list(agency_ids) if agency_ids is not None else None, model.DeliveryStatus.WITHDRAWN.value,
        sorted(model.WITHDRAWABLE))


async def redeliver(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_ids: Sequence[str] | None,
                    at: datetime) -> list[asyncpg.Record]:
    return await conn.fetch(
        """UPDATE deliveries SET status = $4, delivered_at = $2, attempt = attempt + 1, withdrawn_at = NULL,
               rejected_at = NULL, rejected_by = NULL, reject_reason = NULL
           WHERE letter_id = $1 AND status = ANY($5::text[])
             AND recipient_agency_id IS NOT NULL AND ($3::text[] IS NULL OR recipient_agency_id = ANY($3::text[]))
           RETURNING *""",
        letter_id, at, list(agency_ids) if agency_ids is not None else None, model.DeliveryStatus.DELIVERED.value,
        sorted(model.REDELIVERABLE))


async def close(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, user_id: str, at: datetime) -> None:
    await conn.execute("UPDATE deliveries SET closed_at = $2, closed_by = $3 WHERE delivery_id = $1",
                       delivery_id, at, user_id)


async def insert_routing(conn: asyncpg.Connection, **values: Any) -> None:
    columns = list(values)
    await conn.execute(
        f"INSERT INTO routings ({', '.join(columns)}) VALUES ({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
        *values.values())


async def routings_of(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM routings WHERE delivery_id = $1 ORDER BY created_at", delivery_id)


# A letter routed to a unit reaches the people of that unit (not of its sub-units: they get it when it is routed on).
_ROUTED_TO_USER = """EXISTS (SELECT 1 FROM routings r WHERE r.delivery_id = {delivery} AND (r.to_user_id = {user}
                     OR r.to_unit_id = (SELECT u.unit_id FROM users u WHERE u.user_id = {user})))"""


async def is_routed_to(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, user_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT " + _ROUTED_TO_USER.format(delivery="$1", user="$2"), delivery_id, user_id))


async def insert_comment(conn: asyncpg.Connection, **values: Any) -> None:
    columns = list(values)
    await conn.execute(
        f"INSERT INTO letter_comments ({', '.join(columns)}) "
        f"VALUES ({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
        *values.values())


async def comments_of(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM letter_comments WHERE delivery_id = $1 ORDER BY created_at", delivery_id)


async def has_access(conn: asyncpg.Connection, *, letter_id: uuid.UUID, user_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM letter_access WHERE letter_id = $1 AND user_id = $2", letter_id, user_id))


async def inbox(conn: asyncpg.Connection, *, agency_id: str, user_id: str, sees_whole_agency: bool, max_secrecy: Secrecy,
                status: str | None, limit: int, offset: int) -> list[asyncpg.Record]:
    """The agency's incoming letters. Clerks see the agency's; others what was routed to them.
    Secret letters only to people named on them."""
    return await conn.fetch(
        """SELECT d.delivery_id, d.status, d.delivered_at, d.receive_register_number, d.closed_at, d.channel,
                  d.signature_verdict, l.letter_id, l.letter_number, l.sender_agency_id,
                  coalesce(a.name_th, l.sender_name) AS sender_name_th, l.subject, l.urgency, l.secrecy, l.deadline
           FROM deliveries d JOIN letters l USING (letter_id) LEFT JOIN agencies a ON a.agency_id = l.sender_agency_id
           WHERE d.recipient_agency_id = $1 AND d.status <> $8
             AND ($6::text IS NULL OR d.status = $6)
             AND ($3 OR """ + _ROUTED_TO_USER.format(delivery="d.delivery_id", user="$2") + """)
             AND (l.secrecy = $9 OR (l.secrecy <= $4 AND EXISTS (
                  SELECT 1 FROM letter_access x WHERE x.letter_id = l.letter_id AND x.user_id = $2)))
           ORDER BY d.delivered_at DESC, d.delivery_id LIMIT $5 OFFSET $7""",
        agency_id, user_id, sees_whole_agency, int(max_secrecy), limit, status, offset,
        model.DeliveryStatus.WITHDRAWN.value, int(Secrecy.NORMAL))


async def grant_access(conn: asyncpg.Connection, *, letter_id: uuid.UUID, people: Sequence[tuple[str, str]],
                          granted_by: str) -> None:
    """Names people (agency id, user id) as readers of a secret letter."""
    await conn.executemany(
        """INSERT INTO letter_access (letter_id, agency_id, user_id, granted_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING""", [(letter_id, agency_id, user_id, granted_by) for agency_id, user_id in people])
