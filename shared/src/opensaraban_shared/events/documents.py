"""Events of the documents service: official letters moving between agencies."""

from __future__ import annotations

import uuid

from pydantic import AwareDatetime, Field

from ..vocabulary import Channel, LetterKind, Secrecy, Urgency
from .envelope import Event, register
from .topics import LETTERS


class _LetterEvent(Event):
    topic = LETTERS

    letter_id: uuid.UUID
    letter_number: str = Field(description="ที่: the sender's letter number, e.g. 'ชม 0017/ว 12'")
    sender_agency_id: str
    kind: LetterKind
    urgency: Urgency
    secrecy: Secrecy
    channel: Channel
    subject: str = Field(description="เรื่อง; consumers must not show it for secret letters")


@register
class LetterSent(_LetterEvent):
    """A letter was numbered in the send register and dispatched to its recipients."""

    event_type = "documents.letter_sent"
    key_field = "sender_agency_id"

    send_register_number: int
    is_circular: bool
    recipient_agency_ids: list[str] = Field(min_length=1)
    deadline: AwareDatetime | None = None
    attachment_count: int = Field(ge=0)
    sent_at: AwareDatetime


@register
class LetterDelivered(_LetterEvent):
    """One recipient agency now has the letter in its inbox (one event per recipient)."""

    event_type = "documents.letter_delivered"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    deadline: AwareDatetime | None = None
    sent_at: AwareDatetime
    delivered_at: AwareDatetime


@register
class LetterAccepted(_LetterEvent):
    """The recipient registered the letter in its receive register (ลงรับ) with a receipt number."""

    event_type = "documents.letter_accepted"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    receive_register_number: int
    accepted_at: AwareDatetime


@register
class LetterRejected(_LetterEvent):
    """The recipient refused the letter, with a reason, or flagged it as sent to the wrong agency."""

    event_type = "documents.letter_rejected"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    reason: str = Field(min_length=1)
    wrong_recipient: bool = False
    rejected_at: AwareDatetime

