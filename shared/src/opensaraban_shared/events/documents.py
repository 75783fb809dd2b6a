"""Events of the documents service: official letters moving between agencies."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import AwareDatetime, Field

from ..vocabulary import Channel, LetterKind, Secrecy, Urgency
from .envelope import Event, register
from .topics import LETTERS


class LetterEvent(Event):
    """What every event about one letter carries (consumers may type against it)."""

    topic = LETTERS

    letter_id: uuid.UUID
    letter_number: str = Field(description="ที่: the sender's letter number, e.g. 'ชม 0017/ว 12'")
    sender_agency_id: str
    kind: LetterKind
    urgency: Urgency
    secrecy: Secrecy
    channel: Channel
    subject: str = Field(description="เรื่อง; consumers must not show it for secret letters")
    sender_province_code: str | None = Field(default=None, description="Province of the sending agency, if any")


@register
class LetterSent(LetterEvent):
    """A letter was numbered in the send register and dispatched to its recipients."""

    event_type = "documents.letter_sent"
    key_field = "sender_agency_id"

    send_register_number: int | None = Field(
        default=None, description="Its number in the send register; None when the sender's own system numbered it")
    is_circular: bool
    recipient_agency_ids: list[str] = Field(description="Agencies in the directory it was sent to")
    external_recipient_count: int = Field(default=0, ge=0, description="Addressees outside the system (paper send)")
    deadline: AwareDatetime | None = None
    attachment_count: int = Field(ge=0)
    sent_at: AwareDatetime
    approved_electronically: bool = Field(
        default=False, description="Proposed, reviewed and signed through the review chain in the system (e-approval)")
    signed_digitally: bool = Field(
        default=False, description="The main letter carries its signer's PAdES digital signature (e-signature)")


@register
class LetterDelivered(LetterEvent):
    """One recipient agency now has the letter in its inbox (one event per recipient)."""

    event_type = "documents.letter_delivered"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    recipient_province_code: str | None = None
    attempt: int = Field(default=1, ge=1, description="2 and up when the sender resent after a withdrawal")
    deadline: AwareDatetime | None = None
    sent_at: AwareDatetime
    delivered_at: AwareDatetime


@register
class LetterAccepted(LetterEvent):
    """The recipient registered the letter in its receive register (ลงรับ) with a receipt number."""

    event_type = "documents.letter_accepted"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    recipient_province_code: str | None = None
    receive_register_number: int
    delivered_at: AwareDatetime | None = Field(default=None, description="None for a paper letter registered on arrival")
    accepted_at: AwareDatetime


@register
class LetterRejected(LetterEvent):
    """The recipient refused the letter, with a reason, or flagged it as sent to the wrong agency."""

    event_type = "documents.letter_rejected"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    recipient_province_code: str | None = None
    reason: str = Field(min_length=1)
    wrong_recipient: bool = False
    rejected_at: AwareDatetime



@register
class LetterWithdrawn(LetterEvent):
    """The sender took the letter back from one recipient before it was accepted."""

    event_type = "documents.letter_withdrawn"
    key_field = "recipient_agency_id"

    delivery_id: uuid.UUID
    recipient_agency_id: str
    withdrawn_at: AwareDatetime


@register
class LetterRouted(LetterEvent):
    """Inside the receiving agency the letter was forwarded to a unit or person, or assigned with a deadline."""

    event_type = "documents.letter_routed"
    key_field = "agency_id"

    delivery_id: uuid.UUID
    routing_id: uuid.UUID
    agency_id: str
    action: Literal["forward", "assign"]
    to_unit_id: str | None = None
    to_user_id: str | None = None
    from_user_id: str
    reaches_user_ids: list[str] = Field(
        default_factory=list, description="The people it reaches now: the person, or the unit's active people")
    deadline: AwareDatetime | None = None
    routed_at: AwareDatetime


@register
class LetterClosed(LetterEvent):
    """The receiving agency finished with the letter (เก็บเรื่อง)."""

    event_type = "documents.letter_closed"
    key_field = "agency_id"

    delivery_id: uuid.UUID
    agency_id: str
    closed_at: AwareDatetime


class ReviewEvent(Event):
    """A draft on its way up the line inside its agency (เสนอ – ตรวจ – ลงนาม): what every review event carries.
    Keyed by the agency, so one agency's review events stay in order."""

    topic = LETTERS
    key_field = "agency_id"

    letter_id: uuid.UUID
    agency_id: str
    agency_province_code: str | None = None
    kind: LetterKind
    urgency: Urgency = Field(description="Carried through every step: a ด่วนที่สุด draft says so to each holder")
    secrecy: Secrecy
    subject: str = Field(description="เรื่อง; consumers must not show it for secret letters")
    drafter_user_id: str = Field(description="The action officer who drafted and proposed it")
    round: int = Field(ge=1, description="1 for the first proposal; +1 each time it is proposed again after a return")
    version: int = Field(ge=1, description="The draft's version under review")


@register
class ReviewStepAssigned(ReviewEvent):
    """A step of the route is now someone's to act on: a reviewer's (ตรวจ/ผ่าน) or the signer's (ลงนาม)."""

    event_type = "documents.review_step_assigned"

    position: int = Field(ge=1, description="1 = the first reviewer; the signer's step is the last")
    role: Literal["review", "sign"]
    holder_user_id: str = Field(description="Whose step it is on the route")
    delegate_user_id: str | None = Field(
        default=None, description="Who acts for the holder now (รักษาราชการแทน / ปฏิบัติราชการแทน), if anyone")
    remind_after_hours: int | None = Field(default=None, ge=1,
                                           description="The agency's setting: remind the holder after this long")
    assigned_at: AwareDatetime


@register
class ReviewStepCompleted(ReviewEvent):
    """Someone acted on their step: passed it on, returned it for changes, signed it, or refused to sign."""

    event_type = "documents.review_step_completed"

    position: int = Field(ge=1)
    role: Literal["review", "sign"]
    action: Literal["passed", "returned", "signed", "refused"]
    holder_user_id: str
    actor_user_id: str = Field(description="Who acted: the holder, or their delegate")
    capacity: str = Field(default="", description="e.g. 'รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่' for a delegate")
    note: str = Field(default="", description="The note or comment; consumers must not show it for secret letters")
    returned_to_position: int | None = Field(
        default=None, ge=0, description="A return: 0 = back to the drafter, otherwise that earlier step")
    assigned_at: AwareDatetime
    acted_at: AwareDatetime


@register
class ReviewRecalled(ReviewEvent):
    """The drafter took the proposal back before it was signed; the open step ends."""

    event_type = "documents.review_recalled"

    position: int = Field(ge=1, description="The step that was open")
    holder_user_id: str
    delegate_user_id: str | None = None
    recalled_at: AwareDatetime
