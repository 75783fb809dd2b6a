"""All SQL that reads the projections for the API. Every query reads pre-aggregated rows only.

Periods are split in two grains: whole months come from the *_monthly tables, the edge days from *_daily.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.thai import BANGKOK

from .scope import Granularity, Level, Scope

_FILTERS = {
    Level.AGENCY: "t.agency_id = {p}",
    Level.PROVINCE: "ag.province_code = {p}",
    Level.MINISTRY: "ag.ministry_id = {p}",
}
GROUP_KEYS = {Level.AGENCY: "t.agency_id", Level.PROVINCE: "ag.province_code", Level.MINISTRY: "ag.ministry_id",
              Level.NATIONAL: "'all'"}
_BUCKETS = {
    Granularity.DAY: "to_char(t.day, 'YYYY-MM-DD')",
    Granularity.MONTH: "to_char(t.day, 'YYYY-MM')",
    Granularity.FISCAL_YEAR: "(extract(year FROM t.day)::int + 543 + (extract(month FROM t.day) >= 10)::int)::text",
}


@dataclass
class Sql:
    """Positional parameters collected while a statement is put together."""

    params: list[object] = field(default_factory=list)

    def p(self, value: object) -> str:
        self.params.append(value)
        return f"${len(self.params)}"

    def scope_filter(self, scope: Scope) -> str:
        if scope.level is Level.NATIONAL:
            return "true"
        return _FILTERS[scope.level].format(p=self.p(scope.key))

    def agencies_of(self, scope: Scope) -> str:
        """A condition on `agency_id` selecting the scope's agencies (pushed into each grain's scan)."""
        if scope.level is Level.NATIONAL:
            return "true"
        if scope.level is Level.AGENCY:
            return f"agency_id = {self.p(scope.key)}"
        column = "province_code" if scope.level is Level.PROVINCE else "ministry_id"
        return f"agency_id IN (SELECT agency_id FROM agencies WHERE {column} = {self.p(scope.key)})"

    def grains(self, scope: Scope, *, table: str, columns: str, daily_only: bool = False,
               national: bool = False) -> str:
        """Rows of `table`_daily/_monthly covering the scope's period and agencies, as (day, agency_id, columns…).

        national: the tables have no agency column (the nation's own totals).
        """
        m1, m2 = month_split(scope.date_from, scope.date_to)
        if daily_only or m1 >= m2:
            m1 = m2 = scope.date_to + timedelta(days=1)
        a, b, p1, p2 = self.p(scope.date_from), self.p(scope.date_to), self.p(m1), self.p(m2)
        agency, where = ("NULL::text", "true") if national else ("agency_id", self.agencies_of(scope))
        return (
            f"(SELECT month AS day, {agency} AS agency_id, {columns} FROM {table}_monthly"
            f" WHERE month >= {p1} AND month < {p2} AND {where}"
            f" UNION ALL SELECT day, {agency} AS agency_id, {columns} FROM {table}_daily"
            f" WHERE ((day >= {a} AND day < {p1}) OR (day >= {p2} AND day <= {b})) AND {where})"
        )

    def days(self, scope: Scope) -> str:
        return f"t.day BETWEEN {self.p(scope.date_from)} AND {self.p(scope.date_to)}"


def month_split(date_from: date, date_to: date) -> tuple[date, date]:
    """[m1, m2): the whole calendar months inside [date_from, date_to]; m1 >= m2 when there are none."""
    m1 = date_from if date_from.day == 1 else (date_from.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = date_to + timedelta(days=1)
    m2 = after if after.day == 1 else date_to.replace(day=1)
    return m1, m2


def start_of(day: date, plus_days: int = 0) -> datetime:
    """Midnight in Bangkok at the start of `day` (+ plus_days)."""
    return datetime.combine(day + timedelta(days=plus_days), time(), BANGKOK)


def bucket(granularity: Granularity) -> str:
    return _BUCKETS[granularity]


LETTER_COLUMNS = "direction, channel, letters, recipients, timed, within_day, approved, signed"
_LETTER_SUMS = """
    coalesce(sum(letters) FILTER (WHERE direction = 'sent' AND channel = 'electronic'), 0)::bigint AS sent_electronic,
    coalesce(sum(letters) FILTER (WHERE direction = 'sent' AND channel = 'paper'), 0)::bigint AS sent_paper,
    coalesce(sum(letters) FILTER (WHERE direction = 'received' AND channel = 'electronic'), 0)::bigint
        AS received_electronic,
    coalesce(sum(letters) FILTER (WHERE direction = 'received' AND channel = 'paper'), 0)::bigint AS received_paper,
    coalesce(sum(recipients) FILTER (WHERE direction = 'sent' AND channel = 'electronic'), 0)::bigint
        AS electronic_copies,
    coalesce(sum(timed), 0)::bigint AS timed, coalesce(sum(within_day), 0)::bigint AS within_day,
    coalesce(sum(approved) FILTER (WHERE direction = 'sent'), 0)::bigint AS sent_approved,
    coalesce(sum(signed) FILTER (WHERE direction = 'sent'), 0)::bigint AS sent_signed"""


async def letters_per_day(
    conn: asyncpg.Connection, *, agency_id: str, date_from: date, date_to: date
) -> list[asyncpg.Record]:
    """One agency's letters per day with letters in [date_from, date_to], the four counts as columns."""
    return await conn.fetch(
        f"""SELECT day, {_LETTER_SUMS} FROM letter_daily
            WHERE agency_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day""",
        agency_id, date_from, date_to,
    )


async def letters_series(conn: asyncpg.Connection, scope: Scope, granularity: Granularity) -> list[asyncpg.Record]:
    sql = Sql()
    source = sql.grains(scope, table="letter", columns=LETTER_COLUMNS, daily_only=granularity is Granularity.DAY)
    return await conn.fetch(
        f"""SELECT {bucket(granularity)} AS period, {_LETTER_SUMS}
            FROM {source} t GROUP BY 1 ORDER BY 1""",
        *sql.params,
    )


async def letters_by(conn: asyncpg.Connection, scope: Scope, group: Level) -> list[asyncpg.Record]:
    """Letter counts per agency, province or ministry (key) inside the scope."""
    sql = Sql()
    source = sql.grains(scope, table="letter", columns=LETTER_COLUMNS)
    return await conn.fetch(
        f"""SELECT {GROUP_KEYS[group]} AS key, {_LETTER_SUMS}
            FROM {source} t LEFT JOIN agencies ag USING (agency_id) GROUP BY 1""",
        *sql.params,
    )


async def duration_histogram(conn: asyncpg.Connection, scope: Scope, group: Level | None = None
                             ) -> list[asyncpg.Record]:
    sql = Sql()
    national = group is None and scope.level is Level.NATIONAL
    source = sql.grains(scope, table="duration_national" if national else "duration",
                        columns="stage, urgency, bucket, n", national=national)
    key = GROUP_KEYS[group] if group else "'all'"
    return await conn.fetch(
        f"""SELECT {key} AS key, stage, urgency, bucket, sum(n)::bigint AS n
            FROM {source} t LEFT JOIN agencies ag USING (agency_id) GROUP BY 1, 2, 3, 4""",
        *sql.params,
    )


async def overdue(conn: asyncpg.Connection, scope: Scope) -> list[asyncpg.Record]:
    """Assignments whose deadline fell in the period, per urgency: closed late, or still open past it."""
    sql = Sql()
    return await conn.fetch(
        f"""SELECT urgency,
                   count(*) AS with_deadline,
                   count(*) FILTER (WHERE closed_at > deadline) AS closed_late,
                   count(*) FILTER (WHERE closed_at IS NULL AND deadline < {sql.p(clock.now())}) AS open_overdue
            FROM assignments t LEFT JOIN agencies ag USING (agency_id)
            WHERE deadline >= {sql.p(start_of(scope.date_from))} AND deadline < {sql.p(start_of(scope.date_to, 1))}
              AND assigned_at IS NOT NULL AND {sql.scope_filter(scope)}
            GROUP BY urgency ORDER BY urgency""",
        *sql.params,
    )


async def active_users(conn: asyncpg.Connection, scope: Scope) -> int:
    """Distinct people who signed in during the period (whole months from the monthly table)."""
    sql = Sql()
    m1, m2 = month_split(scope.date_from, scope.date_to)
    if m1 >= m2:
        m1 = m2 = scope.date_to + timedelta(days=1)
    a, b, p1, p2 = sql.p(scope.date_from), sql.p(scope.date_to), sql.p(m1), sql.p(m2)
    flt = sql.agencies_of(scope)
    return await conn.fetchval(
        f"""SELECT count(*) FROM (
                SELECT user_id FROM active_users_monthly WHERE month >= {p1} AND month < {p2} AND {flt}
                UNION
                SELECT user_id FROM active_users_daily
                WHERE ((day >= {a} AND day < {p1}) OR (day >= {p2} AND day <= {b})) AND {flt}) u""",
        *sql.params,
    )


async def active_users_series(conn: asyncpg.Connection, scope: Scope, granularity: Granularity
                              ) -> list[asyncpg.Record]:
    sql = Sql()
    source = sql.grains(scope, table="active_users", columns="user_id", daily_only=granularity is Granularity.DAY)
    return await conn.fetch(
        f"""SELECT {bucket(granularity)} AS period, count(DISTINCT user_id) AS active_users
            FROM {source} t GROUP BY 1 ORDER BY 1""",
        *sql.params,
    )


async def active_users_by(conn: asyncpg.Connection, scope: Scope, group: Level) -> list[asyncpg.Record]:
    sql = Sql()
    source = sql.grains(scope, table="active_users", columns="user_id")
    return await conn.fetch(
        f"""SELECT {GROUP_KEYS[group]} AS key, count(DISTINCT user_id) AS active_users
            FROM {source} t LEFT JOIN agencies ag USING (agency_id) GROUP BY 1""",
        *sql.params,
    )


async def registered(conn: asyncpg.Connection, scope: Scope, group: Level | None = None) -> list[asyncpg.Record]:
    """Active people and agencies of the directory inside the scope (per group when asked)."""
    sql = Sql()
    key = GROUP_KEYS[group] if group else "'all'"
    return await conn.fetch(
        f"""SELECT {key} AS key, coalesce(sum(u.users), 0)::bigint AS users,
                   count(*) FILTER (WHERE ag.from_directory AND ag.active) AS agencies
            FROM agencies t JOIN agencies ag USING (agency_id)
            LEFT JOIN (SELECT agency_id, count(*) AS users FROM users WHERE active GROUP BY 1) u USING (agency_id)
            WHERE {sql.scope_filter(scope)} GROUP BY 1""",
        *sql.params,
    )


async def live_agencies(conn: asyncpg.Connection, scope: Scope) -> int:
    """Agencies with a sign-in or an electronic letter in the period."""
    sql = Sql()
    letters = sql.grains(scope, table="letter", columns="channel")
    users = sql.grains(scope, table="active_users", columns="user_id")
    return await conn.fetchval(
        f"""SELECT count(*) FROM (
                SELECT t.agency_id FROM {letters} t WHERE t.channel = 'electronic'
                UNION
                SELECT t.agency_id FROM {users} t) x""",
        *sql.params,
    )


async def meetings(conn: asyncpg.Connection, scope: Scope, group: Level | None = None) -> list[asyncpg.Record]:
    sql = Sql()
    key = GROUP_KEYS[group] if group else "'all'"
    return await conn.fetch(
        f"""SELECT {key} AS key, count(*) AS held, count(*) FILTER (WHERE electronic_pack) AS with_electronic_pack,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_seconds) AS median_lead_s,
                   avg(lead_seconds) AS mean_lead_s
            FROM meetings_held t LEFT JOIN agencies ag USING (agency_id)
            WHERE {sql.days(scope)} AND {sql.scope_filter(scope)} GROUP BY 1""",
        *sql.params,
    )


async def agenda_items(conn: asyncpg.Connection, scope: Scope) -> asyncpg.Record:
    sql = Sql()
    return await conn.fetchrow(
        f"""SELECT coalesce(sum(items), 0)::bigint AS items, coalesce(sum(late_items), 0)::bigint AS late_items
            FROM agenda_items_daily t LEFT JOIN agencies ag USING (agency_id)
            WHERE {sql.days(scope)} AND {sql.scope_filter(scope)}""",
        *sql.params,
    )


async def pack_pages(conn: asyncpg.Connection, scope: Scope) -> asyncpg.Record:
    sql = Sql()
    return await conn.fetchrow(
        f"""SELECT count(*) AS packs, coalesce(sum(pages::bigint * members), 0)::bigint AS pages
            FROM agenda_packs t LEFT JOIN agencies ag USING (agency_id)
            WHERE {sql.days(scope)} AND {sql.scope_filter(scope)}""",
        *sql.params,
    )


async def agency_names(conn: asyncpg.Connection, ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    rows = await conn.fetch("SELECT agency_id, name_th, name_en FROM agencies WHERE agency_id = ANY($1)", ids)
    return {r["agency_id"]: (r["name_th"], r["name_en"]) for r in rows}


async def province_names(conn: asyncpg.Connection, codes: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Each province code's name as the directory gives it ('จังหวัดเชียงใหม่'): the name of its province agency."""
    rows = await conn.fetch(
        """SELECT DISTINCT ON (province_code) province_code, name_th, name_en FROM agencies
           WHERE kind = 'province' AND province_code = ANY($1) ORDER BY province_code, active DESC, agency_id""",
        codes)
    return {r["province_code"]: (r["name_th"], r["name_en"]) for r in rows}
