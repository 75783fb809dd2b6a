"""Raw limits of the stack's own parts on this machine, measured in the same run as the workloads."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from minio import Minio

from opensaraban_shared.events import Actor, LetterDelivered, new_envelope

from .notify import EXAMPLE

SMALL_OBJECT = b"%PDF-1.4\n" + os.urandom(400)  # the size of the letters workload's attachment


def minio_put_per_s(stack: dict, *, puts: int = 2000, threads: int = 16) -> float:
    """PUTs of the letters workload's object size straight into the same MinIO, 16 at a time."""
    client = Minio(stack["s3_endpoint"], access_key=stack["s3_access_key"], secret_key=stack["s3_secret_key"],
                   secure=False)
    bucket = "baseline"
    if not client.bucket_exists(bucket):
        client.make_bucket(bucket)

    def put(_: int) -> None:
        client.put_object(bucket, f"put/{uuid.uuid4()}", io.BytesIO(SMALL_OBJECT), len(SMALL_OBJECT))

    with ThreadPoolExecutor(threads) as pool:
        started = time.perf_counter()
        list(pool.map(put, range(puts)))
        return puts / (time.perf_counter() - started)


async def pg_insert_rows_per_s(stack: dict, *, rows: int = 200_000, batch: int = 1000) -> float:
    """asyncpg batched inserts of delivery-sized rows into the same PostgreSQL."""
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        await conn.execute("CREATE TEMP TABLE baseline (id uuid PRIMARY KEY, agency text, status text, at timestamptz)")
        started = time.perf_counter()
        for _ in range(rows // batch):
            await conn.executemany(
                "INSERT INTO baseline VALUES ($1, $2, 'delivered', now())",
                [(uuid.uuid4(), "cm-land") for _ in range(batch)])
        return rows / (time.perf_counter() - started)
    finally:
        await conn.close()


def event_bytes() -> int:
    """Size of one LetterDelivered envelope, the record notify and metrics consume most (the example's values)."""
    example = json.loads(EXAMPLE.read_text())
    envelope = new_envelope(LetterDelivered.model_validate(example["payload"]), producer=example["producer"],
                            actor=Actor.model_validate(example["actor"]))
    return len(envelope.to_bytes())


@asynccontextmanager
async def scratch_topic(bootstrap: str, *, partitions: int = 12) -> AsyncIterator[str]:
    """A topic of this run only, deleted afterwards: the consumer reads exactly the records just produced."""
    name = f"opensaraban.bench-baseline.{uuid.uuid4().hex[:12]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="bench")
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
        yield name
    finally:
        await admin.delete_topics([name])
        await admin.close()


async def _kafka_tool(stack: dict, tool: str, *args: str) -> str:
    """Runs one of Kafka's own perf tools from the broker's jars; its standard output."""
    command = ["java", "-Xmx512m", "-cp", f"{stack['kafka_lib']}/*", f"org.apache.kafka.tools.{tool}", *args]
    result = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{tool} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def produced_per_s(output: str) -> float:
    """Records/s from the producer tool's closing line ("N records sent, X records/sec (…)")."""
    summary = [line for line in output.splitlines() if "records sent" in line]
    match = re.search(r"([\d.]+) records/sec", summary[-1]) if summary else None
    if match is None:
        raise RuntimeError(f"the producer tool gave no summary:\n{output[-2000:]}")
    return float(match.group(1))


def consumed_per_s(output: str) -> float:
    """fetch.nMsg.sec from the consumer tool's closing CSV line: records/s while fetching, without the time the
    group took to form (the broker delays a new group's first assignment; that is not consumer throughput)."""
    lines = [line for line in output.splitlines() if line.count(",") == 9]
    if len(lines) < 2 or "fetch.nMsg.sec" not in lines[0]:
        raise RuntimeError(f"the consumer tool gave no summary:\n{output[-2000:]}")
    return float(lines[-1].split(",")[9])


async def kafka_records_per_s(stack: dict, *, records: int = 200_000) -> dict[str, float]:
    """Kafka's own producer (acks=all) then consumer perf tools on the same broker, with records the size of the
    events the services exchange, on a topic of 12 partitions like the domain topics."""
    size = event_bytes()
    bootstrap = stack["kafka_bootstrap"]
    async with scratch_topic(bootstrap) as topic:
        produced = await _kafka_tool(
            stack, "ProducerPerformance", "--topic", topic, "--num-records", str(records), "--record-size", str(size),
            "--throughput", "-1", "--producer-props", f"bootstrap.servers={bootstrap}", "acks=all")
        consumed = await _kafka_tool(
            stack, "ConsumerPerformance", "--bootstrap-server", bootstrap, "--topic", topic,
            "--messages", str(records), "--group", f"bench-baseline-{uuid.uuid4().hex[:12]}", "--timeout", "30000")
    return {"baseline_kafka_record_bytes": size, "baseline_kafka_produce_records_per_s": produced_per_s(produced),
            "baseline_kafka_consume_records_per_s": consumed_per_s(consumed)}


async def measure(stack: dict) -> dict[str, float]:
    return {
        "baseline_minio_put_per_s": await asyncio.to_thread(minio_put_per_s, stack),
        "baseline_pg_insert_rows_per_s": await pg_insert_rows_per_s(stack),
        **await kafka_records_per_s(stack),
    }
