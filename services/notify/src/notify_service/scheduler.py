"""The scheduler: fires deadline reminders and sends daily digests, on any number of instances at once.

Due reminders are claimed with FOR UPDATE SKIP LOCKED in the same transaction that writes their notices and
marks them fired, so each fires exactly once whichever instance takes it, and a restart loses nothing (they
live in PostgreSQL). Each Bangkok day's digest run is taken by the one instance that inserts its row.

No event on Kafka causes a fired reminder, so its NotificationRecorded events have no causation id and a fresh
correlation id, one per reminder (its owner's and supervisors' notices share it).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from typing import Any

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime
from opensaraban_shared.thai import BANGKOK

from . import messages, repository, service
from .service import Notice
from .settings import NotifySettings

log = get_logger(__name__)
BATCH = 500


async def fire_due_reminders(conn: asyncpg.Connection, *, settings: NotifySettings) -> int:
    now = clock.now()
    rows = await repository.claim_due_reminders(conn, limit=BATCH, now=now)
    if not rows:
        return 0
    notices: list[Notice] = []
    owners = [r["user_id"] for r in rows if r["stage"] == "overdue" and r["user_id"]]
    supervisors = await repository.supervisors_of(conn, owners)
    for r in rows:
        facts = json.loads(r["facts"]) if isinstance(r["facts"], str) else r["facts"]
        message = messages.reminder(kind=r["kind"], stage=r["stage"], due_at=r["due_at"], facts=facts,
                                    since=r["started_at"])
        notices.append(Notice(r["reminder_id"], f"deadline_{r['stage']}_to_owner", "deadline", r["agency_id"],
                              r["user_id"], message))
        if r["stage"] != "overdue":
            continue
        # Overdue: the owner's supervisor hears of it too (for an agency's correspondence, its clerks' supervisors).
        if r["user_id"]:
            bosses = [supervisors[r["user_id"]]] if r["user_id"] in supervisors else []
            owner_name = bosses[0]["owner_name"] if bosses else None
        else:
            bosses = await repository.clerk_supervisors(conn, r["agency_id"])
            owner_name = f"เจ้าหน้าที่สารบรรณ ({r['agency_id']})"
        for boss in bosses:
            notices.append(Notice(r["reminder_id"], "deadline_overdue_to_supervisor", "deadline", boss["agency_id"],
                                  boss["user_id"], messages.reminder(kind=r["kind"], stage="overdue", due_at=r["due_at"],
                                                                     facts=facts, owner_name=owner_name)))
    await service.record(conn, notices, settings=settings)
    await repository.mark_fired(conn, [r["reminder_id"] for r in rows], at=now)
    return len(rows)


async def send_digests(conn: asyncpg.Connection, *, agency_id: str | None = None) -> int:
    """Gathers each person's held e-mails into one digest e-mail (queued like any other); returns how many."""
    held = await repository.claim_held(conn, agency_id=agency_id)
    by_user: dict[str, list[Any]] = defaultdict(list)
    for row in held:
        by_user[row["user_id"]].append(row)
    digests = []
    now = clock.now()
    for user_id, rows in by_user.items():
        contents = [json.loads(r["content"]) if isinstance(r["content"], str) else r["content"] for r in rows]
        language = contents[0].get("language", "th")
        digest_id = uuid.uuid5(rows[0]["delivery_id"], f"digest|{len(rows)}")
        text = "\n\n".join(f"{n}. {c['text'].strip()}" for n, c in enumerate(contents, start=1))
        digests.append({
            "delivery_id": digest_id, "notification_id": rows[0]["notification_id"], "channel": "email",
            "agency_id": rows[0]["agency_id"], "user_id": user_id, "subscription_id": None,
            "address": rows[-1]["address"], "kind": "digest",
            "content": {"subject": messages.digest_subject(len(rows), language), "language": language, "text": text},
            "status": "pending", "next_attempt_at": now,
        })
        await repository.mark_digested(conn, delivery_ids=[r["delivery_id"] for r in rows], digest_id=digest_id)
    await repository.enqueue_deliveries(conn, digests)
    return len(digests)


async def _digest_if_due(runtime: Runtime, settings: NotifySettings) -> None:
    local = clock.now().astimezone(BANGKOK)
    if not settings.automatic_digests or local.hour != settings.digest_hour:
        return
    async with runtime.db.transaction() as conn:
        if await repository.start_digest_run(conn, day=local.date(), instance=settings.instance_id):
            sent = await send_digests(conn)
            log.info("daily_digests_queued", count=sent, day=local.date().isoformat())


async def run_scheduler(runtime: Runtime) -> None:
    """Background job: reminders as they fall due, digests once a day. Raises when PostgreSQL goes away; the
    service's supervisor starts it again, and nothing is lost: due reminders wait in PostgreSQL."""
    settings: NotifySettings = runtime.settings  # type: ignore[assignment]
    loop = asyncio.get_running_loop()
    next_digest_check = 0.0
    while True:
        async with runtime.db.transaction() as conn:
            fired = await fire_due_reminders(conn, settings=settings)
        if loop.time() >= next_digest_check:
            await _digest_if_due(runtime, settings)
            next_digest_check = loop.time() + 60
        if fired < BATCH:
            await asyncio.sleep(settings.scheduler_poll_s)
