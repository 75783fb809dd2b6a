"""Who may see and act on a letter: agency boundaries, routing inside an agency, named readers of secret letters."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError
from opensaraban_shared.unit_of_work import UnitOfWork

from .. import secrecy
from . import repository
from .model import Delivery


def sees_whole_agency(principal: Principal) -> bool:
    """Correspondence clerks and agency systems handle all of the agency's mail; others what is routed to them."""
    return principal.has_any_role(Role.CLERK, Role.AGENCY_SYSTEM)


def clears(principal: Principal, level: int) -> bool:
    return secrecy.clears(principal.clearance, level)


async def may_read_secret(work: UnitOfWork, letter_id: uuid.UUID, level: int) -> bool:
    return clears(work.principal, level) and await repository.has_access(
        work.conn, letter_id=letter_id, user_id=work.principal.subject_id)


async def check_recipient_view(work: UnitOfWork, delivery: Mapping[str, Any] | None) -> None:
    """Raises not_found (never forbidden: existence must not leak) unless the caller may see this delivery."""
    principal = work.principal
    if (delivery is None or delivery["recipient_agency_id"] != principal.agency_id
            or not Delivery(delivery).visible_to_recipient):
        raise AppError(NOT_FOUND)
    if secrecy.is_secret(delivery["secrecy"]):
        if not await may_read_secret(work, delivery["letter_id"], delivery["secrecy"]):
            raise AppError(NOT_FOUND)
    elif not sees_whole_agency(principal) and not await repository.is_routed_to(
            work.conn, delivery_id=delivery["delivery_id"], user_id=principal.subject_id):
        raise AppError(NOT_FOUND)


async def check_secret_reader(work: UnitOfWork, letter_id: uuid.UUID, level: int, what: str) -> None:
    """A secret letter is shown only to the people named for it (not_found to anyone else), and every answer that
    shows it to them is audited as a read, whatever the request was for."""
    if secrecy.is_secret(level) and not await may_read_secret(work, letter_id, level):
        raise AppError(NOT_FOUND)
    await audit_secret_read(work, letter_id, level, what)


def check_handles_mail(principal: Principal) -> None:
    """Accepting, rejecting and routing are the correspondence clerk's work (or the agency system's)."""
    if not sees_whole_agency(principal):
        raise AppError(FORBIDDEN)


async def audit_secret_read(work: UnitOfWork, letter_id: uuid.UUID, level: int, what: str) -> None:
    if secrecy.is_secret(level):
        await work.audit("secret_letter_read", subject=str(letter_id), detail={"secrecy": level, "what": what})
