"""People's choices, as pure functions: which channels per kind, quiet hours on the Bangkok clock, digests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from opensaraban_shared.thai import BANGKOK

KINDS = ("letter_delivered", "letter_rejected", "letter_withdrawn", "letter_routed", "deadline", "agenda_published",
         "agenda_returned", "meeting_cancelled", "follow_up_action", "review_step", "review_outcome")
PERSONAL_CHANNELS = ("inbox", "email")
DEFAULT_CHANNELS = ("inbox", "email")


def wants(channels: Mapping[str, Any] | None, *, kind: str, channel: str) -> bool:
    """Channels per kind; a kind not mentioned gets the default (in-app inbox and e-mail)."""
    chosen = (channels or {}).get(kind)
    return channel in (DEFAULT_CHANNELS if chosen is None else chosen)


def quiet_until(now: datetime, start: time | None, end: time | None) -> datetime | None:
    """When the quiet hours that `now` falls in end (Bangkok clock), or None when it is not quiet now.

    A window may cross midnight (22:00–07:00); start == end means no quiet hours.
    """
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(BANGKOK)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
    else:
        inside = clock >= start or clock < end
    if not inside:
        return None
    end_at = datetime.combine(local.date(), end, tzinfo=BANGKOK)
    if end_at <= local:
        end_at += timedelta(days=1)
    return end_at
