"""A service's own copy of the directory (documents owns it), kept from AgencyChanged and UserChanged events.

Every copy goes through `copy_newest`: events carry the whole record and the moment it changed, so a row takes an
event's record only when it is at least as new as the one it holds. Redelivered or reordered events (a person's
two changes around a transfer arriving in the wrong order, a replay) leave the same result as the right order.

A copied table has one row per key, a column per copied event field (same names), and `changed_at timestamptz`
(NULL on a row the service made up before the directory spoke of it: any event then wins). The usual agencies
copy, created by a migration of the service:

    CREATE TABLE agencies (agency_id text PRIMARY KEY, name_th text NOT NULL, name_en text,
                           active boolean NOT NULL, changed_at timestamptz NOT NULL);
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from .events import AgencyChanged, UserChanged

DirectoryEvent = AgencyChanged | UserChanged


@dataclass(frozen=True)
class CopiedTable:
    """Where a service keeps its copy of one kind of directory record, and which of the event's fields."""

    table: str
    key: str
    columns: tuple[str, ...]
    """Event fields copied into columns of the same name, besides the key and `changed_at`."""
    constants: Mapping[str, str] = field(default_factory=dict)
    """Further columns set to an SQL literal on every copied row (e.g. metrics' `from_directory = true`)."""

    def upsert_sql(self) -> str:
        """One row in, parameters `$1…` in the order of `row_of`; an older record leaves the row as it is."""
        fields = (self.key, *self.columns, "changed_at")
        names = (*fields, *self.constants)
        values = (*(f"${n}" for n in range(1, len(fields) + 1)), *self.constants.values())
        updated = ", ".join(f"{name} = EXCLUDED.{name}" for name in names if name != self.key)
        return (f"INSERT INTO {self.table} AS t ({', '.join(names)}) VALUES ({', '.join(values)}) "
                f"ON CONFLICT ({self.key}) DO UPDATE SET {updated} "
                "WHERE t.changed_at IS NULL OR t.changed_at <= EXCLUDED.changed_at")

    def row_of(self, event: DirectoryEvent) -> tuple[Any, ...]:
        return tuple(getattr(event, name) for name in (self.key, *self.columns, "changed_at"))


AGENCIES = CopiedTable("agencies", key="agency_id", columns=("name_th", "name_en", "active"))
"""The usual copy of agencies (see the module's docstring)."""


def newest_per_key(table: CopiedTable, events: Iterable[DirectoryEvent]) -> list[DirectoryEvent]:
    """The newest record of each key among `events` (of two as new, the later one), in key order.

    In key order so that concurrent writers lock rows in the same order and cannot deadlock.
    """
    newest: dict[Any, DirectoryEvent] = {}
    for event in events:
        key = getattr(event, table.key)
        if key not in newest or newest[key].changed_at <= event.changed_at:
            newest[key] = event
    return [newest[key] for key in sorted(newest)]


async def copy_newest(conn: asyncpg.Connection, table: CopiedTable, events: Sequence[DirectoryEvent]) -> None:
    """Writes each key's newest record among `events`, unless the row already holds a newer one."""
    rows = [table.row_of(event) for event in newest_per_key(table, events)]
    if rows:
        await conn.executemany(table.upsert_sql(), rows)


async def active_agencies(conn: asyncpg.Connection, agency_ids: Sequence[str]) -> dict[str, asyncpg.Record]:
    """The active agencies among `agency_ids`, by id (names in Thai and English)."""
    rows = await conn.fetch("SELECT agency_id, name_th, name_en FROM agencies WHERE agency_id = ANY($1::text[]) "
                            "AND active", list(agency_ids))
    return {r["agency_id"]: r for r in rows}
