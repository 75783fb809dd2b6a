"""Transactional outbox: events are rows written with the domain change; one relay per service publishes them."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import asyncpg

from .db import Database
from .events import Envelope
from .kafka import Producer
from .logging import get_logger
from .retention import Retention, purge_expired

log = get_logger(__name__)

_OUTBOX_COLUMNS = ("event_id", "topic", "key", "payload", "headers")
# Below this many rows a pipelined INSERT is cheaper than setting up a COPY.
_COPY_FROM_ROWS = 20


async def add_to_outbox(conn: asyncpg.Connection, envelopes: Sequence[Envelope[Any]]) -> None:
    """Call inside the use case's transaction: the events exist exactly when the domain change does."""
    if not envelopes:
        return
    records = [
        (e.event_id, e.topic.name, e.key, e.to_bytes(), json.dumps(e.headers())) for e in envelopes
    ]
    if len(records) <= _COPY_FROM_ROWS:
        await conn.executemany(
            "INSERT INTO outbox (event_id, topic, key, payload, headers) VALUES ($1, $2, $3, $4, $5::jsonb)",
            records,
        )
    else:
        # COPY: a circular to thousands of agencies writes thousands of rows in one round trip.
        await conn.copy_records_to_table("outbox", records=records, columns=_OUTBOX_COLUMNS)


class OutboxRelay:
    """Publishes unpublished outbox rows in order with an idempotent producer.

    One replica per service holds an advisory lock and relays; the others wait to take over, so the
    order of rows (and of each agency's events) survives scale-out and crashes. A crash between send
    and mark re-sends a batch: consumers drop the duplicates by event id.
    """

    def __init__(
        self,
        *,
        db: Database,
        producer: Producer,
        batch_size: int = 500,
        idle_poll_s: float = 1.0,
        gather_s: float = 0.01,
        retention: Retention = Retention(),
    ) -> None:
        self._db = db
        self._producer = producer
        self._batch_size = batch_size
        self._idle_poll_s = idle_poll_s
        # After a wake-up, wait this long so the commits of concurrent requests share one produce round.
        self._gather_s = gather_s
        self._retention = retention
        self._wake = asyncio.Event()
        self.is_leader = False
        self.published_total = 0

    @property
    def _lock_key(self) -> int:
        digest = hashlib.sha256(f"outbox-relay:{self._db.schema}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    async def run(self) -> None:
        """Waits for the lead, then relays until cancelled. Raises when PostgreSQL or Kafka goes away: the
        service's supervisor starts it again, and until then another replica may take the lead."""
        conn: asyncpg.Connection = await asyncpg.connect(
            self._db.dsn, server_settings={"search_path": f"{self._db.schema},public"}
        )
        channel = f"{self._db.schema}_outbox"
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", self._lock_key):
                await asyncio.sleep(2.0)
            self.is_leader = True
            log.info("outbox_relay_leading", schema=self._db.schema)
            await conn.add_listener(channel, lambda *_: self._wake.set())
            await self._relay_forever(conn)
        finally:
            self.is_leader = False
            conn.terminate()  # also releases the advisory lock for another replica

    async def _relay_forever(self, conn: asyncpg.Connection) -> None:
        loop = asyncio.get_running_loop()
        last_cleanup = loop.time()
        while True:
            self._wake.clear()
            sent = await self.publish_batch(conn)
            if loop.time() - last_cleanup > 60:
                await self._purge(conn)
                last_cleanup = loop.time()
            if sent < self._batch_size:
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self._idle_poll_s)
                    await asyncio.sleep(self._gather_s)
                except TimeoutError:
                    pass

    async def publish_batch(self, conn: asyncpg.Connection) -> int:
        rows = await conn.fetch(
            "SELECT seq, topic, key, payload, headers FROM outbox "
            "WHERE published_at IS NULL ORDER BY seq LIMIT $1",
            self._batch_size,
        )
        if not rows:
            return 0
        deliveries = []
        for row in rows:
            headers = [(k, str(v).encode()) for k, v in json.loads(row["headers"]).items()]
            deliveries.append(
                await self._producer.send(row["topic"], value=row["payload"], key=row["key"].encode(), headers=headers)
            )
        await asyncio.gather(*deliveries)
        await conn.execute(
            "UPDATE outbox SET published_at = clock_timestamp() WHERE seq = ANY($1::bigint[])",
            [r["seq"] for r in rows],
        )
        self.published_total += len(rows)
        return len(rows)

    async def _purge(self, conn: asyncpg.Connection) -> None:
        """The leader also trims the reliability tables, so exactly one replica per service does it."""
        deleted = await purge_expired(conn, self._retention)
        if any(deleted.values()):
            log.info("reliability_tables_purged", schema=self._db.schema, **deleted)
