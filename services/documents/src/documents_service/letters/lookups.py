"""What the sending agency's use cases look up and check before they act: the caller's own letter or draft, the
recipients and files a letter names, the letter a reply cites, and the directory as letters need it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from opensaraban_shared.auth import Principal
from opensaraban_shared.errors import NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.thai import format_thai_date
from opensaraban_shared.unit_of_work import UnitOfWork
from opensaraban_shared.vocabulary import Channel

from ..attachments import repository as attachments_repository
from ..attachments.models import AttachmentRead
from ..directory import repository as directory_repository
from . import access, model, repository
from .model import Letter, LetterFacts, LetterStatus

UNKNOWN_RECIPIENTS = ErrorKind("unknown_recipients", 422, "ไม่พบหน่วยงานผู้รับบางรายการ",
                               "Some recipient agencies do not exist")
UNKNOWN_ATTACHMENTS = ErrorKind("unknown_attachments", 422, "ไม่พบไฟล์แนบบางรายการ",
                                "Some attachments do not exist or are not yours")
SENDER_IS_RECIPIENT = ErrorKind("sender_is_recipient", 422, "ส่งหนังสือถึงหน่วยงานตนเองไม่ได้",
                                "An agency cannot send a letter to itself")


# --- the directory, as letters need it ----------------------------------------------------------

async def active_agencies(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    """Those of `agency_ids` that exist and are not retired: a retired agency sends and receives nothing more."""
    return {a: r for a, r in (await directory_repository.agencies_by_id(conn, agency_ids)).items() if r["active"]}


def province(agencies: Mapping[str, asyncpg.Record], agency_id: str | None) -> str | None:
    return agencies[agency_id]["province_code"] if agency_id in agencies else None


async def facts(conn: asyncpg.Connection, letter: Mapping[str, Any], *,
                 channel: Channel | None = None) -> LetterFacts:
    """The fields every event about `letter` carries, with its sender's province."""
    sender = letter["sender_agency_id"]
    agencies = await directory_repository.agencies_by_id(conn, [sender]) if sender else {}
    return LetterFacts.of(letter, sender_province_code=province(agencies, sender), channel=channel)


# --- checks --------------------------------------------------------------------------------------

async def own_letter(work: UnitOfWork, letter_id: uuid.UUID, *, what: str,
                      for_update: bool = False, drafter_may: bool = False) -> asyncpg.Record:
    """A letter the caller's agency sent, for its clerks (and, with `drafter_may`, for the person who drafted it);
    a secret one only for the people named for it. `what` names the request in the audit record of a secret
    letter's read (its answer shows the letter)."""
    principal = work.principal
    letter = await repository.get_letter(work.conn, letter_id, for_update=for_update)
    if (letter is None or letter["sender_agency_id"] != principal.agency_id
            or letter["status"] == LetterStatus.RECEIVED_PAPER):
        raise AppError(NOT_FOUND)
    if not (drafter_may and letter["created_by"] == principal.subject_id):
        access.check_handles_mail(principal)
    await access.check_secret_reader(work, letter_id, letter["secrecy"], what)
    return letter


async def own_draft(work: UnitOfWork, letter_id: uuid.UUID, *, what: str) -> asyncpg.Record:
    """The caller's agency's draft, locked for the change; a numbered letter can no longer change."""
    letter = await own_letter(work, letter_id, what=what, for_update=True, drafter_may=True)
    Letter(letter).check_draft()
    return letter


async def check_recipients(conn: asyncpg.Connection, principal: Principal,
                            recipients: Sequence[str]) -> dict[str, asyncpg.Record]:
    """The sender's and every recipient's directory record; unknown or retired recipients are an error."""
    if principal.agency_id in recipients:
        raise AppError(SENDER_IS_RECIPIENT)
    known = await active_agencies(conn, [principal.agency_id, *recipients])
    missing = sorted(set(recipients) - set(known))
    if missing:
        raise AppError(UNKNOWN_RECIPIENTS, {"agency_ids": missing[:50]})
    return known


async def check_attachments(conn: asyncpg.Connection, principal: Principal,
                             attachment_ids: Sequence[uuid.UUID]) -> list[AttachmentRead]:
    """The agency's own uploads, in the order given (main letter first)."""
    if not attachment_ids:
        return []
    owned = {r["attachment_id"]: r for r in await attachments_repository.attachments_owned_by(
        conn, agency_id=principal.agency_id, attachment_ids=attachment_ids)}
    unknown = set(attachment_ids) - set(owned)
    if unknown:
        raise AppError(UNKNOWN_ATTACHMENTS, {"attachment_ids": sorted(str(u) for u in unknown)})
    return [AttachmentRead(**{k: owned[a][k] for k in AttachmentRead.model_fields}) for a in attachment_ids]


async def reference_of(conn: asyncpg.Connection, letter: asyncpg.Record) -> str:
    sender = letter["sender_agency_id"]
    name = (await directory_repository.agencies_by_id(conn, [sender]))[sender]["name_th"] if sender else ""
    return _reference_to(letter, name or letter["sender_name"])


async def reply_target(conn: asyncpg.Connection, principal: Principal,
                        letter_id: uuid.UUID | None) -> asyncpg.Record | None:
    """A reply may only cite a letter the agency received."""
    if letter_id is None:
        return None
    original = await repository.get_letter(conn, letter_id)
    delivery = original and await repository.delivery_for(conn, letter_id=letter_id, agency_id=principal.agency_id)
    if not delivery or not model.Delivery(delivery).visible_to_recipient:
        raise AppError(NOT_FOUND, {"reply_to_letter_id": str(letter_id)})
    return original


def _reference_to(letter: asyncpg.Record, sender_name: str) -> str:
    """อ้างถึง: 'หนังสือสำนักงานสถิติจังหวัดเชียงใหม่ ที่ ชม 0017.3/123 ลงวันที่ 5 ธันวาคม 2569'; the printed letter
    sets its digits by the agency's setting."""
    dated = f" ลงวันที่ {format_thai_date(letter['letter_date'], thai_digits=False)}" if letter["letter_date"] else ""
    return f"หนังสือ{sender_name} ที่ {letter['letter_number']}{dated}"
