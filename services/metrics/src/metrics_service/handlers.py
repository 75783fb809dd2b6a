"""Kafka consumers of the metrics service: letters, meetings and the directory in, projections out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from opensaraban_shared.consumer import BatchProjection, DeadLetters, EventConsumer
from opensaraban_shared.db import Database
from opensaraban_shared.events import (
    DIRECTORY,
    LETTERS,
    MEETINGS,
    AgencyChanged,
    AgendaItemSubmitted,
    AgendaPublished,
    Envelope,
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterRouted,
    LetterSent,
    MeetingHeld,
    Topic,
    UserAuthenticated,
    UserChanged,
)
from opensaraban_shared.events.documents import ReviewStepCompleted
from opensaraban_shared.kafka import Producer
from opensaraban_shared.service_app import Runtime

from . import repository
from .facts import collect

LETTERS_GROUP = "metrics.letters"
MEETINGS_GROUP = "metrics.meetings"
DIRECTORY_GROUP = "metrics.directory"


async def project(envelopes: Sequence[Envelope[Any]], conn: asyncpg.Connection) -> None:
    # Runs in the consumer's transaction with the processed_events rows: a redelivery adds nothing.
    await repository.apply(conn, collect(envelopes))


CONSUMED: tuple[tuple[str, Topic, str, tuple[type, ...]], ...] = (
    (LETTERS_GROUP, LETTERS, "Counts letters by channel and e-approval, times each step of their handling and of "
     "the review chain.", (LetterSent, LetterDelivered, LetterAccepted, LetterRouted, LetterClosed,
                           ReviewStepCompleted)),
    (MEETINGS_GROUP, MEETINGS, "Counts meetings with an electronic agenda pack, its lead time and late items.",
     (AgendaItemSubmitted, AgendaPublished, MeetingHeld)),
    (DIRECTORY_GROUP, DIRECTORY, "Keeps agencies (province, ministry), people and sign-ins for usage figures.",
     (AgencyChanged, UserChanged, UserAuthenticated)),
)


def make_consumers(*, db: Database, producer: Producer, max_attempts: int) -> list[EventConsumer]:
    """The same consumers serve the live service and the replay command."""
    return [
        EventConsumer(
            group=group,
            topic=topic,
            description=description,
            batch=BatchProjection(event_types=event_types, apply=project),
            db=db,
            dead_letters=DeadLetters(producer, consumer=group),
            max_attempts=max_attempts,
        )
        for group, topic, description, event_types in CONSUMED
    ]


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    return make_consumers(db=runtime.db, producer=runtime.producer,
                          max_attempts=runtime.settings.consumer_max_attempts)
