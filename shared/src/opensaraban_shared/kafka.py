"""Kafka plumbing shared by services: the idempotent producer and explicit topic creation."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .events.topics import Topic
from .logging import get_logger

log = get_logger(__name__)


def idempotent_producer(*, bootstrap: str, client_id: str) -> AIOKafkaProducer:
    """acks=all + idempotence: a retried send never writes a record twice within a producer session."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_request_size=4 * 1024 * 1024,
        request_timeout_ms=30_000,
    )


async def ensure_topics(*, bootstrap: str, topics: Iterable[Topic], client_id: str) -> None:
    """Creates each topic and its dead-letter topic if missing; replicas racing to create them is fine."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = []
        for topic in topics:
            wanted.append(NewTopic(topic.name, num_partitions=topic.partitions, replication_factor=1))
            wanted.append(NewTopic(topic.dead_letter, num_partitions=1, replication_factor=1))
        missing = [t for t in wanted if t.name not in existing]
        for new_topic in missing:
            try:
                await admin.create_topics([new_topic])
                log.info("kafka_topic_created", topic=new_topic.name, partitions=new_topic.num_partitions)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


async def ping(producer: AIOKafkaProducer) -> None:
    """Readiness: the broker answers a metadata request now, not just at start-up."""
    await producer.client.fetch_all_metadata()
