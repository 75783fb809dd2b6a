"""Sign-in for people and agency systems; API key management. Only this service issues tokens."""

from __future__ import annotations

import asyncio
import functools
import uuid
from datetime import timedelta

import asyncpg

from opensaraban_shared import auth
from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.db import Database
from opensaraban_shared.errors import INVALID_CREDENTIALS, NOT_FOUND, UNAUTHENTICATED, AppError

from . import repository
from .models import ApiKeyIssued, ApiKeyRead, PrincipalRead, TokenRead

SYSTEM_TOKEN_TTL = timedelta(hours=1)


async def login(db: Database, *, secret: str, username: str, password: str) -> TokenRead:
    async with db.pool.acquire() as conn:
        user = await repository.user_by_username(conn, username)
    # Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
    stored = user["password_hash"] if user else _dummy_hash()
    if not await asyncio.to_thread(auth.verify_password, stored, password) or user is None:
        raise AppError(INVALID_CREDENTIALS)
    principal = Principal(
        subject_id=user["user_id"], kind="user", agency_id=user["agency_id"],
        roles=frozenset(Role(r) for r in user["roles"] if r in Role.__members__.values()),
        display_name=user["display_name"], clearance=user["clearance"],
    )
    return _token(principal, secret)


async def exchange_api_key(db: Database, *, secret: str, api_key: str) -> TokenRead:
    key_id, key_secret = auth.parse_api_key(api_key)
    async with db.pool.acquire() as conn:
        record = await repository.api_key(conn, key_id)
    if record is None or not auth.api_key_matches(record["secret_hash"], key_secret):
        raise AppError(UNAUTHENTICATED, {"reason": "unknown_api_key"})
    principal = Principal(
        subject_id=f"apikey:{key_id}", kind="system", agency_id=record["agency_id"],
        roles=frozenset({Role.AGENCY_SYSTEM, Role.CLERK}), display_name=record["name"], clearance=0,
    )
    # Short-lived, so revoking a key takes effect within the hour on every replica of every service.
    return _token(principal, secret, ttl=SYSTEM_TOKEN_TTL)


async def issue_api_key(db: Database, *, principal: Principal, name: str) -> ApiKeyIssued:
    issued = auth.new_api_key()
    async with db.transaction() as conn:
        record = await repository.insert_api_key(
            conn, key_id=issued.key_id, agency_id=principal.agency_id, name=name,
            secret_hash=auth.hash_api_key_secret(issued.secret),
        )
    return ApiKeyIssued(**_api_key_fields(record), api_key=issued.token)


async def list_api_keys(db: Database, *, principal: Principal) -> list[ApiKeyRead]:
    async with db.pool.acquire() as conn:
        return [ApiKeyRead(**_api_key_fields(r)) for r in await repository.api_keys_of(conn, principal.agency_id)]


async def revoke_api_key(db: Database, *, principal: Principal, key_id: str) -> None:
    async with db.transaction() as conn:
        if not await repository.revoke_api_key(conn, key_id=key_id, agency_id=principal.agency_id):
            raise AppError(NOT_FOUND)


def _api_key_fields(record: asyncpg.Record) -> dict:
    return {k: record[k] for k in ApiKeyRead.model_fields}


def _token(principal: Principal, secret: str, *, ttl: timedelta = auth.DEFAULT_TOKEN_TTL) -> TokenRead:
    return TokenRead(
        access_token=auth.issue_access_token(principal, secret=secret, ttl=ttl),
        expires_in=int(ttl.total_seconds()),
        principal=PrincipalRead(**principal.model_dump(mode="json")),
    )


@functools.cache
def _dummy_hash() -> str:
    return auth.hash_password(uuid.uuid4().hex)
