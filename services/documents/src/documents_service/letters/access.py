"""Who may see and act on a letter: agency boundaries, routing inside an agency, named readers of secret letters."""

from __future__ import annotations

import uuid

import asyncpg

from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError
from opensaraban_shared.vocabulary import Secrecy

from .. import audit_trail
from . import repository


def sees_whole_agency(principal: Principal) -> bool:
    """Correspondence clerks and agency systems handle all of the agency's mail; others what is routed to them."""
    return principal.has_any_role(Role.CLERK, Role.AGENCY_SYSTEM)


def is_secret(secrecy: int) -> bool:
    return secrecy > Secrecy.NORMAL


def clears(principal: Principal, secrecy: int) -> bool:
    return principal.clearance >= secrecy - Secrecy.NORMAL


async def may_read_secret(conn: asyncpg.Connection, principal: Principal, letter_id: uuid.UUID, secrecy: int) -> bool:
    return clears(principal, secrecy) and await repository.has_access(
        conn, letter_id=letter_id, user_id=principal.subject_id)


async def check_recipient_view(conn: asyncpg.Connection, principal: Principal, delivery: asyncpg.Record) -> None:
    """Raises not_found (never forbidden: existence must not leak) unless the caller may see this delivery."""
    if delivery is None or delivery["recipient_agency_id"] != principal.agency_id or delivery["status"] == "withdrawn":
        raise AppError(NOT_FOUND)
    if is_secret(delivery["secrecy"]):
        if not await may_read_secret(conn, principal, delivery["letter_id"], delivery["secrecy"]):
            raise AppError(NOT_FOUND)
    elif not sees_whole_agency(principal) and not await repository.is_routed_to(
            conn, delivery_id=delivery["delivery_id"], user_id=principal.subject_id):
        raise AppError(NOT_FOUND)


async def check_secret_reader(conn: asyncpg.Connection, principal: Principal, letter_id: uuid.UUID, secrecy: int,
                              what: str) -> None:
    """A secret letter is shown only to the people named for it (not_found to anyone else), and every answer that
    shows it to them is audited as a read, whatever the request was for."""
    if is_secret(secrecy) and not await may_read_secret(conn, principal, letter_id, secrecy):
        raise AppError(NOT_FOUND)
    await audit_secret_read(conn, principal, letter_id, secrecy, what)


def check_handles_mail(principal: Principal) -> None:
    """Accepting, rejecting and routing are the correspondence clerk's work (or the agency system's)."""
    if not sees_whole_agency(principal):
        raise AppError(FORBIDDEN)


async def audit_secret_read(conn: asyncpg.Connection, principal: Principal, letter_id: uuid.UUID, secrecy: int,
                            what: str) -> None:
    if is_secret(secrecy):
        await audit_trail.record(conn, principal, action="secret_letter_read",
                                 subject=str(letter_id), detail={"secrecy": secrecy, "what": what})
