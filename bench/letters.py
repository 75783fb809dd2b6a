"""Documents workloads: a circular to 7,850 agencies (single-recipient letters: bench/letters_sweep.py)."""

from __future__ import annotations

import time
import uuid

import asyncpg
import httpx

from tests.support import official_fields, sign_in

LOCAL_ADMINISTRATIONS = 7850


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
    """One request drafts and sends a circular; every delivery row is written when it answers.

    Each delivery also writes its LetterDelivered event to the outbox in the same transaction: the rows written
    per delivery are counted (deliveries and outbox rows; the letter's own few rows are left out) for the ratio
    to PostgreSQL's raw insert rate.
    """
    documents = stack["services"]["documents"]
    headers = await sign_in(documents, "clerk@cm-provincial-office")
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        last_event = await conn.fetchval("SELECT coalesce(max(seq), 0) FROM documents.outbox")
        async with httpx.AsyncClient(base_url=documents, timeout=120) as client:
            started = time.perf_counter()
            response = await client.post("/letters", headers=headers, json={
                **official_fields("หนังสือเวียนถึงองค์กรปกครองส่วนท้องถิ่นทุกแห่ง"), "is_circular": True,
                "recipient_agency_ids": recipients, "send": True})
            elapsed = time.perf_counter() - started
        response.raise_for_status()
        letter = response.json()
        written = await conn.fetchval("SELECT count(*) FROM documents.deliveries WHERE letter_id = $1",
                                      uuid.UUID(letter["letter_id"]))
        events = await conn.fetchval("SELECT count(*) FROM documents.outbox WHERE seq > $1", last_event)
    finally:
        await conn.close()
    if written != len(recipients):
        raise RuntimeError(f"{written} delivery records for {len(recipients)} recipients")
    return {f"circular_{written}_delivered_s": elapsed, f"circular_{written}_deliveries_per_s": written / elapsed,
            f"circular_{written}_pg_rows_per_delivery": (written + events) / written}
