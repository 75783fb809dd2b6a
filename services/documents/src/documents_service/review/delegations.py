"""Acting-for (รักษาราชการแทน) and on-behalf-of (ปฏิบัติราชการแทน) delegations: who stands in for whom, when.

A delegation is in force from its start until its end (or until it is ended early): nothing has to run for it to
end by itself, because every question about it is asked for a moment."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import asyncpg

from opensaraban_shared.auth import Role
from opensaraban_shared.clock import now
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.unit_of_work import UnitOfWork

from ..directory import repository as directory_repository
from ..identity import repository as identity_repository
from . import repository
from .model import capacity_line
from .models import DelegationCreate, DelegationRead, Person

DELEGATION_OVERLAPS = ErrorKind("delegation_overlaps", 422, "ช่วงเวลาซ้อนกับการมอบหมายอื่นของตำแหน่งเดียวกัน",
                                "The period overlaps another delegation for the same holder")
NOT_IN_AGENCY = ErrorKind("not_in_agency", 422, "บุคคลนี้ไม่ได้อยู่ในหน่วยงานหรือไม่ได้ใช้งานแล้ว",
                          "This person is not an active member of the agency")
ALREADY_OVER = ErrorKind("delegation_over", 409, "การมอบหมายนี้สิ้นสุดแล้ว", "This delegation is already over")


async def stand_ins(conn: asyncpg.Connection, user_id: str) -> dict[str, asyncpg.Record]:
    """Whom `user_id` stands in for now: holder id → delegation."""
    return {d["holder_id"]: d for d in await repository.stood_in_for(conn, user_id, now())}


async def create(work: UnitOfWork, *, request: DelegationCreate) -> DelegationRead:
    conn, principal = work.conn, work.principal
    await _check_may_delegate(work, holder_id=request.holder_user_id)
    people = await identity_repository.users_by_id(conn, [request.holder_user_id, request.delegate_user_id])
    for field, user_id in (("holder_user_id", request.holder_user_id), ("delegate_user_id", request.delegate_user_id)):
        person = people.get(user_id)
        if person is None or not person["active"] or person["agency_id"] != principal.agency_id:
            raise AppError(NOT_IN_AGENCY, {"field": field, "user_id": user_id})
    await repository.lock_holder(conn, request.holder_user_id)
    if clash := await repository.overlapping(conn, holder_id=request.holder_user_id, starts_at=request.starts_at,
                                             ends_at=request.ends_at):
        raise AppError(DELEGATION_OVERLAPS, {"delegation_id": str(clash["delegation_id"])})
    values = {"delegation_id": uuid.uuid4(), "agency_id": principal.agency_id, "kind": request.kind,
              "holder_id": request.holder_user_id, "delegate_id": request.delegate_user_id,
              "post_title": request.post_title, "scope": request.scope, "starts_at": request.starts_at,
              "ends_at": request.ends_at, "ended_at": None, "created_by": principal.subject_id, "created_at": now()}
    await repository.insert_delegation(conn, values)
    await work.audit("delegation_created", subject=str(values["delegation_id"]),
                     detail={**request.model_dump(mode="json")})
    return read(values, people)


async def listed(work: UnitOfWork) -> list[DelegationRead]:
    """The agency's delegations in force or to come."""
    rows = await repository.delegations_in(work.conn, agency_id=work.principal.agency_id, since=now())
    people = await identity_repository.users_by_id(work.conn, [p for d in rows for p in (d["holder_id"],
                                                                                           d["delegate_id"])])
    return [read(d, people) for d in rows]


async def end(work: UnitOfWork, *, delegation_id: uuid.UUID) -> DelegationRead:
    conn = work.conn
    delegation = await repository.get_delegation(conn, delegation_id)
    if delegation is None or delegation["agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    await _check_may_delegate(work, holder_id=delegation["holder_id"])
    at = now()
    if min(delegation["ends_at"], delegation["ended_at"] or delegation["ends_at"]) <= at:
        raise AppError(ALREADY_OVER)
    await repository.end_delegation(conn, delegation_id, at)
    await work.audit("delegation_ended", subject=str(delegation_id), detail={"holder_id": delegation["holder_id"]})
    people = await identity_repository.users_by_id(conn, [delegation["holder_id"], delegation["delegate_id"]])
    return read({**dict(delegation), "ended_at": at}, people)


async def _check_may_delegate(work: UnitOfWork, *, holder_id: str) -> None:
    """The agency's administrators set delegations; a person their own leave delegate, if the agency allows it."""
    principal = work.principal
    if principal.has_any_role(Role.ADMINISTRATOR):
        return
    settings = await directory_repository.letter_settings(work.conn, principal.agency_id)
    if holder_id != principal.subject_id or not settings["self_delegation"]:
        raise AppError(FORBIDDEN)


def person(record: Mapping | None, user_id: str) -> Person:
    if record is None:
        return Person(user_id=user_id, display_name=user_id)
    return Person(user_id=user_id, display_name=record["display_name"], position=record["position"],
                  unit_id=record["unit_id"], clearance=record["clearance"])


def read(row: Mapping, people: Mapping[str, Mapping]) -> DelegationRead:
    at = now()
    over = min(row["ends_at"], row["ended_at"] or row["ends_at"])
    return DelegationRead(
        delegation_id=row["delegation_id"], kind=row["kind"], holder=person(people.get(row["holder_id"]), row["holder_id"]),
        delegate=person(people.get(row["delegate_id"]), row["delegate_id"]), post_title=row["post_title"],
        scope=row["scope"], capacity=capacity_line(row["kind"], row["post_title"]), starts_at=row["starts_at"],
        ends_at=row["ends_at"], ended_at=row["ended_at"], in_force=row["starts_at"] <= at < over)
