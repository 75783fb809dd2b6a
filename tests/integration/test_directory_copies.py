"""Every service's copy of the directory keeps each record's newest version whatever order its events arrive in,
against the real PostgreSQL (the tables made by the services' own migrations, in a scratch schema)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from metrics_service import repository as metrics_repository
from metrics_service.facts import collect
from notify_service import repository as notify_repository
from opensaraban_shared.db import Database
from opensaraban_shared.directory_copy import AGENCIES, CopiedTable, copy_newest
from opensaraban_shared.events import Actor, AgencyChanged, Event, UserChanged, new_envelope

pytestmark = pytest.mark.integration

SERVICES = Path(__file__).resolve().parents[2] / "services"
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def scratch_schema(stack: dict, service: str) -> Database:
    database = Database(dsn=stack["pg_dsn"], schema=f"t_{uuid.uuid4().hex[:12]}")
    await database.connect()
    await database.migrate(SERVICES / service / "src" / f"{service}_service" / "migrations")
    return database


@pytest.fixture(params=["metrics", "notify", "meeting"])
async def service_schema(request, stack):
    """A fresh schema holding one service's tables."""
    database = await scratch_schema(stack, request.param)
    yield request.param, database
    async with database.pool.acquire() as conn:
        await conn.execute(f'DROP SCHEMA "{database.schema}" CASCADE')
    await database.close()


def person(agency_id: str, *, at: datetime) -> UserChanged:
    return UserChanged(user_id="u-somying", agency_id=agency_id, display_name="สมหญิง", roles=["clerk"], active=True,
                       changed_at=at)


def agency(name_th: str, *, at: datetime) -> AgencyChanged:
    return AgencyChanged(agency_id="cm-land", name_th=name_th, kind="provincial_office", parent_id="cm",
                         province_code="50", active=True, changed_at=at)


async def copy(service: str, conn, events: list[Event]) -> None:
    """As the service's consumer writes one batch."""
    if service == "metrics":
        await metrics_repository.apply(conn, collect([new_envelope(e, producer="documents", actor=Actor(agency_id="cm"))
                                                      for e in events]))
        return
    tables: dict[type, CopiedTable] = {AgencyChanged: AGENCIES, UserChanged: notify_repository.PEOPLE}
    for kind, table in tables.items():
        await copy_newest(conn, table, [e for e in events if isinstance(e, kind)])


async def test_an_older_change_arriving_after_a_newer_one_changes_nothing(service_schema):
    service, database = service_schema
    renamed_first, renamed_later = agency("ชื่อเดิม", at=AT), agency("สำนักงานที่ดินจังหวัดเชียงใหม่", at=AT + timedelta(1))
    events_in_wrong_order: list[list[Event]] = [[renamed_later], [renamed_first]]
    if service != "meeting":  # meeting copies agencies only
        events_in_wrong_order[0].append(person("cm-statistics", at=AT + timedelta(minutes=5)))  # after a transfer
        events_in_wrong_order[1].append(person("cm-land", at=AT))
    for batch in events_in_wrong_order:
        async with database.transaction() as conn:
            await copy(service, conn, batch)

    async with database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT name_th FROM agencies WHERE agency_id = 'cm-land'") == renamed_later.name_th
        if service != "meeting":
            people = "users" if service == "metrics" else "people"
            assert await conn.fetchval(f"SELECT agency_id FROM {people} WHERE user_id = 'u-somying'") == "cm-statistics"


async def test_within_one_batch_the_newest_record_wins_over_the_later_offset(service_schema):
    service, database = service_schema
    newer, older = agency("ชื่อใหม่", at=AT + timedelta(hours=1)), agency("ชื่อเก่า", at=AT)
    async with database.transaction() as conn:
        await copy(service, conn, [newer, older])

    async with database.pool.acquire() as conn:
        assert await conn.fetchval("SELECT name_th FROM agencies WHERE agency_id = 'cm-land'") == "ชื่อใหม่"


async def test_metrics_lets_the_directory_overwrite_an_agency_it_only_saw_on_a_letter(stack):
    database = await scratch_schema(stack, "metrics")
    try:
        async with database.transaction() as conn:
            await conn.execute("INSERT INTO agencies (agency_id, province_code) VALUES ('cm-land', '99')")
            await copy("metrics", conn, [agency("สำนักงานที่ดินจังหวัดเชียงใหม่", at=AT)])
            row = await conn.fetchrow("SELECT province_code, from_directory FROM agencies WHERE agency_id = 'cm-land'")
        assert (row["province_code"], row["from_directory"]) == ("50", True)
    finally:
        async with database.pool.acquire() as conn:
            await conn.execute(f'DROP SCHEMA "{database.schema}" CASCADE')
        await database.close()
