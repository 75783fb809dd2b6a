"""Reads the audit anchors back from Kafka: the newest anchored record of each chain of one service's log.

A hash chain shows any record edited, moved or deleted in its middle, but not that its newest records were cut
off. Every append also publishes the record's hash to the compacted anchors topic (audit.append), outside
PostgreSQL; the verify command then checks that each chain's newest anchored record is still in the log as
anchored.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition

from .events import AUDIT_ANCHORS, AuditRecordAnchored, decode_envelope


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


async def newest_anchors(bootstrap: str, *, log: str) -> dict[str, Anchor]:
    """Chain → its newest anchor, read from the start of the topic to its end as of now."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                client_id="audit-verify")
    await consumer.start()
    try:
        if AUDIT_ANCHORS.name not in await consumer.topics():
            return {}
        partitions = [TopicPartition(AUDIT_ANCHORS.name, p) for p in range(AUDIT_ANCHORS.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        newest: dict[str, Anchor] = {}
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            for records in (await consumer.getmany(*partitions, timeout_ms=1000)).values():
                for record in records:
                    anchor = decode_envelope(record.value).payload
                    if isinstance(anchor, AuditRecordAnchored) and anchor.log == log and (
                            anchor.chain not in newest or anchor.seq > newest[anchor.chain].seq):
                        newest[anchor.chain] = Anchor(anchor.seq, anchor.hash)
        return newest
    finally:
        await consumer.stop()
