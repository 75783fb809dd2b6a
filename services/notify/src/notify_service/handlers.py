"""Kafka consumers of the notify service: events in, inbox notifications out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg

from opensaraban_shared.consumer import DeadLetters, EventConsumer
from opensaraban_shared.events import LETTERS, Actor, Envelope, LetterDelivered, NotificationRecorded, new_envelope
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.service_app import Runtime

from . import messages, repository

SERVICE = "notify"
INBOX = "inbox"


def notification_id_for(*, source_event_id: uuid.UUID, recipient: str, channel: str) -> uuid.UUID:
    """Deterministic: the same event, recipient and channel always name the same notification."""
    return uuid.uuid5(source_event_id, f"{recipient}|{channel}")


async def on_letter_delivered(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    event: LetterDelivered = envelope.payload
    message = messages.letter_delivered(event)
    notification_id = notification_id_for(
        source_event_id=envelope.event_id, recipient=event.recipient_agency_id, channel=INBOX
    )
    now = datetime.now(UTC)
    created = await repository.insert_notification(
        conn,
        notification_id=notification_id,
        recipient_agency_id=event.recipient_agency_id,
        recipient_user_id=None,
        rule="letter_delivered_to_clerks",
        channel=INBOX,
        title_th=message.title_th,
        title_en=message.title_en,
        link=message.link,
        source_event_id=envelope.event_id,
        created_at=now,
    )
    if created:
        recorded = NotificationRecorded(
            notification_id=notification_id,
            recipient_agency_id=event.recipient_agency_id,
            rule="letter_delivered_to_clerks",
            channel=INBOX,
            source_event_id=envelope.event_id,
            recorded_at=now,
        )
        await add_to_outbox(
            conn,
            [new_envelope(recorded, producer=SERVICE, actor=Actor(agency_id=event.recipient_agency_id), causation=envelope)],
        )


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    return [
        EventConsumer(
            group="notify.letters",
            topic=LETTERS,
            description="Tells the recipient agency's clerks that a letter arrived.",
            handlers={LetterDelivered: on_letter_delivered},
            db=runtime.db,
            dead_letters=DeadLetters(runtime.producer, consumer="notify.letters"),
            max_attempts=runtime.settings.consumer_max_attempts,
        )
    ]
