"""Live inbox: one LISTEN connection per instance hears every new entry (pg_notify on commit, from whichever
instance wrote it) and hands its id to the open Server-Sent-Event streams it concerns."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from opensaraban_shared.service_app import Runtime

from . import repository

HUB = "inbox_hub"
QUEUE_LIMIT = 1000


@dataclass(eq=False)
class Subscriber:
    agency_id: str
    user_id: str
    handles_agency_mail: bool
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def concerns(self, agency_id: str, user_id: str | None) -> bool:
        if user_id is not None:
            return user_id == self.user_id
        return self.handles_agency_mail and agency_id == self.agency_id


class InboxHub:
    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()
        self.listening = False

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.add(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        if not self._subscribers:
            return
        try:
            note = json.loads(payload)
        except ValueError:
            return
        for subscriber in self._subscribers:
            if subscriber.concerns(note["a"], note["u"]):
                try:
                    subscriber.queue.put_nowait(note["id"])
                except asyncio.QueueFull:  # a stalled browser: it re-reads the list when it reconnects
                    pass

    async def listen_forever(self, dsn: str) -> None:
        """Raises when the connection is lost; the service's supervisor starts it again."""
        conn = await asyncpg.connect(dsn)
        try:
            await conn.add_listener(repository.INBOX_CHANNEL, self._on_notify)
            self.listening = True
            while True:
                await asyncio.sleep(5)
                await conn.execute("SELECT 1")  # notices a dropped connection (raises)
        finally:
            self.listening = False
            conn.terminate()


def hub_of(runtime: Runtime) -> InboxHub:
    return runtime.extensions.setdefault(HUB, InboxHub())


async def run_listener(runtime: Runtime) -> None:
    """Background job."""
    await hub_of(runtime).listen_forever(runtime.db.dsn)
