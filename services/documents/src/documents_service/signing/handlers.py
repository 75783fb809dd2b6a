"""Consumers of digital signatures: every letter reaching its signer is laid out for signing (signing/copies.py),
every delivered letter's signatures are verified for its recipient, and a person who loses the signing role, or
leaves, loses their certificate (revoked at the CA, so its CRL and OCSP answers say so within minutes). All are
safe to repeat: a copy is kept once, a check records the latest verdict, a revocation of a revoked certificate
changes nothing."""

from __future__ import annotations

from typing import Any

import asyncpg

from opensaraban_shared.auth import Role
from opensaraban_shared.consumer import DeadLetters, EventConsumer
from opensaraban_shared.events import DIRECTORY, LETTERS, Envelope, LetterDelivered, ReviewStepAssigned, UserChanged
from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime

from ..letters.printouts import printer_of
from . import copies, service
from .desk import desk_of

log = get_logger(__name__)
CHECKS = "documents.signature-checks"
COPIES = "documents.signing-copies"
REVOCATIONS = "documents.signer-revocations"


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    desk, printer = desk_of(runtime), printer_of(runtime)

    async def on_delivered(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        delivered: LetterDelivered = envelope.payload
        result = await service.check_delivery(conn, desk, letter_id=delivered.letter_id,
                                              delivery_id=delivered.delivery_id)
        if result is not None:
            log.info("signature_checked", letter_id=str(delivered.letter_id), verdict=result.verdict.value,
                     recipient=delivered.recipient_agency_id)

    async def on_step_assigned(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        assigned: ReviewStepAssigned = envelope.payload
        if assigned.role == "sign" and await copies.prepare(conn, printer, letter_id=assigned.letter_id,
                                                            signer_id=assigned.holder_user_id) is not None:
            log.info("signing_copy_ready", letter_id=str(assigned.letter_id))

    async def on_user_changed(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        user: UserChanged = envelope.payload
        if user.active and Role.EXECUTIVE.value in user.roles:
            return
        reason = "role_removed" if user.active else "deactivated"
        if await service.revoke_signer(conn, desk, user_id=user.user_id, reason=reason):
            log.info("signer_certificate_revoked", user_id=user.user_id, reason=reason)

    def consumer(group: str, topic: Any, description: str, handlers: dict[Any, Any]) -> EventConsumer:
        return EventConsumer(group=group, topic=topic, description=description, handlers=handlers, db=runtime.db,
                             dead_letters=DeadLetters(runtime.producer, consumer=group),
                             max_attempts=runtime.settings.consumer_max_attempts)

    return [
        consumer(CHECKS, LETTERS, "Verifies the signatures of each letter delivered to an agency.",
                 {LetterDelivered: on_delivered}),
        consumer(COPIES, LETTERS, "Lays out each letter for its signer as it reaches the signing step.",
                 {ReviewStepAssigned: on_step_assigned}),
        consumer(REVOCATIONS, DIRECTORY, "Revokes the certificate of a person who lost the signing role or left.",
                 {UserChanged: on_user_changed}),
    ]
