"""Use cases of the receiving agency: inbox, accept (ลงรับ) or refuse, paper letters, routing, เกษียน, closing."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from opensaraban_shared import idempotency
from opensaraban_shared.auth import Principal
from opensaraban_shared.clock import now
from opensaraban_shared.db import Database
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.events import (
    Actor,
    LetterAccepted,
    LetterClosed,
    LetterRejected,
    LetterRouted,
    new_envelope,
)
from opensaraban_shared.idempotency import IdempotencyKey
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.thai import bangkok_day, buddhist_year
from opensaraban_shared.vocabulary import Channel, Secrecy

from .. import SERVICE, audit_trail
from ..attachments import repository as attachments_repository
from ..search import repository as search_index
from . import access, repository
from .events import letter_fields
from .models import CommentCreate, InboxItem, LetterRead, PaperLetterCreate, RejectRequest, RouteRequest
from .service import REGISTER_CLOSED, UNKNOWN_ATTACHMENTS, read_as_recipient

ALREADY_ACCEPTED = ErrorKind("already_accepted", 409, "ลงรับหนังสือนี้แล้ว", "This letter was already accepted")
NOT_ACCEPTABLE = ErrorKind("not_acceptable", 409, "หนังสือนี้ไม่อยู่ในสถานะที่ลงรับหรือปฏิเสธได้",
                           "This letter cannot be accepted or refused in its current state")
NOT_ACCEPTED_YET = ErrorKind("not_accepted_yet", 409, "ต้องลงรับหนังสือก่อน", "Accept the letter first")
ALREADY_CLOSED = ErrorKind("already_closed", 409, "เก็บเรื่องนี้แล้ว", "This letter was already closed")
UNKNOWN_ROUTE_TARGET = ErrorKind("unknown_route_target", 422, "ไม่พบผู้รับหรือหน่วยงานภายในที่ระบุ",
                                 "The person or unit to route to does not exist in this agency")
SECRET_NEEDS_PERSON = ErrorKind("secret_needs_person", 422, "หนังสือลับต้องส่งถึงบุคคลที่มีสิทธิ์เท่านั้น",
                                "A secret letter can only go to a named person cleared for it")


async def inbox(db: Database, *, principal: Principal, status: str | None, limit: int, offset: int) -> list[InboxItem]:
    async with db.pool.acquire() as conn:
        rows = await repository.inbox(
            conn, agency_id=principal.agency_id, user_id=principal.subject_id,
            sees_whole_agency=access.sees_whole_agency(principal),
            max_secrecy=principal.clearance + Secrecy.NORMAL, status=status, limit=limit, offset=offset)
    return [InboxItem(**dict(r)) for r in rows]


async def _delivery(conn: asyncpg.Connection, principal: Principal, delivery_id: uuid.UUID, *,
                    what: str) -> asyncpg.Record:
    """The delivery, locked, if the caller may see it; the answer shows the letter, so a secret one's is audited
    as a read (`what`: the request), rolled back with the request if it fails."""
    delivery = await repository.get_delivery(conn, delivery_id, for_update=True)
    await access.check_recipient_view(conn, principal, delivery)
    await access.audit_secret_read(conn, principal, delivery["letter_id"], delivery["secrecy"], what)
    return delivery


async def accept(db: Database, *, principal: Principal, delivery_id: uuid.UUID, action_note: str = "",
                 idem: IdempotencyKey | None = None) -> LetterRead:
    """ลงรับ: the next number of the agency's receive register, with date and time."""
    access.check_handles_mail(principal)
    async with db.transaction() as conn:
        if (stored := await idempotency.replayed(conn, idem)) is not None:
            return LetterRead.model_validate(stored)
        delivery = await _delivery(conn, principal, delivery_id, what="accept")
        if delivery["status"] == "accepted":
            raise AppError(ALREADY_ACCEPTED, {"receive_register_number": delivery["receive_register_number"]})
        if delivery["status"] != "delivered":
            raise AppError(NOT_ACCEPTABLE, {"status": delivery["status"]})
        at = now()
        number = await _next_receive_number(conn, principal, at)
        await repository.accept(conn, delivery_id=delivery_id, user_id=principal.subject_id, year=bangkok_day(at).year,
                                number=number, at=at, action_note=action_note)
        letter = await repository.get_letter(conn, delivery["letter_id"])
        provinces = await repository.agency_provinces(conn, [principal.agency_id])
        await add_to_outbox(conn, [new_envelope(
            LetterAccepted(**letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(delivery["channel"])),
                           delivery_id=delivery_id, recipient_agency_id=principal.agency_id,
                           recipient_province_code=provinces[principal.agency_id][0],
                           receive_register_number=number, delivered_at=delivery["delivered_at"], accepted_at=at),
            producer=SERVICE, actor=Actor(agency_id=principal.agency_id, user_id=principal.subject_id))])
        await audit_trail.record(conn, principal, action="letter_accepted",
                                 subject=str(delivery["letter_id"]), detail={"receive_register_number": number})
        result = await read_as_recipient(conn, delivery["letter_id"], await repository.get_delivery(conn, delivery_id))
        await idempotency.remember(conn, idem, result, status_code=200)
        return result


async def _next_receive_number(conn: asyncpg.Connection, principal: Principal, at: datetime) -> int:
    year = bangkok_day(at).year
    number = await repository.next_register_number(conn, agency_id=principal.agency_id, register="receive", year=year)
    if number is None:
        raise AppError(REGISTER_CLOSED, {"year": buddhist_year(year)})
    return number


async def reject(db: Database, *, principal: Principal, delivery_id: uuid.UUID, request: RejectRequest) -> LetterRead:
    access.check_handles_mail(principal)
    async with db.transaction() as conn:
        delivery = await _delivery(conn, principal, delivery_id, what="reject")
        if delivery["status"] != "delivered":
            raise AppError(ALREADY_ACCEPTED if delivery["status"] == "accepted" else NOT_ACCEPTABLE,
                           {"status": delivery["status"]})
        at = now()
        await repository.reject(conn, delivery_id=delivery_id, user_id=principal.subject_id, reason=request.reason,
                                wrong_recipient=request.wrong_recipient, at=at)
        await audit_trail.record(conn, principal, action="letter_rejected",
                                 subject=str(delivery["letter_id"]), detail={"wrong_recipient": request.wrong_recipient})
        letter = await repository.get_letter(conn, delivery["letter_id"])
        await add_to_outbox(conn, [new_envelope(
            LetterRejected(**letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(delivery["channel"])),
                           delivery_id=delivery_id, recipient_agency_id=principal.agency_id, reason=request.reason,
                           wrong_recipient=request.wrong_recipient, rejected_at=at),
            producer=SERVICE, actor=Actor(agency_id=principal.agency_id, user_id=principal.subject_id))])
        return await read_as_recipient(conn, delivery["letter_id"], await repository.get_delivery(conn, delivery_id))


async def register_paper_letter(db: Database, *, principal: Principal, request: PaperLetterCreate,
                                idem: IdempotencyKey | None = None) -> LetterRead:
    """A paper letter goes into the same receive register as electronic ones, marked paper, with its scan."""
    access.check_handles_mail(principal)
    async with db.transaction() as conn:
        if (stored := await idempotency.replayed(conn, idem)) is not None:
            return LetterRead.model_validate(stored)
        owned = await attachments_repository.attachments_owned_by(
            conn, agency_id=principal.agency_id, attachment_ids=request.scan_attachment_ids)
        if len(owned) != len(set(request.scan_attachment_ids)):
            raise AppError(UNKNOWN_ATTACHMENTS)
        sender = None
        if request.sender_agency_id:
            sender = (await repository.agency_provinces(conn, [request.sender_agency_id])).get(request.sender_agency_id)
            if sender is None:
                raise AppError(NOT_FOUND, {"sender_agency_id": request.sender_agency_id})
        at = now()
        letter_id, delivery_id = uuid.uuid4(), uuid.uuid4()
        await repository.insert_letter(conn, {
            "letter_id": letter_id, "sender_agency_id": request.sender_agency_id, "sender_name": request.sender_name,
            "kind": request.kind.value, "subject": request.subject, "urgency": int(request.urgency),
            "secrecy": int(request.secrecy), "channel": Channel.PAPER.value, "deadline": request.deadline,
            "recipient_agency_ids": [principal.agency_id], "status": "received_paper",
            "letter_number": request.letter_number, "letter_date": request.letter_date,
            "created_by": principal.subject_id, "sent_at": None,
        })
        await repository.link_attachments(conn, letter_id=letter_id, attachment_ids=request.scan_attachment_ids)
        await repository.insert_deliveries(
            conn, [(delivery_id, letter_id, principal.agency_id, "", Channel.PAPER.value, "delivered", at)])
        if access.is_secret(request.secrecy):
            await repository.grant_access(conn, letter_id=letter_id, agency_id=principal.agency_id,
                                          user_id=principal.subject_id, granted_by=principal.subject_id)
        number = await _next_receive_number(conn, principal, at)
        await repository.accept(conn, delivery_id=delivery_id, user_id=principal.subject_id, year=bangkok_day(at).year,
                                number=number, at=at, action_note=request.action_note)
        letter = await repository.get_letter(conn, letter_id)
        provinces = await repository.agency_provinces(conn, [principal.agency_id])
        fields = letter_fields(letter, letter_number=request.letter_number, channel=Channel.PAPER,
                               sender_province_code=sender[0] if sender else None)
        await add_to_outbox(conn, [new_envelope(
            LetterAccepted(**fields, delivery_id=delivery_id, recipient_agency_id=principal.agency_id,
                           recipient_province_code=provinces[principal.agency_id][0], receive_register_number=number,
                           accepted_at=at),
            producer=SERVICE, actor=Actor(agency_id=principal.agency_id, user_id=principal.subject_id))])
        sender_name = request.sender_name or (sender.name_th if sender else "")
        await search_index.index_letter(conn, letter_id=letter_id, subject=request.subject, body="",
                                        letter_number=request.letter_number, sender_name=sender_name)
        await audit_trail.record(conn, principal, action="paper_letter_registered",
                                 subject=str(letter_id), detail={"receive_register_number": number})
        result = await read_as_recipient(conn, letter_id, await repository.get_delivery(conn, delivery_id))
        await idempotency.remember(conn, idem, result, status_code=201)
        return result


async def route(db: Database, *, principal: Principal, delivery_id: uuid.UUID, request: RouteRequest) -> LetterRead:
    """ส่งต่อ / มอบหมาย inside the agency; for a secret letter only to a named person cleared for it."""
    async with db.transaction() as conn:
        delivery = await _delivery(conn, principal, delivery_id, what="route")
        if delivery["status"] != "accepted":
            raise AppError(NOT_ACCEPTED_YET)
        if access.is_secret(delivery["secrecy"]) and not request.to_user_id:
            raise AppError(SECRET_NEEDS_PERSON)
        if request.to_user_id:
            target = await repository.user_in_agency(conn, user_id=request.to_user_id, agency_id=principal.agency_id)
            if target is None:
                raise AppError(UNKNOWN_ROUTE_TARGET, {"to_user_id": request.to_user_id})
            if access.is_secret(delivery["secrecy"]):
                if target["clearance"] < delivery["secrecy"] - Secrecy.NORMAL:
                    raise AppError(SECRET_NEEDS_PERSON, {"to_user_id": request.to_user_id})
                await repository.grant_access(conn, letter_id=delivery["letter_id"], agency_id=principal.agency_id,
                                              user_id=request.to_user_id, granted_by=principal.subject_id)
                # A permission change: one more person may read this secret letter.
                await audit_trail.record(conn, principal, action="secret_letter_access_granted", subject=str(delivery["letter_id"]),
                                         detail={"user_id": request.to_user_id, "secrecy": delivery["secrecy"]})
        if request.to_unit_id and not await repository.unit_in_agency(
                conn, unit_id=request.to_unit_id, agency_id=principal.agency_id):
            raise AppError(UNKNOWN_ROUTE_TARGET, {"to_unit_id": request.to_unit_id})
        reaches = [request.to_user_id] if request.to_user_id else []
        if request.to_unit_id:
            reaches += await repository.people_of_unit(conn, unit_id=request.to_unit_id, agency_id=principal.agency_id)
        at, routing_id = now(), uuid.uuid4()
        await repository.insert_routing(
            conn, routing_id=routing_id, delivery_id=delivery_id, letter_id=delivery["letter_id"],
            agency_id=principal.agency_id, action=request.action, from_user_id=principal.subject_id,
            to_unit_id=request.to_unit_id, to_user_id=request.to_user_id, instruction=request.instruction,
            deadline=request.deadline, created_at=at)
        letter = await repository.get_letter(conn, delivery["letter_id"])
        await add_to_outbox(conn, [new_envelope(
            LetterRouted(**letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(delivery["channel"])),
                         delivery_id=delivery_id, routing_id=routing_id, agency_id=principal.agency_id,
                         action=request.action, to_unit_id=request.to_unit_id, to_user_id=request.to_user_id,
                         from_user_id=principal.subject_id, reaches_user_ids=list(dict.fromkeys(reaches)),
                         deadline=request.deadline, routed_at=at),
            producer=SERVICE, actor=Actor(agency_id=principal.agency_id, user_id=principal.subject_id))])
        return await read_as_recipient(conn, delivery["letter_id"], delivery)


async def comment(db: Database, *, principal: Principal, delivery_id: uuid.UUID, request: CommentCreate) -> LetterRead:
    """เกษียนหนังสือ: anyone who may see the letter in the agency may write an instruction or comment on it."""
    async with db.transaction() as conn:
        delivery = await _delivery(conn, principal, delivery_id, what="comment")
        if delivery["status"] != "accepted":
            raise AppError(NOT_ACCEPTED_YET)
        await repository.insert_comment(
            conn, comment_id=uuid.uuid4(), delivery_id=delivery_id, agency_id=principal.agency_id,
            user_id=principal.subject_id, display_name=principal.display_name, text=request.text, created_at=now())
        return await read_as_recipient(conn, delivery["letter_id"], delivery)


async def close(db: Database, *, principal: Principal, delivery_id: uuid.UUID) -> LetterRead:
    """เก็บเรื่อง: the agency is done with the letter."""
    async with db.transaction() as conn:
        delivery = await _delivery(conn, principal, delivery_id, what="close")
        if delivery["status"] != "accepted":
            raise AppError(NOT_ACCEPTED_YET)
        if delivery["closed_at"] is not None:
            raise AppError(ALREADY_CLOSED)
        at = now()
        await repository.close(conn, delivery_id=delivery_id, user_id=principal.subject_id, at=at)
        letter = await repository.get_letter(conn, delivery["letter_id"])
        await add_to_outbox(conn, [new_envelope(
            LetterClosed(**letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(delivery["channel"])),
                         delivery_id=delivery_id, agency_id=principal.agency_id, closed_at=at),
            producer=SERVICE, actor=Actor(agency_id=principal.agency_id, user_id=principal.subject_id))])
        return await read_as_recipient(conn, delivery["letter_id"], await repository.get_delivery(conn, delivery_id))
