"""Tamper-evident audit log: hash-chained records of sends, accepts, secret reads, permission changes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from .audit_anchors import Anchor, newest_anchors
from .events import Actor, AuditRecordAnchored, new_envelope
from .outbox import add_to_outbox

GENESIS = "0" * 64


def record_hash(*, prev_hash: str, occurred_at: datetime, actor: str, action: str, subject: str,
                detail: dict[str, Any]) -> str:
    canonical = json.dumps(
        [prev_hash, occurred_at.isoformat(), actor, action, subject, detail],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def append(conn: asyncpg.Connection, *, chain: str, actor: str, action: str, subject: str,
                 producer: str, detail: dict[str, Any] | None = None, anchor_actor: Actor | None = None,
                 correlation_id: str | None = None) -> str:
    """Appends inside the caller's transaction; a per-chain lock keeps the chain linear under concurrency.

    The record's hash is also written to the outbox (`producer`: the calling service), so it reaches Kafka's
    anchors topic right after the commit: outside PostgreSQL, where deleting the newest records cannot hide it.
    `anchor_actor` and `correlation_id` are the acting unit of work's (a person unless said otherwise).
    """
    detail = detail or {}
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", f"audit\x1f{chain}")
    prev_hash = await conn.fetchval(
        "SELECT hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1", chain
    ) or GENESIS
    # Microsecond precision, as PostgreSQL stores it, so verification recomputes the same hash.
    occurred_at = datetime.now(UTC)
    digest = record_hash(prev_hash=prev_hash, occurred_at=occurred_at, actor=actor, action=action,
                         subject=subject, detail=detail)
    seq = await conn.fetchval(
        """INSERT INTO audit_log (chain, occurred_at, actor, action, subject, detail, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING seq""",
        chain, occurred_at, actor, action, subject, json.dumps(detail, ensure_ascii=False, default=str), prev_hash,
        digest,
    )
    anchor = AuditRecordAnchored.of(log=producer, chain=chain, seq=seq, hash=digest, occurred_at=occurred_at)
    await add_to_outbox(conn, [new_envelope(anchor, producer=producer, correlation_id=correlation_id,
                                            actor=anchor_actor or Actor(agency_id=chain, user_id=actor))])
    return digest


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    reason: str


async def verify(conn: asyncpg.Connection) -> list[ChainBreak]:
    """Recomputes every chain; an edited, deleted or reordered record shows up as a break."""
    breaks: list[ChainBreak] = []
    last: dict[str, str] = {}
    async with conn.transaction():
        async for row in conn.cursor("SELECT * FROM audit_log ORDER BY chain, seq"):
            chain = row["chain"]
            expected_prev = last.get(chain, GENESIS)
            if row["prev_hash"] != expected_prev:
                breaks.append(ChainBreak(chain, row["seq"], "previous hash does not match (record missing or moved)"))
            digest = record_hash(prev_hash=row["prev_hash"], occurred_at=row["occurred_at"], actor=row["actor"],
                                 action=row["action"], subject=row["subject"], detail=json.loads(row["detail"]))
            if digest != row["hash"]:
                breaks.append(ChainBreak(chain, row["seq"], "record content does not match its hash"))
            last[chain] = row["hash"]
    return breaks


async def verify_anchored(conn: asyncpg.Connection, anchors: Mapping[str, Anchor]) -> list[ChainBreak]:
    """Each chain's newest anchored record must still be in the log, with the anchored hash: otherwise records
    were deleted from the end of the chain (or the whole chain), or rewritten with a new chain of hashes."""
    found = {(r["chain"], r["seq"]): r["hash"] for r in await conn.fetch(
        "SELECT chain, seq, hash FROM audit_log WHERE seq = ANY($1::bigint[])", [a.seq for a in anchors.values()])}
    return [ChainBreak(chain, anchor.seq, "anchored record missing or changed (newest records cut off?)")
            for chain, anchor in sorted(anchors.items()) if found.get((chain, anchor.seq)) != anchor.hash]


async def _verify_command(dsn: str, schema: str, *, anchors_from: str | None, log: str) -> int:
    anchors = await newest_anchors(anchors_from, log=log) if anchors_from else {}
    conn = await asyncpg.connect(dsn, server_settings={"search_path": schema})
    try:
        breaks = await verify(conn) + await verify_anchored(conn, anchors)
        count = await conn.fetchval("SELECT count(*) FROM audit_log")
    finally:
        await conn.close()
    for item in breaks:
        print(f"BROKEN chain={item.chain} seq={item.seq}: {item.reason}")
    checked = f", {len(anchors)} chain heads checked against their anchors" if anchors_from else ""
    print(f"{count} audit records in {schema}{checked}: "
          f"{'chain intact' if not breaks else f'{len(breaks)} break(s)'}")
    return 1 if breaks else 0


def main() -> None:
    """`python -m opensaraban_shared.audit --dsn postgresql://… --schema documents [--anchors-from kafka:9092]`:
    exit 1 on any break."""
    import argparse
    import asyncio
    import sys

    parser = argparse.ArgumentParser(description="Verify the hash chain of a service's audit log")
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--schema", default="documents")
    parser.add_argument("--anchors-from", metavar="BOOTSTRAP",
                        help="Kafka bootstrap servers: also check each chain's head against its anchor")
    parser.add_argument("--log", help="whose anchors to read (the service that wrote the log; default: --schema)")
    args = parser.parse_args()
    sys.exit(asyncio.run(_verify_command(args.dsn, args.schema, anchors_from=args.anchors_from,
                                         log=args.log or args.schema)))


if __name__ == "__main__":
    main()
