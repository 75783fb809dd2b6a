"""`python -m metrics_service.replay`: rebuilds every projection from the start of the Kafka topics.

Empties the projections and the processed-events record in one transaction, then reads each topic from its
first offset (manual partition assignment, no consumer group: nothing is committed, nothing to clean up)
up to the end offsets seen at the start, through the very consumers the service runs. The running service
may keep consuming meanwhile: both record what they processed under the same consumer names, so an event
that reaches both is counted once.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from opensaraban_shared.consumer import Coordinates, EventConsumer
from opensaraban_shared.db import Database
from opensaraban_shared.kafka import Producer, ensure_topics
from opensaraban_shared.logging import configure_logging, get_logger

from . import handlers, repository
from .app import BLUEPRINT
from .settings import MetricsSettings

log = get_logger(__name__)


async def replay(settings: MetricsSettings, *, batch_size: int = 5000) -> dict[str, int]:
    """Returns the number of records read per topic."""
    db = Database(dsn=settings.pg_dsn.get_secret_value(), schema=BLUEPRINT.name, min_size=1, max_size=4)
    producer = Producer(bootstrap=settings.kafka_bootstrap, client_id="metrics-replay")  # dead letters only
    await db.connect()
    await producer.start()
    try:
        await db.migrate(BLUEPRINT.migrations)
        consumers = handlers.make_consumers(db=db, producer=producer, max_attempts=settings.consumer_max_attempts)
        await ensure_topics(bootstrap=settings.kafka_bootstrap, topics=[c.topic for c in consumers],
                            client_id="metrics-replay", replication_factor=settings.kafka_replication_factor)
        async with db.transaction() as conn:
            await repository.reset(conn)
        counts = await asyncio.gather(*(_read_topic(settings, c, batch_size) for c in consumers))
        return {c.topic.name: n for c, n in zip(consumers, counts, strict=True)}
    finally:
        await producer.stop()
        await db.close()


async def _read_topic(settings: MetricsSettings, consumer: EventConsumer, batch_size: int) -> int:
    kafka = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, client_id="metrics-replay", group_id=None,
        enable_auto_commit=False, max_partition_fetch_bytes=8 * 1024 * 1024, fetch_max_bytes=64 * 1024 * 1024,
    )
    await kafka.start()
    try:
        partitions = [TopicPartition(consumer.topic.name, p) for p in range(consumer.topic.partitions)]
        kafka.assign(partitions)
        await kafka.seek_to_beginning(*partitions)
        ends = await kafka.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        read = 0
        while remaining:
            fetched = await kafka.getmany(*remaining, timeout_ms=1000, max_records=batch_size)
            records = [r for tp in fetched for r in fetched[tp] if r.offset < ends[tp]]
            if records:
                await consumer.handle_batch(
                    [r.value for r in records],
                    [Coordinates(topic=r.topic, partition=r.partition, offset=r.offset, key=r.key,
                                 headers=tuple(r.headers or ())) for r in records],
                )
                read += len(records)
            for tp in list(remaining):
                if await kafka.position(tp) >= ends[tp]:
                    remaining.discard(tp)
        return read
    finally:
        await kafka.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics_service.replay", description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=5000, help="records per transaction (default 5000)")
    args = parser.parse_args(argv)
    settings = MetricsSettings()
    configure_logging(service="metrics-replay", level=settings.log_level, fmt=settings.log_format)
    started = time.monotonic()
    counts = asyncio.run(replay(settings, batch_size=args.batch_size))
    log.info("replay_done", seconds=round(time.monotonic() - started, 1), records=counts)
    print(f"replayed {sum(counts.values())} records in {time.monotonic() - started:.1f} s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
