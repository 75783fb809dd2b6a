"""Keeps meeting's copy of the directory's agencies from AgencyChanged events (documents owns the directory)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from opensaraban_shared.consumer import BatchProjection, DeadLetters, EventConsumer
from opensaraban_shared.directory_copy import AGENCIES, copy_newest
from opensaraban_shared.events import DIRECTORY, AgencyChanged, Envelope
from opensaraban_shared.service_app import Runtime

GROUP = "meeting.directory"


async def project(envelopes: Sequence[Envelope[Any]], conn: asyncpg.Connection) -> None:
    await copy_newest(conn, AGENCIES, [e.payload for e in envelopes if isinstance(e.payload, AgencyChanged)])


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    return [EventConsumer(
        group=GROUP, topic=DIRECTORY, description="Keeps meeting's copy of agencies, to check committee members.",
        batch=BatchProjection(event_types=(AgencyChanged,), apply=project), db=runtime.db,
        dead_letters=DeadLetters(runtime.producer, consumer=GROUP),
        max_attempts=runtime.settings.consumer_max_attempts,
    )]
