"""Notify workloads: a circular's fan-out to 7,850 agencies' inboxes, and a sustained stream of letter events."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer

from opensaraban_shared import clock
from opensaraban_shared.events import Actor, LetterDelivered, new_envelope
from tests.support import official_fields, sign_in

from .letters import ensure_local_administrations
from .report import percentile

EXAMPLE = (Path(__file__).resolve().parents[1]
           / "shared/src/opensaraban_shared/events/examples/documents.letter_delivered.v1.json")


async def run(stack: dict, *, rate: int = 500, seconds: float = 20) -> dict[str, float]:
    recipients = await ensure_local_administrations(stack["pg_dsn"])
    figures = await circular_fan_out(stack, recipients)
    figures |= await sustained(stack, recipients, rate=rate, seconds=seconds)
    return figures


async def circular_fan_out(stack: dict, recipients: list[str]) -> dict[str, float]:
    """From the send request to every recipient agency's inbox entry in notify."""
    headers = await sign_in(stack["services"]["documents"], "clerk@cm-provincial-office")
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        async with httpx.AsyncClient(base_url=stack["services"]["documents"], timeout=120) as client:
            started = time.perf_counter()
            response = await client.post("/letters", headers=headers, json={
                **official_fields("หนังสือเวียนทดสอบการแจ้งเตือน"), "is_circular": True,
                "recipient_agency_ids": recipients, "send": True})
            response.raise_for_status()
            link = f"/letters/{response.json()['letter_id']}"
            while True:
                count = await conn.fetchval("SELECT count(*) FROM notify.notifications WHERE link = $1 "
                                            "AND rule = 'letter_delivered_to_clerks'", link)
                if count >= len(recipients):
                    break
                if time.perf_counter() - started > 300:
                    raise RuntimeError(f"only {count} of {len(recipients)} notifications after 300 s")
                await asyncio.sleep(0.1)
            elapsed = time.perf_counter() - started
    finally:
        await conn.close()
    return {f"notify_circular_{len(recipients)}_s": elapsed,
            f"notify_circular_{len(recipients)}_events_per_s": len(recipients) / elapsed}


async def sustained(stack: dict, recipients: list[str], *, rate: int, seconds: float) -> dict[str, float]:
    """`rate` LetterDelivered events per second for `seconds`, straight onto the topic (as documents' relay
    would); the lag is what notify has not yet turned into inbox entries. Each event's latency runs from handing
    it to the producer to its first notification row (created_at: when notify's transaction began)."""
    template = json.loads(EXAMPLE.read_text())["payload"]
    producer = AIOKafkaProducer(bootstrap_servers=stack["kafka_bootstrap"], enable_idempotence=True, acks="all",
                                linger_ms=5)
    await producer.start()
    conn = await asyncpg.connect(stack["pg_dsn"])
    produced_at: dict[uuid.UUID, float] = {}  # event id: when it was handed to the producer
    lag_samples: list[int] = []

    async def processed() -> int:
        return await conn.fetchval("SELECT count(*) FROM notify.notifications WHERE source_event_id = ANY($1::uuid[])",
                                   list(produced_at))

    try:
        started = time.perf_counter()
        tick = 0.1
        total = int(rate * seconds)
        next_sample = started + 1.0
        while time.perf_counter() - started < seconds:
            beat = time.perf_counter()
            futures = []
            # Paced against the clock, not per tick: a slow tick (a lag sample, a slow ack) is caught up at once.
            due = min(total, int(rate * (beat - started + tick))) - len(produced_at)
            for _ in range(max(0, due)):
                agency = random.choice(recipients)
                event = LetterDelivered.model_validate({
                    **template, "letter_id": str(uuid.uuid4()), "delivery_id": str(uuid.uuid4()),
                    "recipient_agency_id": agency, "deadline": None, "delivered_at": clock.now().isoformat()})
                envelope = new_envelope(event, producer="bench", actor=Actor(agency_id=event.sender_agency_id))
                produced_at[envelope.event_id] = time.time()
                futures.append(await producer.send(envelope.topic.name, value=envelope.to_bytes(),
                                                   key=envelope.key.encode(),
                                                   headers=[(k, v.encode()) for k, v in envelope.headers().items()]))
            await asyncio.gather(*futures)
            if time.perf_counter() >= next_sample:
                lag_samples.append(len(produced_at) - await processed())
                next_sample += 1.0
            await asyncio.sleep(max(0.0, tick - (time.perf_counter() - beat)))
        produced_s = time.perf_counter() - started
        while (done := await processed()) < len(produced_at):
            if time.perf_counter() - started > seconds + 120:
                raise RuntimeError(f"notify processed {done} of {len(produced_at)} events")
            await asyncio.sleep(0.1)
        drained_s = time.perf_counter() - started
        notified = await conn.fetch("SELECT source_event_id, min(created_at) AS at FROM notify.notifications"
                                    " WHERE source_event_id = ANY($1::uuid[]) GROUP BY source_event_id",
                                    list(produced_at))
    finally:
        await producer.stop()
        await conn.close()
    half = len(lag_samples) // 2
    latencies_ms = [(r["at"].timestamp() - produced_at[r["source_event_id"]]) * 1000 for r in notified]
    return {
        **{f"notify_sustained_event_to_notification_p{q}_ms": percentile(latencies_ms, q) for q in (50, 95, 99)},
        "notify_sustained_offered_events_per_s": len(produced_at) / produced_s,
        "notify_sustained_events_per_s": len(produced_at) / drained_s,
        "notify_sustained_lag_first_half_max": float(max(lag_samples[:half] or [0])),
        "notify_sustained_lag_second_half_max": float(max(lag_samples[half:] or [0])),
        "notify_sustained_drain_after_s": drained_s - produced_s,
    }
