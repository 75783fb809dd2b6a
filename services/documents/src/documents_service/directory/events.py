"""AgencyChanged events, emitted through the use case's unit of work: the whole current record of each agency,
read in the work's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from opensaraban_shared.events import AgencyChanged
from opensaraban_shared.unit_of_work import UnitOfWork

from . import repository


async def record_agencies_changed(work: UnitOfWork, agency_ids: Sequence[str]) -> None:
    """Call after the change: the events leave with the work's commit, exactly when the change does."""
    if not agency_ids:
        return
    rows = await repository.agencies_as_published(work.conn, agency_ids)
    # The system clock: sessions are revoked by it (security time, not business time).
    now = datetime.now(UTC)
    for r in rows:
        work.emit(AgencyChanged(**dict(r), changed_at=now))
