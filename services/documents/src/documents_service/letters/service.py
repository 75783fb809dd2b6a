"""Use cases of the sending agency: drafting, numbering and sending, withdrawing and resending, reading a letter.
Each takes the unit of work its caller opened; the letter model decides, the repositories store, `work.emit` sends."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.clock import now
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.thai import bangkok_day, buddhist_year
from opensaraban_shared.unit_of_work import UnitOfWork
from opensaraban_shared.vocabulary import Channel, LetterKind

from .. import secrecy
from ..attachments import repository as attachments_repository
from ..attachments.models import AttachmentRead
from ..directory import repository as directory_repository
from ..identity import repository as identity_repository
from ..review import access as review_access
from ..review import repository as review_repository
from ..search import repository as search_index
from . import access, kinds, lookups, model, repository
from .model import Letter, LetterFacts, LetterStatus
from .models import (
    CommentRead,
    DeliveryPage,
    DeliveryRead,
    LetterCreate,
    LetterPreview,
    LetterRead,
    LetterUpdate,
    PaperSendRequest,
    RoutingRead,
)
from .printing.page import PrintedLetter
from .printouts import Printer, printed_from, printed_letter

TOO_MANY_RECIPIENTS = ErrorKind("too_many_recipients", 422, "ผู้รับมากเกินกำหนด", "Too many recipients")
REGISTER_CLOSED = ErrorKind("register_closed", 409, "ทะเบียนของปีนี้ปิดแล้ว ออกเลขไม่ได้",
                            "This year's register is closed; no more numbers can be given")
OWN_NUMBERING_NOT_ALLOWED = ErrorKind(
    "own_numbering_not_allowed", 403, "หน่วยงานนี้ไม่ได้ตั้งค่าให้ระบบของหน่วยงานออกเลขหนังสือเอง",
    "This agency's systems may not give letters their own numbers (letter_number)")
OWN_NUMBER_WITHOUT_SENDING = ErrorKind(
    "own_number_without_sending", 422, "ให้เลขที่หนังสือ (letter_number) ได้เมื่อส่งทันทีเท่านั้น (send=true)",
    "An own letter_number is given only when sending at once (send=true)")
LETTER_NUMBER_TAKEN = ErrorKind("letter_number_taken", 409, "เลขที่หนังสือนี้ใช้ไปแล้ว",
                                "This letter number was already used by the agency")
SECRECY_ABOVE_CLEARANCE = ErrorKind("secrecy_above_clearance", 403, "ท่านไม่มีสิทธิ์ทำหนังสือลับในชั้นนี้",
                                    "You are not cleared for this secrecy level")


# --- drafting ------------------------------------------------------------------------------------

async def create_letter(work: UnitOfWork, *, draft: LetterCreate, max_recipients: int,
                        printer: Printer) -> LetterRead:
    """Drafts a letter, and with `send` numbers and delivers it in the same unit of work."""
    principal, conn = work.principal, work.conn
    kinds.check_subtype(draft.kind, draft.subtype)
    if draft.letter_number is not None:
        await _check_own_numbering(work, draft)
    if draft.send:
        access.check_handles_mail(principal)
    if not access.clears(principal, draft.secrecy):
        raise AppError(SECRECY_ABOVE_CLEARANCE)
    if (stored := await work.replayed(LetterRead)) is not None:
        return stored
    recipients = list(draft.recipient_agency_ids)
    if draft.recipient_list_ids:
        listed = await directory_repository.expand_distribution_lists(conn, list_ids=draft.recipient_list_ids,
                                                                      for_agency_id=principal.agency_id)
        recipients += [a for a in listed if a not in set(recipients) and a != principal.agency_id]
    reply_to = await lookups.reply_target(conn, principal, draft.reply_to_letter_id)
    if reply_to is not None and not recipients and reply_to["sender_agency_id"]:
        recipients = [reply_to["sender_agency_id"]]
    if len(recipients) > max_recipients:
        raise AppError(TOO_MANY_RECIPIENTS, {"max": max_recipients})
    agencies = await lookups.check_recipients(conn, principal, recipients)
    enclosure_ids = [a for a in draft.attachment_ids if a != draft.main_attachment_id]
    main = [draft.main_attachment_id] if draft.main_attachment_id else []
    attachments = await lookups.check_attachments(conn, principal, [*main, *enclosure_ids])
    letter_id = uuid.uuid4()
    values = draft.model_dump(exclude={"recipient_agency_ids", "recipient_list_ids", "attachment_ids", "send",
                                       "letter_number", "letter_date"})
    values.update(
        letter_id=letter_id, sender_agency_id=principal.agency_id, channel=Channel.ELECTRONIC.value,
        kind=draft.kind.value, urgency=int(draft.urgency), secrecy=int(draft.secrecy),
        status=LetterStatus.DRAFT.value, recipient_agency_ids=recipients, created_by=principal.subject_id,
        reference_text=draft.reference_text or (await lookups.reference_of(conn, reply_to) if reply_to else ""),
        created_at=now(), external_recipients=[], sender_name="",
        main_letter="uploaded" if draft.main_attachment_id else "rendered",
    )
    await repository.insert_letter(conn, values)
    await repository.link_attachments(conn, letter_id=letter_id, main_attachment_id=draft.main_attachment_id,
                                      attachment_ids=enclosure_ids)
    if secrecy.is_secret(draft.secrecy):
        await repository.grant_access(conn, letter_id=letter_id, people=[(principal.agency_id, principal.subject_id)],
                                      granted_by=principal.subject_id)
    values.update(letter_number=None, letter_date=None, sent_at=None)
    deliveries: list[DeliveryRead] = []
    if draft.send:
        # The row was just written in this transaction: send from the values, not a re-read.
        own = OwnNumber(draft.letter_number, draft.letter_date) if draft.letter_number and draft.letter_date else None
        sent = await _number_and_send(work, values, channel=Channel.ELECTRONIC, agencies=agencies,
                                      attachment_count=len(attachments), printer=printer, own_number=own)
        sending = sent.sending
        values.update(status=LetterStatus.SENT.value, letter_number=sending.letter_number, sent_at=sending.sent_at,
                      letter_date=own.letter_date if own else bangkok_day(sending.sent_at))
        if sent.printout is not None:
            values.update(main_attachment_id=sent.printout.attachment_id)
            attachments = [sent.printout, *attachments]
        deliveries = [_new_delivery_read(d, agencies) for d in sending.deliveries[:200]]
    await search_index.index_letter(conn, letter_id=letter_id, subject=draft.subject, body=draft.body,
                                    letter_number=values["letter_number"],
                                    sender_name=agencies[principal.agency_id]["name_th"])
    result = _letter_read(values, attachments, deliveries=deliveries,
                          delivery_counts={model.DeliveryStatus.DELIVERED.value: len(recipients)} if draft.send else {})
    await work.remember(result, status_code=201)
    return result


async def update_draft(work: UnitOfWork, *, letter_id: uuid.UUID, changes: LetterUpdate) -> LetterRead:
    principal, conn = work.principal, work.conn
    letter = await lookups.own_draft(work, letter_id, what="draft_update")
    if await review_repository.version_kept(conn, letter_id, letter["version"]):
        changes_version = letter["version"] + 1  # the proposed version stays as its route read it
    else:
        changes_version = letter["version"]
    values = {name: _cleared(name) if value is None else value
              for name, value in changes.model_dump(exclude_unset=True).items()}
    if "kind" in values or "subtype" in values:
        kind = LetterKind(values.get("kind", letter["kind"]))
        subtype = values.get("subtype", letter["subtype"] if "kind" not in values else None)
        kinds.check_subtype(kind, subtype)
        values.update(kind=kind.value, subtype=subtype)
    if "recipient_agency_ids" in values:
        await lookups.check_recipients(conn, principal, values["recipient_agency_ids"])
    if "attachment_ids" in values or "main_attachment_id" in values:
        await _relink_files(work, letter, values)
    values["version"] = changes_version
    for name in ("urgency", "secrecy"):
        if values.get(name) is not None:
            values[name] = int(values[name])
    if values.get("secrecy") is not None and secrecy.is_secret(values["secrecy"]):
        if not access.clears(principal, values["secrecy"]):
            raise AppError(SECRECY_ABOVE_CLEARANCE)
        await repository.grant_access(conn, letter_id=letter_id, people=[(principal.agency_id, principal.subject_id)],
                                      granted_by=principal.subject_id)
    await repository.update_draft(conn, letter_id, values)
    result = await _read_as_sender(conn, letter_id)
    await _index(conn, principal, result)
    return result


def _cleared(name: str) -> Any:
    """What null leaves in a field that may be empty (LetterUpdate refuses it for the others)."""
    return [] if name in ("copies_to", "recipient_agency_ids", "attachment_ids") else (
        None if name in ("subtype", "deadline", "effective_from", "main_attachment_id") else "")


async def _relink_files(work: UnitOfWork, letter: Mapping[str, Any], values: dict[str, Any]) -> None:
    """The draft's files as listed now: the uploaded main letter (or none: it will be printed), then enclosures."""
    current = await attachments_repository.letter_attachments(work.conn, letter["letter_id"])
    main = values.get("main_attachment_id", letter["main_attachment_id"])
    enclosures = values.pop("attachment_ids", None)
    if enclosures is None:
        enclosures = [f["attachment_id"] for f in current if f["attachment_id"] != letter["main_attachment_id"]]
    enclosures = [a for a in enclosures if a != main]
    await lookups.check_attachments(work.conn, work.principal, [*([main] if main else []), *enclosures])
    await repository.relink_attachments(work.conn, letter_id=letter["letter_id"], main_attachment_id=main,
                                        attachment_ids=enclosures)
    values.update(main_attachment_id=main, main_letter="uploaded" if main else "rendered")


async def delete_draft(work: UnitOfWork, *, letter_id: uuid.UUID) -> None:
    """A draft nobody needs any more; a sent letter stays for ever in the register."""
    await lookups.own_draft(work, letter_id, what="draft_delete")
    await repository.delete_draft(work.conn, letter_id)
    await work.audit("letter_draft_deleted", subject=str(letter_id))


async def reply(work: UnitOfWork, *, letter_id: uuid.UUID, printer: Printer) -> LetterRead:
    """A new draft answering a letter the agency received: to its sender, citing it (อ้างถึง)."""
    original = await lookups.reply_target(work.conn, work.principal, letter_id)
    assert original is not None
    sender = original["sender_agency_id"]
    draft = LetterCreate(kind=original["kind"] if original["kind"] in (LetterKind.EXTERNAL, LetterKind.INTERNAL)
                         else LetterKind.EXTERNAL, subject=original["subject"], reply_to_letter_id=letter_id,
                         recipient_agency_ids=[sender] if sender and sender != work.principal.agency_id else [],
                         closing="ขอแสดงความนับถือ")
    return await create_letter(work, draft=draft, max_recipients=1, printer=printer)


# --- printing -----------------------------------------------------------------------------------

async def printout_of(work: UnitOfWork, *, letter_id: uuid.UUID) -> PrintedLetter:
    """The letter as it prints now: a draft with its number left blank, a sent letter as it was sent."""
    if await review_repository.get_review(work.conn, letter_id) is not None and not access.sees_whole_agency(
            work.principal):
        letter = await review_access.readable(work, letter_id)  # the people on its route read it as it prints
    else:
        letter = await lookups.own_letter(work, letter_id, what="print", drafter_may=True)
        await _check_unsent_reader(work, letter)
    return await printed_letter(work.conn, letter, number_prefix=await _numbering_prefix(work, letter, None))


async def printout_of_fields(work: UnitOfWork, *, fields: LetterPreview) -> PrintedLetter:
    """Fields being typed, as they would print."""
    kinds.check_subtype(fields.kind, fields.subtype)
    agency_id = work.principal.agency_id
    sender = (await directory_repository.agencies_by_id(work.conn, [agency_id]))[agency_id]
    row = {**fields.model_dump(), "created_by": work.principal.subject_id, "letter_number": None}
    return printed_from(row, issuer_name=sender["name_th"], issuer_address=sender["address_th"],
                        number_prefix=await _numbering_prefix(work, row, sender), enclosure_names=[])


# --- sending ------------------------------------------------------------------------------------

async def send_letter(work: UnitOfWork, *, letter_id: uuid.UUID, printer: Printer) -> LetterRead:
    if (stored := await work.replayed(LetterRead)) is not None:
        return stored
    letter = await lookups.own_letter(work, letter_id, what="send", for_update=True)
    Letter(letter).check_sendable()
    await _number_and_send(work, letter, channel=Channel.ELECTRONIC, printer=printer)
    result = await _read_as_sender(work.conn, letter_id)
    await _index(work.conn, work.principal, result)
    await work.remember(result, status_code=200)
    return result


async def send_signed(work: UnitOfWork, *, letter_id: uuid.UUID, printer: Printer) -> None:
    """Numbers and sends a letter as soon as its signer signs (the agency's setting), in the signer's unit of work."""
    letter = await repository.get_letter(work.conn, letter_id, for_update=True)
    await _number_and_send(work, letter, channel=Channel.ELECTRONIC, printer=printer)
    await _index(work.conn, work.principal, await _read_as_sender(work.conn, letter_id))


async def paper_send(work: UnitOfWork, *, letter_id: uuid.UUID, request: PaperSendRequest,
                     printer: Printer) -> LetterRead:
    """Records that a draft was printed and posted: numbered in the send register, counted as paper."""
    letter = await lookups.own_letter(work, letter_id, what="paper_send", for_update=True)
    Letter(letter).check_sendable()
    await _number_and_send(work, letter, channel=Channel.PAPER, external_recipients=request.external_recipients,
                           printer=printer)
    result = await _read_as_sender(work.conn, letter_id)
    await _index(work.conn, work.principal, result)
    return result


async def _number_and_send(work: UnitOfWork, row: Mapping[str, Any], *, channel: Channel,
                           external_recipients: Sequence[str] = (),
                           agencies: Mapping[str, asyncpg.Record] | None = None,
                           attachment_count: int | None = None, printer: Printer,
                           own_number: OwnNumber | None = None) -> Sent:
    """Numbers the letter in its register of this year and delivers it (electronic) or records the posting.
    A letter printed from its fields is printed now, numbered and dated, and stored as its main letter."""
    principal, conn = work.principal, work.conn
    letter = Letter(row)
    at = now()
    numbering = letter.numbering(at=at, channel=channel)
    number = None
    if row.get("send_register_number") is not None:  # numbered and dated as it was signed digitally
        number = row["send_register_number"]
        numbering = model.Numbering(row["register_series"], row["send_register_year"])
        own_number = OwnNumber(row["letter_number"], row["letter_date"])
    elif own_number is None:
        number = await repository.next_register_number(conn, agency_id=principal.agency_id,
                                                       register=numbering.series, year=numbering.year)
        if number is None:
            raise AppError(REGISTER_CLOSED, {"year": buddhist_year(numbering.year)})
    recipients = list(row["recipient_agency_ids"]) if channel is Channel.ELECTRONIC else []
    if agencies is None or principal.agency_id not in agencies:
        agencies = await lookups.active_agencies(conn, [principal.agency_id, *recipients])
    if attachment_count is None:
        attachment_count = await attachments_repository.count_for_letter(conn, row["letter_id"])
    prefix = await _numbering_prefix(work, row, agencies[principal.agency_id])
    printing = row["main_letter"] == "rendered" and not row.get("signed_digitally")
    sending = letter.send(
        numbering, number=number, prefix=prefix, at=at,
        channel=channel, sender_province_code=agencies[principal.agency_id]["province_code"],
        recipient_provinces={a: agencies[a]["province_code"] for a in recipients if a in agencies},
        external_recipients=external_recipients, attachment_count=attachment_count + printing,
        own_number=own_number.letter_number if own_number else None)
    try:
        await repository.mark_sent(conn, letter_id=row["letter_id"], sending=sending,
                                   letter_date=own_number.letter_date if own_number else None)
    except asyncpg.UniqueViolationError as taken:
        raise AppError(LETTER_NUMBER_TAKEN, {"letter_number": sending.letter_number}) from taken
    printout = await printer.store_sent(work, row, prefix=prefix) if printing else None
    await repository.insert_deliveries(conn, row["letter_id"], sending.deliveries)
    if secrecy.is_secret(row["secrecy"]) and recipients:
        controllers = await identity_repository.secret_document_controllers(
            conn, agency_ids=recipients, role=Role.CLERK.value, clearance=secrecy.clearance_needed(row["secrecy"]))
        await repository.grant_access(conn, letter_id=row["letter_id"], people=controllers,
                                      granted_by=principal.subject_id)
    sent_event = work.emit(sending.sent)
    for delivered in sending.delivered:
        work.emit(delivered, caused_by=sent_event)
    await work.audit("letter_sent", subject=str(row["letter_id"]),
                     detail={"letter_number": sending.letter_number, "channel": channel.value,
                             "recipients": len(sending.deliveries)})
    return Sent(sending, printout)


async def number_for_signing(work: UnitOfWork, *, letter_id: uuid.UUID) -> tuple[asyncpg.Record, str]:
    """A letter signed digitally is numbered and dated as it is signed, so that its signature covers both; it is
    sent later under that number. Returns the numbered letter and its numbering prefix (for printing)."""
    conn = work.conn
    row = await repository.get_letter(conn, letter_id, for_update=True)
    at = now()
    numbering = Letter(row).numbering(at=at, channel=Channel.ELECTRONIC)
    number = await repository.next_register_number(conn, agency_id=row["sender_agency_id"],
                                                   register=numbering.series, year=numbering.year)
    if number is None:
        raise AppError(REGISTER_CLOSED, {"year": buddhist_year(numbering.year)})
    prefix = await _numbering_prefix(work, row, None)
    letter_number = kinds.format_number(prefix=prefix, series=numbering.series, number=number,
                                        buddhist_year=buddhist_year(numbering.year))
    await repository.mark_numbered(conn, letter_id=letter_id, letter_number=letter_number, numbering=numbering,
                                   number=number, letter_date=bangkok_day(at))
    return await repository.get_letter(conn, letter_id), prefix


@dataclass(frozen=True)
class OwnNumber:
    """The number and date an agency's own system gave a letter (its register is kept elsewhere)."""

    letter_number: str
    letter_date: date


async def _check_own_numbering(work: UnitOfWork, draft: LetterCreate) -> None:
    """Only an agency system, of an agency that keeps its register elsewhere, numbers its letters itself, and only
    as it sends them."""
    settings = await directory_repository.letter_settings(work.conn, work.principal.agency_id)
    if work.principal.kind != "system" or not settings["own_numbering"]:
        raise AppError(OWN_NUMBERING_NOT_ALLOWED)
    if not draft.send:
        raise AppError(OWN_NUMBER_WITHOUT_SENDING)


@dataclass(frozen=True)
class Sent:
    """A letter just numbered and sent, with the main letter printed for it (None: an uploaded file)."""

    sending: model.Sending
    printout: AttachmentRead | None


async def _numbering_prefix(work: UnitOfWork, letter: Mapping[str, Any], sender: Mapping[str, Any] | None) -> str:
    """'ชม 0017.3': a unit numbers the letters it drafts with its suffix (or its nearest ancestor unit's); a letter
    drafted by an agency system, or by someone in no unit, carries the agency's own prefix."""
    if sender is None:
        agency_id = work.principal.agency_id
        sender = (await directory_repository.agencies_by_id(work.conn, [agency_id]))[agency_id]
    if letter["created_by"] == work.principal.subject_id and work.principal.kind != "user":
        return sender["letter_prefix"]  # drafted and sent by an agency system (or a service): no unit to look up
    conn = work.conn
    drafter = await identity_repository.get_user(conn, letter["created_by"])
    if drafter is None or drafter["unit_id"] is None:
        return sender["letter_prefix"]
    return await directory_repository.unit_letter_prefix(conn, unit_id=drafter["unit_id"]) or sender["letter_prefix"]


async def withdraw(work: UnitOfWork, *, letter_id: uuid.UUID, agency_ids: Sequence[str] | None) -> LetterRead:
    conn = work.conn
    letter = await lookups.own_letter(work, letter_id, what="withdraw", for_update=True)
    at = now()
    taken_back = await repository.withdraw(conn, letter_id=letter_id, agency_ids=agency_ids, at=at)
    facts = await lookups.facts(conn, letter)
    for event in model.withdrawn(facts, taken_back, at=at):
        work.emit(event)
    await _audit_sending(work, "letter_withdrawn", letter, taken_back)
    return await _read_as_sender(conn, letter_id)


async def resend(work: UnitOfWork, *, letter_id: uuid.UUID, agency_ids: Sequence[str] | None) -> LetterRead:
    """Delivers again to recipients it was withdrawn from or that refused it; the number stays the same."""
    conn = work.conn
    letter = await lookups.own_letter(work, letter_id, what="resend", for_update=True)
    at = now()
    again = await repository.redeliver(conn, letter_id=letter_id, agency_ids=agency_ids, at=at)
    agencies = await lookups.active_agencies(conn, [letter["sender_agency_id"], *(d["recipient_agency_id"] for d in again)])
    facts = LetterFacts.of(letter, sender_province_code=lookups.province(agencies, letter["sender_agency_id"]))
    for event in model.redelivered(facts, again, at=at, sent_at=letter["sent_at"], deadline=letter["deadline"],
                                   recipient_provinces={a: r["province_code"] for a, r in agencies.items()}):
        work.emit(event)
    await _audit_sending(work, "letter_resent", letter, again)
    await search_index.refresh_letter_agencies(conn, letter_id=letter_id)
    return await _read_as_sender(conn, letter_id)


async def _audit_sending(work: UnitOfWork, action: str, letter: Mapping[str, Any],
                         deliveries: Sequence[asyncpg.Record]) -> None:
    await work.audit(action, subject=str(letter["letter_id"]),
                     detail={"letter_number": letter["letter_number"],
                             "recipients": sorted(d["recipient_agency_id"] for d in deliveries)})


# --- reading -------------------------------------------------------------------------------------

async def get_letter(work: UnitOfWork, *, letter_id: uuid.UUID) -> LetterRead:
    principal, conn = work.principal, work.conn
    letter = await repository.get_letter(conn, letter_id)
    if letter is None:
        raise AppError(NOT_FOUND)
    if letter["sender_agency_id"] == principal.agency_id and letter["status"] != LetterStatus.RECEIVED_PAPER:
        await _check_unsent_reader(work, letter)
        await access.check_secret_reader(work, letter_id, letter["secrecy"], "letter")
        return await _read_as_sender(conn, letter_id)
    delivery = await repository.delivery_for(conn, letter_id=letter_id, agency_id=principal.agency_id)
    if delivery is None:
        raise AppError(NOT_FOUND)  # same answer for "does not exist" and "not yours": nothing leaks
    await access.check_recipient_view(work, {**dict(delivery), "secrecy": letter["secrecy"]})
    await access.audit_secret_read(work, letter_id, letter["secrecy"], "letter")
    return await read_as_recipient(conn, letter_id, delivery)


async def _check_unsent_reader(work: UnitOfWork, letter: Mapping[str, Any]) -> None:
    """A letter not yet sent is its drafter's and the clerks' while a draft, and its route's once proposed (also
    when it came back to its drafter, whose reviewers keep its history; review/access.py); the rest of the agency
    does not see it (not found)."""
    if letter["status"] not in (LetterStatus.DRAFT, LetterStatus.IN_REVIEW, LetterStatus.SIGNED):
        return
    mine = letter["created_by"] == work.principal.subject_id
    if letter["status"] == LetterStatus.DRAFT and (mine or access.sees_whole_agency(work.principal)):
        return
    await review_access.readable(work, letter["letter_id"])  # proposed at least once: its route reads it


async def _read_as_sender(conn: asyncpg.Connection, letter_id: uuid.UUID) -> LetterRead:
    letter = await repository.get_letter(conn, letter_id)
    deliveries = [DeliveryRead(**_pick(d, DeliveryRead)) for d in await repository.deliveries_of(conn, letter_id)]
    return _letter_read(letter, await _attachments(conn, letter_id), deliveries=deliveries,
                        delivery_counts=await repository.delivery_counts(conn, letter_id),
                        sender_name=await _sender_name(conn, letter))


async def _sender_name(conn: asyncpg.Connection, letter: Mapping[str, Any]) -> str:
    """The name written on a paper letter, else the sending agency's name in the directory."""
    if letter["sender_name"] or not letter["sender_agency_id"]:
        return letter["sender_name"] or ""
    agencies = await directory_repository.agencies_by_id(conn, [letter["sender_agency_id"]])
    found = agencies.get(letter["sender_agency_id"])
    return found["name_th"] if found else ""


async def delivery_counts(work: UnitOfWork, *, letter_ids: list[uuid.UUID]) -> dict[str, dict[str, int]]:
    """How far each of my agency's sent letters got: recipients per status (a list's summary, e.g. ลงรับแล้ว ๗๒/๗๖);
    a letter of another agency is simply not in the answer."""
    counts = await repository.delivery_counts_of_sent(work.conn, agency_id=work.principal.agency_id,
                                                      letter_ids=letter_ids)
    return {str(letter_id): counted for letter_id, counted in counts.items()}


async def list_deliveries(work: UnitOfWork, *, letter_id: uuid.UUID, status: str | None,
                          limit: int, offset: int) -> DeliveryPage:
    """The sender's view of every recipient of a letter, page by page (a circular may have thousands)."""
    await lookups.own_letter(work, letter_id, what="deliveries")
    rows = await repository.deliveries_of(work.conn, letter_id, status=status, limit=limit, offset=offset)
    return DeliveryPage(items=[DeliveryRead(**_pick(d, DeliveryRead)) for d in rows],
                        next_offset=offset + limit if len(rows) == limit else None)


async def read_as_recipient(conn: asyncpg.Connection, letter_id: uuid.UUID, delivery: asyncpg.Record) -> LetterRead:
    letter = await repository.get_letter(conn, letter_id)
    routings = [RoutingRead(**_pick(r, RoutingRead)) for r in await repository.routings_of(conn, delivery["delivery_id"])]
    comments = [CommentRead(**_pick(c, CommentRead)) for c in await repository.comments_of(conn, delivery["delivery_id"])]
    return _letter_read(letter, await _attachments(conn, letter_id),
                        deliveries=[DeliveryRead(**_pick(delivery, DeliveryRead))], routings=routings, comments=comments,
                        sender_name=await _sender_name(conn, letter))


def _letter_read(letter: Mapping[str, Any], attachments: list[AttachmentRead], **parts: Any) -> LetterRead:
    return LetterRead(**{k: letter[k] for k in LetterRead.model_fields if k in letter.keys() and k not in parts},
                      attachments=attachments, **parts)


def _new_delivery_read(delivery: model.NewDelivery, agencies: Mapping[str, asyncpg.Record]) -> DeliveryRead:
    name = agencies[delivery.recipient_agency_id]["name_th"] if delivery.recipient_agency_id in agencies else ""
    return DeliveryRead(delivery_id=delivery.delivery_id, recipient_agency_id=delivery.recipient_agency_id,
                        recipient_name=delivery.recipient_name or name, channel=delivery.channel,
                        status=delivery.status, attempt=1, delivered_at=delivery.delivered_at, accepted_at=None,
                        receive_register_number=None, rejected_at=None, reject_reason=None, withdrawn_at=None,
                        closed_at=None)


async def _attachments(conn: asyncpg.Connection, letter_id: uuid.UUID) -> list[AttachmentRead]:
    return [AttachmentRead(**_pick(r, AttachmentRead))
            for r in await attachments_repository.letter_attachments(conn, letter_id)]


def _pick(record: Any, model_type: type) -> dict[str, Any]:
    return {k: record[k] for k in model_type.model_fields}


async def _index(conn: asyncpg.Connection, principal: Principal, letter: LetterRead) -> None:
    """Keeps the letter findable by search, in the same transaction as the change."""
    sender = (await lookups.active_agencies(conn, [principal.agency_id]))[principal.agency_id]
    await search_index.index_letter(conn, letter_id=letter.letter_id, subject=letter.subject, body=letter.body,
                                    letter_number=letter.letter_number, sender_name=sender["name_th"])
