"""The two directions a letter is counted in, and the electronic distribution rate (the rules are in `facts`)."""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    SENT = "sent"
    RECEIVED = "received"


def electronic_rate(*, electronic: int, total: int) -> float | None:
    """Electronic share of all letters (the 'electronic distribution rate'); None when there were none."""
    if total < 0 or not 0 <= electronic <= total:
        raise ValueError(f"electronic={electronic} must lie between 0 and total={total}")
    if total == 0:
        return None
    return electronic / total
