"""Consumes InvitationLetterRequested: drafts and sends the invitation letter from the secretariat's agency to the
member agencies, with the agenda pack attached by its object key. One transaction per event: the consumer's, which
also records the event as processed, so the letter is sent once however often the event arrives; a request id seen
before (the meeting service asked again under a new event id) keeps its first letter."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from opensaraban_shared import unit_of_work
from opensaraban_shared.auth import Principal, Role, service_principal
from opensaraban_shared.consumer import DeadLetters, EventConsumer
from opensaraban_shared.errors import AppError
from opensaraban_shared.events import MEETINGS, Envelope, InvitationLetterRequested
from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime

from .. import SERVICE
from ..identity import repository as identity_repository
from ..letters import lookups
from ..letters import service as letters
from ..letters.models import LetterCreate
from ..letters.printouts import Printer, printer_of
from ..review import service as review
from ..review.models import RouteRequest
from . import repository

log = get_logger(__name__)
GROUP = "documents.meeting-invitations"
_IDS = uuid.UUID("5d0c7a52-2f4e-4f0e-9d7e-6a1c0b7e9a31")  # namespace of the attachment ids derived from requests


def _principal(agency_id: str) -> Principal:
    """The meeting service acting by itself in the secretariat's agency's name."""
    return service_principal("meeting", agency_id=agency_id, roles=frozenset({Role.AGENCY_SYSTEM}),
                             display_name="ระบบการประชุม (OpenSaraban)")


async def send_invitation(conn: asyncpg.Connection, envelope: Envelope[InvitationLetterRequested], *,
                          max_recipients: int, printer: Printer) -> uuid.UUID | None:
    """The letter id; None when no recipient exists in the directory (logged, nothing sent)."""
    request = envelope.payload
    if (done := await repository.letter_for(conn, request.request_id)) is not None:
        return done
    secretariat = request.secretariat_agency_id
    known = await lookups.active_agencies(conn, [secretariat, *request.recipient_agency_ids])
    if secretariat not in known:
        raise LookupError(f"secretariat agency {secretariat} is not in the directory")
    recipients = [a for a in dict.fromkeys(request.recipient_agency_ids) if a in known and a != secretariat]
    skipped = sorted(set(request.recipient_agency_ids) - set(recipients) - {secretariat})
    if skipped:
        log.warning("invitation_recipients_unknown", request_id=str(request.request_id), agency_ids=skipped[:50])
    if not recipients:
        return None
    attachment_id = uuid.uuid5(_IDS, str(request.request_id))
    sender = _principal(secretariat)
    await repository.attach_existing_object(
        conn, attachment_id=attachment_id, agency_id=secretariat, sha256=request.pack_sha256,
        object_key=request.pack_object_key, size_bytes=request.pack_size, filename=request.pack_filename,
        uploaded_by=sender.subject_id)
    committee = request.committee_name
    drafter = await _requester(conn, request) if request.signer_user_id else None
    draft = LetterCreate(
        subject=request.subject[:1000], body=request.body,
        salutation=request.salutation or committee.removeprefix("คณะ"),
        closing="ขอแสดงความนับถือ",
        signatory_name=request.signatory_name or "ฝ่ายเลขานุการ",
        signatory_position=request.signatory_position or f"ฝ่ายเลขานุการ{committee}",
        owning_unit=request.owning_unit or f"ฝ่ายเลขานุการ{committee}",
        enclosures_text="ระเบียบวาระการประชุมและเอกสารประกอบ",
        recipient_agency_ids=recipients, attachment_ids=[attachment_id], send=drafter is None)
    async with unit_of_work.within(conn, principal=drafter or sender, producer=SERVICE, cause=envelope) as work:
        letter = await letters.create_letter(work, draft=draft, max_recipients=max_recipients, printer=printer)
        if drafter is not None:
            await _propose(work, letter.letter_id, signer_id=request.signer_user_id or "")
    await repository.record(conn, request_id=request.request_id, meeting_id=request.meeting_id,
                            version=request.version, letter_id=letter.letter_id, skipped_agency_ids=skipped)
    log.info("invitation_letter_sent" if drafter is None else "invitation_letter_proposed",
             request_id=str(request.request_id), letter_id=str(letter.letter_id), letter_number=letter.letter_number,
             recipients=len(recipients))
    return letter.letter_id


async def _requester(conn: asyncpg.Connection, request: InvitationLetterRequested) -> Principal | None:
    """The secretariat's person who published, as the invitation's drafter: the chain's notices and their drafts
    are theirs. None (sent at once, as before) when they are no longer an active person of that agency."""
    person = await identity_repository.get_user(conn, request.requested_by_user_id)
    if person is None or not person["active"] or person["agency_id"] != request.secretariat_agency_id:
        log.warning("invitation_requester_gone", request_id=str(request.request_id))
        return None
    return Principal(subject_id=person["user_id"], kind="user", agency_id=person["agency_id"],
                     roles=frozenset(Role(r) for r in person["roles"]), display_name=person["display_name"],
                     clearance=person["clearance"])


async def _propose(work: unit_of_work.UnitOfWork, letter_id: uuid.UUID, *, signer_id: str) -> None:
    """Up to the signer the secretariat named. A signer the chain refuses (not of the agency, say) leaves the
    invitation in the requester's drafts, to propose by hand, rather than stopping the consumer."""
    try:
        await review.propose(work, letter_id=letter_id, request=RouteRequest(reviewer_ids=[], signer_id=signer_id))
    except AppError as refused:
        log.warning("invitation_not_proposed", letter_id=str(letter_id), code=refused.kind.code)


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    max_recipients: int = runtime.settings.max_recipients_per_letter  # type: ignore[attr-defined]
    printer = printer_of(runtime)

    async def on_requested(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        await send_invitation(conn, envelope, max_recipients=max_recipients, printer=printer)

    return [
        EventConsumer(
            group=GROUP,
            topic=MEETINGS,
            description="Sends the invitation letters the meeting service asks for.",
            handlers={InvitationLetterRequested: on_requested},
            db=runtime.db,
            dead_letters=DeadLetters(runtime.producer, consumer=GROUP),
            max_attempts=runtime.settings.consumer_max_attempts,
        )
    ]
