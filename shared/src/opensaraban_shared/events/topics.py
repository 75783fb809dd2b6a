"""Every Kafka topic, defined once: name, partitions, who produces and who consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    description: str
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    # Domain topics keep every event (-1): projections such as the adoption metrics are rebuilt by replay.
    retention_ms: int = -1
    # Compacted: Kafka keeps at least the newest record of each key (for anchors, the head of each chain).
    compacted: bool = False

    @property
    def dead_letter(self) -> str:
        """Where events that failed every retry go, with the error and original coordinates in headers."""
        return f"{self.name}.dlq"


# Partitions bound how many replicas of a consumer group work in parallel; keys are agency ids,
# so one agency's events stay in order while thousands of agencies spread over the partitions.
LETTERS = Topic(
    name="opensaraban.documents.letters.v1",
    partitions=12,
    description="Lifecycle of official letters between agencies (sent, delivered, accepted, rejected).",
    producers=("documents",),
    consumers=("notify", "metrics", "documents"),  # documents: verifies signed letters on delivery
)
NOTIFICATIONS = Topic(
    name="opensaraban.notify.notifications.v1",
    partitions=12,
    description="Notifications recorded for people and agencies.",
    producers=("notify",),
    consumers=("metrics",),
)

MEETINGS = Topic(
    name="opensaraban.meeting.meetings.v1",
    partitions=12,
    description="Committee meetings: agenda drafting, publication, invitations, minutes, follow-up actions.",
    producers=("meeting",),
    consumers=("documents", "notify", "metrics"),
)

DIRECTORY = Topic(
    name="opensaraban.documents.directory.v1",
    partitions=12,
    description="Agencies and people of the directory (whole records, upserted by consumers) and sign-ins.",
    producers=("documents",),
    consumers=("notify", "metrics", "meeting", "documents"),  # documents: revokes a signer's certificate
)

AUDIT_ANCHORS = Topic(
    name="opensaraban.audit.anchors.v1",
    partitions=12,
    description="The newest hash of each audit chain, kept outside PostgreSQL: the audit verify command checks "
                "that no anchored record was deleted or changed (a hash chain alone cannot show its newest "
                "records were cut off).",
    producers=("documents",),
    consumers=("audit verify command",),
    compacted=True,
)

ALL_TOPICS: tuple[Topic, ...] = (LETTERS, NOTIFICATIONS, MEETINGS, DIRECTORY, AUDIT_ANCHORS)
