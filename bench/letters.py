"""Documents workloads: single-recipient letters per second, and a circular to 7,850 agencies."""

from __future__ import annotations

import asyncio
import time
import uuid

import aiohttp
import asyncpg
import httpx

from tests.support import minimal_pdf, official_fields, sign_in

from .processes import CpuMeter

SENDERS = ["cm-provincial-office", "cm-treasury", "cm-employment", "cm-agriculture", "cm-land", "cm-statistics",
           "cm-industry", "cm-commerce"]
LOCAL_ADMINISTRATIONS = 7850


async def single_recipient_letters(stack: dict, *, seconds: float = 20, concurrency: int = 16,
                                   meter: CpuMeter | None = None) -> dict[str, float]:
    """Each letter: upload one small PDF, then draft-and-send it to one agency (two requests, as an agency system does)."""
    documents = stack["services"]["documents"]
    headers = {agency: await sign_in(documents, f"clerk@{agency}") for agency in SENDERS}
    sent = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    async def client_loop(session: aiohttp.ClientSession, index: int) -> None:
        nonlocal sent
        sender = SENDERS[index % len(SENDERS)]
        recipient = SENDERS[(index + 1) % len(SENDERS)]
        while time.monotonic() < deadline:
            started = time.perf_counter()
            async with session.post("/attachments", params={"filename": "bench.pdf"}, headers=headers[sender],
                                    data=minimal_pdf(f"bench {uuid.uuid4()}")) as upload:
                upload.raise_for_status()
                attachment_id = (await upload.json())["attachment_id"]
            async with session.post("/letters", headers=headers[sender], json={
                    **official_fields(f"ทดสอบสมรรถนะ {uuid.uuid4().hex[:8]}"), "recipient_agency_ids": [recipient],
                    "attachment_ids": [attachment_id], "send": True}) as response:
                response.raise_for_status()
            latencies.append(time.perf_counter() - started)
            sent += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(documents, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=60)) as session:
        if meter:
            meter.start()
        began = time.monotonic()
        await asyncio.gather(*(client_loop(session, i) for i in range(concurrency)))
        elapsed = time.monotonic() - began
    latencies.sort()
    return (meter.per(sent, label="letter") if meter else {}) | {
        "letters_per_s": sent / elapsed,
        "letters_create_and_send_p50_ms": latencies[len(latencies) // 2] * 1000,
        "letters_create_and_send_p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
    }


async def ensure_local_administrations(pg_dsn: str, count: int = LOCAL_ADMINISTRATIONS) -> list[str]:
    """Benchmark fixture: the local administrations (อปท.) of the demo province, created straight in the directory."""
    ids = [f"bench-lao-{i:05d}" for i in range(count)]
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.executemany(
            """INSERT INTO documents.agencies (agency_id, parent_id, kind, name_th, letter_prefix, province_code)
               VALUES ($1, 'cm', 'local', $2, $3, '50') ON CONFLICT (agency_id) DO NOTHING""",
            [(agency_id, f"องค์การบริหารส่วนตำบลทดสอบ {i}", f"ชม {70000 + i}") for i, agency_id in enumerate(ids)])
    finally:
        await conn.close()
    return ids


async def circular(stack: dict, recipients: list[str]) -> dict[str, float]:
    """One request drafts and sends a circular; every delivery row is written when it answers."""
    documents = stack["services"]["documents"]
    headers = await sign_in(documents, "clerk@cm-provincial-office")
    async with httpx.AsyncClient(base_url=documents, timeout=120) as client:
        started = time.perf_counter()
        response = await client.post("/letters", headers=headers, json={
            **official_fields("หนังสือเวียนถึงองค์กรปกครองส่วนท้องถิ่นทุกแห่ง"), "is_circular": True,
            "recipient_agency_ids": recipients, "send": True})
        elapsed = time.perf_counter() - started
    response.raise_for_status()
    letter = response.json()
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        written = await conn.fetchval("SELECT count(*) FROM documents.deliveries WHERE letter_id = $1",
                                      uuid.UUID(letter["letter_id"]))
    finally:
        await conn.close()
    if written != len(recipients):
        raise RuntimeError(f"{written} delivery records for {len(recipients)} recipients")
    return {f"circular_{len(recipients)}_delivered_s": elapsed}
