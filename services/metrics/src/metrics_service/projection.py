"""Pure counting rules of the adoption projection: which letter events count, for whom, on which day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opensaraban_shared.events import Event, LetterAccepted, LetterSent
from opensaraban_shared.thai import bangkok_day
from opensaraban_shared.vocabulary import Channel


class Direction(StrEnum):
    SENT = "sent"
    RECEIVED = "received"


@dataclass(frozen=True)
class Increment:
    """Add `letters` to one row of letter_daily."""

    day: date
    agency_id: str
    direction: Direction
    channel: Channel
    letters: int = 1


def increments_for(event: Event) -> list[Increment]:
    """The projection rows an event adds to; events that are not counted give none."""
    match event:
        case LetterSent():
            # A circular to a thousand agencies is one letter sent (one send-register number);
            # each recipient counts its own 'received' when it accepts.
            return [Increment(bangkok_day(event.sent_at), event.sender_agency_id, Direction.SENT, event.channel)]
        case LetterAccepted():
            return [
                Increment(bangkok_day(event.accepted_at), event.recipient_agency_id, Direction.RECEIVED, event.channel)
            ]
        case _:
            return []


def electronic_rate(*, electronic: int, total: int) -> float | None:
    """Electronic share of all letters (the 'electronic distribution rate'); None when there were none."""
    if total < 0 or not 0 <= electronic <= total:
        raise ValueError(f"electronic={electronic} must lie between 0 and total={total}")
    if total == 0:
        return None
    return electronic / total
