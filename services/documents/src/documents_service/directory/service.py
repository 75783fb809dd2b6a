"""Use cases of the agency directory; each runs in the unit of work its route opened."""

from __future__ import annotations

import asyncio
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any, Literal

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.auth import Principal
from opensaraban_shared.errors import FORBIDDEN, INVALID_INPUT, NOT_FOUND, AppError
from opensaraban_shared.thai import arabic_digits
from opensaraban_shared.unit_of_work import UnitOfWork

from . import access, repository, transfer
from .events import record_agencies_changed
from .models import (
    AGENCY_EXISTS,
    AGENCY_HAS_ACTIVE_CHILDREN,
    DIRECTORY_CYCLE,
    DIRECTORY_IMPORT_INVALID,
    LETTER_SUFFIX_TAKEN,
    LIST_EXISTS,
    UNIT_EXISTS,
    UNIT_IN_USE,
    UNKNOWN_AGENCIES,
    UNKNOWN_PARENT,
    AgencyCreate,
    AgencyDetail,
    AgencyPage,
    AgencyRead,
    AgencyRef,
    AgencyUpdate,
    DirectoryImportResult,
    DistributionListCreate,
    DistributionListDetail,
    DistributionListPage,
    DistributionListRead,
    DistributionListUpdate,
    ImportCounts,
    LetterSettings,
    UnitCreate,
    UnitRead,
    UnitUpdate,
)

Format = Literal["json", "csv"]


def normalise_query(q: str | None) -> str | None:
    """Search text as people type it: NFC, Thai or Arabic digits, sara am typed as nikhahit + sara aa."""
    if q is None:
        return None
    text = arabic_digits(unicodedata.normalize("NFC", q)).replace("\u0e4d\u0e32", "\u0e33").strip()
    return text or None


# --- Agencies -----------------------------------------------------------------------------------------


async def list_agencies(work: UnitOfWork, *, parent_id: str | None = None, kind: str | None = None,
                        province_code: str | None = None, q: str | None = None, roots_only: bool = False,
                        include_inactive: bool = False, limit: int = 100, offset: int = 0) -> AgencyPage:
    rows, total = await repository.list_agencies(
        work.conn, parent_id=parent_id, kind=kind, province_code=province_code, q=normalise_query(q),
        roots_only=roots_only, include_inactive=include_inactive, limit=limit, offset=offset,
    )
    return AgencyPage(items=[AgencyRead(**dict(r)) for r in rows], total=total, limit=limit, offset=offset)


async def get_agency(work: UnitOfWork, *, agency_id: str, include_inactive_units: bool = False) -> AgencyDetail:
    conn = work.conn
    agency = await repository.agency_read(conn, agency_id)
    if agency is None:
        raise AppError(NOT_FOUND)
    chain = await repository.ancestors(conn, agency_id)
    units = await repository.units_of(conn, agency_id, include_inactive=include_inactive_units)
    return AgencyDetail(**dict(agency), ancestors=[AgencyRef(**dict(a)) for a in chain],
                        units=unit_tree(agency["letter_prefix"], units))


async def children(work: UnitOfWork, *, agency_id: str, include_inactive: bool = False, limit: int = 100,
                   offset: int = 0) -> AgencyPage:
    if await repository.get_agency(work.conn, agency_id) is None:
        raise AppError(NOT_FOUND)
    rows, total = await repository.list_agencies(work.conn, parent_id=agency_id, include_inactive=include_inactive,
                                                 limit=limit, offset=offset)
    return AgencyPage(items=[AgencyRead(**dict(r)) for r in rows], total=total, limit=limit, offset=offset)


async def create_agency(work: UnitOfWork, *, agency: AgencyCreate) -> AgencyRead:
    """Root agencies by root administrators; an agency below another by the administrators of that one or above."""
    conn, principal = work.conn, work.principal
    if agency.parent_id is None:
        await access.require_root_administrator(conn, principal)
    else:
        await access.require_administrator_of(conn, principal, agency.parent_id)
    await repository.lock_tree(conn)
    if agency.parent_id is not None:
        await _require_active_agency(conn, agency.parent_id)
    if not await repository.insert_agency(conn, **agency.model_dump(mode="json")):
        raise AppError(AGENCY_EXISTS, {"agency_id": agency.agency_id})
    await work.audit("agency_created", subject=agency.agency_id, detail=agency.model_dump(mode="json"))
    await record_agencies_changed(work, [agency.agency_id])
    return AgencyRead(**dict(await repository.agency_read(conn, agency.agency_id)))


async def letter_settings(work: UnitOfWork, *, agency_id: str) -> LetterSettings:
    await access.require_administrator_of(work.conn, work.principal, agency_id)
    agency = await repository.get_agency(work.conn, agency_id)
    if agency is None:
        raise AppError(NOT_FOUND)
    return LetterSettings(**await repository.letter_settings(work.conn, agency_id), address_th=agency["address_th"])


async def set_letter_settings(work: UnitOfWork, *, agency_id: str, settings: LetterSettings) -> LetterSettings:
    await access.require_administrator_of(work.conn, work.principal, agency_id)
    if await repository.get_agency(work.conn, agency_id) is None:
        raise AppError(NOT_FOUND)
    await repository.put_letter_settings(work.conn, agency_id, settings.model_dump(exclude={"address_th"}),
                                         updated_by=work.principal.subject_id)
    await repository.set_address(work.conn, agency_id, settings.address_th)
    await work.audit("letter_settings_changed", subject=agency_id, detail=settings.model_dump())
    return settings


async def update_agency(work: UnitOfWork, *, agency_id: str, update: AgencyUpdate) -> AgencyRead:
    changes = update.model_dump(mode="json", exclude_unset=True)
    _refuse_nulls(changes, ("kind", "name_th", "letter_prefix", "active"))
    conn, principal = work.conn, work.principal
    await repository.lock_tree(conn)
    current = await repository.get_agency(conn, agency_id)
    if current is None:
        raise AppError(NOT_FOUND)
    await access.require_administrator_above(conn, principal, agency_id)
    if "parent_id" in changes and changes["parent_id"] is None:
        await access.require_root_administrator(conn, principal)  # a new root: national powers
    if changes.get("parent_id") is not None and changes["parent_id"] != current["parent_id"]:
        await access.require_administrator_of(conn, principal, changes["parent_id"])  # moved within one's own tree
        await _require_active_agency(conn, changes["parent_id"])
        above = {a["agency_id"] for a in await repository.ancestors(conn, changes["parent_id"])}
        if agency_id == changes["parent_id"] or agency_id in above:
            raise AppError(DIRECTORY_CYCLE, {"agency_id": agency_id, "parent_id": changes["parent_id"]})
    if changes.get("active") is False and current["active"] and await repository.has_active_children(conn, agency_id):
        raise AppError(AGENCY_HAS_ACTIVE_CHILDREN, {"agency_id": agency_id})
    if changes:
        await repository.update_agency(conn, agency_id, changes)
        await work.audit("agency_changed", subject=agency_id, detail={"changes": changes})
        await record_agencies_changed(work, [agency_id])
    return AgencyRead(**dict(await repository.agency_read(conn, agency_id)))


async def _require_active_agency(conn: asyncpg.Connection, agency_id: str) -> asyncpg.Record:
    agency = await repository.get_agency(conn, agency_id)
    if agency is None or not agency["active"]:
        raise AppError(UNKNOWN_PARENT, {"parent_id": agency_id})
    return agency


def _refuse_nulls(changes: Mapping[str, Any], required: Sequence[str]) -> None:
    nulls = [name for name in required if name in changes and changes[name] is None]
    if nulls:
        raise AppError(INVALID_INPUT, {"fields": [{"loc": ["body", n], "msg": "may not be null"} for n in nulls]})


# --- Units --------------------------------------------------------------------------------------------


def unit_tree(agency_prefix: str, rows: Sequence[Mapping[str, Any]]) -> list[UnitRead]:
    """Units parents first (siblings by suffix, then name), each with its depth and effective letter prefix."""
    by_id = {r["unit_id"]: r for r in rows}
    kids: dict[str | None, list[Mapping[str, Any]]] = {}
    for row in rows:
        parent = row["parent_unit_id"] if row["parent_unit_id"] in by_id else None
        kids.setdefault(parent, []).append(row)

    def sort_key(row: Mapping[str, Any]) -> tuple:
        suffix = row["letter_suffix"]
        numbers = tuple(int(p) for p in suffix.split(".")) if suffix else (10**9,)
        return numbers, row["name_th"], row["unit_id"]

    out: list[UnitRead] = []
    stack: list[tuple[Mapping[str, Any], int, str | None]] = [
        (r, 0, None) for r in sorted(kids.get(None, []), key=sort_key, reverse=True)
    ]
    while stack:
        row, depth, inherited = stack.pop()
        suffix = row["letter_suffix"] or inherited
        prefix = f"{agency_prefix}.{suffix}" if suffix else agency_prefix
        out.append(UnitRead(**{k: row[k] for k in ("unit_id", "agency_id", "parent_unit_id", "name_th", "name_en",
                                                   "letter_suffix", "active")}, letter_prefix=prefix, depth=depth))
        stack += [(k, depth + 1, suffix) for k in sorted(kids.get(row["unit_id"], []), key=sort_key, reverse=True)]
    return out


async def list_units(work: UnitOfWork, *, agency_id: str, include_inactive: bool = False) -> list[UnitRead]:
    conn = work.conn
    agency = await repository.get_agency(conn, agency_id)
    if agency is None:
        raise AppError(NOT_FOUND)
    return unit_tree(agency["letter_prefix"], await repository.units_of(conn, agency_id,
                                                                         include_inactive=include_inactive))


async def get_unit(work: UnitOfWork, *, unit_id: str) -> UnitRead:
    conn = work.conn
    unit = await repository.get_unit(conn, unit_id)
    if unit is None:
        raise AppError(NOT_FOUND)
    return await _unit_read(conn, unit["agency_id"], unit_id)


async def _unit_read(conn: asyncpg.Connection, agency_id: str, unit_id: str) -> UnitRead:
    agency = await repository.get_agency(conn, agency_id)
    tree = unit_tree(agency["letter_prefix"], await repository.units_of(conn, agency_id, include_inactive=True))
    return next(u for u in tree if u.unit_id == unit_id)


async def create_unit(work: UnitOfWork, *, agency_id: str, unit: UnitCreate) -> UnitRead:
    unit_id = unit.unit_id or f"u-{uuid.uuid4().hex[:16]}"
    conn, principal = work.conn, work.principal
    if await repository.get_agency(conn, agency_id) is None:
        raise AppError(NOT_FOUND)
    await access.require_administrator_of(conn, principal, agency_id)
    await repository.lock_tree(conn)
    if unit.parent_unit_id is not None:
        await _require_active_unit_of(conn, agency_id, unit.parent_unit_id)
    if unit.letter_suffix:
        await _require_free_suffix(conn, agency_id, unit.letter_suffix, unit_id)
    if not await repository.insert_unit(conn, unit_id=unit_id, agency_id=agency_id,
                                        parent_unit_id=unit.parent_unit_id, name_th=unit.name_th,
                                        name_en=unit.name_en, letter_suffix=unit.letter_suffix):
        raise AppError(UNIT_EXISTS, {"unit_id": unit_id})
    await work.audit("unit_created", subject=unit_id, detail={"agency_id": agency_id, **unit.model_dump(mode="json")})
    return await _unit_read(conn, agency_id, unit_id)


async def update_unit(work: UnitOfWork, *, unit_id: str, update: UnitUpdate) -> UnitRead:
    changes = update.model_dump(mode="json", exclude_unset=True)
    _refuse_nulls(changes, ("name_th", "active"))
    conn, principal = work.conn, work.principal
    current = await repository.get_unit(conn, unit_id)
    if current is None:
        raise AppError(NOT_FOUND)
    agency_id = current["agency_id"]
    await access.require_administrator_of(conn, principal, agency_id)
    await repository.lock_tree(conn)
    parent = changes.get("parent_unit_id")
    if parent is not None and parent != current["parent_unit_id"]:
        await _require_active_unit_of(conn, agency_id, parent)
        parents = {r["unit_id"]: r["parent_unit_id"] for r in await repository.units_of(
            conn, agency_id, include_inactive=True)}
        if unit_id in transfer.find_cycles({**parents, unit_id: parent}):
            raise AppError(DIRECTORY_CYCLE, {"unit_id": unit_id, "parent_unit_id": parent})
    suffix = changes.get("letter_suffix", current["letter_suffix"])
    if suffix and changes.get("active", current["active"]):
        await _require_free_suffix(conn, agency_id, suffix, unit_id)
    if changes.get("active") is False and current["active"] and await repository.unit_in_use(conn, unit_id):
        raise AppError(UNIT_IN_USE, {"unit_id": unit_id})
    if changes:
        await repository.update_unit(conn, unit_id, changes)
        await work.audit("unit_changed", subject=unit_id, detail={"agency_id": agency_id, "changes": changes})
    return await _unit_read(conn, agency_id, unit_id)


async def _require_active_unit_of(conn: asyncpg.Connection, agency_id: str, unit_id: str) -> None:
    unit = await repository.get_unit(conn, unit_id)
    if unit is None or unit["agency_id"] != agency_id or not unit["active"]:
        raise AppError(UNKNOWN_PARENT, {"parent_unit_id": unit_id, "agency_id": agency_id})


async def _require_free_suffix(conn: asyncpg.Connection, agency_id: str, suffix: str, unit_id: str) -> None:
    holder = await repository.suffix_holder(conn, agency_id=agency_id, letter_suffix=suffix, other_than=unit_id)
    if holder is not None:
        raise AppError(LETTER_SUFFIX_TAKEN, {"letter_suffix": suffix, "unit_id": holder})


# --- Distribution lists -------------------------------------------------------------------------------


async def list_distribution_lists(work: UnitOfWork, *, q: str | None = None, limit: int = 100,
                                  offset: int = 0) -> DistributionListPage:
    rows, total = await repository.visible_lists(work.conn, agency_id=work.principal.agency_id,
                                                 q=normalise_query(q), limit=limit, offset=offset)
    return DistributionListPage(items=[DistributionListRead(**dict(r)) for r in rows], total=total, limit=limit,
                                offset=offset)


async def get_distribution_list(work: UnitOfWork, *, list_id: str) -> DistributionListDetail:
    found = await _visible_list(work.conn, work.principal, list_id)
    return await _list_detail(work.conn, found)


async def create_distribution_list(work: UnitOfWork, *, body: DistributionListCreate) -> DistributionListDetail:
    list_id = body.list_id or f"dl-{uuid.uuid4().hex[:16]}"
    conn, principal = work.conn, work.principal
    if body.public:
        await access.require_root_administrator(conn, principal)
    await _require_member_agencies(conn, body.member_agency_ids)
    if not await repository.insert_list(conn, list_id=list_id, owner_agency_id=None if body.public
                                        else principal.agency_id, name_th=body.name_th, name_en=body.name_en,
                                        created_by=principal.subject_id):
        raise AppError(LIST_EXISTS, {"list_id": list_id})
    await repository.replace_members(conn, list_id=list_id, agency_ids=body.member_agency_ids)
    await work.audit("distribution_list_created", subject=list_id, detail=_list_audit(body))
    return await _list_detail(conn, await repository.get_list(conn, list_id))


def _list_audit(body: DistributionListUpdate) -> dict[str, Any]:
    return {"name_th": body.name_th, "member_count": len(body.member_agency_ids),
            "member_agency_ids": body.member_agency_ids[:200]}


async def update_distribution_list(work: UnitOfWork, *, list_id: str,
                                   body: DistributionListUpdate) -> DistributionListDetail:
    conn, principal = work.conn, work.principal
    found = await _editable_list(conn, principal, list_id)
    await _require_member_agencies(conn, body.member_agency_ids)
    await repository.rename_list(conn, list_id=found["list_id"], name_th=body.name_th, name_en=body.name_en)
    await repository.replace_members(conn, list_id=list_id, agency_ids=body.member_agency_ids)
    await work.audit("distribution_list_changed", subject=list_id, detail=_list_audit(body))
    return await _list_detail(conn, await repository.get_list(conn, list_id))


async def delete_distribution_list(work: UnitOfWork, *, list_id: str) -> None:
    found = await _editable_list(work.conn, work.principal, list_id)
    await repository.delete_list(work.conn, list_id)
    await work.audit("distribution_list_deleted", subject=list_id, detail={"name_th": found["name_th"]})


async def _visible_list(conn: asyncpg.Connection, principal: Principal, list_id: str, *,
                        for_update: bool = False) -> asyncpg.Record:
    found = await repository.get_list(conn, list_id, for_update=for_update)
    # Another agency's private list answers like a missing one: its existence does not leak.
    if found is None or found["owner_agency_id"] not in (None, principal.agency_id):
        raise AppError(NOT_FOUND)
    return found


async def _editable_list(conn: asyncpg.Connection, principal: Principal, list_id: str) -> asyncpg.Record:
    found = await _visible_list(conn, principal, list_id, for_update=True)
    if found["public"] and not await access.is_root_administrator(conn, principal):
        raise AppError(FORBIDDEN, {"required": "administrator of a root agency for public lists"})
    return found


async def _require_member_agencies(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> None:
    missing = set(agency_ids) - await repository.existing_agency_ids(conn, agency_ids)
    if missing:
        raise AppError(UNKNOWN_AGENCIES, {"agency_ids": sorted(missing)[:50], "count": len(missing)})


async def _list_detail(conn: asyncpg.Connection, found: asyncpg.Record) -> DistributionListDetail:
    members = await repository.list_members(conn, found["list_id"])
    return DistributionListDetail(**dict(found), members=[AgencyRef(**dict(m)) for m in members])


# --- Import and export --------------------------------------------------------------------------------


async def export_rows(work: UnitOfWork, *, root_id: str | None = None) -> tuple[list[transfer.AgencyRow], list[transfer.UnitRow]]:
    """The agencies and units to export, from one snapshot; call first in the work (sets its isolation)."""
    await work.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    if root_id is not None and await repository.get_agency(work.conn, root_id) is None:
        raise AppError(NOT_FOUND)
    agencies, units = await repository.export_rows(work.conn, root_id=root_id)
    return agencies, units


async def render_export(agencies: Sequence[transfer.AgencyRow], units: Sequence[transfer.UnitRow], *, fmt: Format) -> bytes:
    """The file, rendered off the event loop once the work has ended."""
    if fmt == "csv":
        return await asyncio.to_thread(transfer.render_csv, agencies, units)
    return await asyncio.to_thread(transfer.render_json, agencies, units, exported_at=clock.now())


async def require_importer(work: UnitOfWork) -> None:
    """Refuse before spending CPU on someone else's file."""
    await access.require_root_administrator(work.conn, work.principal)


async def parse_import(data: bytes, *, fmt: Format) -> transfer.DirectoryFile:
    """Parsing a national directory takes a while: off the event loop, outside any work."""
    return await asyncio.to_thread(transfer.parse_csv if fmt == "csv" else transfer.parse_json, data)


async def import_directory(work: UnitOfWork, *, parsed: transfer.DirectoryFile) -> DirectoryImportResult:
    """Validates the whole (parsed) file against the directory, then writes all of it or nothing."""
    conn = work.conn
    await access.require_root_administrator(conn, work.principal)
    await repository.lock_tree(conn)
    stored_agencies, stored_units = await repository.agency_parents(conn), await repository.all_units(conn)
    problems = await asyncio.to_thread(transfer.validate, parsed, existing_agencies=stored_agencies,
                                       existing_units=stored_units)
    if problems:
        shown = problems[: transfer.MAX_PROBLEMS_SHOWN]
        raise AppError(DIRECTORY_IMPORT_INVALID, {"problem_count": len(problems),
                                                  "problems": [asdict(p) for p in shown]})
    agencies = transfer.ordered_agencies(parsed.agencies)
    units = transfer.ordered_units(parsed.units)
    a_created, a_updated = await repository.upsert_agencies(conn, agencies)
    u_created, u_updated = await repository.upsert_units(conn, units)
    # Whole records, upserted by consumers: sending the unchanged ones too is harmless and simple.
    await record_agencies_changed(work, [a.agency_id for a in agencies])
    return DirectoryImportResult(
        agencies=ImportCounts(created=a_created, updated=a_updated, unchanged=len(agencies) - a_created - a_updated),
        units=ImportCounts(created=u_created, updated=u_updated, unchanged=len(units) - u_created - u_updated),
    )
