"""Walking-skeleton workload: letters with one PDF each, timed from the send request to the recipient's notification."""

from __future__ import annotations

import asyncio
import random
import time
import uuid

import asyncpg
import httpx

from opensaraban_shared import clock
from tests.support import minimal_pdf, official_fields, sign_in

from .report import percentile

AGENCIES = [f"cm-{name}" for name in (
    "provincial-office", "treasury", "employment", "agriculture", "land", "statistics", "industry", "commerce",
)]


async def run(stack: dict, *, letters: int = 1000, concurrency: int = 8) -> dict[str, float]:
    documents = stack["services"]["documents"]
    headers = {agency: await sign_in(documents, f"clerk@{agency}") for agency in AGENCIES}
    started_at: dict[str, float] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(letters):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        rng = random.Random()
        while not queue.empty():
            i = queue.get_nowait()
            sender, recipient = rng.sample(AGENCIES, 2)
            pdf = minimal_pdf(f"bench {i} {uuid.uuid4()}")
            upload = await client.post("/attachments", params={"filename": "bench.pdf"}, content=pdf,
                                       headers=headers[sender])
            upload.raise_for_status()
            draft = await client.post("/letters", headers=headers[sender], json={
                **official_fields(f"ทดสอบสมรรถนะ {i}"), "recipient_agency_ids": [recipient],
                "main_attachment_id": upload.json()["attachment_id"],
            })
            draft.raise_for_status()
            letter_id = draft.json()["letter_id"]
            started_at[letter_id] = clock.now().timestamp()  # notify stamps created_at on the business clock
            (await client.post(f"/letters/{letter_id}/send", headers=headers[sender])).raise_for_status()

    wall = time.perf_counter()
    async with httpx.AsyncClient(base_url=documents, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    send_phase_s = time.perf_counter() - wall
    latencies_ms = await _wait_for_notifications(stack["pg_dsn"], started_at)
    return {
        "skeleton_letters": float(letters),
        "skeleton_send_phase_letters_per_s": letters / send_phase_s,
        "skeleton_send_to_notified_p50_ms": percentile(latencies_ms, 50),
        "skeleton_send_to_notified_p95_ms": percentile(latencies_ms, 95),
        "skeleton_send_to_notified_p99_ms": percentile(latencies_ms, 99),
    }


async def _wait_for_notifications(pg_dsn: str, started_at: dict[str, float], timeout_s: float = 120) -> list[float]:
    """Reads when notify committed each letter's notification (same machine clock as the sender)."""
    links = {f"/letters/{letter_id}": letter_id for letter_id in started_at}
    conn = await asyncpg.connect(pg_dsn)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            rows = await conn.fetch(
                "SELECT link, created_at FROM notify.notifications WHERE link = ANY($1::text[])", list(links)
            )
            if len(rows) >= len(links) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    if len(rows) != len(links):
        raise RuntimeError(f"only {len(rows)} of {len(links)} letters were notified within {timeout_s} s")
    return [(r["created_at"].timestamp() - started_at[links[r["link"]]]) * 1000 for r in rows]
