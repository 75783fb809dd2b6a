"""Raw limits of the stack's own parts on this machine, measured in the same run as the workloads."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import asyncpg
from minio import Minio

from opensaraban_shared import kafka
from opensaraban_shared.events import Topic

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


async def kafka_produce_records_per_s(stack: dict, *, records: int = 500_000, size: int = 100) -> float:
    """Kafka's own producer perf tool on the same broker (100-byte records, acks=all)."""
    topic = Topic(name="opensaraban.baseline.v1", partitions=12, description="benchmark baseline",
                  producers=("bench",), consumers=())
    await kafka.ensure_topics(bootstrap=stack["kafka_bootstrap"], topics=[topic], client_id="bench")
    command = [
        "java", "-Xmx512m", "-cp", f"{stack['kafka_lib']}/*", "org.apache.kafka.tools.ProducerPerformance",
        "--topic", topic.name, "--num-records", str(records), "--record-size", str(size), "--throughput", "-1",
        "--producer-props", f"bootstrap.servers={stack['kafka_bootstrap']}", "acks=all",
    ]
    result = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=600)
    summary = [line for line in result.stdout.splitlines() if "records sent" in line]
    match = re.search(r"([\d.]+) records/sec", summary[-1]) if summary else None
    if match is None:
        raise RuntimeError(f"ProducerPerformance gave no summary:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return float(match.group(1))


async def measure(stack: dict) -> dict[str, float]:
    return {
        "baseline_minio_put_per_s": await asyncio.to_thread(minio_put_per_s, stack),
        "baseline_pg_insert_rows_per_s": await pg_insert_rows_per_s(stack),
        "baseline_kafka_produce_records_per_s": await kafka_produce_records_per_s(stack),
    }
