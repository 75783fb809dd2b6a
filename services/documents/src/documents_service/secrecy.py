"""ชั้นความลับ: the one place that relates a letter's secrecy to a person's clearance.

A letter's secrecy is the national exchange code, 1 (ปกติ) to 4 (ลับที่สุด), `Secrecy`. A person's clearance is how
many secret levels they are cleared for, 0 (none) to 3 (ลับที่สุด), as user records and tokens carry it. Every check,
in Python or as a parameter of SQL, goes through these functions; nothing else does arithmetic between the two.
"""

from __future__ import annotations

from opensaraban_shared.vocabulary import Secrecy


def is_secret(secrecy: int) -> bool:
    """ลับ, ลับมาก or ลับที่สุด: shown only to the people named for the letter."""
    return secrecy > Secrecy.NORMAL


def clearance_needed(secrecy: int) -> int:
    """The clearance a person needs to read a letter of this secrecy (0 for a normal letter)."""
    return int(Secrecy(secrecy)) - Secrecy.NORMAL


def clears(clearance: int, secrecy: int) -> bool:
    return clearance >= clearance_needed(secrecy)


def highest_readable(clearance: int) -> Secrecy:
    """The most secret level a person of this clearance may read."""
    return Secrecy(clearance + Secrecy.NORMAL)
