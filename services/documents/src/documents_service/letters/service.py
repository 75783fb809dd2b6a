"""Use cases of letters; each owns its transaction and records events in the outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from opensaraban_shared import auth
from opensaraban_shared.auth import Principal
from opensaraban_shared.db import Database
from opensaraban_shared.errors import CONFLICT, NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.events import Actor, LetterDelivered, LetterSent, new_envelope
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.thai import bangkok_day
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

from ..attachments import repository as attachments_repository
from ..attachments.models import AttachmentRead
from ..directory import repository as directory_repository
from . import repository
from .models import InboxItem, LetterCreate, LetterRead

SERVICE = "documents"

LETTER_NOT_DRAFT = ErrorKind("letter_not_draft", 409, "หนังสือนี้ส่งไปแล้ว", "This letter was already sent")
UNKNOWN_RECIPIENTS = ErrorKind(
    "unknown_recipients", 422, "ไม่พบหน่วยงานผู้รับบางรายการ", "Some recipient agencies do not exist"
)
UNKNOWN_ATTACHMENTS = ErrorKind(
    "unknown_attachments", 422, "ไม่พบไฟล์แนบบางรายการ", "Some attachments do not exist or are not yours"
)
SENDER_IS_RECIPIENT = ErrorKind(
    "sender_is_recipient", 422, "ส่งหนังสือถึงหน่วยงานตนเองไม่ได้", "An agency cannot send a letter to itself"
)


def secrecy_readable(principal: Principal, secrecy: int) -> bool:
    """Secrecy is coded 1 (normal) .. 4 (ลับที่สุด); clearance 0 reads only normal letters."""
    return auth.can_read_secrecy(principal, secrecy - Secrecy.NORMAL)


async def create_draft(db: Database, *, principal: Principal, draft: LetterCreate) -> LetterRead:
    if principal.agency_id in draft.recipient_agency_ids:
        raise AppError(SENDER_IS_RECIPIENT)
    letter_id = uuid.uuid4()
    async with db.transaction() as conn:
        missing = set(draft.recipient_agency_ids) - await directory_repository.existing_agency_ids(conn, draft.recipient_agency_ids)
        if missing:
            raise AppError(UNKNOWN_RECIPIENTS, {"agency_ids": sorted(missing)[:50]})
        owned = await attachments_repository.attachments_owned_by(conn, agency_id=principal.agency_id,
                                                      attachment_ids=draft.attachment_ids)
        unknown = set(draft.attachment_ids) - {r["attachment_id"] for r in owned}
        if unknown:
            raise AppError(UNKNOWN_ATTACHMENTS, {"attachment_ids": sorted(str(u) for u in unknown)})
        await repository.insert_letter(
            conn, letter_id=letter_id, sender_agency_id=principal.agency_id, kind=draft.kind.value,
            subject=draft.subject, salutation=draft.salutation, body=draft.body, urgency=int(draft.urgency),
            secrecy=int(draft.secrecy), channel=Channel.ELECTRONIC.value, is_circular=draft.is_circular,
            deadline=draft.deadline, recipient_agency_ids=draft.recipient_agency_ids, created_by=principal.subject_id,
        )
        await repository.link_attachments(conn, letter_id=letter_id, attachment_ids=draft.attachment_ids)
        return await _read_letter(conn, letter_id)


async def send_letter(db: Database, *, principal: Principal, letter_id: uuid.UUID) -> LetterRead:
    """Numbers the letter in the send register and delivers it to every recipient, in one transaction."""
    async with db.transaction() as conn:
        letter = await repository.get_letter(conn, letter_id, for_update=True)
        if letter is None or letter["sender_agency_id"] != principal.agency_id:
            raise AppError(NOT_FOUND)
        if letter["status"] != "draft":
            raise AppError(LETTER_NOT_DRAFT)
        sender = await directory_repository.get_agency(conn, principal.agency_id)
        now = datetime.now(UTC)
        year = bangkok_day(now).year  # registers restart on 1 January, Thai time
        register = "send_circular" if letter["is_circular"] else "send"
        number = await repository.next_register_number(conn, agency_id=principal.agency_id, register=register, year=year)
        letter_number = f"{sender['letter_prefix']}/{'ว ' if letter['is_circular'] else ''}{number}"
        await repository.mark_sent(conn, letter_id=letter_id, letter_number=letter_number, year=year,
                                   number=number, sent_at=now)
        deliveries = [(uuid.uuid4(), letter_id, recipient, now) for recipient in letter["recipient_agency_ids"]]
        await repository.insert_deliveries(conn, deliveries)
        attachments = await attachments_repository.letter_attachments(conn, letter_id)
        await add_to_outbox(conn, _sent_events(principal, letter, letter_number, number, now, deliveries, len(attachments)))
        return await _read_letter(conn, letter_id)


def _sent_events(principal: Principal, letter: asyncpg.Record, letter_number: str, number: int, now: datetime,
                 deliveries: list[tuple[uuid.UUID, uuid.UUID, str, datetime]], attachment_count: int) -> list:
    common = dict(
        letter_id=letter["letter_id"], letter_number=letter_number, sender_agency_id=letter["sender_agency_id"],
        kind=LetterKind(letter["kind"]), urgency=Urgency(letter["urgency"]), secrecy=Secrecy(letter["secrecy"]),
        channel=Channel(letter["channel"]), subject=letter["subject"],
    )
    actor = Actor(agency_id=principal.agency_id, user_id=principal.subject_id)
    sent = new_envelope(
        LetterSent(**common, send_register_number=number, is_circular=letter["is_circular"],
                   recipient_agency_ids=list(letter["recipient_agency_ids"]), deadline=letter["deadline"],
                   attachment_count=attachment_count, sent_at=now),
        producer=SERVICE, actor=actor,
    )
    delivered = [
        new_envelope(
            LetterDelivered(**common, delivery_id=delivery_id, recipient_agency_id=recipient,
                            deadline=letter["deadline"], sent_at=now, delivered_at=delivered_at),
            producer=SERVICE, actor=actor, causation=sent,
        )
        for delivery_id, _, recipient, delivered_at in deliveries
    ]
    return [sent, *delivered]


async def get_letter(db: Database, *, principal: Principal, letter_id: uuid.UUID) -> LetterRead:
    async with db.pool.acquire() as conn:
        letter = await repository.get_letter(conn, letter_id)
        if letter is None:
            raise AppError(NOT_FOUND)
        is_sender = letter["sender_agency_id"] == principal.agency_id
        is_recipient = not is_sender and await repository.is_delivered_to(
            conn, letter_id=letter_id, agency_id=principal.agency_id
        )
        # Same answer for "does not exist", "not yours" and "too secret for you": nothing leaks.
        if not (is_sender or is_recipient) or not secrecy_readable(principal, letter["secrecy"]):
            raise AppError(NOT_FOUND)
        return await _read_letter(conn, letter_id)


async def _read_letter(conn: asyncpg.Connection, letter_id: uuid.UUID) -> LetterRead:
    letter = await repository.get_letter(conn, letter_id)
    if letter is None:
        raise AppError(CONFLICT)
    attachments = [AttachmentRead(**{k: r[k] for k in AttachmentRead.model_fields})
                   for r in await attachments_repository.letter_attachments(conn, letter_id)]
    return LetterRead(**{k: letter[k] for k in LetterRead.model_fields if k != "attachments"}, attachments=attachments)


async def inbox(db: Database, *, principal: Principal, limit: int) -> list[InboxItem]:
    async with db.pool.acquire() as conn:
        rows = await repository.inbox(conn, agency_id=principal.agency_id,
                                      max_secrecy=principal.clearance + Secrecy.NORMAL, limit=limit)
    return [InboxItem(**dict(r)) for r in rows]
