"""Use cases of the receiving agency: inbox, accept (ลงรับ) or refuse, paper letters, routing, เกษียน, closing.
Each takes the unit of work its caller opened; the delivery model decides, the repositories store, `work.emit` sends."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared.clock import now
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.events import LetterAccepted
from opensaraban_shared.thai import buddhist_year
from opensaraban_shared.unit_of_work import UnitOfWork
from opensaraban_shared.vocabulary import Channel

from .. import secrecy
from ..attachments import repository as attachments_repository
from ..directory import repository as directory_repository
from ..identity import repository as identity_repository
from ..search import repository as search_index
from ..signing import service as signing
from ..signing.desk import SigningDesk
from . import access, repository
from .lookups import UNKNOWN_ATTACHMENTS, active_agencies
from .model import Delivery, DeliveryStatus, LetterFacts, LetterStatus, NewDelivery, register_year
from .models import (
    AcceptedDelivery,
    BulkAccepted,
    CommentCreate,
    InboxItem,
    LetterRead,
    PaperLetterCreate,
    RejectRequest,
    RouteRequest,
)
from .service import REGISTER_CLOSED, read_as_recipient

UNKNOWN_ROUTE_TARGET = ErrorKind("unknown_route_target", 422, "ไม่พบผู้รับหรือหน่วยงานภายในที่ระบุ",
                                 "The person or unit to route to does not exist in this agency")
SECRET_NEEDS_PERSON = ErrorKind("secret_needs_person", 422, "หนังสือลับต้องส่งถึงบุคคลที่มีสิทธิ์เท่านั้น",
                                "A secret letter can only go to a named person cleared for it")
RECEIVE_REGISTER = "receive"


async def inbox(work: UnitOfWork, *, status: str | None, limit: int, offset: int) -> list[InboxItem]:
    principal = work.principal
    rows = await repository.inbox(
        work.conn, agency_id=principal.agency_id, user_id=principal.subject_id,
        sees_whole_agency=access.sees_whole_agency(principal),
        max_secrecy=secrecy.highest_readable(principal.clearance), status=status, limit=limit, offset=offset)
    return [InboxItem(**dict(r)) for r in rows]


async def _delivery(work: UnitOfWork, delivery_id: uuid.UUID, *, what: str) -> asyncpg.Record:
    """The delivery, locked, if the caller may see it; the answer shows the letter, so a secret one's is audited
    as a read (`what`: the request), rolled back with the request if it fails."""
    delivery = await repository.get_delivery(work.conn, delivery_id, for_update=True)
    await access.check_recipient_view(work, delivery)
    await access.audit_secret_read(work, delivery["letter_id"], delivery["secrecy"], what)
    return delivery


async def _facts(work: UnitOfWork, delivery: Mapping[str, Any]) -> tuple[LetterFacts, str | None]:
    """The fields every event about the delivered letter carries, and the recipient's province."""
    letter = await repository.get_letter(work.conn, delivery["letter_id"])
    sender, recipient = letter["sender_agency_id"], delivery["recipient_agency_id"]
    agencies = await directory_repository.agencies_by_id(work.conn, [a for a in (sender, recipient) if a])
    province = {a: r["province_code"] for a, r in agencies.items()}
    facts = LetterFacts.of(letter, sender_province_code=province.get(sender), channel=Channel(delivery["channel"]))
    return facts, province.get(recipient)


async def accept(work: UnitOfWork, *, delivery_id: uuid.UUID, action_note: str = "",
                 desk: SigningDesk | None = None) -> LetterRead:
    """ลงรับ: the next number of the agency's receive register, with date and time. A digitally signed letter gets
    the agency's receipt stamp, sealed in the recipient's own copy (with `desk`; docs/signatures.md)."""
    access.check_handles_mail(work.principal)
    if (stored := await work.replayed(LetterRead)) is not None:
        return stored
    row = await _delivery(work, delivery_id, what="accept")
    await _accept_row(work, row, action_note=action_note, desk=desk)
    result = await read_as_recipient(work.conn, row["letter_id"], await repository.get_delivery(work.conn, delivery_id))
    await work.remember(result, status_code=200)
    return result


async def accept_many(work: UnitOfWork, *, delivery_ids: list[uuid.UUID],
                      desk: SigningDesk | None = None) -> BulkAccepted:
    """ลงรับหลายฉบับ: every delivery accepted in one transaction, each with its own receipt number, numbered in the
    order the letters arrived (oldest first); one that cannot be accepted refuses the whole request, naming it."""
    access.check_handles_mail(work.principal)
    if (stored := await work.replayed(BulkAccepted)) is not None:
        return stored
    rows = []
    for delivery_id in sorted(set(delivery_ids)):  # locked in one order: two clerks' batches never deadlock
        try:
            rows.append(await _delivery(work, delivery_id, what="accept"))
        except AppError as exc:
            raise AppError(exc.kind, {**exc.detail, "delivery_id": str(delivery_id)}) from exc
    accepted = []
    for row in sorted(rows, key=lambda r: (r["delivered_at"], str(r["delivery_id"]))):
        try:
            number = await _accept_row(work, row, action_note="", desk=desk)
        except AppError as exc:
            raise AppError(exc.kind, {**exc.detail, "delivery_id": str(row["delivery_id"])}) from exc
        accepted.append(AcceptedDelivery(delivery_id=row["delivery_id"], letter_id=row["letter_id"],
                                         receive_register_number=number))
    result = BulkAccepted(items=accepted)
    await work.remember(result, status_code=200)
    return result


async def _accept_row(work: UnitOfWork, row: asyncpg.Record, *, action_note: str, desk: SigningDesk | None) -> int:
    """Numbers one locked delivery in the receive register (a signed letter gets the receipt stamp with `desk`);
    answers its receipt number."""
    facts, province = await _facts(work, row)
    at = now()
    accepted = Delivery(row).accept(facts, number=await _next_receive_number(work, at), at=at,
                                    recipient_province_code=province)
    await _store_acceptance(work, row["delivery_id"], accepted, action_note=action_note)
    if desk is not None:
        await signing.stamp_receipt(work, desk, delivery=row, receipt_number=accepted.receive_register_number,
                                    received_at=at)
    await work.audit("letter_accepted", subject=str(row["letter_id"]),
                     detail={"receive_register_number": accepted.receive_register_number})
    return accepted.receive_register_number


async def _next_receive_number(work: UnitOfWork, at: datetime) -> int:
    year = register_year(at)
    number = await repository.next_register_number(work.conn, agency_id=work.principal.agency_id,
                                                   register=RECEIVE_REGISTER, year=year)
    if number is None:
        raise AppError(REGISTER_CLOSED, {"year": buddhist_year(year)})
    return number


async def _store_acceptance(work: UnitOfWork, delivery_id: uuid.UUID, accepted: LetterAccepted, *,
                            action_note: str) -> None:
    await repository.accept(work.conn, delivery_id=delivery_id, user_id=work.principal.subject_id,
                            year=register_year(accepted.accepted_at), number=accepted.receive_register_number,
                            at=accepted.accepted_at, action_note=action_note)
    work.emit(accepted)


async def reject(work: UnitOfWork, *, delivery_id: uuid.UUID, request: RejectRequest) -> LetterRead:
    access.check_handles_mail(work.principal)
    row = await _delivery(work, delivery_id, what="reject")
    facts, province = await _facts(work, row)
    at = now()
    status, rejected = Delivery(row).reject(facts, reason=request.reason, wrong_recipient=request.wrong_recipient,
                                            at=at, recipient_province_code=province)
    await repository.reject(work.conn, delivery_id=delivery_id, status=status, user_id=work.principal.subject_id,
                            reason=request.reason, at=at)
    work.emit(rejected)
    await work.audit("letter_rejected", subject=str(row["letter_id"]),
                     detail={"wrong_recipient": request.wrong_recipient})
    return await read_as_recipient(work.conn, row["letter_id"], await repository.get_delivery(work.conn, delivery_id))


async def register_paper_letter(work: UnitOfWork, *, request: PaperLetterCreate) -> LetterRead:
    """A paper letter goes into the same receive register as electronic ones, marked paper, with its scan."""
    principal, conn = work.principal, work.conn
    access.check_handles_mail(principal)
    if (stored := await work.replayed(LetterRead)) is not None:
        return stored
    owned = await attachments_repository.attachments_owned_by(
        conn, agency_id=principal.agency_id, attachment_ids=request.scan_attachment_ids)
    if len(owned) != len(set(request.scan_attachment_ids)):
        raise AppError(UNKNOWN_ATTACHMENTS)
    agencies = await active_agencies(conn, [principal.agency_id, *filter(None, [request.sender_agency_id])])
    if request.sender_agency_id and request.sender_agency_id not in agencies:
        raise AppError(NOT_FOUND, {"sender_agency_id": request.sender_agency_id})
    at = now()
    letter_id = uuid.uuid4()
    letter = {
        "letter_id": letter_id, "sender_agency_id": request.sender_agency_id, "sender_name": request.sender_name,
        "kind": request.kind.value, "subject": request.subject, "urgency": int(request.urgency),
        "secrecy": int(request.secrecy), "channel": Channel.PAPER.value, "deadline": request.deadline,
        "recipient_agency_ids": [principal.agency_id], "status": LetterStatus.RECEIVED_PAPER.value,
        "letter_number": request.letter_number, "letter_date": request.letter_date,
        "created_by": principal.subject_id, "sent_at": None,
        # The scan is the letter: its first file is the main letter, further pages follow it.
        "main_letter": "uploaded", "main_attachment_id": request.scan_attachment_ids[0],
    }
    await repository.insert_letter(conn, letter)
    await repository.link_attachments(conn, letter_id=letter_id, main_attachment_id=request.scan_attachment_ids[0],
                                      attachment_ids=request.scan_attachment_ids[1:])
    arrived = NewDelivery(uuid.uuid4(), principal.agency_id, "", Channel.PAPER, DeliveryStatus.DELIVERED, at)
    await repository.insert_deliveries(conn, letter_id, [arrived])
    if secrecy.is_secret(request.secrecy):
        await repository.grant_access(conn, letter_id=letter_id, people=[(principal.agency_id, principal.subject_id)],
                                      granted_by=principal.subject_id)
    facts = LetterFacts.of(letter, sender_province_code=_province(agencies, request.sender_agency_id))
    delivery = {"delivery_id": arrived.delivery_id, "recipient_agency_id": principal.agency_id,
                "status": arrived.status.value, "delivered_at": at, "receive_register_number": None}
    accepted = Delivery(delivery).accept(facts, number=await _next_receive_number(work, at), at=at,
                                         recipient_province_code=_province(agencies, principal.agency_id))
    await _store_acceptance(work, arrived.delivery_id, accepted, action_note=request.action_note)
    sender = agencies.get(request.sender_agency_id or "")
    await search_index.index_letter(conn, letter_id=letter_id, subject=request.subject, body="",
                                    letter_number=request.letter_number,
                                    sender_name=request.sender_name or (sender["name_th"] if sender else ""))
    await work.audit("paper_letter_registered", subject=str(letter_id),
                     detail={"receive_register_number": accepted.receive_register_number})
    result = await read_as_recipient(conn, letter_id, await repository.get_delivery(conn, arrived.delivery_id))
    await work.remember(result, status_code=201)
    return result


def _province(agencies: Mapping[str, asyncpg.Record], agency_id: str | None) -> str | None:
    return agencies[agency_id]["province_code"] if agency_id in agencies else None


async def route(work: UnitOfWork, *, delivery_id: uuid.UUID, request: RouteRequest) -> LetterRead:
    """ส่งต่อ / มอบหมาย inside the agency; for a secret letter only to a named person cleared for it."""
    principal, conn = work.principal, work.conn
    row = await _delivery(work, delivery_id, what="route")
    Delivery(row).check_accepted()
    is_secret = secrecy.is_secret(row["secrecy"])
    if is_secret and not request.to_user_id:
        raise AppError(SECRET_NEEDS_PERSON)
    if request.to_user_id:
        target = await identity_repository.get_user(conn, request.to_user_id)
        if target is None or target["agency_id"] != principal.agency_id or not target["active"]:
            raise AppError(UNKNOWN_ROUTE_TARGET, {"to_user_id": request.to_user_id})
        if is_secret:
            if not secrecy.clears(target["clearance"], row["secrecy"]):
                raise AppError(SECRET_NEEDS_PERSON, {"to_user_id": request.to_user_id})
            await repository.grant_access(conn, letter_id=row["letter_id"],
                                          people=[(principal.agency_id, request.to_user_id)],
                                          granted_by=principal.subject_id)
            # A permission change: one more person may read this secret letter.
            await work.audit("secret_letter_access_granted", subject=str(row["letter_id"]),
                             detail={"user_id": request.to_user_id, "secrecy": row["secrecy"]})
    if request.to_unit_id and not await directory_repository.active_unit_ids(
            conn, agency_id=principal.agency_id, unit_ids=[request.to_unit_id]):
        raise AppError(UNKNOWN_ROUTE_TARGET, {"to_unit_id": request.to_unit_id})
    reaches = [request.to_user_id] if request.to_user_id else []
    if request.to_unit_id:
        reaches += await identity_repository.active_people_of_unit(conn, unit_id=request.to_unit_id,
                                                                   agency_id=principal.agency_id)
    facts, _ = await _facts(work, row)
    at, routing_id = now(), uuid.uuid4()
    routed = Delivery(row).route(facts, routing_id=routing_id, action=request.action,
                                 from_user_id=principal.subject_id, to_unit_id=request.to_unit_id,
                                 to_user_id=request.to_user_id, reaches_user_ids=reaches, deadline=request.deadline,
                                 at=at)
    await repository.insert_routing(
        conn, routing_id=routing_id, delivery_id=delivery_id, letter_id=row["letter_id"],
        agency_id=principal.agency_id, action=request.action, from_user_id=principal.subject_id,
        to_unit_id=request.to_unit_id, to_user_id=request.to_user_id, instruction=request.instruction,
        deadline=request.deadline, created_at=at)
    work.emit(routed)
    return await read_as_recipient(conn, row["letter_id"], row)


async def comment(work: UnitOfWork, *, delivery_id: uuid.UUID, request: CommentCreate) -> LetterRead:
    """เกษียนหนังสือ: anyone who may see the letter in the agency may write an instruction or comment on it."""
    principal = work.principal
    row = await _delivery(work, delivery_id, what="comment")
    Delivery(row).check_accepted()
    await repository.insert_comment(
        work.conn, comment_id=uuid.uuid4(), delivery_id=delivery_id, agency_id=principal.agency_id,
        user_id=principal.subject_id, display_name=principal.display_name, text=request.text, created_at=now())
    return await read_as_recipient(work.conn, row["letter_id"], row)


async def close(work: UnitOfWork, *, delivery_id: uuid.UUID) -> LetterRead:
    """เก็บเรื่อง: the agency is done with the letter."""
    row = await _delivery(work, delivery_id, what="close")
    facts, _ = await _facts(work, row)
    at = now()
    closed = Delivery(row).close(facts, at=at)
    await repository.close(work.conn, delivery_id=delivery_id, user_id=work.principal.subject_id, at=at)
    work.emit(closed)
    return await read_as_recipient(work.conn, row["letter_id"], await repository.get_delivery(work.conn, delivery_id))

