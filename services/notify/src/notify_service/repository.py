"""All SQL of the notify service."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg


async def insert_notification(
    conn: asyncpg.Connection,
    *,
    notification_id: uuid.UUID,
    recipient_agency_id: str,
    recipient_user_id: str | None,
    rule: str,
    channel: str,
    title_th: str,
    title_en: str,
    link: str | None,
    source_event_id: uuid.UUID,
    created_at: datetime,
) -> bool:
    """False when this event already produced this notification (a replay): nothing is written twice."""
    inserted = await conn.fetchval(
        """INSERT INTO notifications (notification_id, recipient_agency_id, recipient_user_id, rule, channel,
                                      title_th, title_en, link, source_event_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT DO NOTHING RETURNING true""",
        notification_id, recipient_agency_id, recipient_user_id, rule, channel,
        title_th, title_en, link, source_event_id, created_at,
    )
    return bool(inserted)


# Agency-wide notices (no user) are for the agency's correspondence clerks ($3); personal ones for that person.
_VISIBLE_TO = "recipient_agency_id = $1 AND (recipient_user_id = $2 OR ($3 AND recipient_user_id IS NULL))"


async def list_for(conn: asyncpg.Connection, *, agency_id: str, user_id: str, handles_agency_mail: bool,
                   limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT * FROM notifications WHERE {_VISIBLE_TO} ORDER BY created_at DESC LIMIT $4",
        agency_id, user_id, handles_agency_mail, limit,
    )


async def unread_count(conn: asyncpg.Connection, *, agency_id: str, user_id: str, handles_agency_mail: bool) -> int:
    return await conn.fetchval(
        f"SELECT count(*) FROM notifications WHERE {_VISIBLE_TO} AND read_at IS NULL",
        agency_id, user_id, handles_agency_mail,
    )


async def mark_read(conn: asyncpg.Connection, *, notification_id: uuid.UUID, agency_id: str, user_id: str,
                    handles_agency_mail: bool) -> bool:
    updated = await conn.fetchval(
        f"""UPDATE notifications SET read_at = coalesce(read_at, now())
            WHERE notification_id = $4 AND {_VISIBLE_TO} RETURNING true""",
        agency_id, user_id, handles_agency_mail, notification_id,
    )
    return bool(updated)
