"""New Year, Bangkok time: the registers restart at 1, a number takes the year of the moment it was given, and
the adoption figures count each letter on its Bangkok day and month.

The letters are numbered by the documents service's own use cases in this process, with the business clock
stopped at 23:59:59 on 31 December (16:59:59 UTC) and then at 00:00:00 on 1 January: the same code path the
HTTP API runs, on the real PostgreSQL, and its events reach the metrics service through Kafka. Two agencies made
for the run keep the registers of every year empty until this test numbers in them.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pytest

from documents_service import SERVICE
from documents_service.letters import handling
from documents_service.letters import service as letters
from documents_service.letters.printouts import Printer
from opensaraban_shared import clock, unit_of_work
from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.db import Database
from opensaraban_shared.thai import buddhist_year
from tests.support import eventually, official_fields, send_letter, sign_in, stack_object_store

pytestmark = pytest.mark.integration

PASSWORD = "new-year-password-2569"
T = TypeVar("T")


class Agency:
    """A fresh agency with one correspondence clerk, signed in through the API and as a Principal in-process."""

    def __init__(self, agency_id: str, prefix: str, user: dict, headers: dict[str, str]) -> None:
        self.agency_id, self.prefix, self.headers = agency_id, prefix, headers
        self.principal = Principal(subject_id=user["user_id"], kind="user", agency_id=agency_id,
                                   roles=frozenset({Role.CLERK}), display_name=user["display_name"], clearance=0)


async def new_agency(docs: httpx.AsyncClient, national: dict[str, str], *, prefix: str) -> Agency:
    agency_id = f"t-newyear-{uuid.uuid4().hex[:8]}"
    created = await docs.post("/agencies", headers=national, json={
        "agency_id": agency_id, "parent_id": "cm", "kind": "provincial_office", "province_code": "50",
        "name_th": f"สำนักงานทดสอบปีใหม่ {agency_id}", "name_en": "New Year test office", "letter_prefix": prefix})
    assert created.status_code == 201, created.text
    username = f"clerk@{agency_id}"
    user = await docs.post("/users", headers=national, json={
        "agency_id": agency_id, "username": username, "display_name": "เจ้าหน้าที่สารบรรณ", "roles": ["clerk"],
        "password": PASSWORD})
    assert user.status_code == 201, user.text
    login = await docs.post("/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return Agency(agency_id, prefix, user.json(), {"Authorization": f"Bearer {login.json()['access_token']}"})


@pytest.fixture
async def docs(services) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        yield client


@pytest.fixture
async def documents_db(stack) -> AsyncIterator[Database]:
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    yield db
    await db.close()


@pytest.fixture
async def printer(stack) -> Printer:
    """The printer the use cases print sent letters with, on the stack's object store."""
    return Printer(store=await stack_object_store(stack))


async def draft(docs: httpx.AsyncClient, sender: Agency, recipient: Agency, *, circular: bool) -> uuid.UUID:
    response = await docs.post("/letters", headers=sender.headers, json={
        **official_fields(f"ส่งข้ามปี {uuid.uuid4().hex[:6]}"), "recipient_agency_ids": [recipient.agency_id],
        "is_circular": circular})
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["letter_id"])


async def at(moment: datetime, db: Database, agency: Agency, use_case: Callable[..., Awaitable[T]], **args: Any) -> T:
    """The documents service's use case, run for the agency's clerk with the business clock stopped at `moment`."""
    with clock.stopped_at(moment):
        async with unit_of_work.begin(db, principal=agency.principal, producer=SERVICE) as work:
            return await use_case(work, **args)


async def register(docs: httpx.AsyncClient, agency: Agency, kind: str, ce_year: int) -> list[tuple[int, str]]:
    response = await docs.get(f"/registers/{kind}", headers=agency.headers, params={"year": buddhist_year(ce_year)})
    assert response.status_code == 200, response.text
    return [(e["number"], e["letter_number"]) for e in response.json()["entries"]]


async def test_registers_restart_at_one_at_midnight_bangkok_time_on_new_years_eve(services, docs, documents_db,
                                                                                   printer):
    year = clock.today().year
    last_second = datetime(year, 12, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 on 31 December in Bangkok
    new_year = datetime(year, 12, 31, 17, 0, 0, tzinfo=UTC)  # 00:00:00 on 1 January in Bangkok
    national = await sign_in(services["documents"], "admin@nso")
    sender = await new_agency(docs, national, prefix=f"ทป {uuid.uuid4().int % 10000:04d}")
    recipient = await new_agency(docs, national, prefix=f"ทร {uuid.uuid4().int % 10000:04d}")
    old = [await draft(docs, sender, recipient, circular=c) for c in (False, False, True)]
    new = [await draft(docs, sender, recipient, circular=c) for c in (False, True)]

    sent_old = [await at(last_second, documents_db, sender, letters.send_letter, letter_id=i, printer=printer)
                for i in old]
    sent_new = [await at(new_year, documents_db, sender, letters.send_letter, letter_id=i, printer=printer)
                for i in new]

    assert [s.letter_number for s in sent_old] == [f"{sender.prefix}/1", f"{sender.prefix}/2", f"{sender.prefix}/ว 1"]
    assert [s.letter_number for s in sent_new] == [f"{sender.prefix}/1", f"{sender.prefix}/ว 1"]
    assert await register(docs, sender, "send", year) == [(1, f"{sender.prefix}/1"), (2, f"{sender.prefix}/2"),
                                                           (1, f"{sender.prefix}/ว 1")]
    assert await register(docs, sender, "send", year + 1) == [(1, f"{sender.prefix}/1"), (1, f"{sender.prefix}/ว 1")]

    inbox = (await docs.get("/inbox", headers=recipient.headers, params={"limit": 10})).json()
    deliveries = {uuid.UUID(item["letter_id"]): uuid.UUID(item["delivery_id"]) for item in inbox["items"]}
    before = await at(last_second, documents_db, recipient, handling.accept, delivery_id=deliveries[old[0]])
    after = [await at(new_year, documents_db, recipient, handling.accept, delivery_id=deliveries[i])
             for i in (old[1], new[0])]

    assert [a.deliveries[0].receive_register_number for a in (before, *after)] == [1, 1, 2]
    assert await register(docs, recipient, "receive", year) == [(1, f"{sender.prefix}/1")]
    assert await register(docs, recipient, "receive", year + 1) == [(1, f"{sender.prefix}/2"), (2, f"{sender.prefix}/1")]

    # The adoption figures: three letters sent on 31 December and two on 1 January, by Bangkok day and by month.
    admin = await sign_in(services["documents"], "admin@nso")
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10, headers=admin) as metrics:
        async def sent_per(granularity: str) -> list[tuple[str, int]] | None:
            response = await metrics.get("/adoption/distribution", params={
                "agency_id": sender.agency_id, "granularity": granularity,
                "date_from": f"{year}-12-01", "date_to": f"{year + 1}-01-31"})
            assert response.status_code == 200, response.text
            series = [(p["period"], p["sent_electronic"]) for p in response.json()["series"]]
            return series if sum(n for _, n in series) == 5 else None

        assert await eventually(lambda: sent_per("day"), what="the metrics service to count the five letters") == [
            (f"{year}-12-31", 3), (f"{year + 1}-01-01", 2)]
        assert await sent_per("month") == [(f"{year}-12", 3), (f"{year + 1}-01", 2)]


async def test_the_services_give_numbers_on_the_same_business_clock_as_the_tests(services, docs):
    # With OPENSARABAN_CLOCK set (a calendar run), a service on the host's clock would date this letter weeks
    # away from the test's own clock.
    clerk = await sign_in(services["documents"], "clerk@cm-provincial-office")
    before = clock.now()
    sent = await send_letter(docs, clerk, to=["cm-energy"])
    after = clock.now()
    sent_at = datetime.fromisoformat(sent["sent_at"])
    assert before - timedelta(seconds=1) <= sent_at <= after + timedelta(seconds=1), (before, sent_at, after)
