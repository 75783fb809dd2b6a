"""Tamper-evident audit log: hash-chained records of sends, accepts, secret reads, permission changes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

GENESIS = "0" * 64


def record_hash(*, prev_hash: str, occurred_at: datetime, actor: str, action: str, subject: str,
                detail: dict[str, Any]) -> str:
    canonical = json.dumps(
        [prev_hash, occurred_at.isoformat(), actor, action, subject, detail],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def append(conn: asyncpg.Connection, *, chain: str, actor: str, action: str, subject: str,
                 detail: dict[str, Any] | None = None) -> str:
    """Appends inside the caller's transaction; a per-chain lock keeps the chain linear under concurrency."""
    detail = detail or {}
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", f"audit\x1f{chain}")
    prev_hash = await conn.fetchval(
        "SELECT hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1", chain
    ) or GENESIS
    # Microsecond precision, as PostgreSQL stores it, so verification recomputes the same hash.
    occurred_at = datetime.now(UTC)
    digest = record_hash(prev_hash=prev_hash, occurred_at=occurred_at, actor=actor, action=action,
                         subject=subject, detail=detail)
    await conn.execute(
        """INSERT INTO audit_log (chain, occurred_at, actor, action, subject, detail, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)""",
        chain, occurred_at, actor, action, subject, json.dumps(detail, ensure_ascii=False, default=str), prev_hash,
        digest,
    )
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


async def _verify_command(dsn: str, schema: str) -> int:
    conn = await asyncpg.connect(dsn, server_settings={"search_path": schema})
    try:
        breaks = await verify(conn)
        count = await conn.fetchval("SELECT count(*) FROM audit_log")
    finally:
        await conn.close()
    for item in breaks:
        print(f"BROKEN chain={item.chain} seq={item.seq}: {item.reason}")
    print(f"{count} audit records in {schema}: {'chain intact' if not breaks else f'{len(breaks)} break(s)'}")
    return 1 if breaks else 0


def main() -> None:
    """`python -m opensaraban_shared.audit --dsn postgresql://… --schema documents`: exit 1 on any break."""
    import argparse
    import asyncio
    import sys

    parser = argparse.ArgumentParser(description="Verify the hash chain of a service's audit log")
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--schema", default="documents")
    args = parser.parse_args()
    sys.exit(asyncio.run(_verify_command(args.dsn, args.schema)))


if __name__ == "__main__":
    main()
