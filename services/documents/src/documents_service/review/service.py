"""Use cases of the review chain: proposing a draft along a route, passing, returning, signing, refusing, recalling,
and the queues and history people work from. Each takes the unit of work its caller opened; the review model
decides, the repositories store, `work.emit` sends (events built here, in `_event`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared.auth import Role
from opensaraban_shared.clock import now
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.events import ReviewRecalled, ReviewStepAssigned, ReviewStepCompleted
from opensaraban_shared.unit_of_work import UnitOfWork
from opensaraban_shared.vocabulary import LetterKind

from .. import secrecy
from ..directory import repository as directory_repository
from ..identity import repository as identity_repository
from ..letters import access as letters_access
from ..letters import repository as letters_repository
from ..letters import service as letters
from ..letters.model import LetterStatus
from ..letters.printouts import Printer
from ..signing import copies
from ..signing import service as signing
from ..signing.desk import SigningDesk
from . import access, delegations, diff, repository
from .model import Action, Outcome, Review, ReviewStatus, Step, capacity_line, route_of
from .models import (
    ActionRead,
    FieldDiff,
    Person,
    ReviewCounts,
    ReviewItem,
    ReviewRead,
    RouteRequest,
    StepRead,
    VersionRead,
)

NOT_CLEARED = ErrorKind("not_cleared", 422, "บุคคลนี้ไม่มีสิทธิ์อ่านหนังสือลับชั้นนี้", "This person is not cleared for "
                        "the letter's secrecy")
NO_DEFAULT_ROUTE = ErrorKind("no_default_route", 422, "ยังไม่ได้เลือกเส้นทางเสนอ และหน่วยงานย่อยไม่มีเส้นทางตั้งต้น",
                             "Choose a route: the drafter's unit keeps no default route")
NOT_SIGNING_STEP = ErrorKind("not_signing_step", 409, "หนังสือนี้ยังไม่ถึงขั้นลงนามของท่าน",
                             "This letter is not at your signing step")
NO_SIGNING_COPY = ErrorKind("no_signing_copy", 409,
                            "หนังสือนี้ไม่มีฉบับสำหรับลงนามล่วงหน้า (หนังสือหลักเป็นไฟล์ที่อัปโหลด หรือเลขที่และวันที่ต้องจัดหน้าใหม่) "
                            "ระบบจะจัดหน้าหนังสือเมื่อท่านลงนาม",
                            "This letter has no signing copy (its main letter is an uploaded file, or its number and "
                            "date need the letter laid out again): it is laid out as you sign")
NOT_PROPOSABLE = ErrorKind("not_proposable", 409, "เสนอได้เฉพาะร่างหนังสือ", "Only a draft can be proposed")


# --- proposing -----------------------------------------------------------------------------------

async def propose(work: UnitOfWork, *, letter_id: uuid.UUID, request: RouteRequest) -> ReviewRead:
    """The drafter proposes the draft along a route: its current text becomes a version, the first step opens."""
    conn, principal = work.conn, work.principal
    letter = await letters_repository.get_letter(conn, letter_id, for_update=True)
    if letter is None or letter["sender_agency_id"] != principal.agency_id or letter["created_by"] != principal.subject_id:
        raise AppError(NOT_FOUND)
    if letter["status"] != LetterStatus.DRAFT:
        raise AppError(NOT_PROPOSABLE, {"status": letter["status"]})
    reviewer_ids, signer_id = await _route_asked(work, request)
    steps = route_of(reviewer_ids, signer_id, drafter_id=principal.subject_id)
    await _check_people(conn, principal.agency_id, [s.user_id for s in steps], secrecy_level=letter["secrecy"])
    at = now()
    earlier = await repository.get_review(conn, letter_id, for_update=True)
    await repository.keep_version(conn, letter, by=principal.subject_id, at=at)
    round_ = await repository.start_round(conn, letter_id=letter_id, agency_id=principal.agency_id,
                                          drafter_id=principal.subject_id, steps=steps, version=letter["version"],
                                          at=at)
    if earlier is not None and letter["version"] > earlier["version"]:
        await repository.record_action(conn, letter_id=letter_id, round=round_, position=0, action="revised",
                                       actor_id=principal.subject_id, version=letter["version"], at=at)
    await repository.record_action(conn, letter_id=letter_id, round=round_, position=0, action="proposed",
                                   actor_id=principal.subject_id, version=letter["version"], note=request.note, at=at)
    await letters_repository.set_status(conn, letter_id, LetterStatus.IN_REVIEW)
    if secrecy.is_secret(letter["secrecy"]):
        await letters_repository.grant_access(conn, letter_id=letter_id, granted_by=principal.subject_id,
                                              people=[(principal.agency_id, s.user_id) for s in steps])
    review = await repository.get_review(conn, letter_id)
    await _assign(work, letter, review, steps[0], at=at)
    await work.audit("letter_proposed", subject=str(letter_id),
                     detail={"round": round_, "version": letter["version"], "route": [s.user_id for s in steps]})
    return await _read(conn, letter_id)


async def _route_asked(work: UnitOfWork, request: RouteRequest) -> tuple[list[str], str]:
    if request.signer_id:
        return list(request.reviewer_ids or []), request.signer_id
    drafter = await identity_repository.get_user(work.conn, work.principal.subject_id)
    default = drafter and drafter["unit_id"] and await repository.default_route(work.conn, drafter["unit_id"])
    if not default:
        raise AppError(NO_DEFAULT_ROUTE)
    return list(default["reviewer_ids"]), default["signer_id"]


async def _check_people(conn: asyncpg.Connection, agency_id: str, user_ids: list[str], *, secrecy_level: int) -> None:
    """Everyone on a route is an active person of the agency, cleared for the letter's secrecy."""
    people = await identity_repository.users_by_id(conn, user_ids)
    for user_id in user_ids:
        person = people.get(user_id)
        if person is None or not person["active"] or person["agency_id"] != agency_id:
            raise AppError(delegations.NOT_IN_AGENCY, {"user_id": user_id})
        if not secrecy.clears(person["clearance"], secrecy_level):
            raise AppError(NOT_CLEARED, {"user_id": user_id, "display_name": person["display_name"]})


# --- acting on a step ----------------------------------------------------------------------------

async def act(work: UnitOfWork, *, letter_id: uuid.UUID, action: Action, version: int, note: str = "",
              to_position: int | None = None, printer: Printer, desk: SigningDesk | None = None,
              pin: str | None = None) -> ReviewRead:
    """The open step's holder, or their delegate, passes, returns, signs or refuses the version they read.
    A signer with a signing certificate signs digitally, confirming it is them with their PIN (`desk` and `pin`)."""
    conn, principal = work.conn, work.principal
    letter, review = await _locked(work, letter_id)
    stand_ins = await delegations.stand_ins(conn, principal.subject_id)
    step = review.check_actor(principal.subject_id, delegate_for=set(stand_ins))
    review.check_version(version)
    outcome = review.act(action, to_position=to_position)
    at = now()
    delegation = stand_ins.get(step.user_id) if principal.subject_id != step.user_id else None
    capacity = capacity_line(delegation["kind"], delegation["post_title"]) if delegation else ""
    await repository.record_action(conn, letter_id=letter_id, round=review.row["round"], position=step.position,
                                   action=action, actor_id=principal.subject_id,
                                   on_behalf_of=step.user_id if delegation else None, capacity=capacity, note=note,
                                   version=version, to_position=outcome.returned_to, at=at)
    completed = work.emit(ReviewStepCompleted(
        **await _event(conn, letter, review.row), position=step.position, role=step.role, action=action,
        holder_user_id=step.user_id, actor_user_id=principal.subject_id, capacity=capacity, note=note,
        returned_to_position=outcome.returned_to, assigned_at=review.row["assigned_at"], acted_at=at))
    await _move(work, letter, review, outcome, at=at, caused_by=completed)
    if outcome.status is ReviewStatus.SIGNED:
        await _signed(work, letter, capacity=capacity, printer=printer, desk=desk, pin=pin)
    await work.audit(f"review_{action}", subject=str(letter_id),
                     detail={"round": review.row["round"], "position": step.position, "version": version,
                             "on_behalf_of": step.user_id if delegation else None})
    return await _read(conn, letter_id)


async def _move(work: UnitOfWork, letter: Mapping[str, Any], review: Review, outcome: Outcome, *, at: datetime,
                caused_by: Any) -> None:
    conn, letter_id = work.conn, letter["letter_id"]
    if outcome.next_position is None:
        await repository.move(conn, letter_id=letter_id, status=outcome.status, position=None, holder_id=None, at=at)
        if outcome.status is not ReviewStatus.SIGNED:
            await letters_repository.set_status(conn, letter_id, LetterStatus.DRAFT)
        return
    step = review.steps[outcome.next_position - 1]
    await repository.move(conn, letter_id=letter_id, status=outcome.status, position=step.position,
                          holder_id=step.user_id, at=at)
    await _assign(work, letter, {**review.row, "current_position": step.position}, step, at=at, caused_by=caused_by)


async def _assign(work: UnitOfWork, letter: Mapping[str, Any], review: Mapping[str, Any], step: Step, *,
                  at: datetime, caused_by: Any = None) -> None:
    """The step is now its holder's (or their delegate's) to act on; notify tells them."""
    conn = work.conn
    stand_in = await repository.delegation_of(conn, step.user_id, at)
    settings = await directory_repository.letter_settings(conn, letter["sender_agency_id"])
    work.emit(ReviewStepAssigned(
        **await _event(conn, letter, review), position=step.position, role=step.role, holder_user_id=step.user_id,
        delegate_user_id=stand_in["delegate_id"] if stand_in else None,
        remind_after_hours=settings["review_reminder_hours"], assigned_at=at), caused_by=caused_by)


async def _signed(work: UnitOfWork, letter: Mapping[str, Any], *, capacity: str, printer: Printer,
                  desk: SigningDesk | None, pin: str | None) -> None:
    """The signature block names the person who signed, in their capacity; the content is frozen from now on.
    A signer with a certificate signs it digitally: numbered and dated, printed and certified with their key
    (docs/signatures.md). Sent at once when the agency says so, else it waits in the clerks' queue."""
    conn, principal = work.conn, work.principal
    credential = await signing.signing_credential(conn, principal.subject_id, pin=pin) if desk else None
    signer = await identity_repository.get_user(conn, principal.subject_id)
    await letters_repository.mark_signed(conn, letter["letter_id"], name=signer["display_name"],
                                         position=signer["position"] or "", capacity=capacity)
    if credential is not None and desk is not None and pin:
        await signing.sign_letter(work, desk, printer, letter_id=letter["letter_id"], credential=credential,
                                  pin=pin)
    settings = await directory_repository.letter_settings(conn, letter["sender_agency_id"])
    if settings["send_after_signing"]:
        await letters.send_signed(work, letter_id=letter["letter_id"], printer=printer)


async def signing_copy(work: UnitOfWork, *, letter_id: uuid.UUID, printer: Printer) -> bytes:
    """The PDF the principal signs if they sign now, the open signing step being theirs or their holder's: the
    letter's signing copy (signing/copies.py), laid out now if none is kept; its number and date are written as it
    is signed."""
    conn, principal = work.conn, work.principal
    letter = await letters_repository.get_letter(conn, letter_id)
    row = letter and await repository.get_review(conn, letter_id)
    if not row or letter["sender_agency_id"] != principal.agency_id:
        raise AppError(NOT_FOUND)
    await access.check_reader(work, letter, row)
    stand_ins = await delegations.stand_ins(conn, principal.subject_id)
    step = Review(row).check_actor(principal.subject_id, delegate_for=set(stand_ins))
    if step.role != "sign":
        raise AppError(NOT_SIGNING_STEP)
    delegation = stand_ins.get(step.user_id) if principal.subject_id != step.user_id else None
    capacity = capacity_line(delegation["kind"], delegation["post_title"]) if delegation else ""
    kept = await copies.prepare(conn, printer, letter_id=letter_id, signer_id=principal.subject_id,
                                capacity=capacity)
    if kept is None:
        raise AppError(NO_SIGNING_COPY)
    return await printer.store.read_verified(kept["object_key"], kept["sha256"])


async def recall(work: UnitOfWork, *, letter_id: uuid.UUID) -> ReviewRead:
    """The drafter takes the proposal back before it is signed: a draft again, to change or propose anew."""
    conn, principal = work.conn, work.principal
    letter, review = await _locked(work, letter_id)
    step = review.recall(principal.subject_id)
    at = now()
    stand_in = await repository.delegation_of(conn, step.user_id, at)
    await repository.record_action(conn, letter_id=letter_id, round=review.row["round"], position=0,
                                   action="recalled", actor_id=principal.subject_id, version=review.row["version"],
                                   at=at)
    await repository.move(conn, letter_id=letter_id, status=ReviewStatus.RECALLED, position=None, holder_id=None,
                          at=at)
    await letters_repository.set_status(conn, letter_id, LetterStatus.DRAFT)
    work.emit(ReviewRecalled(**await _event(conn, letter, review.row), position=step.position,
                             holder_user_id=step.user_id, delegate_user_id=stand_in["delegate_id"] if stand_in else None,
                             recalled_at=at))
    await work.audit("review_recalled", subject=str(letter_id), detail={"round": review.row["round"]})
    return await _read(conn, letter_id)


async def _locked(work: UnitOfWork, letter_id: uuid.UUID) -> tuple[asyncpg.Record, Review]:
    letter = await letters_repository.get_letter(work.conn, letter_id, for_update=True)
    row = letter and await repository.get_review(work.conn, letter_id, for_update=True)
    if not row or letter["sender_agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    await access.check_reader(work, letter, row)
    return letter, Review(row)


async def _event(conn: asyncpg.Connection, letter: Mapping[str, Any], review: Mapping[str, Any]) -> dict[str, Any]:
    """The fields every review event carries (ReviewEvent)."""
    agency = (await directory_repository.agencies_by_id(conn, [letter["sender_agency_id"]]))[letter["sender_agency_id"]]
    fields = {"letter_id": letter["letter_id"], "agency_id": letter["sender_agency_id"],
              "agency_province_code": agency["province_code"], "kind": LetterKind(letter["kind"]),
              "urgency": letter["urgency"], "secrecy": letter["secrecy"], "subject": letter["subject"],
              "drafter_user_id": review["drafter_id"], "round": review["round"], "version": review["version"]}
    return fields


# --- reading ------------------------------------------------------------------------------------

async def get_review(work: UnitOfWork, *, letter_id: uuid.UUID) -> ReviewRead:
    await access.readable(work, letter_id)
    return await _read(work.conn, letter_id)


async def _read(conn: asyncpg.Connection, letter_id: uuid.UUID) -> ReviewRead:
    letter = await letters_repository.get_letter(conn, letter_id)
    row = await repository.get_review(conn, letter_id)
    actions = await repository.actions_of(conn, letter_id)
    review = Review(row)
    at = now()
    ids = {row["drafter_id"], *(s.user_id for s in review.steps), *(a["actor_id"] for a in actions),
           *(a["on_behalf_of"] for a in actions if a["on_behalf_of"])}
    stand_ins = {s.user_id: await repository.delegation_of(conn, s.user_id, at) for s in review.steps}
    ids |= {d["delegate_id"] for d in stand_ins.values() if d}
    people = await identity_repository.users_by_id(conn, list(ids))

    def who(user_id: str) -> Person:
        return delegations.person(people.get(user_id), user_id)

    this_round = {a["position"]: a["action"] for a in actions if a["round"] == row["round"] and a["position"]}
    steps = [StepRead(position=s.position, role=s.role, holder=who(s.user_id),
                      delegate=who(stand_ins[s.user_id]["delegate_id"]) if stand_ins[s.user_id] else None,
                      state=_step_state(review, s, this_round)) for s in review.steps]
    history = [ActionRead(round=a["round"], position=a["position"], action=a["action"], actor=who(a["actor_id"]),
                          on_behalf_of=who(a["on_behalf_of"]) if a["on_behalf_of"] else None,
                          capacity=a["capacity"], note=a["note"], version=a["version"], to_position=a["to_position"],
                          at=a["at"]) for a in actions]
    versions = [VersionRead(**dict(v)) for v in await repository.versions_of(conn, letter_id)]
    return ReviewRead(letter_id=letter_id, status=row["status"], letter_status=letter["status"], round=row["round"],
                      version=row["version"], current_position=row["current_position"], drafter=who(row["drafter_id"]),
                      steps=steps, history=history, versions=versions)


def _step_state(review: Review, step: Step, acted: Mapping[int, str]) -> str:
    if review.status is ReviewStatus.IN_REVIEW and review.row["current_position"] == step.position:
        return "open"
    if review.status is ReviewStatus.IN_REVIEW and step.position > review.row["current_position"]:
        return "waiting"
    return acted.get(step.position, "waiting")


async def version(work: UnitOfWork, *, letter_id: uuid.UUID, number: int) -> dict[str, Any]:
    await access.readable(work, letter_id)
    content = await repository.get_version(work.conn, letter_id, number)
    if content is None:
        raise AppError(NOT_FOUND)
    return content


async def difference(work: UnitOfWork, *, letter_id: uuid.UUID, old: int, new: int) -> list[FieldDiff]:
    await access.readable(work, letter_id)
    before = await repository.get_version(work.conn, letter_id, old)
    after = await repository.get_version(work.conn, letter_id, new)
    if before is None or after is None:
        raise AppError(NOT_FOUND)
    return diff.fields(before, after)


# --- work queues ---------------------------------------------------------------------------------

async def waiting(work: UnitOfWork, *, limit: int = 100) -> list[ReviewItem]:
    """รอพิจารณา: open steps that are mine, or my holders' while I stand in for them."""
    conn, me = work.conn, work.principal.subject_id
    stand_ins = await delegations.stand_ins(conn, me)
    rows = await repository.waiting_for(conn, holder_ids=[me, *stand_ins], agency_id=work.principal.agency_id,
                                        limit=limit)
    people = await identity_repository.users_by_id(conn, list(stand_ins))
    return [_item(r, status=r["status"], as_delegate_for=delegations.person(people.get(r["open_holder_id"]),
                                                                              r["open_holder_id"])
                  if r["open_holder_id"] != me else None) for r in rows if _may_show(work, r)]


async def proposed(work: UnitOfWork, *, limit: int = 100) -> list[ReviewItem]:
    """ที่ฉันเสนอ: my proposals not yet sent, and where each is now."""
    rows = await repository.proposed_by(work.conn, drafter_id=work.principal.subject_id, limit=limit)
    people = await identity_repository.users_by_id(work.conn, [r["open_holder_id"] for r in rows if r["open_holder_id"]])
    return [_item(r, status=r["status"], open_holder=delegations.person(people.get(r["open_holder_id"]),
                                                                          r["open_holder_id"])
                  if r["open_holder_id"] else None) for r in rows]


async def to_number(work: UnitOfWork, *, limit: int = 100) -> list[ReviewItem]:
    """รอออกเลข: signed letters the clerks number and send."""
    letters_access.check_handles_mail(work.principal)
    rows = await repository.signed_to_number(work.conn, agency_id=work.principal.agency_id, limit=limit)
    return [ReviewItem(letter_id=r["letter_id"], subject=r["subject"], kind=r["kind"], subtype=r["subtype"],
                       urgency=r["urgency"], secrecy=r["secrecy"], status=LetterStatus.SIGNED.value,
                       since=r["signed_at"], signed_by=" ".join(filter(None, (r["signatory_name"],
                                                                              r["signatory_capacity"]))))
            for r in rows if _may_show(work, r)]


async def counts(work: UnitOfWork) -> ReviewCounts:
    clerk = work.principal.has_any_role(Role.CLERK, Role.AGENCY_SYSTEM)
    return ReviewCounts(waiting=len(await waiting(work, limit=500)), proposed=len(await proposed(work, limit=500)),
                        to_number=len(await to_number(work, limit=500)) if clerk else 0)


def _may_show(work: UnitOfWork, row: Mapping[str, Any]) -> bool:
    return secrecy.clears(work.principal.clearance, row["secrecy"])


def _item(row: Mapping[str, Any], **parts: Any) -> ReviewItem:
    return ReviewItem(letter_id=row["letter_id"], subject=row["subject"], kind=row["kind"], subtype=row["subtype"],
                      urgency=row["urgency"], secrecy=row["secrecy"], round=row["round"], version=row["version"],
                      current_position=row["current_position"], since=row["assigned_at"] or row["updated_at"],
                      **parts)


# --- routes --------------------------------------------------------------------------------------

async def candidates(work: UnitOfWork, *, q: str | None) -> list[Person]:
    """Active people of my agency who can be on a route."""
    rows, _ = await identity_repository.list_users(work.conn, agency_id=work.principal.agency_id, unit_id=None, q=q,
                                                   include_inactive=False, limit=200, offset=0)
    return [delegations.person(r, r["user_id"]) for r in rows if r["user_id"] != work.principal.subject_id
            and not set(r["roles"]) <= {Role.AGENCY_SYSTEM.value}]


async def default_route(work: UnitOfWork, *, unit_id: str) -> dict[str, Any]:
    await _own_unit(work, unit_id)
    route = await repository.default_route(work.conn, unit_id)
    if route is None:
        raise AppError(NOT_FOUND)
    return dict(route)


async def set_default_route(work: UnitOfWork, *, unit_id: str, reviewer_ids: list[str],
                            signer_id: str) -> dict[str, Any]:
    await _own_unit(work, unit_id, administer=True)
    steps = route_of(reviewer_ids, signer_id, drafter_id="")
    await _check_people(work.conn, work.principal.agency_id, [s.user_id for s in steps], secrecy_level=1)
    await repository.put_default_route(work.conn, unit_id=unit_id, reviewer_ids=reviewer_ids, signer_id=signer_id,
                                       by=work.principal.subject_id, at=now())
    await work.audit("default_route_set", subject=unit_id, detail={"reviewer_ids": reviewer_ids, "signer_id": signer_id})
    return {"reviewer_ids": reviewer_ids, "signer_id": signer_id}


async def _own_unit(work: UnitOfWork, unit_id: str, *, administer: bool = False) -> None:
    unit = await directory_repository.get_unit(work.conn, unit_id)
    if unit is None or unit["agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    if administer and not work.principal.has_any_role(Role.ADMINISTRATOR, Role.EXECUTIVE):
        raise AppError(FORBIDDEN)
