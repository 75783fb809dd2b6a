"""Use cases of the agency directory."""

from __future__ import annotations

from opensaraban_shared.db import Database

from . import repository
from .models import AgencyRead


async def list_agencies(db: Database) -> list[AgencyRead]:
    async with db.pool.acquire() as conn:
        return [AgencyRead(**dict(r)) for r in await repository.list_agencies(conn)]
