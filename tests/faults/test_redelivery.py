"""Every letter event delivered again, in order and out of order, to consumers that had not yet seen the originals."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections import defaultdict

import pytest
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from opensaraban_shared.events import LETTERS
from opensaraban_shared.kafka import Producer
from tests.faults.letter_stream import LetterStream
from tests.faults.outages import service_killed
from tests.support import eventually, records_so_far

pytestmark = pytest.mark.integration

LIFE = {"documents.letter_sent", "documents.letter_delivered", "documents.letter_accepted"}
GROUPS = ("notify.letters", "metrics.letters")


async def test_events_delivered_twice_and_out_of_order_change_nothing(stack, stream, recovered):
    await stream.wait_for_sent(20)
    async with service_killed("notify", "metrics", crash=False):
        await stream.wait_for_sent(20)  # their events wait in Kafka for notify and metrics to come back
        copies = await eventually(lambda: _events_of_finished_letters(stack["kafka_bootstrap"], stream),
                                  what="every event of the finished letters on the topic")
        # First as an outbox relay re-sends (same key: behind the original on its partition), then shuffled under
        # random keys: on other partitions, so a copy may come before its original and an acceptance before its
        # delivery. The consumers see originals and copies for the first time after their restart.
        again = [(record, record.key) for record in copies]
        again += [(record, uuid.uuid4().bytes) for record in random.sample(copies, len(copies))]
        ends = await _publish(stack["kafka_bootstrap"], again)
    await stream.finish()
    for group in GROUPS:
        await eventually(lambda group=group: _consumed(stack["kafka_bootstrap"], group, ends), timeout_s=60,
                         what=f"{group} to consume every copy")
    await recovered(stream)


async def _events_of_finished_letters(bootstrap: str, stream: LetterStream) -> list | None:
    """The sent, delivered and accepted events of every letter finished so far, once all are on the topic."""
    finished = {letter.letter_id for letter in stream.letters if letter.done}
    found, kinds = [], defaultdict(set)
    for record in await records_so_far(bootstrap, LETTERS):
        event = json.loads(record.value)
        if event["payload"].get("letter_id") in finished:
            found.append(record)
            kinds[event["payload"]["letter_id"]].add(event["event_type"])
    return found if all(kinds[letter_id] >= LIFE for letter_id in finished) else None


async def _publish(bootstrap: str, records: list) -> dict[TopicPartition, int]:
    """Puts the records on the letters topic again under the given keys; returns the partitions' end offsets."""
    producer = Producer(bootstrap=bootstrap, client_id="faults-redelivery")
    await producer.start()
    try:
        sent = [await producer.send(LETTERS.name, value=r.value, key=key, headers=list(r.headers)) for r, key in records]
        ends: dict[TopicPartition, int] = {}
        for metadata in await asyncio.gather(*sent):
            partition = TopicPartition(metadata.topic, metadata.partition)
            ends[partition] = max(ends.get(partition, 0), metadata.offset + 1)
        return ends
    finally:
        await producer.stop()


async def _consumed(bootstrap: str, group: str, ends: dict[TopicPartition, int]) -> bool:
    """Whether the group committed offsets at or past `ends` on every partition."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group, partitions=list(ends))
    finally:
        await admin.close()
    return all(p in committed and committed[p].offset >= end for p, end in ends.items())
