"""Recording a change to a draft agenda: stored as an event, folded into the draft the caller holds."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal

from . import repository
from .draft import Draft, apply, replay


async def load(conn: asyncpg.Connection, meeting: asyncpg.Record, sections: list[dict[str, Any]]) -> Draft:
    return replay(sections, await repository.changes(conn, meeting["meeting_id"]))


async def record(conn: asyncpg.Connection, principal: Principal, draft: Draft, meeting: asyncpg.Record,
                 kind: str, data: dict[str, Any]) -> None:
    data = json.loads(json.dumps(data, ensure_ascii=False, default=str))  # exactly what a replay will read
    draft.version = await repository.append_change(
        conn, meeting_id=meeting["meeting_id"], kind=kind, data=data, actor_agency_id=principal.agency_id,
        actor_user_id=principal.subject_id)
    apply(draft, kind, data)
