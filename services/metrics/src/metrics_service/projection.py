"""The two directions a letter is counted in, the electronic distribution rate, the e-approval rate and the
e-signature share (the rules are in `facts`)."""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    SENT = "sent"
    RECEIVED = "received"


def electronic_rate(*, electronic: int, total: int) -> float | None:
    """Electronic share of all letters (the 'electronic distribution rate'); None when there were none."""
    return _share(electronic, total, what="electronic")


def e_approval_rate(*, approved: int, sent: int) -> float | None:
    """Share of the letters sent that were proposed, reviewed and signed in the system (the 'e-approval rate');
    None when none were sent."""
    return _share(approved, sent, what="approved")


def e_signature_rate(*, signed: int, sent: int) -> float | None:
    """Share of the letters sent whose main letter carries its signer's digital (PAdES) signature (the
    'e-signature share'); None when none were sent."""
    return _share(signed, sent, what="signed")


def _share(part: int, total: int, *, what: str) -> float | None:
    if total < 0 or not 0 <= part <= total:
        raise ValueError(f"{what}={part} must lie between 0 and total={total}")
    if total == 0:
        return None
    return part / total
