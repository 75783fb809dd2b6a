"""The daily digest goes out by itself once in its Bangkok hour, on the business clock, unless switched off."""

from contextlib import asynccontextmanager
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from notify_service import scheduler
from notify_service.settings import NotifySettings
from opensaraban_shared import clock


class Database:
    @asynccontextmanager
    async def transaction(self):
        yield None


@pytest.fixture
def started(monkeypatch) -> list[date]:
    days: list[date] = []

    async def start_digest_run(conn, *, day, instance):
        days.append(day)
        return False  # another instance has it: nothing more to fake

    monkeypatch.setattr(scheduler.repository, "start_digest_run", start_digest_run)
    return days


async def digest_check(at: str, **settings) -> None:
    with clock.stopped_at(datetime.fromisoformat(at)):
        await scheduler._digest_if_due(SimpleNamespace(db=Database()), NotifySettings(**settings))


async def test_the_digest_starts_in_its_bangkok_hour_of_the_business_clock(started):
    await digest_check("2027-01-01T06:59:00+07:00")
    await digest_check("2027-01-01T00:05:00+00:00")  # 07:05 in Bangkok on 1 January
    await digest_check("2027-01-01T08:00:00+07:00")
    assert started == [date(2027, 1, 1)]


async def test_switched_off_only_an_administrator_starts_the_digest(started):
    await digest_check("2027-01-01T07:05:00+07:00", automatic_digests=False)
    assert started == []
