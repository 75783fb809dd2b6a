"""Outbox, idempotent consumer, retries and dead letters against the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from opensaraban_shared import kafka
from opensaraban_shared.consumer import Coordinates, DeadLetters, EventConsumer, Outcome
from opensaraban_shared.db import Database
from opensaraban_shared.events import Actor, LetterSent, Topic, new_envelope
from opensaraban_shared.outbox import OutboxRelay, add_to_outbox
from opensaraban_shared.retention import Retention, purge_expired
from tests.support import eventually

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[2] / "shared/src/opensaraban_shared/events/examples/documents.letter_sent.v1.json"


def letter_sent(subject: str = "ทดสอบ") -> LetterSent:
    payload = json.loads(EXAMPLE.read_text())["payload"]
    return LetterSent.model_validate({**payload, "letter_id": str(uuid.uuid4()), "subject": subject})


@pytest.fixture
async def scratch_database(stack, tmp_path):
    """A fresh schema per test, with the shared reliability tables and one domain table."""
    (tmp_path / "001_things.sql").write_text("CREATE TABLE things (id uuid PRIMARY KEY, note text);")
    database = Database(dsn=stack["pg_dsn"], schema=f"t_{uuid.uuid4().hex[:12]}")
    await database.connect()
    await database.migrate(tmp_path)
    yield database
    async with database.pool.acquire() as conn:
        await conn.execute(f'DROP SCHEMA "{database.schema}" CASCADE')
    await database.close()


@pytest.fixture
async def topic(stack):
    name = f"opensaraban.test.{uuid.uuid4().hex[:10]}.v1"
    test_topic = Topic(name=name, partitions=3, description="test", producers=("test",), consumers=("test",))
    await kafka.ensure_topics(bootstrap=stack["kafka_bootstrap"], topics=[test_topic], client_id="tests")
    return test_topic


@pytest.fixture
async def producer(stack):
    p = kafka.Producer(bootstrap=stack["kafka_bootstrap"], client_id="tests")
    await p.start()
    yield p
    await p.stop()


async def read_all(stack, topic_name: str, *, expect: int, timeout_s: float = 15) -> list:
    consumer = AIOKafkaConsumer(topic_name, bootstrap_servers=stack["kafka_bootstrap"],
                                auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    records = []
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while loop.time() < deadline and len(records) < expect:
            batch = await consumer.getmany(timeout_ms=300)
            for part in batch.values():
                records.extend(part)
        # Anything beyond `expect` would be a duplicate: give it a moment to show up.
        batch = await consumer.getmany(timeout_ms=500)
        for part in batch.values():
            records.extend(part)
    finally:
        await consumer.stop()
    return records


async def test_outbox_publishes_committed_events_once_and_rolled_back_ones_never(scratch_database, producer, stack, topic, monkeypatch):
    monkeypatch.setattr(LetterSent, "topic", topic)
    kept = new_envelope(letter_sent("kept"), producer="test", actor=Actor(agency_id="a"))
    dropped = new_envelope(letter_sent("dropped"), producer="test", actor=Actor(agency_id="a"))
    async with scratch_database.transaction() as conn:
        await conn.execute("INSERT INTO things VALUES ($1, 'kept')", uuid.uuid4())
        await add_to_outbox(conn, [kept])
    with suppress(RuntimeError):
        async with scratch_database.transaction() as conn:
            await conn.execute("INSERT INTO things VALUES ($1, 'dropped')", uuid.uuid4())
            await add_to_outbox(conn, [dropped])
            raise RuntimeError("the use case failed after writing")

    relay = OutboxRelay(db=scratch_database, producer=producer)
    task = asyncio.create_task(relay.run())
    try:
        records = await read_all(stack, topic.name, expect=1)
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
    assert [json.loads(r.value)["event_id"] for r in records] == [str(kept.event_id)]
    assert records[0].key == b"cm-provincial-office"
    assert dict(records[0].headers)["event_type"] == b"documents.letter_sent"
    async with scratch_database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0


async def test_outbox_copy_path_keeps_order_of_a_large_fan_out(scratch_database, producer, stack, topic, monkeypatch):
    monkeypatch.setattr(LetterSent, "topic", topic)
    envelopes = [new_envelope(letter_sent(f"n{i}"), producer="test", actor=Actor(agency_id="a")) for i in range(1200)]
    async with scratch_database.transaction() as conn:
        await add_to_outbox(conn, envelopes)
    relay = OutboxRelay(db=scratch_database, producer=producer, batch_size=500)
    task = asyncio.create_task(relay.run())
    try:
        records = await read_all(stack, topic.name, expect=1200, timeout_s=30)
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
    # One key → one partition → the order of the outbox.
    assert [json.loads(r.value)["event_id"] for r in records] == [str(e.event_id) for e in envelopes]


async def test_only_one_relay_per_schema_leads(scratch_database, producer):
    first, second = OutboxRelay(db=scratch_database, producer=producer), OutboxRelay(db=scratch_database, producer=producer)
    tasks = [asyncio.create_task(first.run()), asyncio.create_task(second.run())]
    try:
        await eventually(lambda: asyncio.sleep(0, result=first.is_leader or second.is_leader), what="a leader")
        await asyncio.sleep(1)
        assert [first.is_leader, second.is_leader].count(True) == 1
        leader = tasks[0] if first.is_leader else tasks[1]
        standby = second if first.is_leader else first
        leader.cancel()
        await eventually(lambda: asyncio.sleep(0, result=standby.is_leader), timeout_s=10, what="the standby to take over")
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def recording_consumer(scratch_database, producer, topic, *, handler, max_attempts=3) -> EventConsumer:
    return EventConsumer(group="test-group", topic=topic, description="test", handlers={LetterSent: handler},
                         db=scratch_database, dead_letters=DeadLetters(producer, consumer="test-group"),
                         max_attempts=max_attempts, retry_delay_s=0.01)


def coordinates(topic: Topic, offset: int = 7) -> Coordinates:
    return Coordinates(topic=topic.name, partition=0, offset=offset, key=b"a", headers=(("event_type", b"x"),))


async def test_a_redelivered_event_has_no_second_effect(scratch_database, producer, topic):
    async def insert_thing(envelope, conn):
        await conn.execute("INSERT INTO things VALUES ($1, $2)", uuid.uuid4(), envelope.payload.subject)

    consumer = recording_consumer(scratch_database, producer, topic, handler=insert_thing)
    raw = new_envelope(letter_sent("once"), producer="test", actor=Actor(agency_id="a")).to_bytes()
    assert await consumer.handle(raw, coordinates(topic)) is Outcome.PROCESSED
    assert await consumer.handle(raw, coordinates(topic)) is Outcome.DUPLICATE
    async with scratch_database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM things WHERE note = 'once'") == 1


async def test_a_failing_handler_leaves_no_half_written_data_and_ends_in_the_dead_letter_topic(scratch_database, producer, stack, topic):
    calls = 0

    async def write_then_fail(envelope, conn):
        nonlocal calls
        calls += 1
        await conn.execute("INSERT INTO things VALUES ($1, 'half')", uuid.uuid4())
        raise ValueError("rule broken")

    consumer = recording_consumer(scratch_database, producer, topic, handler=write_then_fail, max_attempts=3)
    raw = new_envelope(letter_sent(), producer="test", actor=Actor(agency_id="a")).to_bytes()
    assert await consumer.handle(raw, coordinates(topic, offset=42)) is Outcome.DEAD_LETTERED
    assert calls == 3
    async with scratch_database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM things") == 0
        assert await conn.fetchval("SELECT count(*) FROM processed_events") == 0
    [dead] = await read_all(stack, topic.dead_letter, expect=1)
    headers = dict(dead.headers)
    assert dead.value == raw
    assert headers["x-dlq-original-topic"] == topic.name.encode()
    assert headers["x-dlq-original-offset"] == b"42"
    assert headers["x-dlq-attempts"] == b"3"
    assert b"rule broken" in headers["x-dlq-error"]


async def test_a_malformed_message_goes_straight_to_the_dead_letter_topic(scratch_database, producer, stack, topic):
    async def never(envelope, conn):
        raise AssertionError("must not be called")

    consumer = recording_consumer(scratch_database, producer, topic, handler=never)
    assert await consumer.handle(b"\x00not json", coordinates(topic)) is Outcome.DEAD_LETTERED
    [dead] = await read_all(stack, topic.dead_letter, expect=1)
    assert dead.value == b"\x00not json"


async def test_an_infrastructure_error_is_not_acknowledged_and_not_dead_lettered(scratch_database, producer, topic):
    async def database_gone(envelope, conn):
        raise ConnectionRefusedError("postgres restarting")

    consumer = recording_consumer(scratch_database, producer, topic, handler=database_gone)
    raw = new_envelope(letter_sent(), producer="test", actor=Actor(agency_id="a")).to_bytes()
    with pytest.raises(ConnectionRefusedError):
        await consumer.handle(raw, coordinates(topic))
    assert consumer.counts[Outcome.DEAD_LETTERED] == 0


async def test_kafka_subscription_commits_after_processing_and_redelivers_after_a_transient_failure(
    scratch_database, producer, stack, topic
):
    """Through FastStream on the real broker: a transient failure is retried, then processed once."""
    seen: list[str] = []
    fail_first = True

    async def flaky(envelope, conn):
        nonlocal fail_first
        if fail_first:
            fail_first = False
            raise ConnectionResetError("blip")
        seen.append(envelope.payload.subject)

    consumer = recording_consumer(scratch_database, producer, topic, handler=flaky)
    broker = KafkaBroker(stack["kafka_bootstrap"])
    consumer.subscribe(broker)
    await broker.start()
    try:
        envelope = new_envelope(letter_sent("via kafka"), producer="test", actor=Actor(agency_id="a"))
        await producer.send_and_wait(topic.name, value=envelope.to_bytes(), key=b"a", headers=[])
        await eventually(lambda: asyncio.sleep(0, result=seen), what="processing after the retry")
    finally:
        await broker.stop()
    assert seen == ["via kafka"]
    # A new consumer in the same group starts after the committed offset: nothing is processed again.
    again = recording_consumer(scratch_database, producer, topic, handler=flaky)
    broker = KafkaBroker(stack["kafka_bootstrap"])
    again.subscribe(broker)
    await broker.start()
    try:
        await asyncio.sleep(3)
    finally:
        await broker.stop()
    assert seen == ["via kafka"]
    assert sum(again.counts.values()) == 0


async def test_a_batch_runs_each_event_once_even_when_it_repeats_inside_the_batch(scratch_database, producer, topic):
    async def insert_thing(envelope, conn):
        await conn.execute("INSERT INTO things VALUES ($1, $2)", uuid.uuid4(), envelope.payload.subject)

    consumer = recording_consumer(scratch_database, producer, topic, handler=insert_thing)
    first = new_envelope(letter_sent("b1"), producer="test", actor=Actor(agency_id="a")).to_bytes()
    second = new_envelope(letter_sent("b2"), producer="test", actor=Actor(agency_id="a")).to_bytes()
    outcomes = await consumer.handle_batch([first, second, first], [coordinates(topic, i) for i in range(3)])
    assert outcomes == [Outcome.PROCESSED, Outcome.PROCESSED, Outcome.DUPLICATE]
    assert await consumer.handle_batch([second], [coordinates(topic, 3)]) == [Outcome.DUPLICATE]
    async with scratch_database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM things") == 2


async def test_a_poison_event_in_a_batch_does_not_hold_back_the_others(scratch_database, producer, stack, topic):
    async def refuse_poison(envelope, conn):
        if envelope.payload.subject == "poison":
            raise ValueError("cannot handle this one")
        await conn.execute("INSERT INTO things VALUES ($1, $2)", uuid.uuid4(), envelope.payload.subject)

    consumer = recording_consumer(scratch_database, producer, topic, handler=refuse_poison)
    batch = [new_envelope(letter_sent(s), producer="test", actor=Actor(agency_id="a")).to_bytes()
             for s in ("ok1", "poison", "ok2")]
    batch.append(b"garbage")
    outcomes = await consumer.handle_batch(batch, [coordinates(topic, i) for i in range(4)])
    assert outcomes == [Outcome.PROCESSED, Outcome.DEAD_LETTERED, Outcome.PROCESSED, Outcome.DEAD_LETTERED]
    async with scratch_database.pool.acquire() as conn:
        assert sorted(r["note"] for r in await conn.fetch("SELECT note FROM things")) == ["ok1", "ok2"]
    dead = await read_all(stack, topic.dead_letter, expect=2)
    assert sorted(dict(r.headers)["x-dlq-original-offset"] for r in dead) == [b"1", b"3"]


async def test_the_purge_trims_each_reliability_table_to_its_retention_and_keeps_younger_rows(scratch_database):
    retention = Retention(published_outbox=timedelta(hours=24), processed_events=timedelta(days=7),
                          idempotency_keys=timedelta(days=2))
    old, young = uuid.uuid4(), uuid.uuid4()
    async with scratch_database.transaction() as conn:
        await conn.executemany(
            "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('c', $1, now() - $2::interval)",
            [(old, timedelta(days=8)), (young, timedelta(days=6))])
        await conn.executemany(
            "INSERT INTO idempotency_keys (subject, key, request_hash, status_code, response, created_at) "
            "VALUES ('u', $1, 'h', 201, '{}', now() - $2::interval)",
            [("old", timedelta(days=3)), ("young", timedelta(days=1))])
        await conn.executemany(
            "INSERT INTO outbox (event_id, topic, key, payload, published_at) VALUES ($1, 't', 'k', ''::bytea, $2)",
            [(uuid.uuid4(), None)])
        await conn.execute(
            "INSERT INTO outbox (event_id, topic, key, payload, published_at) "
            "VALUES ($1, 't', 'k', ''::bytea, now() - interval '25 hours')", uuid.uuid4())

        deleted = await purge_expired(conn, retention, batch=10)

        assert deleted == {"outbox": 1, "processed_events": 1, "idempotency_keys": 1}
        assert await conn.fetchval("SELECT array_agg(event_id) FROM processed_events") == [young]
        assert await conn.fetchval("SELECT array_agg(key) FROM idempotency_keys") == ["young"]
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 1  # never unsent ones
        assert await purge_expired(conn, retention) == {"outbox": 0, "processed_events": 0, "idempotency_keys": 0}


async def test_the_purge_deletes_at_most_one_batch_per_table_per_round(scratch_database):
    async with scratch_database.transaction() as conn:
        await conn.execute(
            "INSERT INTO processed_events (consumer, event_id, processed_at) "
            "SELECT 'c', gen_random_uuid(), now() - interval '30 days' FROM generate_series(1, 25)")
        assert (await purge_expired(conn, Retention(), batch=10))["processed_events"] == 10
        assert (await purge_expired(conn, Retention(), batch=10))["processed_events"] == 10
        assert (await purge_expired(conn, Retention(), batch=10))["processed_events"] == 5
