"""Use cases of the metrics service: every adoption measure, read from the projections."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

import asyncpg

from opensaraban_shared.auth import Principal, ensure_agency
from opensaraban_shared.db import Database
from opensaraban_shared.errors import AppError
from opensaraban_shared.vocabulary import URGENCY_TH, Urgency

from . import queries
from .durations import DAY_S, count_below, percentile
from .models import (
    ApprovalCounts,
    ApprovalPoint,
    ChannelMix,
    Distribution,
    EApproval,
    ESignature,
    LetterAdoption,
    LetterCounts,
    LetterDay,
    Meetings,
    Overdue,
    PeriodCounts,
    Ranking,
    RankingRow,
    Savings,
    ScopeRead,
    SignatureCounts,
    SignaturePoint,
    Speed,
    StageSpeed,
    Usage,
    UsagePoint,
)
from .projection import electronic_rate
from .scope import INVALID_PERIOD, Granularity, Level, Scope, check_granularity
from .score import FORMULA, Components, composite, ratio
from .settings import MetricsSettings

STAGES = ("delivery", "acceptance", "handling", "review_step")
T = TypeVar("T")
SURVEY_2017 = {
    "provincial": {"paper_only": 89, "both": 499, "electronic_only": 102},
    "department": {"paper_only": 26, "both": 133, "electronic_only": 47},
}


async def _together(db: Database, *queries: Callable[[asyncpg.Connection], Awaitable[T]]) -> list[T]:
    """Runs independent reads at once, each on its own pooled connection (PostgreSQL works on them in parallel)."""

    async def one(query: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        async with db.pool.acquire() as conn:
            return await query(conn)

    return list(await asyncio.gather(*(one(q) for q in queries)))


def _scope(scope: Scope) -> ScopeRead:
    return ScopeRead(level=scope.level.value, key=scope.key, date_from=scope.date_from, date_to=scope.date_to)


def _counts(row) -> dict[str, int]:
    return {k: row[k] for k in ("sent_electronic", "sent_paper", "received_electronic", "received_paper")}


async def letter_adoption(
    *, db: Database, principal: Principal, agency_id: str | None, date_from: date, date_to: date
) -> LetterAdoption:
    """Letters of one agency per day and in total; administrators may look at any agency."""
    if date_from > date_to:
        raise AppError(INVALID_PERIOD, {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    agency_id = agency_id or principal.agency_id
    ensure_agency(principal, agency_id, allow_admin=True)
    async with db.pool.acquire() as conn:
        rows = await queries.letters_per_day(conn, agency_id=agency_id, date_from=date_from, date_to=date_to)
    days = [LetterDay(day=row["day"], **_counts(row)) for row in rows]
    return LetterAdoption(
        agency_id=agency_id, date_from=date_from, date_to=date_to, totals=LetterCounts.sum_of(days), days=days
    )


async def distribution(*, db: Database, scope: Scope, granularity: Granularity) -> Distribution:
    check_granularity(scope, granularity)
    async with db.pool.acquire() as conn:
        rows = await queries.letters_series(conn, scope, granularity)
    series = [PeriodCounts(period=r["period"], electronic_copies=r["electronic_copies"], **_counts(r)) for r in rows]
    return Distribution(scope=_scope(scope), granularity=granularity.value, totals=LetterCounts.sum_of(series),
                        series=series)


async def e_approval(*, db: Database, scope: Scope, granularity: Granularity) -> EApproval:
    """Letters sent with e-approval ÷ letters sent, over the same periods as the distribution rate."""
    check_granularity(scope, granularity)
    async with db.pool.acquire() as conn:
        rows = await queries.letters_series(conn, scope, granularity)
    series = [ApprovalPoint(period=r["period"], sent=r["sent_electronic"] + r["sent_paper"],
                            approved_electronically=r["sent_approved"]) for r in rows]
    totals = ApprovalCounts(sent=sum(p.sent for p in series),
                            approved_electronically=sum(p.approved_electronically for p in series))
    return EApproval(scope=_scope(scope), granularity=granularity.value, totals=totals, series=series)


async def e_signature(*, db: Database, scope: Scope, granularity: Granularity) -> ESignature:
    """Letters sent with a digital signature ÷ letters sent, over the same periods as the e-approval rate."""
    check_granularity(scope, granularity)
    async with db.pool.acquire() as conn:
        rows = await queries.letters_series(conn, scope, granularity)
    series = [SignaturePoint(period=r["period"], sent=r["sent_electronic"] + r["sent_paper"],
                             signed_digitally=r["sent_signed"]) for r in rows]
    totals = SignatureCounts(sent=sum(p.sent for p in series),
                             signed_digitally=sum(p.signed_digitally for p in series))
    return ESignature(scope=_scope(scope), granularity=granularity.value, totals=totals, series=series)


async def channel_mix(*, db: Database, scope: Scope) -> ChannelMix:
    async with db.pool.acquire() as conn:
        rows = await queries.letters_by(conn, scope, Level.AGENCY)
    mix = {"paper_only": 0, "both": 0, "electronic_only": 0}
    for r in rows:
        electronic = r["sent_electronic"] + r["received_electronic"]
        paper = r["sent_paper"] + r["received_paper"]
        if electronic and paper:
            mix["both"] += 1
        elif electronic:
            mix["electronic_only"] += 1
        elif paper:
            mix["paper_only"] += 1
    agencies = sum(mix.values())
    return ChannelMix(scope=_scope(scope), agencies=agencies, **mix,
                      shares={k: (v / agencies if agencies else None) for k, v in mix.items()},
                      survey_2017=SURVEY_2017)


async def speed(*, db: Database, scope: Scope) -> Speed:
    histogram, late = await _together(
        db, lambda c: queries.duration_histogram(c, scope), lambda c: queries.overdue(c, scope))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for r in histogram:
        groups[(r["stage"], r["urgency"])].append((r["bucket"], r["n"]))
    stages = [
        StageSpeed(stage=stage, urgency=urgency, urgency_th=URGENCY_TH[Urgency(urgency)],
                   count=sum(n for _, n in buckets), median_s=percentile(buckets, 0.5),
                   p90_s=percentile(buckets, 0.9), within_24h=count_below(buckets, DAY_S))
        for (stage, urgency), buckets in sorted(groups.items(), key=lambda kv: (STAGES.index(kv[0][0]), kv[0][1]))
    ]
    overdue = [Overdue(urgency=r["urgency"], urgency_th=URGENCY_TH[Urgency(r["urgency"])],
                       with_deadline=r["with_deadline"], closed_late=r["closed_late"],
                       open_overdue=r["open_overdue"]) for r in late]
    return Speed(scope=_scope(scope), stages=stages, overdue=overdue)


async def usage(*, db: Database, scope: Scope, granularity: Granularity, settings: MetricsSettings) -> Usage:
    check_granularity(scope, granularity)
    active, series, registered_rows, live, letters = await _together(
        db,
        lambda c: queries.active_users(c, scope),
        lambda c: queries.active_users_series(c, scope, granularity),
        lambda c: queries.registered(c, scope),
        lambda c: queries.live_agencies(c, scope),
        lambda c: queries.letters_by(c, scope, Level.NATIONAL),
    )
    registered = registered_rows[0] if registered_rows else None
    total_letters = sum(sum(_counts(r).values()) for r in letters)
    return Usage(
        scope=_scope(scope), granularity=granularity.value, active_users=active,
        registered_users=registered["users"] if registered else 0, target_users=settings.target_users,
        target_share=active / settings.target_users if scope.level is Level.NATIONAL else None,
        agencies_registered=registered["agencies"] if registered else 0, agencies_live=live,
        letters=total_letters, letters_per_active_user=total_letters / active if active else None,
        series=[UsagePoint(period=r["period"], active_users=r["active_users"]) for r in series],
    )


async def meetings(*, db: Database, scope: Scope) -> Meetings:
    held, items = await _together(db, lambda c: queries.meetings(c, scope), lambda c: queries.agenda_items(c, scope))
    row = held[0] if held else None
    count = row["held"] if row else 0
    with_pack = row["with_electronic_pack"] if row else 0
    return Meetings(
        scope=_scope(scope), held=count, with_electronic_pack=with_pack,
        electronic_pack_share=with_pack / count if count else None,
        median_lead_days=row["median_lead_s"] / DAY_S if row and row["median_lead_s"] is not None else None,
        mean_lead_days=row["mean_lead_s"] / DAY_S if row and row["mean_lead_s"] is not None else None,
        agenda_items=items["items"], late_items=items["late_items"],
        late_item_share=items["late_items"] / items["items"] if items["items"] else None,
    )


async def savings(*, db: Database, scope: Scope, settings: MetricsSettings) -> Savings:
    letter_rows, packs = await _together(
        db, lambda c: queries.letters_by(c, scope, Level.NATIONAL), lambda c: queries.pack_pages(c, scope))
    letters = letter_rows[0] if letter_rows else None
    copies = letters["electronic_copies"] if letters else 0
    pages = copies * settings.pages_per_letter + packs["pages"]
    paper = pages * settings.baht_per_page
    postage = copies * settings.postage_baht_per_letter
    return Savings(
        scope=_scope(scope), electronic_copies=copies, agenda_pack_pages=packs["pages"], pages_not_printed=pages,
        paper_baht=round(paper, 2), postage_baht=round(postage, 2), total_baht=round(paper + postage, 2),
        parameters={"pages_per_letter": settings.pages_per_letter, "baht_per_page": settings.baht_per_page,
                    "postage_baht_per_letter": settings.postage_baht_per_letter},
    )


async def ranking(*, db: Database, scope: Scope, level: Level, limit: int) -> Ranking:
    letter_rows, active_rows, registered_rows, held_rows = await _together(
        db,
        lambda c: queries.letters_by(c, scope, level),
        lambda c: queries.active_users_by(c, scope, level),
        lambda c: queries.registered(c, scope, level),
        lambda c: queries.meetings(c, scope, level),
    )
    letters = {r["key"]: r for r in letter_rows}
    active = {r["key"]: r["active_users"] for r in active_rows}
    registered = {r["key"]: r["users"] for r in registered_rows}
    held = {r["key"]: r for r in held_rows}
    keys = [k for k in {*letters, *active, *held} if k]
    async with db.pool.acquire() as conn:  # provinces by the directory's name of the province, agencies by theirs
        names = await (queries.province_names(conn, keys) if level is Level.PROVINCE
                       else queries.agency_names(conn, keys))
    rows = []
    for key in {*letters, *active, *held} - {None}:
        row = letters.get(key)
        counts = _counts(row) if row else {}
        total = sum(counts.values())
        electronic = counts.get("sent_electronic", 0) + counts.get("received_electronic", 0)
        meeting = held.get(key)
        components = Components(
            electronic_rate=electronic_rate(electronic=electronic, total=total),
            accepted_within_24h=ratio(row["within_day"], row["timed"]) if row else None,
            active_user_share=ratio(active.get(key, 0), registered.get(key) or 0),
            electronic_pack_share=ratio(meeting["with_electronic_pack"], meeting["held"]) if meeting else None,
        )
        name_th, name_en = names.get(key, (None, None))
        rows.append(RankingRow(rank=0, key=key, name_th=name_th, name_en=name_en, score=composite(components),
                               letters=total, **vars(components)))
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), -r.letters, r.key or ""))
    for index, row in enumerate(rows, start=1):
        row.rank = index
    return Ranking(scope=_scope(scope), level=level.value, formula=FORMULA, rows=rows[:limit])
