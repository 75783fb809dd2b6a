"""The fields every letter event carries, taken from a letter row."""

from __future__ import annotations

from typing import Any

import asyncpg

from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency


def letter_fields(letter: asyncpg.Record, *, letter_number: str | None, channel: Channel,
                  sender_province_code: str | None = None) -> dict[str, Any]:
    return {
        "letter_id": letter["letter_id"],
        "letter_number": letter_number or "",
        "sender_agency_id": letter["sender_agency_id"] or "",
        "kind": LetterKind(letter["kind"]),
        "urgency": Urgency(letter["urgency"]),
        "secrecy": Secrecy(letter["secrecy"]),
        "channel": channel,
        "subject": letter["subject"],
        "sender_province_code": sender_province_code,
    }
