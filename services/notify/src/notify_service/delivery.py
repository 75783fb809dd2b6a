"""Delivery workers: send queued e-mails and webhooks, retry with exponential backoff, then dead-letter.

Each channel has its own loop, so an SMTP server that hangs never delays webhooks (and the reverse). Rows are
claimed with SKIP LOCKED and a lease in a short transaction, sent outside any transaction, and the outcome
written afterwards; any number of instances share the queue without sending anything twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential

from opensaraban_shared import clock
from opensaraban_shared.errors import TRANSIENT_ERRORS
from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime

from . import channels, repository
from .settings import NotifySettings

log = get_logger(__name__)
CONCURRENCY = 16


def backoff(settings: NotifySettings, attempts: int) -> timedelta:
    """30 s, 60 s, 120 s … (base × 2^(attempt-1)), capped."""
    return timedelta(seconds=min(settings.delivery_retry_base_s * 2 ** (attempts - 1), settings.delivery_retry_max_s))


class Worker:
    def __init__(self, runtime: Runtime, channel: str, wake: asyncio.Event) -> None:
        self._db = runtime.db
        self._settings: NotifySettings = runtime.settings  # type: ignore[assignment]
        self._channel = channel
        self._wake = wake
        self._http = httpx.AsyncClient(timeout=self._settings.webhook_timeout_s, follow_redirects=False)
        self._limit = asyncio.Semaphore(CONCURRENCY)

    async def run(self) -> None:
        """Until cancelled; raises when PostgreSQL goes away (the service's supervisor starts the workers again)."""
        try:
            while True:
                sent = await self.run_once()
                if sent < self._settings.delivery_batch:
                    self._wake.clear()
                    try:
                        await asyncio.wait_for(self._wake.wait(), timeout=self._settings.delivery_poll_s)
                    except TimeoutError:
                        pass
        finally:
            await self._http.aclose()

    async def run_once(self) -> int:
        async with self._db.transaction() as conn:
            claimed = await repository.claim_deliveries(conn, channel=self._channel,
                                                        limit=self._settings.delivery_batch,
                                                        lease_s=self._settings.delivery_lease_s, now=clock.now())
        # A claimed delivery is sent and its outcome written even when the service is stopping: cut between the
        # server taking the mail and the row saying so, it would go out a second time after its lease.
        deliveries = asyncio.gather(*(self._deliver(row) for row in claimed))
        try:
            await asyncio.shield(deliveries)
        except asyncio.CancelledError:
            await deliveries
            raise
        return len(claimed)

    async def _deliver(self, row: asyncpg.Record) -> None:
        async with self._limit:
            started = time.perf_counter()
            outcome = await self._send(row)
            duration_ms = int((time.perf_counter() - started) * 1000)

        def not_recorded_yet(state: RetryCallState) -> None:
            log.warning("delivery_outcome_not_recorded_yet", channel=self._channel, delivery_id=str(row["delivery_id"]),
                        error=repr(state.outcome.exception())[:300], retry_in_s=state.upcoming_sleep)

        # Sent, but PostgreSQL is away: keep the outcome until it is back rather than send again later.
        async for attempt in AsyncRetrying(retry=retry_if_exception_type(TRANSIENT_ERRORS),
                                           wait=wait_exponential(multiplier=0.5, max=5), before_sleep=not_recorded_yet):
            with attempt:
                await self._record(row, outcome, duration_ms)

    async def _record(self, row: asyncpg.Record, outcome: channels.Outcome, duration_ms: int) -> None:
        async with self._db.transaction() as conn:
            await repository.record_attempt(conn, delivery_id=row["delivery_id"], attempt=row["attempts"],
                                            ok=outcome.ok, status_code=outcome.status_code, error=outcome.error,
                                            duration_ms=duration_ms)
            if outcome.ok:
                await repository.mark_sent(conn, row["delivery_id"], at=clock.now())
            elif row["attempts"] >= self._settings.delivery_max_attempts:
                await repository.mark_dead(conn, delivery_ids=[row["delivery_id"]],
                                           error=f"gave up after {row['attempts']} attempts: {outcome.error}",
                                           at=clock.now())
                log.error("delivery_dead_lettered", channel=self._channel, delivery_id=str(row["delivery_id"]),
                          error=outcome.error)
            else:
                retry_at = clock.now() + backoff(self._settings, row["attempts"])
                await repository.mark_retry(conn, delivery_id=row["delivery_id"], error=outcome.error or "",
                                            retry_at=retry_at)
            if row["subscription_id"] is not None:
                await self._count_webhook_outcome(conn, row, outcome.ok)

    async def _count_webhook_outcome(self, conn: asyncpg.Connection, row: Any, ok: bool) -> None:
        disabled = await repository.webhook_outcome(conn, subscription_id=row["subscription_id"], ok=ok,
                                                    disable_after=self._settings.webhook_disable_after)
        if disabled:
            # Nothing is lost: what was still waiting becomes a dead letter an administrator can see and retry.
            waiting = await repository.pending_of_subscription(conn, row["subscription_id"])
            await repository.mark_dead(conn, delivery_ids=waiting, error="webhook subscription disabled after "
                                       "repeated failures", at=clock.now())
            log.error("webhook_subscription_disabled", subscription_id=str(row["subscription_id"]))

    async def _send(self, row: asyncpg.Record) -> channels.Outcome:
        content = row["content"] if isinstance(row["content"], dict) else json.loads(row["content"])
        try:
            if self._channel == "email":
                return await channels.send_email(self._settings, delivery_id=str(row["delivery_id"]),
                                                 to=row["address"], content=content)
            if row["secret"] is None:
                return channels.Outcome(False, error="the webhook subscription no longer exists")
            return await channels.post_webhook(self._http, delivery_id=str(row["delivery_id"]), url=row["address"],
                                               secret=row["secret"], kind=row["kind"], content=content)
        except Exception as exc:  # a bug or an odd peer must cost one attempt, not the worker
            return channels.Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])


async def run_delivery_workers(runtime: Runtime) -> None:
    """Background job: one worker per channel, woken by pg_notify when deliveries are queued."""
    wake = {"email": asyncio.Event(), "webhook": asyncio.Event()}
    listener: asyncpg.Connection | None = None

    def woken(*_: Any) -> None:
        for event in wake.values():
            event.set()

    try:
        listener = await asyncpg.connect(runtime.db.dsn)
        await listener.add_listener(repository.DELIVERY_CHANNEL, woken)
    except Exception as exc:  # polling alone still works
        log.warning("delivery_listen_failed", error=repr(exc)[:300])
    try:
        # A task group: at shutdown it waits until every worker has finished what it claimed (an idle one stops at
        # once, the database must not close under the others); a worker that fails stops the other, and the
        # supervisor starts both again.
        async with asyncio.TaskGroup() as workers:
            for channel, event in wake.items():
                workers.create_task(Worker(runtime, channel, event).run(), name=f"delivery-{channel}")
    finally:
        if listener is not None:
            listener.terminate()
