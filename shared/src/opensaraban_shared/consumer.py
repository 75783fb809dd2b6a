"""Reliable event consumption: at-least-once delivery, idempotent effect, bounded retries, dead letters."""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import asyncpg
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaRouter
from faststream.kafka.annotations import KafkaMessage
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_incrementing,
)

from .db import Database
from .errors import TRANSIENT_ERRORS
from .events import Envelope, Event, MalformedEvent, Topic, UnknownEventType, decode_envelope
from .kafka import Producer
from .logging import correlation_scope, get_logger

log = get_logger(__name__)

Handler = Callable[[Envelope[Any], asyncpg.Connection], Awaitable[None]]
"""A handler gets the event and the open transaction; what it writes commits with the processed mark."""

BatchHandler = Callable[[Sequence[Envelope[Any]], asyncpg.Connection], Awaitable[None]]
"""Gets every fresh event of a fetched batch at once (in offset order), for projections that write in bulk."""


@dataclass(frozen=True)
class BatchProjection:
    """A consumer whose effect is one bulk write per batch instead of one write per event."""

    event_types: tuple[type[Event], ...]
    apply: BatchHandler


class Outcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class Coordinates:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    headers: tuple[tuple[str, bytes], ...]


class DeadLetters:
    """Sends an event that failed every attempt to `<topic>.dlq`, keeping the bytes and saying why."""

    def __init__(self, producer: Producer, *, consumer: str) -> None:
        self._producer = producer
        self._consumer = consumer

    async def send(self, raw: bytes, where: Coordinates, *, error: BaseException, attempts: int) -> None:
        reason = "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]
        headers = [
            *where.headers,
            ("x-dlq-error", reason.encode()),
            ("x-dlq-error-type", type(error).__name__.encode()),
            ("x-dlq-original-topic", where.topic.encode()),
            ("x-dlq-original-partition", str(where.partition).encode()),
            ("x-dlq-original-offset", str(where.offset).encode()),
            ("x-dlq-consumer", self._consumer.encode()),
            ("x-dlq-attempts", str(attempts).encode()),
            ("x-dlq-failed-at", datetime.now(UTC).isoformat().encode()),
        ]
        await self._producer.send_and_wait(f"{where.topic}.dlq", value=raw, key=where.key, headers=headers)


class EventConsumer:
    """One consumer group on one topic: decodes, dispatches by event type, records what it processed.

    Offsets are committed only after the handler's transaction committed (at-least-once); the
    processed-events row written in that same transaction makes a redelivery a no-op (exactly-once
    in effect). Handler errors are retried `max_attempts` times, then the event goes to the
    dead-letter topic and consumption moves on; infrastructure errors are retried until they pass.
    """

    def __init__(
        self,
        *,
        group: str,
        topic: Topic,
        description: str,
        handlers: Mapping[type[Event], Handler] | None = None,
        batch: BatchProjection | None = None,
        db: Database,
        dead_letters: DeadLetters,
        max_attempts: int = 3,
        retry_delay_s: float = 0.2,
        max_batch: int = 500,
    ) -> None:
        self.group = group
        self.topic = topic
        self.description = description
        self._handlers = dict(handlers or {})
        self._batch = batch
        if batch is not None:
            # One event handled alone (the one-by-one fallback) is a batch of one.
            for event_type in batch.event_types:
                self._handlers[event_type] = _single(batch.apply)
        self._db = db
        self._dead_letters = dead_letters
        self._max_attempts = max_attempts
        self._retry_delay_s = retry_delay_s
        self._max_batch = max_batch
        self._transient_streak = 0
        self.counts: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
        self.lag: int | None = None
        """Records on the topic not yet committed by this group; set by whoever watches it (None: unknown)."""

    async def handle(self, raw: bytes, where: Coordinates) -> Outcome:
        outcome = await self._handle(raw, where)
        self.counts[outcome] += 1
        return outcome

    async def _handle(self, raw: bytes, where: Coordinates) -> Outcome:
        try:
            envelope = decode_envelope(raw)
        except UnknownEventType:
            return Outcome.SKIPPED  # a newer producer's event type: not ours to fail on
        except MalformedEvent as exc:
            log.error("event_malformed", topic=where.topic, offset=where.offset, error=str(exc)[:500])
            await self._dead_letters.send(raw, where, error=exc, attempts=1)
            return Outcome.DEAD_LETTERED
        handler = self._handlers.get(type(envelope.payload))
        if handler is None:
            return Outcome.SKIPPED
        with correlation_scope(correlation_id=envelope.correlation_id, event_id=str(envelope.event_id)):
            return await self._run_with_retries(handler, envelope, raw, where)

    async def _run_with_retries(
        self, handler: Handler, envelope: Envelope[Any], raw: bytes, where: Coordinates
    ) -> Outcome:
        def failed(state: RetryCallState) -> None:
            log.warning("event_handler_failed", event_type=envelope.event_type, attempt=state.attempt_number,
                        error=repr(state.outcome.exception())[:500])

        retrying = AsyncRetrying(
            # Only the handler's own errors: a transient one escapes at once (below).
            retry=retry_if_not_exception_type(TRANSIENT_ERRORS),
            stop=stop_after_attempt(self._max_attempts),
            wait=wait_incrementing(start=self._retry_delay_s, increment=self._retry_delay_s),
            after=failed,
            reraise=True,
        )
        try:
            outcome = await retrying(self._run_once, handler, envelope)
        except TRANSIENT_ERRORS:
            await self._back_off()
            raise  # not acknowledged: the same event comes back once the infrastructure does
        except Exception as exc:
            attempts = retrying.statistics.get("attempt_number", self._max_attempts)
            await self._dead_letters.send(raw, where, error=exc, attempts=attempts)
            log.error("event_dead_lettered", event_type=envelope.event_type, topic=where.topic)
            return Outcome.DEAD_LETTERED
        self._transient_streak = 0
        return outcome

    async def _run_once(self, handler: Handler, envelope: Envelope[Any]) -> Outcome:
        async with self._db.transaction() as conn:
            fresh = await conn.fetchval(
                "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) "
                "ON CONFLICT DO NOTHING RETURNING true",
                self.group,
                envelope.event_id,
            )
            if not fresh:
                return Outcome.DUPLICATE
            await handler(envelope, conn)
        return Outcome.PROCESSED

    async def handle_batch(self, raws: Sequence[bytes], wheres: Sequence[Coordinates]) -> list[Outcome]:
        """Processes a fetched batch in one transaction; if any event fails, falls back to one by one.

        One transaction and one offset commit per batch instead of per event is what lets a single
        replica keep up with a circular's thousands of deliveries.
        """
        decoded: list[tuple[Envelope[Any], Handler] | None] = []
        for raw in raws:
            try:
                envelope = decode_envelope(raw)
            except (UnknownEventType, MalformedEvent):
                decoded.append(None)  # settled one by one below (skip or dead-letter)
                continue
            handler = self._handlers.get(type(envelope.payload))
            decoded.append((envelope, handler) if handler else None)
        try:
            outcomes = await self._run_batch(decoded)
        except TRANSIENT_ERRORS:
            await self._back_off()
            raise
        except Exception as exc:
            log.warning("event_batch_failed_retrying_one_by_one", size=len(raws), error=repr(exc)[:500])
            return [await self.handle(raw, where) for raw, where in zip(raws, wheres, strict=True)]
        for index, outcome in enumerate(outcomes):
            if outcome is None:
                outcomes[index] = await self.handle(raws[index], wheres[index])
            else:
                self.counts[outcome] += 1
        self._transient_streak = 0
        return outcomes  # type: ignore[return-value]

    async def _run_batch(self, decoded: list[tuple[Envelope[Any], Handler] | None]) -> list[Outcome | None]:
        handled = [item for item in decoded if item is not None]
        if not handled:
            return [None] * len(decoded)
        async with self._db.transaction() as conn:
            fresh = {
                row["event_id"]
                for row in await conn.fetch(
                    "INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) "
                    "ON CONFLICT DO NOTHING RETURNING event_id",
                    self.group,
                    [envelope.event_id for envelope, _ in handled],
                )
            }
            outcomes: list[Outcome | None] = []
            fresh_envelopes: list[Envelope[Any]] = []
            for item in decoded:
                if item is None:
                    outcomes.append(None)
                    continue
                envelope, handler = item
                if envelope.event_id not in fresh:
                    outcomes.append(Outcome.DUPLICATE)
                    continue
                fresh.discard(envelope.event_id)  # the same event twice in one batch runs once
                if self._batch is not None:
                    fresh_envelopes.append(envelope)
                else:
                    with correlation_scope(correlation_id=envelope.correlation_id, event_id=str(envelope.event_id)):
                        await handler(envelope, conn)
                outcomes.append(Outcome.PROCESSED)
            if fresh_envelopes:
                await self._batch.apply(fresh_envelopes, conn)  # type: ignore[union-attr]
        return outcomes

    async def _back_off(self) -> None:
        self._transient_streak += 1
        await asyncio.sleep(min(0.25 * 2**self._transient_streak, 15.0))

    @property
    def event_types(self) -> tuple[type[Event], ...]:
        return tuple(self._handlers)

    def subscribe(self, broker: KafkaBroker | KafkaRouter) -> None:
        """Registers with FastStream in batch mode: offsets are committed after the batch is processed;
        an escaping (transient) error seeks back so the same records come again."""

        async def raw_bodies(msg: Any) -> list[bytes]:
            return msg.body  # we decode ourselves, so a poison message reaches the dead-letter path

        handled = ", ".join(sorted(cls.event_type for cls in self._handlers))

        @broker.subscriber(
            self.topic.name,
            group_id=self.group,
            batch=True,
            max_records=self._max_batch,
            batch_timeout_ms=50,
            # Under load the broker waits up to 100 ms for 64 KiB before answering a fetch: fewer, fuller
            # batches (one transaction and one offset commit each) instead of a round trip per event.
            fetch_min_bytes=64 * 1024,
            fetch_max_wait_ms=100,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            decoder=raw_bodies,
            title=f"{self.topic.name}:{self.group}",
            description=f"{self.description} Handles: {handled}.",
        )
        async def consume(bodies: list[bytes], msg: KafkaMessage) -> None:
            records = msg.raw_message
            await self.handle_batch(
                bodies,
                [
                    Coordinates(
                        topic=r.topic, partition=r.partition, offset=r.offset, key=r.key, headers=tuple(r.headers or ())
                    )
                    for r in records
                ],
            )


def _single(apply: BatchHandler) -> Handler:
    async def handle_one(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        await apply([envelope], conn)

    return handle_one
