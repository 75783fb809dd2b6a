"""Building the meeting events of shared.events.meeting from rows: the fields every event carries (the unit of work
wraps and sends them: `work.emit`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opensaraban_shared.thai import thai_digits


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

