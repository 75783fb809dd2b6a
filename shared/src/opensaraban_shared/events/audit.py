"""The audit log's anchors: each appended record's hash, published outside the database it lives in."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, Field

from .envelope import Event, register
from .topics import AUDIT_ANCHORS


@register
class AuditRecordAnchored(Event):
    """A record was appended to an audit chain; compaction of the topic keeps at least the newest per chain."""

    event_type = "documents.audit_record_anchored"  # the documents service keeps the one audit log today
    topic = AUDIT_ANCHORS
    key_field = "anchor_key"

    log: str = Field(description="Whose audit log: the service (its database schema)")
    chain: str = Field(description="The chain in that log (one per agency)")
    anchor_key: str = Field(description="`<log>/<chain>`, the Kafka key: one anchor kept per chain of every log")
    seq: int = Field(description="The record's sequence number in the log")
    hash: str = Field(pattern="^[0-9a-f]{64}$", description="SHA-256 of the record, chained to the one before")
    occurred_at: AwareDatetime

    @classmethod
    def of(cls, *, log: str, chain: str, seq: int, hash: str, occurred_at: datetime) -> AuditRecordAnchored:
        return cls(log=log, chain=chain, anchor_key=f"{log}/{chain}", seq=seq, hash=hash, occurred_at=occurred_at)
