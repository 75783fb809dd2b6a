"""The delivery worker with fakes for the database and the mail server: a mail once sent is never sent again
because PostgreSQL restarted or the service stopped before its row said "sent"."""

import asyncio
import uuid
from contextlib import asynccontextmanager
from types import SimpleNamespace

import pytest

from notify_service import delivery
from notify_service.channels import Outcome
from notify_service.settings import NotifySettings


class Database:
    """Transactions numbered from 0; those in `down` fail as while PostgreSQL restarts."""

    dsn = "postgresql://127.0.0.1:1/nowhere"  # the workers' wake-up listener cannot connect: they poll

    def __init__(self, down: range = range(0)) -> None:
        self.down = down
        self.transactions = 0

    @asynccontextmanager
    async def transaction(self):
        self.transactions += 1
        if self.transactions - 1 in self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        yield None


class Queue:
    """The deliveries table as the worker sees it: one e-mail waiting, and what was written about it."""

    def __init__(self, monkeypatch) -> None:
        self.row = {"delivery_id": uuid.uuid4(), "attempts": 1, "subscription_id": None, "address": "clerk@x.go.th",
                    "content": {"subject": "s", "text": "t"}, "kind": "letter_delivered", "secret": None}
        self.claims = [[self.row]]
        self.sent_marks: list[uuid.UUID] = []

        async def claim(conn, *, channel, **_):
            return self.claims.pop(0) if self.claims and channel == "email" else []

        async def record_attempt(conn, **_):
            return None

        async def mark_sent(conn, delivery_id, *, at):
            self.sent_marks.append(delivery_id)

        for name, fake in (("claim_deliveries", claim), ("record_attempt", record_attempt), ("mark_sent", mark_sent)):
            monkeypatch.setattr(delivery.repository, name, fake)


def worker(db: Database) -> delivery.Worker:
    return delivery.Worker(SimpleNamespace(db=db, settings=NotifySettings()), "email", asyncio.Event())


async def test_a_sent_mail_is_marked_sent_once_postgresql_is_back_and_not_sent_again(monkeypatch):
    queue, mails = Queue(monkeypatch), []

    async def send_email(settings, *, delivery_id, to, content):
        mails.append(delivery_id)
        return Outcome(True)

    monkeypatch.setattr(delivery.channels, "send_email", send_email)
    # The claim (transaction 0) commits; PostgreSQL is away for the next two, while the mail goes out.
    assert await worker(Database(down=range(1, 3))).run_once() == 1
    assert mails == [str(queue.row["delivery_id"])]
    assert queue.sent_marks == [queue.row["delivery_id"]]


async def test_stopping_the_service_waits_for_a_mail_under_way_though_the_idle_worker_stops_at_once(monkeypatch):
    queue, server_took_it, release = Queue(monkeypatch), asyncio.Event(), asyncio.Event()

    async def send_email(settings, *, delivery_id, to, content):
        server_took_it.set()
        await release.wait()
        return Outcome(True)

    monkeypatch.setattr(delivery.channels, "send_email", send_email)
    workers = asyncio.create_task(delivery.run_delivery_workers(SimpleNamespace(db=Database(),
                                                                                settings=NotifySettings())))
    await server_took_it.wait()
    workers.cancel()  # the service is shutting down; the webhook worker, idle, stops at once
    await asyncio.sleep(0.1)
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await workers
    assert queue.sent_marks == [queue.row["delivery_id"]]
