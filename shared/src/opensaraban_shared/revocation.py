"""Sessions that end before their token expires, because the person's access changed.

Every service verifies access tokens on its own, without asking documents. So when an administrator
changes someone's roles or clearance, deactivates them or resets their password, each instance must learn
it: it keeps in memory when each person's access last changed, and refuses tokens issued before that.
Only changes younger than a token's lifetime matter (older tokens have expired anyway), so the list stays
small. It is fed by `UserChanged` events with `access_changed` on the directory topic, which every
instance reads on its own (no consumer group: each instance needs every event), starting one token
lifetime back; a restarted or newly added instance therefore knows every change that still matters.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from aiokafka import AIOKafkaConsumer

from .auth import CLOCK_SKEW, DEFAULT_TOKEN_TTL
from .events import DIRECTORY, UserChanged, decode_envelope
from .logging import get_logger

log = get_logger(__name__)

EVENT_TYPE_HEADER = "event_type"


class SessionRevocations:
    """Per person: when their access last changed. A token issued before that is no longer honoured."""

    def __init__(self, *, window: timedelta = DEFAULT_TOKEN_TTL + CLOCK_SKEW) -> None:
        self.window = window
        self._changed_at: dict[str, float] = {}  # user id → epoch seconds

    def revoke(self, user_id: str, changed_at: datetime) -> None:
        at = changed_at.timestamp()
        if at > self._changed_at.get(user_id, 0.0):
            self._changed_at[user_id] = at

    def is_revoked(self, user_id: str, issued_at: float) -> bool:
        changed_at = self._changed_at.get(user_id)
        return changed_at is not None and issued_at < changed_at

    def prune(self, now: float | None = None) -> None:
        """Forgets changes older than a token's lifetime: every token issued before them has expired."""
        oldest = (time.time() if now is None else now) - self.window.total_seconds()
        self._changed_at = {user: at for user, at in self._changed_at.items() if at >= oldest}

    def __len__(self) -> int:
        return len(self._changed_at)

    def apply(self, raw_event: bytes) -> None:
        payload = decode_envelope(raw_event).payload
        if isinstance(payload, UserChanged) and payload.access_changed:
            self.revoke(payload.user_id, payload.changed_at)


async def follow_access_changes(revocations: SessionRevocations, *, bootstrap: str, client_id: str) -> None:
    """Runs for the life of the instance; after a Kafka outage it starts over one token lifetime back."""
    delay = 0.5
    while True:
        consumer = AIOKafkaConsumer(DIRECTORY.name, bootstrap_servers=bootstrap, client_id=f"{client_id}-sessions",
                                    group_id=None, enable_auto_commit=False, auto_offset_reset="latest")
        try:
            await consumer.start()
            since_ms = int((time.time() - revocations.window.total_seconds()) * 1000)
            partitions = consumer.assignment()
            found = await consumer.offsets_for_times(dict.fromkeys(partitions, since_ms))
            for partition in partitions:
                if found.get(partition) is None:
                    await consumer.seek_to_end(partition)
                else:
                    consumer.seek(partition, found[partition].offset)
            delay = 0.5
            while True:
                for records in (await consumer.getmany(timeout_ms=1000)).values():
                    for record in records:
                        if dict(record.headers).get(EVENT_TYPE_HEADER) == UserChanged.event_type.encode():
                            _apply(revocations, record)
                revocations.prune()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Kafka away or a bad record: start over after a pause, never crash the service
            log.warning("session_revocations_interrupted", error=repr(exc)[:300], retry_in_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
        finally:
            await consumer.stop()


def _apply(revocations: SessionRevocations, record) -> None:
    try:
        revocations.apply(record.value)
    except ValueError as exc:  # not a valid UserChanged: skip it rather than read it again forever
        log.warning("session_revocation_event_skipped", partition=record.partition, offset=record.offset,
                    error=repr(exc)[:300])
