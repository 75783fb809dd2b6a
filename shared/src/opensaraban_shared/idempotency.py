"""Idempotency keys for POST requests: a retried request returns the first answer and acts once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic import BaseModel

from .errors import AppError, ErrorKind

IDEMPOTENCY_KEY_REUSED = ErrorKind(
    "idempotency_key_reused", 422,
    "ใช้ Idempotency-Key ซ้ำกับคำขอที่ต่างกัน", "This Idempotency-Key was used for a different request",
)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class IdempotencyKey:
    """The caller, its key and a fingerprint of what it asked, taken from the HTTP request."""

    subject: str
    key: str
    request_hash: str

    @classmethod
    def of(cls, *, subject: str, key: str, method: str, path: str, body: Any) -> IdempotencyKey:
        canonical = json.dumps([method, path, body], sort_keys=True, default=str, ensure_ascii=False)
        return cls(subject=subject, key=key[:MAX_KEY_LENGTH], request_hash=hashlib.sha256(canonical.encode()).hexdigest())


async def replayed(conn: asyncpg.Connection, key: IdempotencyKey | None) -> dict[str, Any] | None:
    """Call first inside the use case's transaction; returns the stored answer of an earlier success.

    A concurrent request with the same key waits here on the row lock of the first until it commits
    (then this one replays) or rolls back (then this one proceeds), so the work happens once.
    """
    if key is None:
        return None
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"{key.subject}\x1f{key.key}")
    row = await conn.fetchrow(
        "SELECT request_hash, response FROM idempotency_keys WHERE subject = $1 AND key = $2", key.subject, key.key
    )
    if row is None:
        return None
    if row["request_hash"] != key.request_hash:
        raise AppError(IDEMPOTENCY_KEY_REUSED)
    return json.loads(row["response"])


async def remember(conn: asyncpg.Connection, key: IdempotencyKey | None, response: BaseModel, *, status_code: int) -> None:
    """Call last inside the same transaction, with what the request answers."""
    if key is None:
        return
    await conn.execute(
        "INSERT INTO idempotency_keys (subject, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)",
        key.subject, key.key, key.request_hash, status_code, response.model_dump_json(),
    )
