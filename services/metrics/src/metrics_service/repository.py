"""All SQL that writes the projections (reads for the API live in queries.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import asyncpg

from opensaraban_shared.directory_copy import CopiedTable, copy_newest

from .facts import Changes, month_of

# The directory as metrics needs it (opensaraban_shared.directory_copy keeps it, newest record wins). An agency row
# only seen on a letter has no changed_at and from_directory false, until the directory speaks of it.
AGENCIES = CopiedTable("agencies", key="agency_id", columns=("name_th", "name_en", "kind", "parent_id", "province_code",
                                                            "active"), constants={"from_directory": "true"})
USERS = CopiedTable("users", key="user_id", columns=("agency_id", "active"))

PROJECTION_TABLES = (
    "letter_daily", "letter_monthly", "agencies", "users", "active_users_daily", "active_users_monthly",
    "duration_daily", "duration_monthly", "duration_national_daily", "duration_national_monthly", "assignments",
    "meetings_held", "agenda_items_daily", "agenda_packs",
)


async def apply(conn: asyncpg.Connection, changes: Changes) -> None:
    """Writes one batch's changes: each touched row once, rows in key order (no deadlock between writers)."""
    await _letters(conn, changes)
    await _durations(conn, changes)
    await _assignments(conn, changes)
    await _agencies(conn, changes)
    await _users(conn, changes)
    await _meetings(conn, changes)


async def _letters(conn: asyncpg.Connection, changes: Changes) -> None:
    if not changes.letters:
        return
    daily = sorted(changes.letters.items())
    monthly: dict[tuple[date, str, str, str], list[int]] = {}
    for (day, *rest), counts in daily:
        row = monthly.setdefault((month_of(day), *rest), [0] * len(counts))  # type: ignore[arg-type]
        for i, n in enumerate(counts):
            row[i] += n
    for table, key, rows in (("letter_daily", "day", daily), ("letter_monthly", "month", sorted(monthly.items()))):
        await conn.execute(
            f"""INSERT INTO {table} ({key}, agency_id, direction, channel, letters, recipients, timed, within_day,
                                     approved, signed)
                SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
                                     $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
                ON CONFLICT ({key}, agency_id, direction, channel) DO UPDATE
                SET letters = {table}.letters + EXCLUDED.letters,
                    recipients = {table}.recipients + EXCLUDED.recipients,
                    timed = {table}.timed + EXCLUDED.timed,
                    within_day = {table}.within_day + EXCLUDED.within_day,
                    approved = {table}.approved + EXCLUDED.approved,
                    signed = {table}.signed + EXCLUDED.signed""",
            *_columns([(*k, *v) for k, v in rows], 10),
        )


async def _durations(conn: asyncpg.Connection, changes: Changes) -> None:
    if not changes.durations:
        return
    daily = sorted(changes.durations.items())
    monthly: Counter[tuple] = Counter()
    national_daily: Counter[tuple] = Counter()
    national_monthly: Counter[tuple] = Counter()
    for (day, _agency, *rest), n in daily:
        monthly[(month_of(day), _agency, *rest)] += n
        national_daily[(day, *rest)] += n
        national_monthly[(month_of(day), *rest)] += n
    for table, key, rows in (("duration_daily", "day", daily), ("duration_monthly", "month", sorted(monthly.items()))):
        await conn.execute(
            f"""INSERT INTO {table} ({key}, agency_id, stage, urgency, bucket, n)
                SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::smallint[], $5::smallint[], $6::bigint[])
                ON CONFLICT ({key}, agency_id, stage, urgency, bucket) DO UPDATE SET n = {table}.n + EXCLUDED.n""",
            *_columns([(*k, v) for k, v in rows], 6),
        )
    for table, key, counter in (("duration_national_daily", "day", national_daily),
                                ("duration_national_monthly", "month", national_monthly)):
        await conn.execute(
            f"""INSERT INTO {table} ({key}, stage, urgency, bucket, n)
                SELECT * FROM unnest($1::date[], $2::text[], $3::smallint[], $4::smallint[], $5::bigint[])
                ON CONFLICT ({key}, stage, urgency, bucket) DO UPDATE SET n = {table}.n + EXCLUDED.n""",
            *_columns([(*k, v) for k, v in sorted(counter.items())], 5),
        )


async def _assignments(conn: asyncpg.Connection, changes: Changes) -> None:
    """Both ends of an assignment meet in its row; the first time both are known, its duration is counted."""
    if not changes.assignments:
        return
    # Fold the batch per delivery first: one upsert may not touch the same row twice.
    folded: dict = {}
    for a in changes.assignments:
        cur = folded.get(a.delivery_id)
        if cur is None:
            folded[a.delivery_id] = [a.agency_id, a.urgency, a.assigned_at, a.deadline, a.closed_at]
            continue
        if a.assigned_at is not None and (cur[2] is None or a.assigned_at < cur[2]):
            cur[2], cur[3] = a.assigned_at, a.deadline
        if a.closed_at is not None:
            cur[4] = a.closed_at
    rows = sorted((k, *v) for k, v in folded.items())
    await conn.execute(
        """INSERT INTO assignments (delivery_id, agency_id, urgency, assigned_at, deadline, closed_at)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[], $5::timestamptz[],
                                $6::timestamptz[])
           ON CONFLICT (delivery_id) DO UPDATE SET
               deadline = CASE WHEN assignments.assigned_at IS NULL
                                 OR EXCLUDED.assigned_at < assignments.assigned_at
                               THEN EXCLUDED.deadline ELSE assignments.deadline END,
               assigned_at = coalesce(least(assignments.assigned_at, EXCLUDED.assigned_at), assignments.assigned_at,
                                      EXCLUDED.assigned_at),
               closed_at = coalesce(EXCLUDED.closed_at, assignments.closed_at)""",
        *_columns(rows, 6),
    )
    completed = await conn.fetch(
        """UPDATE assignments SET counted = true
           WHERE delivery_id = ANY($1::uuid[]) AND NOT counted AND assigned_at IS NOT NULL AND closed_at IS NOT NULL
           RETURNING agency_id, urgency, assigned_at, closed_at""",
        [r[0] for r in rows],
    )
    if completed:
        done = Changes()
        for r in completed:
            done.add_duration(r["closed_at"], r["agency_id"], "handling", r["urgency"],
                              (r["closed_at"] - r["assigned_at"]).total_seconds())
        await _durations(conn, done)


async def _agencies(conn: asyncpg.Connection, changes: Changes) -> None:
    if changes.agencies_seen:
        rows = sorted(changes.agencies_seen.items())
        await conn.execute(
            """INSERT INTO agencies (agency_id, province_code)
               SELECT * FROM unnest($1::text[], $2::text[])
               ON CONFLICT (agency_id) DO UPDATE
               SET province_code = CASE WHEN agencies.from_directory THEN agencies.province_code
                                        ELSE coalesce(agencies.province_code, EXCLUDED.province_code) END
               WHERE NOT agencies.from_directory AND agencies.province_code IS NULL""",
            *_columns(rows, 2),
        )
    if not changes.agencies:
        return
    await copy_newest(conn, AGENCIES, changes.agencies)
    # The ministry of every agency: the nearest ancestor (or itself) that is a ministry or national office.
    # Recomputed for the whole tree, so the result does not depend on parents arriving before children.
    await conn.execute(
        """WITH RECURSIVE up (agency_id, ancestor_id, kind, depth) AS (
               SELECT agency_id, agency_id, kind, 0 FROM agencies
               UNION ALL
               SELECT up.agency_id, a.parent_id, p.kind, up.depth + 1
               FROM up JOIN agencies a ON a.agency_id = up.ancestor_id JOIN agencies p ON p.agency_id = a.parent_id
               WHERE up.kind IS DISTINCT FROM 'ministry' AND up.kind IS DISTINCT FROM 'national_office'
                 AND up.depth < 20
           ), roots AS (
               SELECT DISTINCT ON (agency_id) agency_id, ancestor_id FROM up
               WHERE kind IN ('ministry', 'national_office') ORDER BY agency_id, depth
           )
           UPDATE agencies SET ministry_id = roots.ancestor_id
           FROM agencies AS a LEFT JOIN roots USING (agency_id)
           WHERE agencies.agency_id = a.agency_id AND agencies.ministry_id IS DISTINCT FROM roots.ancestor_id"""
    )


async def _users(conn: asyncpg.Connection, changes: Changes) -> None:
    await copy_newest(conn, USERS, changes.users)
    if changes.sign_ins:
        daily = sorted(changes.sign_ins)
        monthly = sorted({(month_of(d), a, u) for d, a, u in daily})
        for table, key, rows in (("active_users_daily", "day", daily), ("active_users_monthly", "month", monthly)):
            await conn.execute(
                f"""INSERT INTO {table} ({key}, agency_id, user_id)
                    SELECT * FROM unnest($1::date[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING""",
                *_columns(rows, 3),
            )


async def _meetings(conn: asyncpg.Connection, changes: Changes) -> None:
    if changes.agenda_items:
        rows = sorted((*k, *v) for k, v in changes.agenda_items.items())
        await conn.execute(
            """INSERT INTO agenda_items_daily (day, agency_id, items, late_items)
               SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[])
               ON CONFLICT (day, agency_id) DO UPDATE
               SET items = agenda_items_daily.items + EXCLUDED.items,
                   late_items = agenda_items_daily.late_items + EXCLUDED.late_items""",
            *_columns(rows, 4),
        )
    if changes.meetings_held:
        rows = sorted((k, *v) for k, v in changes.meetings_held.items())
        await conn.execute(
            """INSERT INTO meetings_held (meeting_id, agency_id, day, electronic_pack, lead_seconds)
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::boolean[], $5::float8[])
               ON CONFLICT (meeting_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, day = EXCLUDED.day,
                   electronic_pack = EXCLUDED.electronic_pack, lead_seconds = EXCLUDED.lead_seconds""",
            *_columns(rows, 5),
        )
    if changes.packs:
        rows = sorted((k, *v) for k, v in changes.packs.items())
        await conn.execute(
            """INSERT INTO agenda_packs (meeting_id, agency_id, day, version, pages, members)
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::int[], $5::int[], $6::int[])
               ON CONFLICT (meeting_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, day = EXCLUDED.day,
                   version = EXCLUDED.version, pages = EXCLUDED.pages, members = EXCLUDED.members
               WHERE EXCLUDED.version >= agenda_packs.version""",
            *_columns(rows, 6),
        )


async def reset(conn: asyncpg.Connection) -> None:
    """Empties every projection and the record of processed events: the state before the first event."""
    await conn.execute(f"TRUNCATE {', '.join(PROJECTION_TABLES)}, processed_events")


def _columns(rows: Sequence[Sequence[object]], width: int) -> list[list[object]]:
    """Row tuples → one list per column, as unnest($1::t[], …) takes them."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(col) for col in zip(*rows, strict=True)]
