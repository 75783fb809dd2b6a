"""Consumer lag: how far each consumer group's committed offsets trail the end of its topic."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime

log = get_logger(__name__)


async def watch_lag(runtime: Runtime) -> None:
    """Background job: sets EventConsumer.lag every few seconds (read by the Prometheus collector)."""
    settings = runtime.settings
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="metrics-lag")
    ends = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, client_id="metrics-lag", group_id=None)
    await admin.start()
    await ends.start()
    try:
        while True:
            for consumer in runtime.consumers:
                try:
                    committed = await admin.list_consumer_group_offsets(consumer.group)
                    partitions = [TopicPartition(consumer.topic.name, p) for p in range(consumer.topic.partitions)]
                    end = await ends.end_offsets(partitions)
                    consumer.lag = sum(
                        max(0, end[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0
                                          else 0))
                        for tp in partitions
                    )
                except Exception as exc:  # a broker hiccup must not end the job: the next round retries
                    log.warning("consumer_lag_unavailable", consumer=consumer.group, error=repr(exc)[:300])
            await asyncio.sleep(getattr(settings, "lag_interval_s", 5.0))
    finally:
        await ends.stop()
        await admin.close()
