"""Letters rate sweep: single-recipient letters offered at rising rates until send→delivered p99 exceeds 1 s.

Open loop: a scheduler starts letters at a fixed rate whatever the answers, so queueing anywhere in the system
lengthens the latency instead of slowing the offered load down (a closed loop would hide it). Each letter is
what an agency system does: upload one small PDF, then draft-and-send it to one agency in one request.

Delivered means: documents' outbox relay has handed the letter's LetterDelivered event to Kafka, timed by the
record's timestamp (CreateTime, set by the relay's producer; same machine clock as this process). The relay
publishes a row only after the send transaction committed, so at that moment the letter is in the recipient's
inbox and announced to every consumer (notify, metrics). Send→delivered runs from the start of the draft-and-send
request to that moment. The events are read back from the letters topic after each step, so measuring adds no
load while a step runs.

A step offers its rate for WARM_UP_S (not measured), then for WINDOW_S (measured). It is sustained when every
letter of the window was sent and delivered, the achieved rate is at least 95% of the offered one and the p99 is
at most 1 s. Rates go up by RATE_STEP until a step fails; one more step half-way between the highest sustained
and the failing rate then narrows the answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import aiohttp
import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from opensaraban_shared.events import LetterDelivered
from opensaraban_shared.events.topics import LETTERS
from tests.support import minimal_pdf, official_fields, sign_in

from .processes import CpuMeter, machine_busy_seconds
from .report import percentile

SENDERS = ["cm-provincial-office", "cm-treasury", "cm-employment", "cm-agriculture", "cm-land", "cm-statistics",
           "cm-industry", "cm-commerce"]
FIRST_RATE = 10.0
RATE_STEP = 10.0
MAX_RATE = 200.0  # bounds the run on a machine far faster than the 2-core one the sweep is sized for
WARM_UP_S = 3.0
WINDOW_S = 15.0
MIN_ACHIEVED = 0.95
MAX_P99_MS = 1000.0
DELIVERY_TIMEOUT_S = 60.0
# The stack counts as idle below this much CPU (cores): Kafka, PostgreSQL and the services poll a little at rest.
IDLE_CORES = 0.4


@dataclass(frozen=True)
class Sent:
    """One letter of a step's measured window, as the sending agency system saw it."""

    send_started: float  # wall clock (s) when the draft-and-send request began
    request_s: float  # upload + draft-and-send, what the agency system waited for
    letter_id: str | None  # None when a request failed
    error: str | None = None  # why it failed: the exception or HTTP status


@dataclass(frozen=True)
class Step:
    offered_per_s: float
    letters: int
    failed: int
    achieved_per_s: float
    latencies_ms: Sequence[float]  # send→delivered of every delivered letter
    request_ms: Sequence[float]
    errors: Counter[str] = field(default_factory=Counter)  # why letters failed: the error, or "not delivered"
    costs: Mapping[str, float] = field(default_factory=dict)  # CPU and PostgreSQL rows, per letter and per second

    @property
    def sustained(self) -> bool:
        return (self.failed == 0 and self.achieved_per_s >= MIN_ACHIEVED * self.offered_per_s
                and percentile(self.latencies_ms, 99) <= MAX_P99_MS)

    def figures(self) -> dict[str, float]:
        """The step as one flat row of bench/report.json's `letters_sweep_steps`."""
        latency = {f"send_to_delivered_p{q}_ms": percentile(self.latencies_ms, q) if self.latencies_ms else 0.0
                   for q in (50, 95, 99)}
        requests = {f"create_and_send_p{q}_ms": percentile(self.request_ms, q) if self.request_ms else 0.0
                    for q in (50, 99)}
        return {"offered_per_s": self.offered_per_s, "achieved_per_s": self.achieved_per_s,
                "letters": self.letters, "failed": self.failed, "sustained": float(self.sustained),
                **latency, **requests, **self.costs}


def summarise(offered_per_s: float, sent: Sequence[Sent], delivered_at: Mapping[str, float]) -> Step:
    """Latencies and achieved rate of a step's window; a letter not sent or never delivered counts as failed.

    The achieved rate is the window's delivered letters over the time from its first send request to its last
    delivery: the offered rate when the system keeps up (less the last letter's latency), lower when it falls
    behind, when letters fail, or when this process cannot start them on time.
    """
    delivered = [(s, delivered_at[s.letter_id]) for s in sent if s.letter_id in delivered_at]
    span = max(at for _, at in delivered) - min(s.send_started for s in sent) if delivered else 0.0
    return Step(
        offered_per_s=offered_per_s, letters=len(sent), failed=len(sent) - len(delivered),
        achieved_per_s=len(delivered) / span if span > 0 else 0.0,
        latencies_ms=[(at - s.send_started) * 1000 for s, at in delivered],
        request_ms=[s.request_s * 1000 for s in sent if s.letter_id is not None],
        errors=Counter(s.error or "not delivered" for s in sent if s.letter_id not in delivered_at))


def next_rate(steps: Sequence[Step]) -> float | None:
    """The rate of the next step, or None when the sweep is done."""
    if not steps:
        return FIRST_RATE
    failing = [s for s in steps if not s.sustained]
    if not failing:
        rate = steps[-1].offered_per_s + RATE_STEP
        return rate if rate <= MAX_RATE else None
    if failing[0] is not steps[-1]:
        return None  # the half-way step has run
    highest = max((s.offered_per_s for s in steps if s.sustained), default=0.0)
    return (highest + failing[0].offered_per_s) / 2


def highest_sustained(steps: Sequence[Step]) -> Step | None:
    return max((s for s in steps if s.sustained), key=lambda s: s.offered_per_s, default=None)


def sweep_figures(steps: Sequence[Step]) -> dict[str, object]:
    """The report's letters keys: at the highest sustained rate (at the lowest rate when none held)."""
    best = highest_sustained(steps)
    at = best or min(steps, key=lambda s: s.offered_per_s)
    row = at.figures()
    return {
        "max_sustained_letters_per_s": best.offered_per_s if best else 0.0,
        # Issue 3's key: the most letters per second the stack delivered in any step.
        "letters_per_s": max(s.achieved_per_s for s in steps),
        **{key: row[key] for key in ("send_to_delivered_p50_ms", "send_to_delivered_p95_ms",
                                     "send_to_delivered_p99_ms")},
        "letters_create_and_send_p50_ms": row["create_and_send_p50_ms"],
        "letters_create_and_send_p99_ms": row["create_and_send_p99_ms"],
        **{key: value for key, value in at.costs.items() if "_per_letter" in key},
        "letters_sweep_steps": [s.figures() for s in steps],
    }


async def pg_rows_written(conn: asyncpg.Connection) -> dict[str, int]:
    """Rows inserted, updated or deleted so far, per schema (one schema per service)."""
    rows = await conn.fetch("SELECT schemaname, sum(n_tup_ins + n_tup_upd + n_tup_del)::bigint AS n"
                            " FROM pg_stat_user_tables GROUP BY schemaname")
    return {r["schemaname"]: r["n"] for r in rows}


class Sweep:
    """Drives the steps against the running stack; the documents service is reached as the agencies' systems do."""

    def __init__(self, pids: dict[str, int], session: aiohttp.ClientSession, headers: dict[str, dict[str, str]],
                 consumer: AIOKafkaConsumer, conn: asyncpg.Connection) -> None:
        self._stack_pids = pids
        self._pids = {**pids, "load_generator": os.getpid()}
        self._session = session
        self._headers = headers
        self._consumer = consumer
        self._conn = conn
        self._partitions = [TopicPartition(LETTERS.name, p) for p in range(LETTERS.partitions)]
        consumer.assign(self._partitions)

    async def step(self, rate: float) -> Step:
        await self._settle()
        offsets = await self._consumer.end_offsets(self._partitions)
        loop = asyncio.get_running_loop()
        warm_up, total = round(rate * WARM_UP_S), round(rate * (WARM_UP_S + WINDOW_S))
        began = loop.time()
        tasks = await self._offer(rate, began, range(warm_up))
        meter = CpuMeter(self._pids)
        meter.start()
        busy_before, rows_before = machine_busy_seconds(), await pg_rows_written(self._conn)
        tasks += await self._offer(rate, began, range(warm_up, total))
        await asyncio.sleep(max(0.0, began + total / rate - loop.time()))
        cpu, busy = meter.used(), machine_busy_seconds() - busy_before
        rows_after = await pg_rows_written(self._conn)
        sent = (await asyncio.gather(*tasks))[warm_up:]
        delivered_at = await self._delivered_at({s.letter_id for s in sent if s.letter_id}, offsets)
        letters = len(sent)
        written = {schema: n - rows_before.get(schema, 0) for schema, n in rows_after.items()}
        costs = {f"cpu_ms_per_letter_{name}": used * 1000 / letters for name, used in cpu.items()}
        # What else ran on the machine meanwhile (on a shared machine it takes cores from the stack).
        cpu["other_processes"] = max(0.0, busy - sum(cpu.values()))
        costs |= {f"cpu_cores_{name}": used / WINDOW_S for name, used in cpu.items()}
        costs |= {f"pg_rows_written_per_letter_{schema}": n / letters for schema, n in written.items() if n}
        costs["pg_rows_written_per_letter"] = sum(written.values()) / letters
        return replace(summarise(rate, sent, delivered_at), costs=costs)

    async def _offer(self, rate: float, began: float, indices: range) -> list[asyncio.Task[Sent]]:
        """Starts letter i at began + i / rate (loop clock) whether or not earlier ones have answered."""
        loop = asyncio.get_running_loop()
        tasks = []
        for index in indices:
            await asyncio.sleep(max(0.0, began + index / rate - loop.time()))
            tasks.append(asyncio.create_task(self._letter(index)))
        return tasks

    async def _letter(self, index: int) -> Sent:
        sender = SENDERS[index % len(SENDERS)]
        recipient = SENDERS[(index + 1) % len(SENDERS)]
        started = time.perf_counter()
        send_started = time.time()
        try:
            async with self._session.post("/attachments", params={"filename": "bench.pdf"},
                                          headers=self._headers[sender],
                                          data=minimal_pdf(f"sweep {uuid.uuid4()}")) as upload:
                upload.raise_for_status()
                attachment_id = (await upload.json())["attachment_id"]
            send_started = time.time()
            async with self._session.post("/letters", headers=self._headers[sender], json={
                    **official_fields(f"ทดสอบอัตราการส่ง {index}"), "recipient_agency_ids": [recipient],
                    "main_attachment_id": attachment_id, "send": True}) as response:
                response.raise_for_status()
                letter_id = (await response.json())["letter_id"]
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"HTTP {exc.status}" if isinstance(exc, aiohttp.ClientResponseError) else type(exc).__name__
            return Sent(send_started=send_started, request_s=time.perf_counter() - started, letter_id=None,
                        error=error)
        return Sent(send_started=send_started, request_s=time.perf_counter() - started, letter_id=letter_id)

    async def _settle(self, timeout_s: float = 30) -> None:
        """Waits until the stack is idle, so a step does not pay for the tail of the one before."""
        meter = CpuMeter(self._stack_pids)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            meter.start()
            await asyncio.sleep(1)
            if sum(meter.used().values()) < IDLE_CORES:
                return

    async def _delivered_at(self, letter_ids: set[str], offsets: Mapping[TopicPartition, int]) -> dict[str, float]:
        """When each letter's LetterDelivered event reached Kafka, read from the offsets the step started at."""
        for partition, offset in offsets.items():
            self._consumer.seek(partition, offset)
        found: dict[str, float] = {}
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        event_type = LetterDelivered.event_type.encode()
        while len(found) < len(letter_ids) and time.monotonic() < deadline:
            batches = await self._consumer.getmany(*self._partitions, timeout_ms=500)
            for record in (r for batch in batches.values() for r in batch):
                if dict(record.headers).get("event_type") != event_type:
                    continue
                letter_id = json.loads(record.value)["payload"]["letter_id"]
                if letter_id in letter_ids:
                    found[letter_id] = record.timestamp / 1000
        return found


async def run(stack: dict, pids: dict[str, int]) -> dict[str, object]:
    documents = stack["services"]["documents"]
    headers = {agency: await sign_in(documents, f"clerk@{agency}") for agency in SENDERS}
    consumer = AIOKafkaConsumer(bootstrap_servers=stack["kafka_bootstrap"], enable_auto_commit=False)
    await consumer.start()
    conn = await asyncpg.connect(stack["pg_dsn"])
    # No connection limit: an open loop must not queue letters in the client.
    connector = aiohttp.TCPConnector(limit=0)
    try:
        async with aiohttp.ClientSession(documents, connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=60)) as session:
            sweep = Sweep(pids, session, headers, consumer, conn)
            steps: list[Step] = []
            while (rate := next_rate(steps)) is not None:
                steps.append(await sweep.step(rate))
                print(_progress(steps[-1]), flush=True)
    finally:
        await conn.close()
        await consumer.stop()
    return sweep_figures(steps)


def _progress(step: Step) -> str:
    row = step.figures()
    errors = step.errors.most_common()
    failures = f" ({', '.join(f'{n} {error}' for error, n in errors)})" if errors else ""
    return (f"letters sweep: offered {step.offered_per_s:5.1f}/s achieved {step.achieved_per_s:5.1f}/s "
            f"p50 {row['send_to_delivered_p50_ms']:6.0f} ms p99 {row['send_to_delivered_p99_ms']:6.0f} ms "
            f"failed {step.failed}{failures} -> {'sustained' if step.sustained else 'not sustained'}")
