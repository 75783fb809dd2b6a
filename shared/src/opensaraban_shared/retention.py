"""How long the reliability tables keep their rows, and the purge that enforces it.

Rows of `processed_events` only have to outlive redelivery: Kafka redelivers what was processed but not yet
committed (seconds to minutes), and the outbox relay re-sends a batch a crash cut short. A week covers
that with a wide margin; replaying older history is a deliberate rebuild (see metrics' replay), which
starts from an empty table anyway. Idempotency keys answer a client's retry of the same request: a week
lets an agency system retry after a long outage without sending twice. Published outbox rows are kept a
day for inspection. The relay's leader runs the purge once a minute, so one replica per service does it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import asyncpg

# Each round deletes at most this many rows per table, so no purge holds locks or I/O for long;
# at one round a minute that is 72 million rows a day per table, far above the national event rate.
PURGE_BATCH = 50_000


@dataclass(frozen=True)
class Retention:
    published_outbox: timedelta = timedelta(hours=24)
    processed_events: timedelta = timedelta(days=7)
    idempotency_keys: timedelta = timedelta(days=7)

    def purges(self) -> tuple[tuple[str, str, timedelta], ...]:
        """(table, timestamp column, age) of every table the purge trims."""
        return (
            ("outbox", "published_at", self.published_outbox),
            ("processed_events", "processed_at", self.processed_events),
            ("idempotency_keys", "created_at", self.idempotency_keys),
        )


async def purge_expired(conn: asyncpg.Connection, retention: Retention, *, batch: int = PURGE_BATCH) -> dict[str, int]:
    """Deletes rows older than their table's retention (at most `batch` per table); returns counts by table."""
    deleted: dict[str, int] = {}
    for table, column, age in retention.purges():
        status = await conn.execute(
            f"DELETE FROM {table} WHERE ctid = ANY(ARRAY("
            f"SELECT ctid FROM {table} WHERE {column} < now() - $1::interval LIMIT $2))",
            age, batch,
        )
        deleted[table] = int(status.rsplit(" ", 1)[1])
    return deleted
