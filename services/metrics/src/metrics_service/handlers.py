"""Kafka consumers of the metrics service: letter events in, daily adoption counts out."""

from __future__ import annotations

from typing import Any

import asyncpg

from opensaraban_shared.consumer import DeadLetters, EventConsumer
from opensaraban_shared.events import LETTERS, Envelope, LetterAccepted, LetterSent
from opensaraban_shared.service_app import Runtime

from . import repository
from .projection import increments_for

LETTERS_GROUP = "metrics.letters"


async def on_letter_counted(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    # Runs in the consumer's transaction with the processed_events row: a redelivery adds nothing.
    await repository.add_letters(conn, increments_for(envelope.payload))


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    return [
        EventConsumer(
            group=LETTERS_GROUP,
            topic=LETTERS,
            description="Counts letters sent and accepted per agency, Bangkok day and channel.",
            handlers={LetterSent: on_letter_counted, LetterAccepted: on_letter_counted},
            db=runtime.db,
            dead_letters=DeadLetters(runtime.producer, consumer=LETTERS_GROUP),
            max_attempts=runtime.settings.consumer_max_attempts,
        )
    ]
