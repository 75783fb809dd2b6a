"""SQL of the agency directory: agencies, units, distribution lists; callers own the transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from opensaraban_shared.errors import AppError

from .models import UNKNOWN_DISTRIBUTION_LIST
from .transfer import AgencyRow, ExistingUnit, UnitRow

# Tree edits (parent changes, imports) take this transaction-scoped lock, so two concurrent edits can
# never each pass the cycle check and together build a loop.
_TREE_LOCK = int.from_bytes(hashlib.sha256(b"documents:directory-tree").digest()[:8], "big", signed=True)
# Nothing in the directory is deeper than this; it stops a walk if a loop were ever stored.
MAX_DEPTH = 64


async def lock_tree(conn: asyncpg.Connection) -> None:
    await conn.execute("SELECT pg_advisory_xact_lock($1)", _TREE_LOCK)


# --- Agencies -----------------------------------------------------------------------------------------

_AGENCY = """SELECT a.agency_id, a.parent_id, a.kind, a.name_th, a.name_en, a.letter_prefix, a.province_code,
                    a.active, a.updated_at,
                    EXISTS (SELECT 1 FROM agencies c WHERE c.parent_id = a.agency_id AND c.active) AS has_children
             FROM agencies a"""


async def get_agency(conn: asyncpg.Connection, agency_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM agencies WHERE agency_id = $1", agency_id)


async def agency_read(conn: asyncpg.Connection, agency_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_AGENCY} WHERE a.agency_id = $1", agency_id)


async def list_agencies(conn: asyncpg.Connection, *, parent_id: str | None = None, kind: str | None = None,
                        province_code: str | None = None, q: str | None = None, roots_only: bool = False,
                        include_inactive: bool = False, limit: int = 100,
                        offset: int = 0) -> tuple[list[asyncpg.Record], int]:
    """One page and the total. `q` matches part of the Thai or English name, the prefix, or the exact id."""
    # strpos instead of LIKE: the user's text never needs escaping and Thai works as is.
    where = """WHERE ($1::text IS NULL OR a.parent_id = $1) AND ($2::text IS NULL OR a.kind = $2)
                 AND ($3::text IS NULL OR a.province_code = $3)
                 AND ($4::text IS NULL OR strpos(lower(a.name_th), lower($4)) > 0
                      OR strpos(lower(coalesce(a.name_en, '')), lower($4)) > 0
                      OR strpos(lower(a.letter_prefix), lower($4)) > 0 OR a.agency_id = lower($4))
                 AND (NOT $5 OR a.parent_id IS NULL) AND ($6 OR a.active)"""
    args = (parent_id, kind, province_code, q, roots_only, include_inactive)
    total = await conn.fetchval(f"SELECT count(*) FROM agencies a {where}", *args)
    rows = await conn.fetch(
        f"""{_AGENCY} {where}
            ORDER BY a.province_code NULLS FIRST, a.letter_prefix, a.agency_id LIMIT $7 OFFSET $8""",
        *args, limit, offset,
    )
    return rows, total


async def ancestors(conn: asyncpg.Connection, agency_id: str) -> list[asyncpg.Record]:
    """The chain of parents of `agency_id`, root first (the agency itself not included)."""
    return await conn.fetch(
        """WITH RECURSIVE up AS (
               SELECT p.agency_id, p.parent_id, p.name_th, p.kind, 1 AS depth
               FROM agencies a JOIN agencies p ON p.agency_id = a.parent_id WHERE a.agency_id = $1
               UNION ALL
               SELECT p.agency_id, p.parent_id, p.name_th, p.kind, up.depth + 1
               FROM up JOIN agencies p ON p.agency_id = up.parent_id WHERE up.depth < $2)
           SELECT agency_id, name_th, kind FROM up ORDER BY depth DESC""",
        agency_id, MAX_DEPTH,
    )


async def is_root_agency(conn: asyncpg.Connection, agency_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM agencies WHERE agency_id = $1 AND parent_id IS NULL AND active", agency_id
    ))


async def is_below(conn: asyncpg.Connection, agency_id: str, *, ancestor_id: str) -> bool:
    """Whether `ancestor_id` is one of `agency_id`'s parents, however far up (never the agency itself)."""
    return bool(await conn.fetchval(
        """WITH RECURSIVE up AS (
               SELECT parent_id, 1 AS depth FROM agencies WHERE agency_id = $1
               UNION ALL
               SELECT a.parent_id, up.depth + 1 FROM up JOIN agencies a ON a.agency_id = up.parent_id
               WHERE up.depth < $3)
           SELECT true FROM up WHERE parent_id = $2 LIMIT 1""",
        agency_id, ancestor_id, MAX_DEPTH,
    ))


async def existing_agency_ids(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> set[str]:
    """Which of `agency_ids` are active agencies: a retired agency receives no more letters."""
    rows = await conn.fetch(
        "SELECT agency_id FROM agencies WHERE agency_id = ANY($1::text[]) AND active", list(agency_ids)
    )
    return {r["agency_id"] for r in rows}


async def agencies_as_published(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> list[asyncpg.Record]:
    """The fields of AgencyChanged for each agency (active or not), in id order."""
    return await conn.fetch(
        """SELECT agency_id, name_th, name_en, kind, parent_id, province_code, active FROM agencies
           WHERE agency_id = ANY($1::text[]) ORDER BY agency_id""",
        list(dict.fromkeys(agency_ids)),
    )


async def agencies_by_id(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    """Name, prefix, kind and province of each agency (active or not), e.g. to put into events."""
    rows = await conn.fetch(
        """SELECT agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code, active, address_th
           FROM agencies WHERE agency_id = ANY($1::text[])""",
        list(agency_ids),
    )
    return {r["agency_id"]: r for r in rows}


DEFAULT_LETTER_SETTINGS = {"thai_digits": True, "own_numbering": False, "send_after_signing": False,
                           "review_reminder_hours": None, "self_delegation": False}


async def letter_settings(conn: asyncpg.Connection, agency_id: str) -> Mapping[str, Any]:
    """The agency's letter settings; the defaults (Thai digits, numbered here) until it sets its own."""
    row = await conn.fetchrow(
        """SELECT thai_digits, own_numbering, send_after_signing, review_reminder_hours, self_delegation
           FROM agency_letter_settings WHERE agency_id = $1""", agency_id)
    return dict(row) if row else DEFAULT_LETTER_SETTINGS


async def put_letter_settings(conn: asyncpg.Connection, agency_id: str, settings: Mapping[str, Any], *,
                              updated_by: str) -> None:
    names = list(DEFAULT_LETTER_SETTINGS)
    values = [settings[n] for n in names]
    await conn.execute(
        f"""INSERT INTO agency_letter_settings (agency_id, {', '.join(names)}, updated_by, updated_at)
            VALUES ($1, {', '.join(f'${i}' for i in range(2, len(names) + 2))}, ${len(names) + 2}, clock_timestamp())
            ON CONFLICT (agency_id) DO UPDATE SET
                {', '.join(f'{n} = EXCLUDED.{n}' for n in names)}, updated_by = EXCLUDED.updated_by,
                updated_at = EXCLUDED.updated_at""",
        agency_id, *values, updated_by)


async def set_address(conn: asyncpg.Connection, agency_id: str, address_th: str) -> None:
    await conn.execute("UPDATE agencies SET address_th = $2, updated_at = clock_timestamp() WHERE agency_id = $1",
                       agency_id, address_th)


async def agency_parents(conn: asyncpg.Connection) -> dict[str, str | None]:
    return {r["agency_id"]: r["parent_id"] for r in await conn.fetch("SELECT agency_id, parent_id FROM agencies")}


async def insert_agency(conn: asyncpg.Connection, *, agency_id: str, parent_id: str | None, kind: str, name_th: str,
                        name_en: str | None, letter_prefix: str, province_code: str | None) -> bool:
    """False when the id is taken."""
    return bool(await conn.fetchval(
        """INSERT INTO agencies (agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (agency_id) DO NOTHING RETURNING true""",
        agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code,
    ))


_AGENCY_COLUMNS = frozenset({"parent_id", "kind", "name_th", "name_en", "letter_prefix", "province_code", "active"})
_UNIT_COLUMNS = frozenset({"parent_unit_id", "name_th", "name_en", "letter_suffix", "active"})


def _assignments(changes: Mapping[str, Any], allowed: frozenset[str], *, first: int) -> tuple[str, list[Any]]:
    unknown = set(changes) - allowed
    if unknown:  # column names go into the SQL text: only ever the fixed list
        raise ValueError(f"not updatable: {sorted(unknown)}")
    names = sorted(changes)
    sql = ", ".join([f"{name} = ${n}" for n, name in enumerate(names, start=first)] + ["updated_at = now()"])
    return sql, [changes[name] for name in names]


async def update_agency(conn: asyncpg.Connection, agency_id: str, changes: Mapping[str, Any]) -> None:
    sql, values = _assignments(changes, _AGENCY_COLUMNS, first=2)
    await conn.execute(f"UPDATE agencies SET {sql} WHERE agency_id = $1", agency_id, *values)


async def has_active_children(conn: asyncpg.Connection, agency_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM agencies WHERE parent_id = $1 AND active LIMIT 1", agency_id
    ))


async def upsert_agencies(conn: asyncpg.Connection, rows: Sequence[AgencyRow]) -> tuple[int, int]:
    """Inserts or updates in one statement; returns (created, updated). Rows equal to what is stored are left."""
    if not rows:
        return 0, 0
    columns = ("agency_id", "parent_id", "kind", "name_th", "name_en", "letter_prefix", "province_code", "active")
    result = await conn.fetch(
        """INSERT INTO agencies AS t (agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code, active)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::bool[])
           ON CONFLICT (agency_id) DO UPDATE SET parent_id = EXCLUDED.parent_id, kind = EXCLUDED.kind,
               name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en, letter_prefix = EXCLUDED.letter_prefix,
               province_code = EXCLUDED.province_code, active = EXCLUDED.active, updated_at = now()
           WHERE (t.parent_id, t.kind, t.name_th, t.name_en, t.letter_prefix, t.province_code, t.active)
                 IS DISTINCT FROM (EXCLUDED.parent_id, EXCLUDED.kind, EXCLUDED.name_th, EXCLUDED.name_en,
                                   EXCLUDED.letter_prefix, EXCLUDED.province_code, EXCLUDED.active)
           RETURNING (xmax = 0) AS created""",
        *([getattr(r, c) for r in rows] for c in columns),
    )
    created = sum(1 for r in result if r["created"])
    return created, len(result) - created


# --- Units --------------------------------------------------------------------------------------------

_UNIT = "SELECT unit_id, agency_id, parent_unit_id, name_th, name_en, letter_suffix, active FROM units"


async def units_of(conn: asyncpg.Connection, agency_id: str, *, include_inactive: bool = False) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_UNIT} WHERE agency_id = $1 AND ($2 OR active) ORDER BY unit_id",
                            agency_id, include_inactive)


async def get_unit(conn: asyncpg.Connection, unit_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_UNIT} WHERE unit_id = $1", unit_id)


async def insert_unit(conn: asyncpg.Connection, *, unit_id: str, agency_id: str, parent_unit_id: str | None,
                      name_th: str, name_en: str | None, letter_suffix: str | None) -> bool:
    """False when the id is taken."""
    return bool(await conn.fetchval(
        """INSERT INTO units (unit_id, agency_id, parent_unit_id, name_th, name_en, letter_suffix)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id) DO NOTHING RETURNING true""",
        unit_id, agency_id, parent_unit_id, name_th, name_en, letter_suffix,
    ))


async def update_unit(conn: asyncpg.Connection, unit_id: str, changes: Mapping[str, Any]) -> None:
    sql, values = _assignments(changes, _UNIT_COLUMNS, first=2)
    await conn.execute(f"UPDATE units SET {sql} WHERE unit_id = $1", unit_id, *values)


async def suffix_holder(conn: asyncpg.Connection, *, agency_id: str, letter_suffix: str,
                        other_than: str | None = None) -> str | None:
    """The active unit of `agency_id` that already uses `letter_suffix`, if any."""
    return await conn.fetchval(
        """SELECT unit_id FROM units WHERE agency_id = $1 AND letter_suffix = $2 AND active
               AND unit_id IS DISTINCT FROM $3 LIMIT 1""",
        agency_id, letter_suffix, other_than,
    )


async def unit_in_use(conn: asyncpg.Connection, unit_id: str) -> bool:
    """True while active sub-units or active people belong to the unit."""
    return bool(await conn.fetchval(
        """SELECT EXISTS (SELECT 1 FROM units WHERE parent_unit_id = $1 AND active)
               OR EXISTS (SELECT 1 FROM users WHERE unit_id = $1 AND active)""",
        unit_id,
    ))


async def active_unit_ids(conn: asyncpg.Connection, *, agency_id: str, unit_ids: Sequence[str]) -> set[str]:
    """Which of `unit_ids` are active units of `agency_id` (e.g. to check the targets of a forward)."""
    rows = await conn.fetch(
        "SELECT unit_id FROM units WHERE agency_id = $1 AND unit_id = ANY($2::text[]) AND active",
        agency_id, list(unit_ids),
    )
    return {r["unit_id"] for r in rows}


async def unit_letter_prefix(conn: asyncpg.Connection, *, unit_id: str) -> str | None:
    """'ชม 0017.2': the agency's prefix plus the suffix of the unit or of its nearest ancestor that has one."""
    return await conn.fetchval(
        """WITH RECURSIVE up AS (
               SELECT unit_id, parent_unit_id, agency_id, letter_suffix, 0 AS depth FROM units WHERE unit_id = $1
               UNION ALL
               SELECT u.unit_id, u.parent_unit_id, u.agency_id, u.letter_suffix, up.depth + 1
               FROM up JOIN units u ON u.unit_id = up.parent_unit_id WHERE up.depth < $2)
           SELECT a.letter_prefix || coalesce('.' || (SELECT letter_suffix FROM up WHERE letter_suffix IS NOT NULL
                                                      ORDER BY depth LIMIT 1), '')
           FROM units x JOIN agencies a USING (agency_id) WHERE x.unit_id = $1""",
        unit_id, MAX_DEPTH,
    )


async def all_units(conn: asyncpg.Connection) -> dict[str, ExistingUnit]:
    rows = await conn.fetch("SELECT unit_id, agency_id, parent_unit_id, letter_suffix, active FROM units")
    return {r["unit_id"]: ExistingUnit(r["agency_id"], r["parent_unit_id"], r["letter_suffix"], r["active"])
            for r in rows}


async def upsert_units(conn: asyncpg.Connection, rows: Sequence[UnitRow]) -> tuple[int, int]:
    """Inserts or updates in one statement; returns (created, updated). A unit never changes agency here."""
    if not rows:
        return 0, 0
    columns = ("unit_id", "agency_id", "parent_unit_id", "name_th", "name_en", "letter_suffix", "active")
    result = await conn.fetch(
        """INSERT INTO units AS t (unit_id, agency_id, parent_unit_id, name_th, name_en, letter_suffix, active)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[])
           ON CONFLICT (unit_id) DO UPDATE SET parent_unit_id = EXCLUDED.parent_unit_id, name_th = EXCLUDED.name_th,
               name_en = EXCLUDED.name_en, letter_suffix = EXCLUDED.letter_suffix, active = EXCLUDED.active,
               updated_at = now()
           WHERE t.agency_id = EXCLUDED.agency_id
             AND (t.parent_unit_id, t.name_th, t.name_en, t.letter_suffix, t.active)
                 IS DISTINCT FROM (EXCLUDED.parent_unit_id, EXCLUDED.name_th, EXCLUDED.name_en,
                                   EXCLUDED.letter_suffix, EXCLUDED.active)
           RETURNING (xmax = 0) AS created""",
        *([getattr(r, c) for r in rows] for c in columns),
    )
    created = sum(1 for r in result if r["created"])
    return created, len(result) - created


# --- Export -------------------------------------------------------------------------------------------


async def export_rows(conn: asyncpg.Connection, *, root_id: str | None = None) -> tuple[list[AgencyRow], list[UnitRow]]:
    """Every agency and unit, active or not; with `root_id`, only that agency, its descendants and their units."""
    agencies = await conn.fetch(
        """WITH RECURSIVE scope AS (
               SELECT agency_id, 0 AS depth FROM agencies WHERE $1::text IS NOT NULL AND agency_id = $1
               UNION ALL
               SELECT a.agency_id, s.depth + 1 FROM scope s JOIN agencies a ON a.parent_id = s.agency_id
               WHERE s.depth < $2)
           SELECT agency_id, parent_id, kind, name_th, name_en, letter_prefix, province_code, active FROM agencies
           WHERE $1::text IS NULL OR agency_id IN (SELECT agency_id FROM scope)""",
        root_id, MAX_DEPTH,
    )
    units = await conn.fetch(
        f"{_UNIT} WHERE agency_id = ANY($1::text[])", [a["agency_id"] for a in agencies]
    ) if root_id is not None else await conn.fetch(_UNIT)
    return [AgencyRow(**dict(r)) for r in agencies], [UnitRow(**dict(r)) for r in units]


# --- Distribution lists -------------------------------------------------------------------------------

_LIST = """SELECT l.list_id, l.owner_agency_id, l.owner_agency_id IS NULL AS public, l.name_th, l.name_en,
                  l.updated_at, (SELECT count(*) FROM distribution_list_members m WHERE m.list_id = l.list_id)
                  AS member_count
           FROM distribution_lists l"""


async def visible_lists(conn: asyncpg.Connection, *, agency_id: str, q: str | None, limit: int,
                        offset: int) -> tuple[list[asyncpg.Record], int]:
    """Public lists and `agency_id`'s own, public first."""
    where = """WHERE (l.owner_agency_id IS NULL OR l.owner_agency_id = $1)
                 AND ($2::text IS NULL OR strpos(lower(l.name_th), lower($2)) > 0
                      OR strpos(lower(coalesce(l.name_en, '')), lower($2)) > 0)"""
    total = await conn.fetchval(f"SELECT count(*) FROM distribution_lists l {where}", agency_id, q)
    rows = await conn.fetch(
        f"{_LIST} {where} ORDER BY l.owner_agency_id NULLS FIRST, l.list_id LIMIT $3 OFFSET $4",
        agency_id, q, limit, offset,
    )
    return rows, total


async def get_list(conn: asyncpg.Connection, list_id: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE OF l" if for_update else ""
    return await conn.fetchrow(f"{_LIST} WHERE l.list_id = $1{lock}", list_id)


async def list_members(conn: asyncpg.Connection, list_id: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT a.agency_id, a.name_th, a.kind FROM distribution_list_members m JOIN agencies a USING (agency_id)
           WHERE m.list_id = $1 ORDER BY m.position""",
        list_id,
    )


async def insert_list(conn: asyncpg.Connection, *, list_id: str, owner_agency_id: str | None, name_th: str,
                      name_en: str | None, created_by: str) -> bool:
    """False when the id is taken."""
    return bool(await conn.fetchval(
        """INSERT INTO distribution_lists (list_id, owner_agency_id, name_th, name_en, created_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (list_id) DO NOTHING RETURNING true""",
        list_id, owner_agency_id, name_th, name_en, created_by,
    ))


async def upsert_list(conn: asyncpg.Connection, *, list_id: str, owner_agency_id: str | None, name_th: str,
                      name_en: str | None, created_by: str) -> None:
    await conn.execute(
        """INSERT INTO distribution_lists AS t (list_id, owner_agency_id, name_th, name_en, created_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (list_id) DO UPDATE SET owner_agency_id = EXCLUDED.owner_agency_id, name_th = EXCLUDED.name_th,
               name_en = EXCLUDED.name_en, updated_at = now()
           WHERE (t.owner_agency_id, t.name_th, t.name_en)
                 IS DISTINCT FROM (EXCLUDED.owner_agency_id, EXCLUDED.name_th, EXCLUDED.name_en)""",
        list_id, owner_agency_id, name_th, name_en, created_by,
    )


async def rename_list(conn: asyncpg.Connection, *, list_id: str, name_th: str, name_en: str | None) -> None:
    await conn.execute(
        "UPDATE distribution_lists SET name_th = $2, name_en = $3, updated_at = now() WHERE list_id = $1",
        list_id, name_th, name_en,
    )


async def replace_members(conn: asyncpg.Connection, *, list_id: str, agency_ids: Sequence[str]) -> None:
    await conn.execute("DELETE FROM distribution_list_members WHERE list_id = $1", list_id)
    await conn.execute(
        """INSERT INTO distribution_list_members (list_id, agency_id, position)
           SELECT $1, agency_id, position FROM unnest($2::text[]) WITH ORDINALITY AS m(agency_id, position)""",
        list_id, list(agency_ids),
    )


async def delete_list(conn: asyncpg.Connection, list_id: str) -> None:
    await conn.execute("DELETE FROM distribution_lists WHERE list_id = $1", list_id)


async def expand_distribution_lists(conn: asyncpg.Connection, *, list_ids: Sequence[str],
                                    for_agency_id: str) -> list[str]:
    """The member agencies of `list_ids`, as `for_agency_id` may use them, ready to be letter recipients.

    Order: the lists in the order given, each list's members in the order its owner gave; an agency in
    several lists appears once, at its first place. Retired (inactive) members and `for_agency_id`
    itself are left out, so "all 19 offices of the province" sent by one of them reaches the other 18.
    Raises AppError(UNKNOWN_DISTRIBUTION_LIST) naming every list that does not exist or is another
    agency's private list (the same answer for both, so private lists do not leak).
    """
    wanted = list(dict.fromkeys(list_ids))
    if not wanted:
        return []
    rows = await conn.fetch(
        "SELECT list_id FROM distribution_lists WHERE list_id = ANY($1::text[]) "
        "AND (owner_agency_id IS NULL OR owner_agency_id = $2)",
        wanted, for_agency_id,
    )
    usable = {r["list_id"] for r in rows}
    if unknown := [list_id for list_id in wanted if list_id not in usable]:
        raise AppError(UNKNOWN_DISTRIBUTION_LIST, {"list_ids": unknown})
    members = await conn.fetch(
        """SELECT m.agency_id FROM unnest($1::text[]) WITH ORDINALITY AS w(list_id, n)
           JOIN distribution_list_members m USING (list_id) JOIN agencies a ON a.agency_id = m.agency_id
           WHERE a.active AND m.agency_id <> $2
           ORDER BY w.n, m.position""",
        wanted, for_agency_id,
    )
    return list(dict.fromkeys(r["agency_id"] for r in members))
