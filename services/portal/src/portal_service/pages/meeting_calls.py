"""What the meeting pages ask the meeting service: one call with the reader's token, one meeting, its agenda,
and whether the reader runs it (its committee's secretariat) or only sits on it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from fastapi import Request

from opensaraban_shared.auth import Role

from ..session import Session
from .rendering import correlation, services


async def ask(request: Request, session: Session, method: str, path: str, **kwargs: Any) -> Any:
    return await services(request).meeting.call(method, path, token=session.token,
                                                correlation_id=correlation(request), **kwargs)


async def meeting_of(request: Request, session: Session, meeting_id: uuid.UUID) -> dict[str, Any]:
    return await ask(request, session, "GET", f"/meetings/{meeting_id}")


async def agenda_of(request: Request, session: Session, meeting_id: uuid.UUID) -> dict[str, Any]:
    return await ask(request, session, "GET", f"/meetings/{meeting_id}/agenda")


async def later_meetings(request: Request, session: Session, meeting: dict[str, Any],
                         *states: str) -> list[dict[str, Any]]:
    """The committee's meetings after this one (in these states, if any are named)."""
    every = await ask(request, session, "GET", f"/committees/{meeting['committee_id']}/meetings")
    starts = datetime.fromisoformat(meeting["starts_at"])
    return [m for m in every if datetime.fromisoformat(m["starts_at"]) > starts and (not states or m["state"] in states)]


def manages(session: Session, meeting: dict[str, Any]) -> bool:
    """The committee's secretariat: a secretariat person of the agency that owns the committee."""
    me = session.principal
    return me.agency_id == meeting["secretariat_agency_id"] and Role.SECRETARIAT in me.roles


def agenda_items(agenda: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every item of a draft: those on the agenda (depth first, as printed), then those not on it."""
    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            yield item
            yield from walk(item["children"])

    for section in agenda["sections"]:
        yield from walk(section["items"])
    yield from agenda["not_on_agenda"]
