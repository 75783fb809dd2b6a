"""All SQL of the metrics service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import asyncpg

from .projection import Increment


async def add_letters(conn: asyncpg.Connection, increments: Sequence[Increment]) -> None:
    """Adds to the daily counters. Rows are keyed by the agency that is also the event's Kafka key,
    so one agency's row is only ever updated from one partition: no lock contention between consumers."""
    if not increments:
        return
    await conn.executemany(
        """INSERT INTO letter_daily (day, agency_id, direction, channel, letters)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (day, agency_id, direction, channel)
           DO UPDATE SET letters = letter_daily.letters + EXCLUDED.letters""",
        [(i.day, i.agency_id, i.direction.value, i.channel.value, i.letters) for i in increments],
    )


async def letters_per_day(
    conn: asyncpg.Connection, *, agency_id: str, date_from: date, date_to: date
) -> list[asyncpg.Record]:
    """One row per day with letters in [date_from, date_to], the four counts as columns."""
    # sum(bigint) is numeric in PostgreSQL: cast back so the driver hands out ints, not Decimals.
    return await conn.fetch(
        """SELECT day,
                  coalesce(sum(letters) FILTER (WHERE direction = 'sent' AND channel = 'electronic'), 0)::bigint
                      AS sent_electronic,
                  coalesce(sum(letters) FILTER (WHERE direction = 'sent' AND channel = 'paper'), 0)::bigint
                      AS sent_paper,
                  coalesce(sum(letters) FILTER (WHERE direction = 'received' AND channel = 'electronic'), 0)::bigint
                      AS received_electronic,
                  coalesce(sum(letters) FILTER (WHERE direction = 'received' AND channel = 'paper'), 0)::bigint
                      AS received_paper
           FROM letter_daily
           WHERE agency_id = $1 AND day BETWEEN $2 AND $3
           GROUP BY day
           ORDER BY day""",
        agency_id, date_from, date_to,
    )
