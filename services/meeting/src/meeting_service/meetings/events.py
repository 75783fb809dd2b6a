"""Building the meeting events of shared.events.meeting from rows: the fields every event carries, the envelope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal
from opensaraban_shared.events import Envelope, MeetingEvent
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.thai import thai_digits
from opensaraban_shared.unit_of_work import actor_of, envelope_of

SERVICE = "meeting"


def meeting_number(meeting: Mapping[str, Any]) -> str:
    """'๑/๒๕๖๙'."""
    return thai_digits(f"{meeting['number']}/{meeting['year_be']}")


def common_fields(meeting: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "meeting_id": meeting["meeting_id"],
        "committee_id": str(meeting["committee_id"]),
        "committee_name": meeting["committee_name"],
        "secretariat_agency_id": meeting["secretariat_agency_id"],
        "meeting_number": meeting_number(meeting),
        "starts_at": meeting["starts_at"],
    }


def audience(members: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Member agencies and people, each once, in the committee's order."""
    agencies = list(dict.fromkeys(m["agency_id"] for m in members))
    users = list(dict.fromkeys(m["user_id"] for m in members if m["user_id"]))
    return {"member_agency_ids": agencies, "member_user_ids": users}


async def emit(conn: asyncpg.Connection, principal: Principal, *events: MeetingEvent) -> list[Envelope[Any]]:
    """Into the outbox, in the caller's transaction: the events exist exactly when the change does."""
    envelopes = [envelope_of(e, actor=actor_of(principal), producer=SERVICE) for e in events]
    await add_to_outbox(conn, envelopes)
    return envelopes
