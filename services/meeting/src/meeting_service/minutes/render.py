"""Minutes (รายงานการประชุม) in official form, from templates/minutes.html: header, who attended, every item at every
level with its discussion and resolution (the agenda's item macros), the end, who took and reviewed them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opensaraban_shared.thai import format_thai_date, format_thai_time, thai_weekday

from ..packs import layout
from ..packs.render import ENVIRONMENT, typeset

_GROUPS = (("present", "ผู้มาประชุม"), ("absent", "ผู้ไม่มาประชุม"), ("guest", "ผู้เข้าร่วมประชุม"))


def minutes_html(meeting: dict[str, Any], minutes: dict[str, Any], *, created_at: datetime) -> str:
    starts = datetime.fromisoformat(meeting["starts_at"])
    groups: dict[str, list[str]] = {status: [] for status, _ in _GROUPS}
    for entry in minutes["attendance"]:  # a substitute sits among those present
        groups["present" if entry["status"] == "substitute" else entry["status"]].append(layout.attendee(entry))
    return ENVIRONMENT.get_template("minutes.html").render(
        meeting=meeting, weekday=thai_weekday(starts), day=format_thai_date(starts), venue=layout.venue(meeting),
        attendance=[(heading, groups[status]) for status, heading in _GROUPS if groups[status]],
        started_at=_time(minutes.get("started_at")), ended_at=_time(minutes.get("ended_at")),
        sections=minutes["sections"], minute_taker=minutes["minute_taker"], reviewer=minutes["reviewer"],
        created=created_at.isoformat(), thai_digits=True)


def minutes_pdf(meeting: dict[str, Any], minutes: dict[str, Any], *, created_at: datetime) -> bytes:
    return typeset(minutes_html(meeting, minutes, created_at=created_at))


def _time(moment: str | None) -> str:
    return format_thai_time(datetime.fromisoformat(moment)) if moment else ""
