"""Who sees a draft in review: the drafter, the people on its route, whoever stands in for one of them now, and,
once it is signed, the correspondence clerks; a secret letter only those of them cleared for it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from opensaraban_shared.auth import Role
from opensaraban_shared.errors import NOT_FOUND, AppError
from opensaraban_shared.unit_of_work import UnitOfWork

from .. import secrecy
from ..letters import repository as letters_repository
from ..letters.model import LetterStatus
from . import delegations, repository


async def check_reader(work: UnitOfWork, letter: Mapping[str, Any], review: Mapping[str, Any]) -> None:
    """Anyone else: not found (existence does not leak)."""
    principal = work.principal
    on_route = {s["user_id"] for s in review["steps"]} | {review["drafter_id"]}
    allowed = principal.subject_id in on_route or (
        letter["status"] in (LetterStatus.SIGNED, LetterStatus.SENT) and principal.has_any_role(Role.CLERK))
    if not allowed:
        allowed = bool(on_route & set(await delegations.stand_ins(work.conn, principal.subject_id)))
    if not allowed or not secrecy.clears(principal.clearance, letter["secrecy"]):
        raise AppError(NOT_FOUND)


async def readable(work: UnitOfWork, letter_id: uuid.UUID) -> asyncpg.Record:
    """A letter that has a review, as its readers may see it."""
    letter = await letters_repository.get_letter(work.conn, letter_id)
    review = letter and await repository.get_review(work.conn, letter_id)
    if not review or letter["sender_agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    await check_reader(work, letter, review)
    return letter
