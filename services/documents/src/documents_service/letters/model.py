"""The life of a letter and of each of its deliveries: their states, the transitions between them, the rules those
check and the events they cause. Pure, no I/O: a use case loads the state, calls a transition, stores what it
returns and emits its events. The repository and the API take their status values from here.

Sender side, per letter:   draft ─send / paper send→ sent          (a paper letter from outside: received_paper)
Recipient side, per delivery:
    delivered ─accept→ accepted ─route, comment→ accepted ─close→ accepted (closed)
    delivered ─reject→ rejected | wrong_recipient (invalid)
    delivered | rejected | wrong_recipient ─withdraw (sender)→ withdrawn
    withdrawn | rejected | wrong_recipient ─redeliver (sender)→ delivered (attempt + 1)
    posted: a paper send to an addressee outside the system; nothing follows.
Review and signing states of a draft will join the sender side.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from opensaraban_shared.errors import AppError, ErrorKind
from opensaraban_shared.events import (
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterRejected,
    LetterRouted,
    LetterSent,
    LetterWithdrawn,
)
from opensaraban_shared.thai import bangkok_day, buddhist_year
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

from . import kinds


class LetterStatus(StrEnum):
    DRAFT = "draft"  # ร่าง: can still change
    IN_REVIEW = "in_review"  # proposed up the line (เสนอ): frozen while the route reads it
    SIGNED = "signed"  # signed through the review chain: frozen, waiting to be numbered and sent
    SENT = "sent"  # numbered in the send register and sent, or posted on paper
    RECEIVED_PAPER = "received_paper"  # a paper letter from outside, registered on arrival


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"  # in the recipient's inbox, waiting to be accepted
    ACCEPTED = "accepted"  # ลงรับ: in the recipient's receive register
    REJECTED = "rejected"  # refused, with a reason
    WRONG_RECIPIENT = "wrong_recipient"  # flagged as sent to the wrong agency (invalid)
    WITHDRAWN = "withdrawn"  # taken back by the sender before it was accepted
    POSTED = "posted"  # a paper send to an addressee outside the system


WITHDRAWABLE = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.REJECTED, DeliveryStatus.WRONG_RECIPIENT})
REDELIVERABLE = frozenset({DeliveryStatus.WITHDRAWN, DeliveryStatus.REJECTED, DeliveryStatus.WRONG_RECIPIENT})
InboxStatus = Literal["delivered", "accepted", "rejected", "wrong_recipient"]
"""What a recipient's inbox shows: every delivery but a withdrawn one (posted ones have no recipient agency)."""
DeliveryStatusName = Literal["delivered", "accepted", "rejected", "wrong_recipient", "withdrawn", "posted"]

LETTER_NOT_DRAFT = ErrorKind("letter_not_draft", 409, "หนังสือนี้ส่งไปแล้ว", "This letter was already sent")
LETTER_IN_REVIEW = ErrorKind("letter_in_review", 409, "หนังสืออยู่ระหว่างเสนอ แก้ไขหรือส่งไม่ได้ (ดึงกลับก่อน)",
                             "The letter is in review: recall it before changing or sending it")
LETTER_SIGNED = ErrorKind("letter_signed", 409, "หนังสือลงนามแล้ว แก้ไขไม่ได้", "The letter was signed and cannot change")
NO_RECIPIENTS = ErrorKind("no_recipients", 422, "ยังไม่ได้ระบุผู้รับ", "The letter has no recipient")
NOTHING_TO_WITHDRAW = ErrorKind("nothing_to_withdraw", 409, "ไม่มีผู้รับที่ยังถอนคืนได้ (ลงรับแล้วหรือถอนไปแล้ว)",
                                "No recipient left that can be withdrawn (already accepted or withdrawn)")
NOTHING_TO_RESEND = ErrorKind("nothing_to_resend", 409, "ไม่มีผู้รับที่ต้องส่งซ้ำ",
                              "No withdrawn or refused recipient to resend to")
ALREADY_ACCEPTED = ErrorKind("already_accepted", 409, "ลงรับหนังสือนี้แล้ว", "This letter was already accepted")
NOT_ACCEPTABLE = ErrorKind("not_acceptable", 409, "หนังสือนี้ไม่อยู่ในสถานะที่ลงรับหรือปฏิเสธได้",
                           "This letter cannot be accepted or refused in its current state")
NOT_ACCEPTED_YET = ErrorKind("not_accepted_yet", 409, "ต้องลงรับหนังสือก่อน", "Accept the letter first")
ALREADY_CLOSED = ErrorKind("already_closed", 409, "เก็บเรื่องนี้แล้ว", "This letter was already closed")


def register_year(at: datetime) -> int:
    """The year whose registers a number given at `at` belongs to: they restart on 1 January, Bangkok time."""
    return bangkok_day(at).year


@dataclass(frozen=True)
class LetterFacts:
    """What every event about one letter carries."""

    letter_id: uuid.UUID
    letter_number: str
    sender_agency_id: str
    kind: LetterKind
    urgency: Urgency
    secrecy: Secrecy
    channel: Channel
    subject: str
    sender_province_code: str | None

    @classmethod
    def of(cls, letter: Mapping[str, Any], *, sender_province_code: str | None,
           channel: Channel | None = None) -> LetterFacts:
        return cls(letter_id=letter["letter_id"], letter_number=letter["letter_number"] or "",
                   sender_agency_id=letter["sender_agency_id"] or "", kind=LetterKind(letter["kind"]),
                   urgency=Urgency(letter["urgency"]), secrecy=Secrecy(letter["secrecy"]),
                   channel=channel or Channel(letter["channel"]), subject=letter["subject"],
                   sender_province_code=sender_province_code)

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# --- the sender's letter ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDelivery:
    delivery_id: uuid.UUID
    recipient_agency_id: str | None
    recipient_name: str
    channel: Channel
    status: DeliveryStatus
    delivered_at: datetime


@dataclass(frozen=True)
class Numbering:
    """Where a letter's number comes from: a series of the sender's registers in one year."""

    series: str
    year: int


@dataclass(frozen=True)
class Sending:
    """What sending changed: the number, the deliveries to store, and the events (LetterDelivered after LetterSent,
    which causes them)."""

    letter_number: str
    numbering: Numbering
    number: int | None  # None: numbered by the sender's own system (numbered_by_sender)
    sent_at: datetime
    channel: Channel
    external_recipients: tuple[str, ...]
    deliveries: tuple[NewDelivery, ...]
    sent: LetterSent
    delivered: tuple[LetterDelivered, ...]


@dataclass(frozen=True)
class Letter:
    """A letter as its sender's agency holds it."""

    row: Mapping[str, Any]

    @property
    def status(self) -> LetterStatus:
        return LetterStatus(self.row["status"])

    def check_draft(self) -> None:
        """Only a draft changes: a letter in review is what its route reads, a signed one what its signer signed,
        a numbered one what its recipients have."""
        status = self.status
        if status is LetterStatus.IN_REVIEW:
            raise AppError(LETTER_IN_REVIEW)
        if status is LetterStatus.SIGNED:
            raise AppError(LETTER_SIGNED)
        if status is not LetterStatus.DRAFT:
            raise AppError(LETTER_NOT_DRAFT)

    def check_sendable(self) -> None:
        """A draft (no chain) or a letter signed through the chain is numbered and sent."""
        if self.status is not LetterStatus.SIGNED:
            self.check_draft()

    def numbering(self, *, at: datetime, channel: Channel) -> Numbering:
        """The series and year the letter is to be numbered in at `at`; checks that it may be sent."""
        self.check_sendable()
        kind = LetterKind(self.row["kind"])
        kinds.check_complete(kind, self.row)
        if channel is Channel.ELECTRONIC and not self.row["recipient_agency_ids"]:
            raise AppError(NO_RECIPIENTS)
        return Numbering(kinds.register_series(kind, self.row["subtype"], is_circular=self.row["is_circular"]),
                         register_year(at))

    def send(self, numbering: Numbering, *, number: int | None, prefix: str, at: datetime, channel: Channel,
             sender_province_code: str | None, recipient_provinces: Mapping[str, str | None],
             external_recipients: Sequence[str] = (), attachment_count: int,
             own_number: str | None = None) -> Sending:
        """Numbered `number` of its series (from the register counter), or `own_number` given by the sender's own
        system, and sent: electronically to every recipient agency, or on paper, posted to `external_recipients`."""
        letter_number = own_number or kinds.format_number(prefix=prefix, series=numbering.series, number=number or 0,
                                                          buddhist_year=buddhist_year(numbering.year))
        if channel is Channel.ELECTRONIC:
            deliveries = tuple(NewDelivery(uuid.uuid4(), agency_id, "", channel, DeliveryStatus.DELIVERED, at)
                               for agency_id in self.row["recipient_agency_ids"])
        else:
            deliveries = tuple(NewDelivery(uuid.uuid4(), None, name, channel, DeliveryStatus.POSTED, at)
                               for name in external_recipients)
        facts = LetterFacts.of({**self.row, "letter_number": letter_number}, sender_province_code=sender_province_code,
                               channel=channel).fields()
        recipients = [d.recipient_agency_id for d in deliveries if d.recipient_agency_id is not None]
        sent = LetterSent(**facts, send_register_number=number, is_circular=self.row["is_circular"],
                          recipient_agency_ids=recipients, external_recipient_count=len(external_recipients),
                          deadline=self.row["deadline"], attachment_count=attachment_count, sent_at=at,
                          approved_electronically=bool(self.row.get("approved_electronically")),
                          signed_digitally=bool(self.row.get("signed_digitally")))
        delivered = tuple(
            LetterDelivered(**facts, delivery_id=d.delivery_id, recipient_agency_id=d.recipient_agency_id,
                            recipient_province_code=recipient_provinces.get(d.recipient_agency_id),
                            deadline=self.row["deadline"], sent_at=at, delivered_at=at)
            for d in deliveries if d.recipient_agency_id is not None)
        return Sending(letter_number=letter_number, numbering=numbering, number=number, sent_at=at, channel=channel,
                       external_recipients=tuple(external_recipients), deliveries=deliveries, sent=sent,
                       delivered=delivered)


def withdrawn(facts: LetterFacts, deliveries: Sequence[Mapping[str, Any]], *, at: datetime) -> list[LetterWithdrawn]:
    """The sender took the letter back from these deliveries (those in WITHDRAWABLE states, changed by the
    repository in one statement: a circular may have thousands)."""
    if not deliveries:
        raise AppError(NOTHING_TO_WITHDRAW)
    return [LetterWithdrawn(**facts.fields(), delivery_id=d["delivery_id"], recipient_agency_id=d["recipient_agency_id"],
                            withdrawn_at=at) for d in deliveries]


def redelivered(facts: LetterFacts, deliveries: Sequence[Mapping[str, Any]], *, at: datetime, sent_at: datetime,
                deadline: datetime | None, recipient_provinces: Mapping[str, str | None]) -> list[LetterDelivered]:
    """Delivered again, with the same number, to recipients it was withdrawn from or that refused it (REDELIVERABLE)."""
    if not deliveries:
        raise AppError(NOTHING_TO_RESEND)
    return [LetterDelivered(**facts.fields(), delivery_id=d["delivery_id"], recipient_agency_id=d["recipient_agency_id"],
                            recipient_province_code=recipient_provinces.get(d["recipient_agency_id"]),
                            attempt=d["attempt"], deadline=deadline, sent_at=sent_at, delivered_at=at)
            for d in deliveries]


# --- the recipient's delivery -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One recipient agency's copy of a letter."""

    row: Mapping[str, Any]

    @property
    def status(self) -> DeliveryStatus:
        return DeliveryStatus(self.row["status"])

    @property
    def visible_to_recipient(self) -> bool:
        return self.status is not DeliveryStatus.WITHDRAWN

    def accept(self, facts: LetterFacts, *, number: int, at: datetime,
               recipient_province_code: str | None) -> LetterAccepted:
        """ลงรับ with receipt number `number` of the recipient's receive register of register_year(at)."""
        if self.status is DeliveryStatus.ACCEPTED:
            raise AppError(ALREADY_ACCEPTED, {"receive_register_number": self.row["receive_register_number"]})
        if self.status is not DeliveryStatus.DELIVERED:
            raise AppError(NOT_ACCEPTABLE, {"status": self.status.value})
        return LetterAccepted(**facts.fields(), delivery_id=self.row["delivery_id"],
                              recipient_agency_id=self.row["recipient_agency_id"],
                              recipient_province_code=recipient_province_code, receive_register_number=number,
                              delivered_at=self.row["delivered_at"] if facts.channel is Channel.ELECTRONIC else None,
                              accepted_at=at)

    def reject(self, facts: LetterFacts, *, reason: str, wrong_recipient: bool, at: datetime,
               recipient_province_code: str | None) -> tuple[DeliveryStatus, LetterRejected]:
        """Refused with a reason, or flagged as the wrong recipient: the status it takes and the event."""
        if self.status is not DeliveryStatus.DELIVERED:
            raise AppError(ALREADY_ACCEPTED if self.status is DeliveryStatus.ACCEPTED else NOT_ACCEPTABLE,
                           {"status": self.status.value})
        status = DeliveryStatus.WRONG_RECIPIENT if wrong_recipient else DeliveryStatus.REJECTED
        return status, LetterRejected(**facts.fields(), delivery_id=self.row["delivery_id"],
                                      recipient_agency_id=self.row["recipient_agency_id"],
                                      recipient_province_code=recipient_province_code, reason=reason,
                                      wrong_recipient=wrong_recipient, rejected_at=at)

    def check_accepted(self) -> None:
        """Routing, comments (เกษียน) and closing come after the letter is in the receive register."""
        if self.status is not DeliveryStatus.ACCEPTED:
            raise AppError(NOT_ACCEPTED_YET)

    def route(self, facts: LetterFacts, *, routing_id: uuid.UUID, action: Literal["forward", "assign"],
              from_user_id: str, to_unit_id: str | None, to_user_id: str | None, reaches_user_ids: Sequence[str],
              deadline: datetime | None, at: datetime) -> LetterRouted:
        self.check_accepted()
        return LetterRouted(**facts.fields(), delivery_id=self.row["delivery_id"], routing_id=routing_id,
                            agency_id=self.row["recipient_agency_id"], action=action, to_unit_id=to_unit_id,
                            to_user_id=to_user_id, from_user_id=from_user_id,
                            reaches_user_ids=list(dict.fromkeys(reaches_user_ids)), deadline=deadline, routed_at=at)

    def close(self, facts: LetterFacts, *, at: datetime) -> LetterClosed:
        """เก็บเรื่อง: the agency is done with the letter."""
        self.check_accepted()
        if self.row["closed_at"] is not None:
            raise AppError(ALREADY_CLOSED)
        return LetterClosed(**facts.fields(), delivery_id=self.row["delivery_id"],
                            agency_id=self.row["recipient_agency_id"], closed_at=at)
