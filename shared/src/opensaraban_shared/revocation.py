"""Sessions that end before their token expires, because the person's access changed or their agency retired.

Every service verifies access tokens on its own, without asking documents. So when an administrator
changes someone's roles or clearance, deactivates them or resets their password, revokes a system's API key,
or retires a whole agency, each instance must learn it: it keeps in memory when each person's (or system's)
access last changed and when each agency was retired, and refuses tokens issued before that.
Only changes younger than a token's lifetime matter (older tokens have expired anyway), so the lists stay
small. They are fed by `UserChanged` events with `access_changed`, `ApiKeyRevoked` events and `AgencyChanged`
events of inactive agencies on the directory topic, which every instance reads on its own (no consumer group: each instance
needs every event), starting one token lifetime back; a restarted or newly added instance therefore knows
every change that still matters.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from aiokafka import AIOKafkaConsumer

from .auth import CLOCK_SKEW, DEFAULT_TOKEN_TTL, Principal
from .events import DIRECTORY, AgencyChanged, ApiKeyRevoked, UserChanged, decode_envelope
from .logging import get_logger

log = get_logger(__name__)

EVENT_TYPE_HEADER = "event_type"


class SessionRevocations:
    """When each person's access last changed and when each agency was retired. A token issued before the
    change of its person or the retirement of its agency is no longer honoured."""

    def __init__(self, *, window: timedelta = DEFAULT_TOKEN_TTL + CLOCK_SKEW) -> None:
        self.window = window
        self._user_changed_at: dict[str, float] = {}  # user id → epoch seconds
        self._agency_retired_at: dict[str, float] = {}  # agency id → epoch seconds

    def revoke(self, user_id: str, changed_at: datetime) -> None:
        _keep_latest(self._user_changed_at, user_id, changed_at)

    def retire_agency(self, agency_id: str, retired_at: datetime) -> None:
        _keep_latest(self._agency_retired_at, agency_id, retired_at)

    def is_revoked(self, principal: Principal, issued_at: float) -> bool:
        return any(at is not None and issued_at < at for at in (
            self._user_changed_at.get(principal.subject_id), self._agency_retired_at.get(principal.agency_id)))

    def prune(self, now: float | None = None) -> None:
        """Forgets changes older than a token's lifetime: every token issued before them has expired."""
        oldest = (time.time() if now is None else now) - self.window.total_seconds()
        self._user_changed_at = {user: at for user, at in self._user_changed_at.items() if at >= oldest}
        self._agency_retired_at = {agency: at for agency, at in self._agency_retired_at.items() if at >= oldest}

    def __len__(self) -> int:
        return len(self._user_changed_at) + len(self._agency_retired_at)

    def apply(self, raw_event: bytes) -> None:
        payload = decode_envelope(raw_event).payload
        if isinstance(payload, UserChanged) and payload.access_changed:
            self.revoke(payload.user_id, payload.changed_at)
        elif isinstance(payload, ApiKeyRevoked):
            self.revoke(payload.subject_id, payload.revoked_at)
        elif isinstance(payload, AgencyChanged) and not payload.active:
            self.retire_agency(payload.agency_id, payload.changed_at)


def _keep_latest(changed_at: dict[str, float], key: str, at: datetime) -> None:
    if at.timestamp() > changed_at.get(key, 0.0):
        changed_at[key] = at.timestamp()


_FOLLOWED_EVENT_TYPES = {e.event_type.encode() for e in (UserChanged, ApiKeyRevoked, AgencyChanged)}


async def follow_access_changes(revocations: SessionRevocations, *, bootstrap: str, client_id: str) -> None:
    """Runs for the life of the instance. Raises when Kafka goes away; started again (by the service's supervisor),
    it starts over one token lifetime back, so nothing that still matters is missed."""
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
        while True:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for record in records:
                    if dict(record.headers).get(EVENT_TYPE_HEADER) in _FOLLOWED_EVENT_TYPES:
                        _apply(revocations, record)
            revocations.prune()
    finally:
        await consumer.stop()


def _apply(revocations: SessionRevocations, record) -> None:
    try:
        revocations.apply(record.value)
    except ValueError as exc:  # not a valid event: skip it rather than read it again forever
        log.warning("session_revocation_event_skipped", partition=record.partition, offset=record.offset,
                    error=repr(exc)[:300])
