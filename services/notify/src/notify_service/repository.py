"""All SQL of the notify service; callers own the transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import asyncpg

from opensaraban_shared.directory_copy import CopiedTable

if TYPE_CHECKING:
    from .service import Finish

INBOX_CHANNEL = "notify_inbox"  # pg_notify channel: one payload per new inbox entry, for live streams
DELIVERY_CHANNEL = "notify_deliveries"  # wakes the delivery workers of every instance


# --- Inbox --------------------------------------------------------------------------------------------------

async def insert_notifications(conn: asyncpg.Connection, rows: Sequence[dict[str, Any]]) -> list[asyncpg.Record]:
    """Writes what is new and returns it; an entry that already exists (a replay) is not written twice."""
    if not rows:
        return []
    columns = ("notification_id", "recipient_agency_id", "recipient_user_id", "rule", "kind", "channel", "title_th",
               "title_en", "body_th", "body_en", "link", "source_event_id", "created_at")
    types = ("uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "uuid",
             "timestamptz")
    unnest = ", ".join(f"${n}::{t}[]" for n, t in enumerate(types, start=1))
    return await conn.fetch(
        f"""INSERT INTO notifications ({", ".join(columns)}) SELECT * FROM unnest({unnest})
            ON CONFLICT DO NOTHING RETURNING notification_id, recipient_agency_id, recipient_user_id""",
        *([r[c] for r in rows] for c in columns),
    )


async def announce_inbox(conn: asyncpg.Connection, created: Sequence[asyncpg.Record]) -> None:
    """Delivered to listeners on commit (pg_notify is transactional): live streams on every instance hear it."""
    if not created:
        return
    await conn.execute(
        "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p",
        INBOX_CHANNEL,
        [json.dumps({"id": str(r["notification_id"]), "a": r["recipient_agency_id"], "u": r["recipient_user_id"]})
         for r in created],
    )


# Agency-wide notices (no user) are for the agency's correspondence clerks ($3); personal ones for that person.
_VISIBLE_TO = ("(recipient_user_id = $2 OR ($3 AND recipient_user_id IS NULL AND recipient_agency_id = $1))")


async def list_for(conn: asyncpg.Connection, *, agency_id: str, user_id: str, handles_agency_mail: bool,
                   limit: int, unread_only: bool = False) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT * FROM notifications WHERE {_VISIBLE_TO} AND (NOT $5 OR read_at IS NULL)
            ORDER BY created_at DESC LIMIT $4""",
        agency_id, user_id, handles_agency_mail, limit, unread_only,
    )


async def get_visible(conn: asyncpg.Connection, *, notification_id: uuid.UUID, agency_id: str, user_id: str,
                      handles_agency_mail: bool) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT * FROM notifications WHERE notification_id = $4 AND {_VISIBLE_TO}",
                               agency_id, user_id, handles_agency_mail, notification_id)


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


async def mark_letter_read(conn: asyncpg.Connection, *, letter_id: uuid.UUID, agency_id: str, user_id: str,
                           handles_agency_mail: bool) -> int:
    """Every unread notice that links to the letter (its page, with or without a delivery or a sub-page)."""
    page = f"/letters/{letter_id}"
    result = await conn.execute(
        f"""UPDATE notifications SET read_at = now()
            WHERE {_VISIBLE_TO} AND read_at IS NULL
              AND (link = $4 OR starts_with(link, $4 || '?') OR starts_with(link, $4 || '/'))""",
        agency_id, user_id, handles_agency_mail, page,
    )
    return int(result.split()[-1])


async def mark_all_read(conn: asyncpg.Connection, *, agency_id: str, user_id: str, handles_agency_mail: bool) -> int:
    result = await conn.execute(
        f"UPDATE notifications SET read_at = now() WHERE {_VISIBLE_TO} AND read_at IS NULL",
        agency_id, user_id, handles_agency_mail,
    )
    return int(result.split()[-1])


# --- Directory projection ----------------------------------------------------------------------------------

PEOPLE = CopiedTable("people", key="user_id", columns=("agency_id", "unit_id", "display_name", "email", "language",
                                                    "roles", "supervisor_user_id", "active"))
"""Our copy of the directory's people (opensaraban_shared.directory_copy keeps it, newest record wins)."""


_PERSON = """SELECT p.user_id, p.agency_id, p.display_name, p.email, coalesce(f.language, p.language) AS language,
                    p.supervisor_user_id, coalesce(f.channels, '{}'::jsonb) AS channels, f.quiet_start, f.quiet_end,
                    coalesce(f.digest, false) AS digest
             FROM people p LEFT JOIN preferences f USING (user_id)"""


async def people_by_id(conn: asyncpg.Connection, user_ids: Sequence[str]) -> list[asyncpg.Record]:
    """Active people with their preferences (language, channels, quiet hours, digest)."""
    if not user_ids:
        return []
    return await conn.fetch(f"{_PERSON} WHERE p.user_id = ANY($1::text[]) AND p.active", list(set(user_ids)))


async def clerks_of(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> list[asyncpg.Record]:
    """The active correspondence clerks of each agency, with their preferences."""
    if not agency_ids:
        return []
    return await conn.fetch(f"{_PERSON} WHERE p.agency_id = ANY($1::text[]) AND p.active AND 'clerk' = ANY(p.roles)",
                            list(set(agency_ids)))


async def preferences_of(conn: asyncpg.Connection, user_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    if not user_ids:
        return {}
    rows = await conn.fetch("SELECT * FROM preferences WHERE user_id = ANY($1::text[])", list(set(user_ids)))
    return {r["user_id"]: r for r in rows}


# --- Preferences ---------------------------------------------------------------------------------------------

async def get_preferences(conn: asyncpg.Connection, user_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM preferences WHERE user_id = $1", user_id)


async def put_preferences(conn: asyncpg.Connection, *, user_id: str, channels: dict[str, list[str]],
                          quiet_start: Any, quiet_end: Any, digest: bool, language: str | None) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO preferences (user_id, channels, quiet_start, quiet_end, digest, language)
           VALUES ($1, $2::jsonb, $3, $4, $5, $6)
           ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, quiet_start = EXCLUDED.quiet_start,
               quiet_end = EXCLUDED.quiet_end, digest = EXCLUDED.digest, language = EXCLUDED.language,
               updated_at = now()
           RETURNING *""",
        user_id, json.dumps(channels), quiet_start, quiet_end, digest, language,
    )


# --- Webhook subscriptions -----------------------------------------------------------------------------------

async def subscriptions_for(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> list[asyncpg.Record]:
    if not agency_ids:
        return []
    return await conn.fetch(
        "SELECT * FROM webhook_subscriptions WHERE agency_id = ANY($1::text[]) AND active", list(set(agency_ids)))


async def insert_subscription(conn: asyncpg.Connection, *, subscription_id: uuid.UUID, agency_id: str, url: str,
                              secret: str, kinds: Sequence[str], created_by: str) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO webhook_subscriptions (subscription_id, agency_id, url, secret, kinds, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *""",
        subscription_id, agency_id, url, secret, list(kinds), created_by,
    )


async def list_subscriptions(conn: asyncpg.Connection, agency_id: str) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM webhook_subscriptions WHERE agency_id = $1 ORDER BY created_at", agency_id)


async def get_subscription(conn: asyncpg.Connection, *, subscription_id: uuid.UUID,
                           agency_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM webhook_subscriptions WHERE subscription_id = $1 AND agency_id = $2",
                               subscription_id, agency_id)


async def update_subscription(conn: asyncpg.Connection, *, subscription_id: uuid.UUID, agency_id: str,
                              url: str, kinds: Sequence[str], active: bool) -> asyncpg.Record | None:
    """Re-enabling clears the failure count."""
    return await conn.fetchrow(
        """UPDATE webhook_subscriptions SET url = $3, kinds = $4, active = $5,
               consecutive_failures = CASE WHEN $5 AND NOT active THEN 0 ELSE consecutive_failures END,
               disabled_at = CASE WHEN $5 THEN NULL ELSE coalesce(disabled_at, now()) END,
               disabled_reason = CASE WHEN $5 THEN NULL ELSE coalesce(disabled_reason, 'disabled by the agency') END
           WHERE subscription_id = $1 AND agency_id = $2 RETURNING *""",
        subscription_id, agency_id, url, list(kinds), active,
    )


async def delete_subscription(conn: asyncpg.Connection, *, subscription_id: uuid.UUID, agency_id: str) -> bool:
    return bool(await conn.fetchval(
        "DELETE FROM webhook_subscriptions WHERE subscription_id = $1 AND agency_id = $2 RETURNING true",
        subscription_id, agency_id))


async def subscription_log(conn: asyncpg.Connection, *, subscription_id: uuid.UUID,
                           limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT d.delivery_id, d.notification_id, d.kind, d.status, d.attempts, d.next_attempt_at, d.last_error,
                  d.created_at, d.sent_at, d.dead_at,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'attempted_at', a.attempted_at,
                              'ok', a.ok, 'status_code', a.status_code, 'error', a.error, 'duration_ms', a.duration_ms)
                              ORDER BY a.attempt) FROM delivery_attempts a WHERE a.delivery_id = d.delivery_id),
                           '[]'::jsonb) AS attempt_log
           FROM deliveries d WHERE d.subscription_id = $1 ORDER BY d.created_at DESC LIMIT $2""",
        subscription_id, limit,
    )


# --- Delivery queue ------------------------------------------------------------------------------------------

_DELIVERY_COLUMNS = ("delivery_id", "notification_id", "channel", "agency_id", "user_id", "subscription_id",
                     "address", "kind", "content", "status", "next_attempt_at")
_DELIVERY_TYPES = ("uuid", "uuid", "text", "text", "text", "uuid", "text", "text", "jsonb", "text", "timestamptz")


async def enqueue_deliveries(conn: asyncpg.Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Queues each delivery once (its id is event × recipient × channel); wakes the workers on commit."""
    if not rows:
        return 0
    unnest = ", ".join(f"${n}::{t}[]" for n, t in enumerate(_DELIVERY_TYPES, start=1))
    result = await conn.execute(
        f"""INSERT INTO deliveries ({", ".join(_DELIVERY_COLUMNS)}) SELECT * FROM unnest({unnest})
            ON CONFLICT DO NOTHING""",
        *([json.dumps(r[c]) if c == "content" else r[c] for r in rows] for c in _DELIVERY_COLUMNS),
    )
    inserted = int(result.split()[-1])
    if inserted:
        await _wake_delivery_workers(conn)
    return inserted


async def _wake_delivery_workers(conn: asyncpg.Connection) -> None:
    """On commit (pg_notify is transactional), so a worker never looks before the rows are there."""
    await conn.execute("SELECT pg_notify($1, '')", DELIVERY_CHANNEL)


async def claim_deliveries(conn: asyncpg.Connection, *, channel: str, limit: int, lease_s: float,
                           now: datetime) -> list[asyncpg.Record]:
    """Takes due deliveries for this worker: SKIP LOCKED so instances never take the same row, and a lease
    (next_attempt_at moved ahead) so a crashed worker's rows come back by themselves."""
    return await conn.fetch(
        """WITH due AS (
               SELECT delivery_id FROM deliveries
               WHERE status = 'pending' AND channel = $1 AND next_attempt_at <= $4
               ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           UPDATE deliveries d SET attempts = d.attempts + 1,
                                   next_attempt_at = $4 + make_interval(secs => $3)
           FROM due WHERE d.delivery_id = due.delivery_id
           RETURNING d.*, (SELECT s.secret FROM webhook_subscriptions s WHERE s.subscription_id = d.subscription_id)
                          AS secret""",
        channel, limit, lease_s, now,
    )


async def record_attempt(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, attempt: int, ok: bool,
                         status_code: int | None, error: str | None, duration_ms: int) -> None:
    await conn.execute(
        """INSERT INTO delivery_attempts (delivery_id, attempt, ok, status_code, error, duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        delivery_id, attempt, ok, status_code, error, duration_ms,
    )


async def mark_sent(conn: asyncpg.Connection, delivery_id: uuid.UUID, *, at: datetime) -> None:
    await conn.execute("UPDATE deliveries SET status = 'sent', sent_at = $2, last_error = NULL "
                       "WHERE delivery_id = $1", delivery_id, at)


async def mark_retry(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, error: str, retry_at: datetime) -> None:
    await conn.execute("UPDATE deliveries SET last_error = $2, next_attempt_at = $3 WHERE delivery_id = $1",
                       delivery_id, error, retry_at)


async def mark_dead(conn: asyncpg.Connection, *, delivery_ids: Sequence[uuid.UUID], error: str,
                    at: datetime) -> None:
    await conn.execute(
        """UPDATE deliveries SET status = 'dead', dead_at = $3, last_error = $2
           WHERE delivery_id = ANY($1::uuid[]) AND status IN ('pending', 'held')""",
        list(delivery_ids), error, at,
    )


async def webhook_outcome(conn: asyncpg.Connection, *, subscription_id: uuid.UUID, ok: bool,
                          disable_after: int) -> bool:
    """Counts consecutive failures; returns True when this failure disabled the subscription."""
    if ok:
        await conn.execute("UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE subscription_id = $1",
                           subscription_id)
        return False
    disabled = await conn.fetchval(
        """UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
               active = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE active END,
               disabled_at = CASE WHEN consecutive_failures + 1 >= $2 AND active THEN now() ELSE disabled_at END,
               disabled_reason = CASE WHEN consecutive_failures + 1 >= $2 AND active
                                      THEN 'too many consecutive failures' ELSE disabled_reason END
           WHERE subscription_id = $1 RETURNING NOT active""",
        subscription_id, disable_after,
    )
    return bool(disabled)


async def pending_of_subscription(conn: asyncpg.Connection, subscription_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await conn.fetch("SELECT delivery_id FROM deliveries WHERE subscription_id = $1 AND status = 'pending'",
                            subscription_id)
    return [r["delivery_id"] for r in rows]


async def list_deliveries(conn: asyncpg.Connection, *, agency_id: str | None, status: str | None,
                          channel: str | None, limit: int) -> list[asyncpg.Record]:
    """`agency_id` None: every agency (national administrators)."""
    return await conn.fetch(
        """SELECT * FROM deliveries WHERE ($1::text IS NULL OR agency_id = $1) AND ($2::text IS NULL OR status = $2)
               AND ($3::text IS NULL OR channel = $3)
           ORDER BY created_at DESC LIMIT $4""",
        agency_id, status, channel, limit,
    )


async def retry_dead(conn: asyncpg.Connection, *, delivery_id: uuid.UUID, agency_id: str | None,
                     now: datetime) -> bool:
    """Queues a dead letter again (and wakes the workers on commit); False when it is not a dead letter."""
    queued = bool(await conn.fetchval(
        """UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $3, dead_at = NULL
           WHERE delivery_id = $1 AND status = 'dead' AND ($2::text IS NULL OR agency_id = $2) RETURNING true""",
        delivery_id, agency_id, now,
    ))
    if queued:
        await _wake_delivery_workers(conn)
    return queued


# --- Digests -------------------------------------------------------------------------------------------------

async def claim_held(conn: asyncpg.Connection, *, agency_id: str | None) -> list[asyncpg.Record]:
    """Held e-mails (digest preference), locked so two instances never put one in two digests."""
    return await conn.fetch(
        """SELECT * FROM deliveries WHERE status = 'held' AND channel = 'email'
               AND ($1::text IS NULL OR agency_id = $1)
           ORDER BY user_id, created_at FOR UPDATE SKIP LOCKED""",
        agency_id,
    )


async def mark_digested(conn: asyncpg.Connection, *, delivery_ids: Sequence[uuid.UUID], digest_id: uuid.UUID) -> None:
    await conn.execute("UPDATE deliveries SET status = 'digested', digest_id = $2 WHERE delivery_id = ANY($1::uuid[])",
                       list(delivery_ids), digest_id)


async def start_digest_run(conn: asyncpg.Connection, *, day: Any, instance: str) -> bool:
    """True for the one instance that gets to send `day`'s digests."""
    return bool(await conn.fetchval(
        "INSERT INTO digest_runs (day, instance) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true", day, instance))


# --- Reminders -----------------------------------------------------------------------------------------------

# A finish cancels a subject's reminders; one with a moment only those of work started before it.
_STARTED_BEFORE_FINISH = "(c.finished_at IS NULL OR r.started_at IS NULL OR r.started_at < c.finished_at)"


async def cancel_reminders(conn: asyncpg.Connection, finishes: Sequence[Finish]) -> None:
    """Cancels the finished subjects' pending reminders (those started before the finish, when it has a moment)
    and remembers each finish for reminders that arrive after it."""
    if not finishes:
        return
    # One row per subject: a finish without a moment ends it for good, otherwise the latest finish counts.
    latest: dict[str, datetime | None] = {}
    for f in finishes:
        known = latest.get(f.subject_key, f.at)
        latest[f.subject_key] = None if known is None or f.at is None else max(known, f.at)
    keys, moments = list(latest), list(latest.values())
    await conn.execute(
        """INSERT INTO reminder_cancellations (subject_key, finished_at)
           SELECT * FROM unnest($1::text[], $2::timestamptz[])
           ON CONFLICT (subject_key) DO UPDATE SET finished_at = CASE
               WHEN reminder_cancellations.finished_at IS NULL OR EXCLUDED.finished_at IS NULL THEN NULL
               ELSE greatest(reminder_cancellations.finished_at, EXCLUDED.finished_at) END""",
        keys, moments)
    await conn.execute(
        f"""UPDATE reminders r SET status = 'cancelled'
            FROM unnest($1::text[], $2::timestamptz[]) AS c(subject_key, finished_at)
            WHERE r.subject_key = c.subject_key AND r.status = 'pending' AND {_STARTED_BEFORE_FINISH}""",
        keys, moments)


async def insert_reminders(conn: asyncpg.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Each reminder once; one whose subject was already finished (events out of order) starts cancelled."""
    if not rows:
        return
    columns = ("reminder_id", "subject_key", "kind", "stage", "agency_id", "user_id", "due_at", "fire_at", "facts",
               "source_event_id", "started_at")
    types = ("uuid", "text", "text", "text", "text", "text", "timestamptz", "timestamptz", "jsonb", "uuid",
             "timestamptz")
    unnest = ", ".join(f"${n}::{t}[]" for n, t in enumerate(types, start=1))
    await conn.execute(
        f"""INSERT INTO reminders ({", ".join(columns)}, status)
            SELECT r.*, CASE WHEN c.subject_key IS NULL THEN 'pending' ELSE 'cancelled' END
            FROM unnest({unnest}) AS r({", ".join(columns)})
            LEFT JOIN reminder_cancellations c ON c.subject_key = r.subject_key AND {_STARTED_BEFORE_FINISH}
            ON CONFLICT DO NOTHING""",
        *([json.dumps(r[c]) if c == "facts" else r[c] for r in rows] for c in columns),
    )


async def claim_due_reminders(conn: asyncpg.Connection, *, limit: int, now: datetime) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT * FROM reminders WHERE status = 'pending' AND fire_at <= $2
           ORDER BY fire_at LIMIT $1 FOR UPDATE SKIP LOCKED""",
        limit, now,
    )


async def mark_fired(conn: asyncpg.Connection, reminder_ids: Sequence[uuid.UUID], *, at: datetime) -> None:
    await conn.execute("UPDATE reminders SET status = 'fired', fired_at = $2 WHERE reminder_id = ANY($1::uuid[])",
                       list(reminder_ids), at)


async def list_reminders(conn: asyncpg.Connection, *, agency_id: str, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM reminders WHERE agency_id = $1 ORDER BY fire_at DESC LIMIT $2", agency_id, limit)


async def supervisors_of(conn: asyncpg.Connection, user_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    """Each person's supervisor (active), keyed by the person."""
    if not user_ids:
        return {}
    rows = await conn.fetch(
        """SELECT p.user_id AS owner_id, p.display_name AS owner_name, s.user_id, s.agency_id
           FROM people p JOIN people s ON s.user_id = p.supervisor_user_id AND s.active
           WHERE p.user_id = ANY($1::text[])""",
        list(set(user_ids)),
    )
    return {r["owner_id"]: r for r in rows}


async def clerk_supervisors(conn: asyncpg.Connection, agency_id: str) -> list[asyncpg.Record]:
    """Supervisors of an agency's clerks: whom to tell when the agency's correspondence is overdue."""
    return await conn.fetch(
        """SELECT DISTINCT s.user_id, s.agency_id FROM people p JOIN people s ON s.user_id = p.supervisor_user_id
           WHERE p.agency_id = $1 AND p.active AND 'clerk' = ANY(p.roles) AND s.active""",
        agency_id,
    )
