"""The audit log is tamper-evident: editing, deleting or reordering a record breaks its chain."""

from __future__ import annotations

import uuid

import pytest

from opensaraban_shared import audit
from opensaraban_shared.db import Database
from tests.support import verify_audit_log

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(stack, tmp_path):
    database = Database(dsn=stack["pg_dsn"], schema=f"audit_{uuid.uuid4().hex[:10]}")
    await database.connect()
    await database.migrate(tmp_path)  # the shared tables only
    yield database
    async with database.pool.acquire() as conn:
        await conn.execute(f'DROP SCHEMA "{database.schema}" CASCADE')
    await database.close()


async def fill(db: Database) -> None:
    for chain in ("cm-land", "cm-energy"):
        for i in range(3):
            async with db.transaction() as conn:
                await audit.append(conn, chain=chain, actor=f"u-{chain}", action="letter_sent", subject=str(i),
                                   detail={"letter_number": f"ชม {i}", "recipients": i})


async def test_an_untouched_log_verifies(db, stack):
    await fill(db)
    async with db.pool.acquire() as conn:
        assert await audit.verify(conn) == []
    result = verify_audit_log(stack["pg_dsn"], db.schema)
    assert result.returncode == 0 and "chain intact" in result.stdout


async def test_an_edited_record_is_caught(db, stack):
    await fill(db)
    async with db.pool.acquire() as conn:
        await conn.execute("UPDATE audit_log SET detail = '{\"letter_number\": \"ชม 999\"}' "
                           "WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")
        breaks = await audit.verify(conn)
    assert [b.reason for b in breaks] == ["record content does not match its hash"]
    assert verify_audit_log(stack["pg_dsn"], db.schema).returncode == 1


async def test_a_deleted_record_is_caught(db):
    await fill(db)
    async with db.pool.acquire() as conn:
        await conn.execute("DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")
        breaks = await audit.verify(conn)
    assert len(breaks) == 1 and "previous hash" in breaks[0].reason
