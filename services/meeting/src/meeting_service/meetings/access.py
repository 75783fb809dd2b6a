"""Who may see and run a meeting: its committee's secretariat manages it, member agencies see it and submit."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal
from opensaraban_shared.errors import AppError

from ..committees import repository as committees
from ..committees.service import committee_for, is_secretariat_of
from ..errors import NOT_ON_COMMITTEE, WRONG_STATE
from . import repository
from .models import MeetingState


async def meeting_for(conn: asyncpg.Connection, principal: Principal, meeting_id: uuid.UUID, *,
                      manage: bool = False, for_update: bool = False) -> asyncpg.Record:
    """The meeting (locked when `for_update`), if the caller's agency runs or sits on its committee; else, and for
    a meeting that does not exist, 403 not_on_committee (one answer: it tells nobody which meetings exist)."""
    meeting = await repository.get_meeting(conn, meeting_id, for_update=for_update)
    if meeting is None:
        raise AppError(NOT_ON_COMMITTEE)
    await committee_for(conn, principal, meeting["committee_id"], manage=manage)
    return meeting


async def is_secretariat(conn: asyncpg.Connection, principal: Principal, meeting: asyncpg.Record) -> bool:
    committee = await committees.get_committee(conn, committee_id=meeting["committee_id"])
    return is_secretariat_of(principal, committee)


def sections(meeting: asyncpg.Record) -> list[dict[str, Any]]:
    raw = meeting["sections"]
    return json.loads(raw) if isinstance(raw, str) else raw


def require_state(meeting: asyncpg.Record, *allowed: MeetingState) -> None:
    if meeting["state"] not in {s.value for s in allowed}:
        raise AppError(WRONG_STATE, {"state": meeting["state"], "allowed": [s.value for s in allowed]})
