"""Use cases of letters; each owns its transaction and writes its events to the outbox in it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared import idempotency
from opensaraban_shared.auth import Principal
from opensaraban_shared.clock import now
from opensaraban_shared.db import Database
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.events import Actor, LetterDelivered, LetterSent, LetterWithdrawn, new_envelope
from opensaraban_shared.idempotency import IdempotencyKey
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.thai import bangkok_day, buddhist_year
from opensaraban_shared.vocabulary import Channel, LetterKind

from .. import SERVICE, audit_trail
from ..attachments import repository as attachments_repository
from ..attachments.models import AttachmentRead
from ..search import repository as search_index
from . import access, kinds, repository
from .events import letter_fields
from .models import (
    CommentRead,
    DeliveryPage,
    DeliveryRead,
    LetterCreate,
    LetterRead,
    LetterUpdate,
    PaperSendRequest,
    RoutingRead,
)

LETTER_NOT_DRAFT = ErrorKind("letter_not_draft", 409, "หนังสือนี้ส่งไปแล้ว", "This letter was already sent")
UNKNOWN_RECIPIENTS = ErrorKind("unknown_recipients", 422, "ไม่พบหน่วยงานผู้รับบางรายการ",
                               "Some recipient agencies do not exist")
NO_RECIPIENTS = ErrorKind("no_recipients", 422, "ยังไม่ได้ระบุผู้รับ", "The letter has no recipient")
TOO_MANY_RECIPIENTS = ErrorKind("too_many_recipients", 422, "ผู้รับมากเกินกำหนด", "Too many recipients")
UNKNOWN_ATTACHMENTS = ErrorKind("unknown_attachments", 422, "ไม่พบไฟล์แนบบางรายการ",
                                "Some attachments do not exist or are not yours")
SENDER_IS_RECIPIENT = ErrorKind("sender_is_recipient", 422, "ส่งหนังสือถึงหน่วยงานตนเองไม่ได้",
                                "An agency cannot send a letter to itself")
REGISTER_CLOSED = ErrorKind("register_closed", 409, "ทะเบียนของปีนี้ปิดแล้ว ออกเลขไม่ได้",
                            "This year's register is closed; no more numbers can be given")
NOTHING_TO_WITHDRAW = ErrorKind("nothing_to_withdraw", 409, "ไม่มีผู้รับที่ยังถอนคืนได้ (ลงรับแล้วหรือถอนไปแล้ว)",
                                "No recipient left that can be withdrawn (already accepted or withdrawn)")
SECRECY_ABOVE_CLEARANCE = ErrorKind("secrecy_above_clearance", 403, "ท่านไม่มีสิทธิ์ทำหนังสือลับในชั้นนี้",
                                    "You are not cleared for this secrecy level")
NOTHING_TO_RESEND = ErrorKind("nothing_to_resend", 409, "ไม่มีผู้รับที่ต้องส่งซ้ำ", "No withdrawn or refused recipient to resend to")



# --- drafting ------------------------------------------------------------------------------------

async def create_letter(db: Database, *, principal: Principal, draft: LetterCreate, max_recipients: int,
                        expand_lists: Any, idem: IdempotencyKey | None = None) -> LetterRead:
    """Drafts a letter, and with `send` numbers and delivers it in the same transaction."""
    kinds.check_subtype(draft.kind, draft.subtype)
    if not access.clears(principal, draft.secrecy):
        raise AppError(SECRECY_ABOVE_CLEARANCE)
    async with db.transaction() as conn:
        if (stored := await idempotency.replayed(conn, idem)) is not None:
            return LetterRead.model_validate(stored)
        recipients = list(draft.recipient_agency_ids)
        if draft.recipient_list_ids:
            listed = await expand_lists(conn, list_ids=draft.recipient_list_ids, for_agency_id=principal.agency_id)
            recipients += [a for a in listed if a not in set(recipients) and a != principal.agency_id]
        reply_to = await _reply_target(conn, principal, draft.reply_to_letter_id)
        if reply_to is not None and not recipients and reply_to["sender_agency_id"]:
            recipients = [reply_to["sender_agency_id"]]
        if len(recipients) > max_recipients:
            raise AppError(TOO_MANY_RECIPIENTS, {"max": max_recipients})
        provinces = await _check_recipients(conn, principal, recipients)
        attachments = await _check_attachments(conn, principal, draft.attachment_ids)
        letter_id = uuid.uuid4()
        values = draft.model_dump(exclude={"recipient_agency_ids", "recipient_list_ids", "attachment_ids", "send"})
        values.update(
            letter_id=letter_id, sender_agency_id=principal.agency_id, channel=Channel.ELECTRONIC.value,
            kind=draft.kind.value, urgency=int(draft.urgency), secrecy=int(draft.secrecy), status="draft",
            recipient_agency_ids=recipients, created_by=principal.subject_id,
            reference_text=draft.reference_text or (_reference_to(reply_to) if reply_to else ""),
            created_at=now(), external_recipients=[], sender_name="",
        )
        await repository.insert_letter(conn, values)
        await repository.link_attachments(conn, letter_id=letter_id, attachment_ids=draft.attachment_ids)
        if access.is_secret(draft.secrecy):
            await repository.grant_access(conn, letter_id=letter_id, agency_id=principal.agency_id,
                                          user_id=principal.subject_id, granted_by=principal.subject_id)
        values.update(letter_number=None, letter_date=None, sent_at=None)
        deliveries: list[DeliveryRead] = []
        if draft.send:
            # The row was just written in this transaction: dispatch from the values, not a re-read.
            dispatch = await _number_and_dispatch(conn, principal, values, channel=Channel.ELECTRONIC,
                                                  provinces=provinces, attachment_count=len(attachments))
            values.update(status="sent", letter_number=dispatch.letter_number, sent_at=dispatch.sent_at,
                          letter_date=bangkok_day(dispatch.sent_at))
            deliveries = dispatch.first_deliveries()
        await search_index.index_letter(conn, letter_id=letter_id, subject=draft.subject, body=draft.body,
                                        letter_number=values["letter_number"],
                                        sender_name=provinces[principal.agency_id].name_th)
        result = _letter_read(values, attachments, deliveries=deliveries,
                              delivery_counts={"delivered": len(recipients)} if draft.send else {})
        await idempotency.remember(conn, idem, result, status_code=201)
        return result


async def update_draft(db: Database, *, principal: Principal, letter_id: uuid.UUID, changes: LetterUpdate) -> LetterRead:
    async with db.transaction() as conn:
        await _own_draft(conn, principal, letter_id, what="draft_update")
        values = changes.model_dump(exclude_unset=True)
        if "recipient_agency_ids" in values:
            await _check_recipients(conn, principal, values["recipient_agency_ids"])
        for name in ("urgency", "secrecy"):
            if values.get(name) is not None:
                values[name] = int(values[name])
        if values.get("secrecy") is not None and access.is_secret(values["secrecy"]):
            if not access.clears(principal, values["secrecy"]):
                raise AppError(SECRECY_ABOVE_CLEARANCE)
            await repository.grant_access(conn, letter_id=letter_id, agency_id=principal.agency_id,
                                          user_id=principal.subject_id, granted_by=principal.subject_id)
        await repository.update_draft(conn, letter_id, values)
        result = await _read_as_sender(conn, letter_id)
        await _index(conn, principal, result)
        return result


# --- sending ------------------------------------------------------------------------------------

async def send_letter(db: Database, *, principal: Principal, letter_id: uuid.UUID,
                      idem: IdempotencyKey | None = None) -> LetterRead:
    async with db.transaction() as conn:
        if (stored := await idempotency.replayed(conn, idem)) is not None:
            return LetterRead.model_validate(stored)
        letter = await _own_draft(conn, principal, letter_id, what="send")
        await _number_and_dispatch(conn, principal, letter, channel=Channel.ELECTRONIC)
        result = await _read_as_sender(conn, letter_id)
        await _index(conn, principal, result)
        await idempotency.remember(conn, idem, result, status_code=200)
        return result


async def paper_send(db: Database, *, principal: Principal, letter_id: uuid.UUID, request: PaperSendRequest) -> LetterRead:
    """Records that a draft was printed and posted: numbered in the send register, counted as paper."""
    async with db.transaction() as conn:
        letter = await _own_draft(conn, principal, letter_id, what="paper_send")
        await _number_and_dispatch(conn, principal, letter, channel=Channel.PAPER,
                                   external_recipients=request.external_recipients)
        result = await _read_as_sender(conn, letter_id)
        await _index(conn, principal, result)
        return result


@dataclass(frozen=True)
class Dispatch:
    letter_number: str
    sent_at: datetime
    deliveries: list[tuple[uuid.UUID, uuid.UUID, str | None, str, str, str, datetime]]

    def first_deliveries(self, limit: int = 200) -> list[DeliveryRead]:
        return [
            DeliveryRead(delivery_id=d[0], recipient_agency_id=d[2], recipient_name=d[3], channel=d[4], status=d[5],
                         attempt=1, delivered_at=d[6], accepted_at=None, receive_register_number=None,
                         rejected_at=None, reject_reason=None, withdrawn_at=None, closed_at=None)
            for d in self.deliveries[:limit]
        ]


async def _number_and_dispatch(conn: asyncpg.Connection, principal: Principal, letter: Mapping[str, Any], *,
                               channel: Channel, external_recipients: Sequence[str] = (),
                               provinces: Mapping[str, repository.AgencyRef] | None = None,
                               attachment_count: int | None = None) -> Dispatch:
    """Numbers the letter and delivers it (electronic) or records the posting (paper), with its events."""
    kind = LetterKind(letter["kind"])
    kinds.check_complete(kind, letter)
    recipients: list[str] = list(letter["recipient_agency_ids"]) if channel is Channel.ELECTRONIC else []
    if channel is Channel.ELECTRONIC and not recipients:
        raise AppError(NO_RECIPIENTS)
    at = now()
    year = bangkok_day(at).year  # registers restart on 1 January, Thai time
    series = kinds.register_series(kind, letter["subtype"], is_circular=letter["is_circular"])
    number = await repository.next_register_number(conn, agency_id=principal.agency_id, register=series, year=year)
    if number is None:
        raise AppError(REGISTER_CLOSED, {"year": buddhist_year(year)})
    if provinces is None or principal.agency_id not in provinces:
        provinces = await repository.agency_provinces(conn, [principal.agency_id, *recipients])
    letter_number = kinds.format_number(prefix=provinces[principal.agency_id][1], series=series, number=number,
                                        buddhist_year=buddhist_year(year))
    await repository.mark_numbered(conn, letter_id=letter["letter_id"], letter_number=letter_number, series=series,
                                   year=year, number=number, sent_at=at, channel=channel.value,
                                   external_recipients=external_recipients)
    if channel is Channel.ELECTRONIC:
        deliveries = [(uuid.uuid4(), letter["letter_id"], r, "", channel.value, "delivered", at) for r in recipients]
    else:
        deliveries = [(uuid.uuid4(), letter["letter_id"], None, name, channel.value, "posted", at)
                      for name in external_recipients]
    await repository.insert_deliveries(conn, deliveries)
    if access.is_secret(letter["secrecy"]) and recipients:
        await repository.grant_to_controllers(conn, letter_id=letter["letter_id"], agency_ids=recipients,
                                              secrecy=letter["secrecy"], granted_by=principal.subject_id)
    if attachment_count is None:
        attachment_count = await attachments_repository.count_for_letter(conn, letter["letter_id"])
    fields = letter_fields(letter, letter_number=letter_number, channel=channel,
                           sender_province_code=provinces[principal.agency_id][0])
    actor = Actor(agency_id=principal.agency_id, user_id=principal.subject_id)
    sent = new_envelope(
        LetterSent(**fields, send_register_number=number, is_circular=letter["is_circular"],
                   recipient_agency_ids=recipients, external_recipient_count=len(external_recipients),
                   deadline=letter["deadline"],
                   attachment_count=attachment_count, sent_at=at),
        producer=SERVICE, actor=actor)
    delivered = [
        new_envelope(LetterDelivered(**fields, delivery_id=d[0], recipient_agency_id=d[2],
                                     recipient_province_code=provinces.get(d[2], (None, ""))[0],
                                     deadline=letter["deadline"], sent_at=at, delivered_at=at),
                     producer=SERVICE, actor=actor, causation=sent)
        for d in deliveries if d[2] is not None
    ]
    await add_to_outbox(conn, [sent, *delivered])
    await audit_trail.record(conn, principal, action="letter_sent",
                             subject=str(letter["letter_id"]),
                             detail={"letter_number": letter_number, "channel": channel.value, "recipients": len(deliveries)})
    return Dispatch(letter_number=letter_number, sent_at=at, deliveries=deliveries)


async def withdraw(db: Database, *, principal: Principal, letter_id: uuid.UUID,
                   agency_ids: Sequence[str] | None) -> LetterRead:
    async with db.transaction() as conn:
        letter = await _own_letter(conn, principal, letter_id, what="withdraw", for_update=True)
        at = now()
        withdrawn = await repository.withdraw(conn, letter_id=letter_id, agency_ids=agency_ids, at=at)
        if not withdrawn:
            raise AppError(NOTHING_TO_WITHDRAW)
        await _audit_sending(conn, principal, "letter_withdrawn", letter, withdrawn)
        fields = letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(letter["channel"]))
        actor = Actor(agency_id=principal.agency_id, user_id=principal.subject_id)
        await add_to_outbox(conn, [
            new_envelope(LetterWithdrawn(**fields, delivery_id=d["delivery_id"],
                                         recipient_agency_id=d["recipient_agency_id"], withdrawn_at=at),
                         producer=SERVICE, actor=actor)
            for d in withdrawn
        ])
        return await _read_as_sender(conn, letter_id)


async def resend(db: Database, *, principal: Principal, letter_id: uuid.UUID,
                 agency_ids: Sequence[str] | None) -> LetterRead:
    """Delivers again to recipients it was withdrawn from or that refused it; the number stays the same."""
    async with db.transaction() as conn:
        letter = await _own_letter(conn, principal, letter_id, what="resend", for_update=True)
        at = now()
        redelivered = await repository.redeliver(conn, letter_id=letter_id, agency_ids=agency_ids, at=at)
        if not redelivered:
            raise AppError(NOTHING_TO_RESEND)
        await _audit_sending(conn, principal, "letter_resent", letter, redelivered)
        await search_index.refresh_letter_agencies(conn, letter_id=letter_id)
        provinces = await repository.agency_provinces(conn, [d["recipient_agency_id"] for d in redelivered])
        fields = letter_fields(letter, letter_number=letter["letter_number"], channel=Channel(letter["channel"]))
        actor = Actor(agency_id=principal.agency_id, user_id=principal.subject_id)
        await add_to_outbox(conn, [
            new_envelope(LetterDelivered(**fields, delivery_id=d["delivery_id"], recipient_agency_id=d["recipient_agency_id"],
                                         recipient_province_code=provinces.get(d["recipient_agency_id"], (None, ""))[0],
                                         attempt=d["attempt"], deadline=letter["deadline"], sent_at=letter["sent_at"],
                                         delivered_at=at),
                         producer=SERVICE, actor=actor)
            for d in redelivered
        ])
        return await _read_as_sender(conn, letter_id)


async def _audit_sending(conn: asyncpg.Connection, principal: Principal, action: str, letter: Mapping[str, Any],
                         deliveries: Sequence[asyncpg.Record]) -> None:
    await audit_trail.record(conn, principal, action=action,
                             subject=str(letter["letter_id"]),
                             detail={"letter_number": letter["letter_number"],
                             "recipients": sorted(d["recipient_agency_id"] for d in deliveries)})


# --- reading -------------------------------------------------------------------------------------

async def get_letter(db: Database, *, principal: Principal, letter_id: uuid.UUID) -> LetterRead:
    async with db.transaction() as conn:
        letter = await repository.get_letter(conn, letter_id)
        if letter is None:
            raise AppError(NOT_FOUND)
        if letter["sender_agency_id"] == principal.agency_id and letter["status"] != "received_paper":
            await access.check_secret_reader(conn, principal, letter_id, letter["secrecy"], "letter")
            return await _read_as_sender(conn, letter_id)
        delivery = await repository.delivery_for(conn, letter_id=letter_id, agency_id=principal.agency_id)
        if delivery is None:
            raise AppError(NOT_FOUND)  # same answer for "does not exist" and "not yours": nothing leaks
        await access.check_recipient_view(conn, principal, {**dict(delivery), "secrecy": letter["secrecy"]})
        await access.audit_secret_read(conn, principal, letter_id, letter["secrecy"], "letter")
        return await read_as_recipient(conn, letter_id, delivery)


async def _read_as_sender(conn: asyncpg.Connection, letter_id: uuid.UUID) -> LetterRead:
    letter = await repository.get_letter(conn, letter_id)
    deliveries = [DeliveryRead(**_pick(d, DeliveryRead)) for d in await repository.deliveries_of(conn, letter_id)]
    return _letter_read(letter, await _attachments(conn, letter_id), deliveries=deliveries,
                        delivery_counts=await repository.delivery_counts(conn, letter_id))


async def list_deliveries(db: Database, *, principal: Principal, letter_id: uuid.UUID, status: str | None,
                          limit: int, offset: int) -> DeliveryPage:
    """The sender's view of every recipient of a letter, page by page (a circular may have thousands)."""
    async with db.transaction() as conn:
        await _own_letter(conn, principal, letter_id, what="deliveries")
        rows = await repository.deliveries_of(conn, letter_id, status=status, limit=limit, offset=offset)
    return DeliveryPage(items=[DeliveryRead(**_pick(d, DeliveryRead)) for d in rows],
                        next_offset=offset + limit if len(rows) == limit else None)


async def read_as_recipient(conn: asyncpg.Connection, letter_id: uuid.UUID, delivery: asyncpg.Record) -> LetterRead:
    letter = await repository.get_letter(conn, letter_id)
    routings = [RoutingRead(**_pick(r, RoutingRead)) for r in await repository.routings_of(conn, delivery["delivery_id"])]
    comments = [CommentRead(**_pick(c, CommentRead)) for c in await repository.comments_of(conn, delivery["delivery_id"])]
    return _letter_read(letter, await _attachments(conn, letter_id),
                        deliveries=[DeliveryRead(**_pick(delivery, DeliveryRead))], routings=routings, comments=comments)


def _letter_read(letter: Mapping[str, Any], attachments: list[AttachmentRead], **parts: Any) -> LetterRead:
    return LetterRead(**{k: letter[k] for k in LetterRead.model_fields if k in letter.keys() and k not in parts},
                      attachments=attachments, **parts)


async def _attachments(conn: asyncpg.Connection, letter_id: uuid.UUID) -> list[AttachmentRead]:
    return [AttachmentRead(**_pick(r, AttachmentRead))
            for r in await attachments_repository.letter_attachments(conn, letter_id)]


def _pick(record: Any, model: type) -> dict[str, Any]:
    return {k: record[k] for k in model.model_fields}


async def _index(conn: asyncpg.Connection, principal: Principal, letter: LetterRead) -> None:
    """Keeps the letter findable by search, in the same transaction as the change."""
    sender = (await repository.agency_provinces(conn, [principal.agency_id]))[principal.agency_id]
    await search_index.index_letter(conn, letter_id=letter.letter_id, subject=letter.subject, body=letter.body,
                                    letter_number=letter.letter_number, sender_name=sender.name_th)


# --- checks --------------------------------------------------------------------------------------

async def _own_letter(conn: asyncpg.Connection, principal: Principal, letter_id: uuid.UUID, *, what: str,
                      for_update: bool = False) -> asyncpg.Record:
    """A letter the caller's agency sent, for its clerks; a secret one only for the people named for it.
    `what` names the request in the audit record of a secret letter's read (its answer shows the letter)."""
    letter = await repository.get_letter(conn, letter_id, for_update=for_update)
    if letter is None or letter["sender_agency_id"] != principal.agency_id or letter["status"] == "received_paper":
        raise AppError(NOT_FOUND)
    access.check_handles_mail(principal)
    await access.check_secret_reader(conn, principal, letter_id, letter["secrecy"], what)
    return letter


async def _own_draft(conn: asyncpg.Connection, principal: Principal, letter_id: uuid.UUID, *,
                     what: str) -> asyncpg.Record:
    """The caller's agency's draft, locked for the change; a numbered letter can no longer change."""
    letter = await _own_letter(conn, principal, letter_id, what=what, for_update=True)
    if letter["status"] != "draft":
        raise AppError(LETTER_NOT_DRAFT)
    return letter


async def _check_recipients(conn: asyncpg.Connection, principal: Principal,
                            recipients: Sequence[str]) -> dict[str, repository.AgencyRef]:
    """Returns (province, letter prefix) of the sender and every recipient; unknown recipients are an error."""
    if principal.agency_id in recipients:
        raise AppError(SENDER_IS_RECIPIENT)
    known = await repository.agency_provinces(conn, [principal.agency_id, *recipients])
    missing = sorted(set(recipients) - set(known))
    if missing:
        raise AppError(UNKNOWN_RECIPIENTS, {"agency_ids": missing[:50]})
    return known


async def _check_attachments(conn: asyncpg.Connection, principal: Principal,
                             attachment_ids: Sequence[uuid.UUID]) -> list[AttachmentRead]:
    """The agency's own uploads, in the order given (main letter first)."""
    if not attachment_ids:
        return []
    owned = {r["attachment_id"]: r for r in await attachments_repository.attachments_owned_by(
        conn, agency_id=principal.agency_id, attachment_ids=attachment_ids)}
    unknown = set(attachment_ids) - set(owned)
    if unknown:
        raise AppError(UNKNOWN_ATTACHMENTS, {"attachment_ids": sorted(str(u) for u in unknown)})
    return [AttachmentRead(**_pick(owned[a], AttachmentRead)) for a in attachment_ids]


async def _reply_target(conn: asyncpg.Connection, principal: Principal,
                        letter_id: uuid.UUID | None) -> asyncpg.Record | None:
    """A reply may only cite a letter the agency received."""
    if letter_id is None:
        return None
    original = await repository.get_letter(conn, letter_id)
    delivery = original and await repository.delivery_for(conn, letter_id=letter_id, agency_id=principal.agency_id)
    if not delivery or delivery["status"] == "withdrawn":
        raise AppError(NOT_FOUND, {"reply_to_letter_id": str(letter_id)})
    return original


def _reference_to(letter: asyncpg.Record) -> str:
    """อ้างถึง: 'หนังสือ … ที่ ชม 0017/123 ลงวันที่ …' (dates spelled out by the printed form)."""
    dated = f" ลงวันที่ {letter['letter_date'].isoformat()}" if letter["letter_date"] else ""
    return f"หนังสือที่ {letter['letter_number']}{dated}"

