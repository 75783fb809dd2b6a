"""The documents service's audit records: appended to the acting agency's chain, naming who acted."""

from __future__ import annotations

from typing import Any

import asyncpg

from opensaraban_shared import audit
from opensaraban_shared.auth import Principal

from . import SERVICE


async def record(conn: asyncpg.Connection, principal: Principal, *, action: str, subject: str,
                 detail: dict[str, Any] | None = None) -> None:
    """Call inside the change's transaction: the record exists exactly when the change does."""
    await audit.append(conn, producer=SERVICE, chain=principal.agency_id, actor=principal.subject_id, action=action,
                       subject=subject, detail=detail)
