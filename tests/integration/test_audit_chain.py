"""The audit log is tamper-evident: editing, deleting or reordering a record breaks its chain, and cutting off its
newest records is caught by the anchors the log publishes to Kafka."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import suppress

import pytest

from opensaraban_shared import audit, kafka
from opensaraban_shared.audit_anchors import newest_anchors
from opensaraban_shared.db import Database
from opensaraban_shared.events import AUDIT_ANCHORS
from opensaraban_shared.outbox import OutboxRelay
from tests.support import eventually, verify_audit_log

pytestmark = pytest.mark.integration


@pytest.fixture
async def scratch_database(stack, tmp_path):
    database = Database(dsn=stack["pg_dsn"], schema=f"audit_{uuid.uuid4().hex[:10]}")
    await database.connect()
    await database.migrate(tmp_path)  # the shared tables only
    yield database
    async with database.pool.acquire() as conn:
        await conn.execute(f'DROP SCHEMA "{database.schema}" CASCADE')
    await database.close()


async def fill(database: Database, *, log: str = "documents") -> None:
    for chain in ("cm-land", "cm-energy"):
        for i in range(3):
            async with database.transaction() as conn:
                await audit.append(conn, producer=log, chain=chain, actor=f"u-{chain}", action="letter_sent", subject=str(i),
                                   detail={"letter_number": f"ชม {i}", "recipients": i})


async def test_an_untouched_log_verifies(scratch_database, stack):
    await fill(scratch_database)
    async with scratch_database.pool.acquire() as conn:
        assert await audit.verify(conn) == []
    result = verify_audit_log(stack["pg_dsn"], scratch_database.schema)
    assert result.returncode == 0 and "chain intact" in result.stdout


async def test_an_edited_record_is_caught(scratch_database, stack):
    await fill(scratch_database)
    async with scratch_database.pool.acquire() as conn:
        await conn.execute("UPDATE audit_log SET detail = '{\"letter_number\": \"ชม 999\"}' "
                           "WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")
        breaks = await audit.verify(conn)
    assert [b.reason for b in breaks] == ["record content does not match its hash"]
    assert verify_audit_log(stack["pg_dsn"], scratch_database.schema).returncode == 1


async def test_a_deleted_record_is_caught(scratch_database):
    await fill(scratch_database)
    async with scratch_database.pool.acquire() as conn:
        await conn.execute("DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")
        breaks = await audit.verify(conn)
    assert len(breaks) == 1 and "previous hash" in breaks[0].reason


async def test_cutting_off_the_newest_records_is_caught_by_the_anchors_in_kafka(scratch_database, stack):
    """A chain stays consistent when its newest records are deleted; the anchors published through the outbox
    to Kafka are what still knows them. The log is named after this test's schema, so only its anchors count."""
    log = scratch_database.schema
    await kafka.ensure_topics(bootstrap=stack["kafka_bootstrap"], topics=[AUDIT_ANCHORS], client_id="tests")
    await fill(scratch_database, log=log)
    producer = kafka.Producer(bootstrap=stack["kafka_bootstrap"], client_id="tests")
    await producer.start()
    relay = asyncio.create_task(OutboxRelay(db=scratch_database, producer=producer).run())
    try:
        async def all_anchored():
            anchors = await newest_anchors(stack["kafka_bootstrap"], log=log)
            return anchors if {chain: a.seq for chain, a in anchors.items()} == await heads(scratch_database) else None

        await eventually(all_anchored, timeout_s=20, what="every chain's newest record to be anchored in Kafka")
    finally:
        relay.cancel()
        with suppress(asyncio.CancelledError):
            await relay
        await producer.stop()

    intact = verify_audit_log(stack["pg_dsn"], scratch_database.schema, anchors_from=stack["kafka_bootstrap"])
    assert intact.returncode == 0 and "2 chain heads checked against their anchors: chain intact" in intact.stdout, \
        intact.stdout + intact.stderr
    async with scratch_database.pool.acquire() as conn:
        newest_land = await conn.fetchval("SELECT max(seq) FROM audit_log WHERE chain = 'cm-land'")
        await conn.execute("DELETE FROM audit_log WHERE seq = $1 OR chain = 'cm-energy'", newest_land)
        assert await audit.verify(conn) == []  # what is left is a consistent chain: the hashes alone see nothing
    cut = verify_audit_log(stack["pg_dsn"], scratch_database.schema, anchors_from=stack["kafka_bootstrap"])
    assert cut.returncode == 1, cut.stdout
    assert f"BROKEN chain=cm-land seq={newest_land}: anchored record missing or changed" in cut.stdout
    assert "BROKEN chain=cm-energy" in cut.stdout


async def heads(database: Database) -> dict[str, int]:
    async with database.pool.acquire() as conn:
        return {r["chain"]: r["seq"] for r in await conn.fetch("SELECT chain, max(seq) AS seq FROM audit_log GROUP BY chain")}
