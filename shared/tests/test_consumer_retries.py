"""The consumer's retries of one event, with a fake database and dead-letter topic (no servers): a handler that
fails is tried again, then its event goes to the dead letters; an infrastructure failure is not retried here."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest

from opensaraban_shared.consumer import Coordinates, EventConsumer, Outcome
from opensaraban_shared.events import DIRECTORY, Actor, AgencyChanged, new_envelope

WHERE = Coordinates(topic=DIRECTORY.name, partition=0, offset=7, key=b"cm-land", headers=())


class Connection:
    async def fetchval(self, *_args):
        return True  # a fresh event: the processed-events row was inserted


class Database:
    @asynccontextmanager
    async def transaction(self):
        yield Connection()


class DeadLetters:
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send(self, raw, where, *, error, attempts):
        self.sent.append(attempts)


def agency_changed() -> bytes:
    event = AgencyChanged(agency_id="cm-land", name_th="สำนักงานที่ดินจังหวัดเชียงใหม่", kind="provincial_office",
                          parent_id="cm", province_code="50", active=True, changed_at=datetime.now(UTC))
    return new_envelope(event, producer="documents", actor=Actor(agency_id="cm")).to_bytes()


def consumer(handler, dead_letters: DeadLetters) -> EventConsumer:
    return EventConsumer(group=f"test-{uuid.uuid4().hex[:6]}", topic=DIRECTORY, description="test",
                         handlers={AgencyChanged: handler}, db=Database(),  # type: ignore[arg-type]
                         dead_letters=dead_letters, max_attempts=3, retry_delay_s=0.001)  # type: ignore[arg-type]


async def test_a_handler_that_fails_twice_processes_the_event_on_its_third_attempt() -> None:
    calls, dead = [], DeadLetters()

    async def flaky(envelope, conn):
        calls.append(envelope.event_id)
        if len(calls) < 3:
            raise ValueError("not yet")

    assert await consumer(flaky, dead).handle(agency_changed(), WHERE) is Outcome.PROCESSED
    assert len(calls) == 3 and dead.sent == []


async def test_a_handler_that_always_fails_sends_the_event_to_the_dead_letters_after_every_attempt() -> None:
    calls, dead = [], DeadLetters()

    async def broken(envelope, conn):
        calls.append(1)
        raise ValueError("a bug")

    assert await consumer(broken, dead).handle(agency_changed(), WHERE) is Outcome.DEAD_LETTERED
    assert len(calls) == 3 and dead.sent == [3]


async def test_an_infrastructure_failure_escapes_at_once_so_kafka_delivers_the_event_again() -> None:
    calls, dead = [], DeadLetters()

    async def database_away(envelope, conn):
        calls.append(1)
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(ConnectionRefusedError):
        await consumer(database_away, dead).handle(agency_changed(), WHERE)
    assert len(calls) == 1 and dead.sent == []
