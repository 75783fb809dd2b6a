"""Kafka consumers of the notify service: letter events in, inbox notifications out, by rule."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from opensaraban_shared.consumer import DeadLetters, EventConsumer, Handler
from opensaraban_shared.events import (
    LETTERS,
    Actor,
    Envelope,
    Event,
    LetterDelivered,
    LetterRejected,
    LetterRouted,
    LetterWithdrawn,
    NotificationRecorded,
    new_envelope,
)
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.service_app import Runtime

from . import messages, repository

SERVICE = "notify"
INBOX = "inbox"


@dataclass(frozen=True)
class Recipient:
    agency_id: str
    user_id: str | None = None  # None: every correspondence clerk of the agency


@dataclass(frozen=True)
class Rule:
    """Who hears of an event, and in which words."""

    name: str
    recipients: Callable[[Any], list[Recipient]]
    message: Callable[[Any], messages.Message]


RULES: dict[type[Event], Rule] = {
    LetterDelivered: Rule("letter_delivered_to_clerks", lambda e: [Recipient(e.recipient_agency_id)],
                          messages.letter_delivered),
    LetterRejected: Rule("letter_rejected_to_sender", lambda e: [Recipient(e.sender_agency_id)],
                         messages.letter_rejected),
    LetterWithdrawn: Rule("letter_withdrawn_to_recipient", lambda e: [Recipient(e.recipient_agency_id)],
                          messages.letter_withdrawn),
    # The person it was routed to, or every person of the unit it was routed to (named in the event).
    LetterRouted: Rule("letter_routed_to_person",
                       lambda e: [Recipient(e.agency_id, user_id) for user_id in e.reaches_user_ids],
                       messages.letter_routed),
}


def notification_id_for(*, source_event_id: uuid.UUID, recipient: str, channel: str) -> uuid.UUID:
    """Deterministic: the same event, recipient and channel always name the same notification."""
    return uuid.uuid5(source_event_id, f"{recipient}|{channel}")


def handler_for(rule: Rule) -> Handler:
    async def handle(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        for recipient in rule.recipients(envelope.payload):
            await record(conn, envelope, rule=rule, recipient=recipient)

    return handle


async def record(conn: asyncpg.Connection, envelope: Envelope[Any], *, rule: Rule, recipient: Recipient) -> None:
    """Writes the inbox entry (at most once per event × recipient × channel) and announces it."""
    message = rule.message(envelope.payload)
    notification_id = notification_id_for(
        source_event_id=envelope.event_id, recipient=recipient.user_id or recipient.agency_id, channel=INBOX)
    now = datetime.now(UTC)
    created = await repository.insert_notification(
        conn, notification_id=notification_id, recipient_agency_id=recipient.agency_id,
        recipient_user_id=recipient.user_id, rule=rule.name, channel=INBOX, title_th=message.title_th,
        title_en=message.title_en, link=message.link, source_event_id=envelope.event_id, created_at=now,
    )
    if created:
        recorded = NotificationRecorded(
            notification_id=notification_id, recipient_agency_id=recipient.agency_id,
            recipient_user_id=recipient.user_id, rule=rule.name, channel=INBOX, source_event_id=envelope.event_id,
            recorded_at=now,
        )
        await add_to_outbox(conn, [new_envelope(recorded, producer=SERVICE, actor=Actor(agency_id=recipient.agency_id),
                                                causation=envelope)])


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    return [
        EventConsumer(
            group="notify.letters",
            topic=LETTERS,
            description="Tells agencies and people about letters that need them.",
            handlers={event: handler_for(rule) for event, rule in RULES.items()},
            db=runtime.db,
            dead_letters=DeadLetters(runtime.producer, consumer="notify.letters"),
            max_attempts=runtime.settings.consumer_max_attempts,
        )
    ]
