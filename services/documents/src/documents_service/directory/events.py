"""AgencyChanged events for the outbox: the whole current record of each agency, read in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from opensaraban_shared.events import Actor, AgencyChanged
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.unit_of_work import envelope_of

from .. import SERVICE
from . import repository


async def record_agencies_changed(conn: asyncpg.Connection, agency_ids: Sequence[str], *, actor: Actor) -> None:
    """Call after the change, before commit: the events exist exactly when the change does."""
    if not agency_ids:
        return
    rows = await repository.agencies_as_published(conn, agency_ids)
    now = datetime.now(UTC)
    await add_to_outbox(conn, [
        envelope_of(AgencyChanged(**dict(r), changed_at=now), actor=actor, producer=SERVICE) for r in rows
    ])
