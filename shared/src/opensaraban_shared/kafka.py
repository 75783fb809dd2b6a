"""Kafka plumbing shared by services: the idempotent producer and explicit topic creation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .events.topics import Topic
from .logging import get_logger

log = get_logger(__name__)


class Producer:
    """The service's one idempotent producer (acks=all: a retried send never writes a record twice).

    Made at app construction, connected in the lifespan: aiokafka needs a running loop to build one.
    """

    def __init__(self, *, bootstrap: str, client_id: str) -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self._producer: AIOKafkaProducer | None = None

    @property
    def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("Producer.start() was not called")
        return self._producer

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            max_request_size=4 * 1024 * 1024,
            request_timeout_ms=30_000,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def send(self, topic: str, *, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]) -> Any:
        """Queues a record; returns a future that resolves when the broker acknowledged it."""
        return await self._started.send(topic, value=value, key=key, headers=headers)

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]) -> None:
        await self._started.send_and_wait(topic, value=value, key=key, headers=headers)

    async def ping(self) -> None:
        """Readiness: the broker answers a metadata request now, not just at start-up."""
        await self._started.client.fetch_all_metadata()


async def ensure_topics(
    *, bootstrap: str, topics: Iterable[Topic], client_id: str, replication_factor: int = 1
) -> None:
    """Creates each topic and its dead-letter topic if missing; replicas racing to create them is fine."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = []
        for topic in topics:
            retention = {"retention.ms": str(topic.retention_ms)}
            policy = {"cleanup.policy": "compact"} if topic.compacted else {}
            wanted.append(NewTopic(topic.name, num_partitions=topic.partitions, replication_factor=replication_factor,
                                   topic_configs={**retention, **policy}))
            wanted.append(NewTopic(topic.dead_letter, num_partitions=1,
                                   replication_factor=replication_factor, topic_configs=retention))
        missing = [t for t in wanted if t.name not in existing]
        for new_topic in missing:
            try:
                await admin.create_topics([new_topic])
                log.info("kafka_topic_created", topic=new_topic.name, partitions=new_topic.num_partitions)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()
