"""Sign-in for people and agency systems; API keys; people's accounts. Only this service issues tokens."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import asyncpg

from opensaraban_shared import auth, unit_of_work
from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.db import Database
from opensaraban_shared.errors import (
    FORBIDDEN,
    INVALID_CREDENTIALS,
    INVALID_INPUT,
    NOT_FOUND,
    UNAUTHENTICATED,
    AppError,
    ErrorKind,
)
from opensaraban_shared.unit_of_work import UnitOfWork

from .. import SERVICE
from ..directory import access
from ..directory import repository as directory_repository
from ..directory.models import UNKNOWN_AGENCIES, UNKNOWN_UNIT
from . import repository
from .events import record_api_key_revoked, record_user_authenticated, record_users_changed
from .models import (
    ApiKeyIssued,
    ApiKeyRead,
    PrincipalRead,
    TokenRead,
    UserAccess,
    UserCreate,
    UserPage,
    UserRead,
    UserUpdate,
)

SYSTEM_TOKEN_TTL = timedelta(hours=1)

USERNAME_TAKEN = ErrorKind("username_taken", 409, "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว", "This username is already taken")
SELF_ACCESS_CHANGE = ErrorKind(
    "self_access_change", 409, "เปลี่ยนสิทธิ์ของตนเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นดำเนินการ",
    "You cannot change your own roles, clearance or active state; another administrator must do it",
)
UNKNOWN_SUPERVISOR = ErrorKind(
    "unknown_supervisor", 422, "ไม่พบผู้บังคับบัญชาที่ระบุ", "The supervisor named does not exist"
)
WRONG_CURRENT_PASSWORD = ErrorKind(
    "wrong_current_password", 403, "รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is not correct"
)


async def login(db: Database, *, secret: str, username: str, password: str) -> TokenRead:
    """No principal yet, so no request's unit of work: this opens its own once the person is known."""
    async with db.pool.acquire() as conn:
        user = await repository.user_by_username(conn, username)
    # Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
    stored = user["password_hash"] if user else _dummy_hash()
    if not await asyncio.to_thread(auth.verify_password, stored, password) or user is None:
        raise AppError(INVALID_CREDENTIALS)
    upgraded = await asyncio.to_thread(upgraded_hash, stored, password)
    async with db.transaction() as conn:
        # Read again under a share lock and sign inside this transaction: an access change either waits for
        # this commit (so it is dated after the token and revokes it) or is already visible (the token has it).
        current = await repository.user_by_username(conn, username, lock=True)
        if current is None or current["password_hash"] != stored:
            raise AppError(INVALID_CREDENTIALS)
        principal = Principal(
            subject_id=current["user_id"], kind="user", agency_id=current["agency_id"],
            roles=frozenset(Role(r) for r in current["roles"] if r in Role.__members__.values()),
            display_name=current["display_name"], clearance=current["clearance"],
        )
        async with unit_of_work.within(conn, principal=principal, producer=SERVICE) as work:
            if upgraded is not None:
                await repository.replace_password_hash(conn, user_id=current["user_id"], password_hash=upgraded)
            record_user_authenticated(work, province_code=current["province_code"])  # counts toward active users
        return _token(principal, secret)


def upgraded_hash(stored: str, password: str) -> str | None:
    """A new hash of the (verified) password when the stored one was made with weaker parameters than today's.

    Sign-in is the only moment the plain password is at hand, so that is when an old hash is upgraded.
    """
    return auth.hash_password(password) if auth.needs_rehash(stored) else None


async def exchange_api_key(db: Database, *, secret: str, api_key: str) -> TokenRead:
    """No principal yet (the key is what proves one), no event and no audit: its own transaction."""
    key_id, key_secret = auth.parse_api_key(api_key)
    async with db.transaction() as conn:
        # Share-locked until the token is signed: a revocation racing this exchange is dated after the token.
        record = await repository.api_key(conn, key_id, lock=True)
        if record is None or not auth.api_key_matches(record["secret_hash"], key_secret):
            raise AppError(UNAUTHENTICATED, {"reason": "unknown_api_key"})
        principal = Principal(
            subject_id=api_key_subject(key_id), kind="system", agency_id=record["agency_id"],
            roles=frozenset({Role.AGENCY_SYSTEM, Role.CLERK}), display_name=record["name"], clearance=0,
        )
        # Short-lived as well: a replica that missed the revocation event still stops honouring it within the hour.
        return _token(principal, secret, ttl=SYSTEM_TOKEN_TTL)


def api_key_subject(key_id: str) -> str:
    return f"apikey:{key_id}"


async def issue_api_key(work: UnitOfWork, *, name: str) -> ApiKeyIssued:
    principal = work.principal
    issued = auth.new_api_key()
    record = await repository.insert_api_key(
        work.conn, key_id=issued.key_id, agency_id=principal.agency_id, name=name,
        secret_hash=auth.hash_api_key_secret(issued.secret),
    )
    # A permission change: the key acts for the agency as its system (clerk's rights).
    await work.audit("api_key_issued", subject=issued.key_id, detail={"name": name})
    return ApiKeyIssued(**_api_key_fields(record), api_key=issued.token)


async def list_api_keys(work: UnitOfWork) -> list[ApiKeyRead]:
    return [ApiKeyRead(**_api_key_fields(r)) for r in await repository.api_keys_of(work.conn, work.principal.agency_id)]


async def revoke_api_key(work: UnitOfWork, *, key_id: str) -> None:
    agency_id = work.principal.agency_id
    if not await repository.revoke_api_key(work.conn, key_id=key_id, agency_id=agency_id):
        raise AppError(NOT_FOUND)
    record_api_key_revoked(work, key_id=key_id, agency_id=agency_id, subject_id=api_key_subject(key_id))
    await work.audit("api_key_revoked", subject=key_id, detail={})


# --- People's accounts ----------------------------------------------------------------------------
# Administrators manage their own agency's people; administrators of a root agency manage anyone's
# (e.g. the first administrator of a new agency). A change to roles, clearance, active state or password
# ends the person's sessions in every service (UserChanged.access_changed, shared revocation module).
# Password hashing takes a while of CPU: the routes hash (hash_password) before opening the unit of work,
# so no transaction is held meanwhile.


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(auth.hash_password, password)


async def list_users(work: UnitOfWork, *, agency_id: str | None, unit_id: str | None, q: str | None,
                     include_inactive: bool, limit: int, offset: int) -> UserPage:
    """Everyone in an agency sees its people (to forward letters to them); other agencies: their administrators."""
    principal, conn = work.principal, work.conn
    target = agency_id or principal.agency_id
    if target != principal.agency_id and not await access.administers(conn, principal, target):
        raise AppError(FORBIDDEN, {"required": "a member of this agency or an administrator of it"})
    rows, total = await repository.list_users(conn, agency_id=target, unit_id=unit_id, q=q,
                                              include_inactive=include_inactive, limit=limit, offset=offset)
    return UserPage(items=[_user_read(r) for r in rows], total=total, limit=limit, offset=offset)


async def get_user(work: UnitOfWork, *, user_id: str) -> UserRead:
    principal, conn = work.principal, work.conn
    user = await repository.get_user(conn, user_id)
    if user is None or (user["agency_id"] != principal.agency_id
                        and not await access.administers(conn, principal, user["agency_id"])):
        raise AppError(NOT_FOUND)
    return _user_read(user)


async def create_user(work: UnitOfWork, *, user: UserCreate, password_hash: str) -> UserRead:
    """`password_hash`: of user.password (hash_password), made before the work began."""
    principal, conn = work.principal, work.conn
    agency_id = user.agency_id or principal.agency_id
    user_id = f"u-{uuid.uuid4().hex}"
    await access.require_administrator_of(conn, principal, agency_id)
    if not await directory_repository.existing_agency_ids(conn, [agency_id]):
        raise AppError(UNKNOWN_AGENCIES, {"agency_ids": [agency_id]})
    await _require_unit(conn, agency_id, user.unit_id)
    await _require_supervisor(conn, user.supervisor_user_id)
    if not await repository.insert_user(
        conn, user_id=user_id, agency_id=agency_id, unit_id=user.unit_id, username=user.username,
        display_name=user.display_name, position=user.position, password_hash=password_hash,
        roles=[r.value for r in user.roles], clearance=user.clearance, email=user.email, language=user.language,
        supervisor_user_id=user.supervisor_user_id,
    ):
        raise AppError(USERNAME_TAKEN, {"username": user.username})
    # A permission change: a new account with its roles and clearance.
    await work.audit("user_created", subject=user_id,
                     detail={"agency_id": agency_id, **_access([r.value for r in user.roles], user.clearance, True)})
    await record_users_changed(work, [user_id])
    return _user_read(await repository.get_user(conn, user_id))


def check_profile_changes(update: UserUpdate) -> None:
    """Refuses a null name or language before any work begins."""
    changes = update.model_dump(exclude_unset=True)
    for required in ("display_name", "language"):
        if required in changes and changes[required] is None:
            raise AppError(INVALID_INPUT, {"fields": [{"loc": ["body", required], "msg": "may not be null"}]})


async def update_user(work: UnitOfWork, *, user_id: str, update: UserUpdate) -> UserRead:
    check_profile_changes(update)
    changes = update.model_dump(exclude_unset=True)
    conn = work.conn
    user = await _managed_user(conn, work.principal, user_id)
    if "unit_id" in changes:
        await _require_unit(conn, user["agency_id"], changes["unit_id"])
    if changes.get("supervisor_user_id") is not None:
        if changes["supervisor_user_id"] == user_id:
            raise AppError(INVALID_INPUT, {"fields": [{"loc": ["body", "supervisor_user_id"],
                                                       "msg": "a person cannot supervise themselves"}]})
        await _require_supervisor(conn, changes["supervisor_user_id"])
    if changes:
        await repository.update_profile(conn, user_id, changes)
        await work.audit("user_profile_changed", subject=user_id, detail={"changes": changes})
        await record_users_changed(work, [user_id])
    return _user_read(await repository.get_user(conn, user_id))


def check_not_self(principal: Principal, user_id: str) -> None:
    if user_id == principal.subject_id:
        raise AppError(SELF_ACCESS_CHANGE)


async def change_access(work: UnitOfWork, *, user_id: str, new_access: UserAccess) -> UserRead:
    """A permission change (roles, clearance, active); returns the new state. Never on oneself."""
    check_not_self(work.principal, user_id)
    conn = work.conn
    before = await _managed_user(conn, work.principal, user_id, for_update=True)
    roles = [r.value for r in new_access.roles]
    if (sorted(before["roles"]), before["clearance"], before["active"]) == (roles, new_access.clearance,
                                                                           new_access.active):
        return _user_read(before)  # nothing changes, nothing to record
    after = await repository.set_access(conn, user_id=user_id, roles=roles, clearance=new_access.clearance,
                                        active=new_access.active)
    await work.audit("user_access_changed", subject=user_id,
                     detail={"before": _access(before["roles"], before["clearance"], before["active"]),
                             "after": _access(roles, new_access.clearance, new_access.active)})
    await record_users_changed(work, [user_id], access_changed=True)
    return _user_read(after)


async def reset_password(work: UnitOfWork, *, user_id: str, password_hash: str) -> None:
    """`password_hash`: of the new password (hash_password), made before the work began."""
    await _managed_user(work.conn, work.principal, user_id, for_update=True)
    await repository.set_password(work.conn, user_id=user_id, password_hash=password_hash)
    # Whoever knew the old password may hold a session: it ends now, in every service.
    await record_users_changed(work, [user_id], access_changed=True)
    # Whoever knows the new password can act as the person: recorded like a permission change.
    await work.audit("user_password_reset", subject=user_id, detail={})


def check_has_password(principal: Principal) -> None:
    if principal.kind != "user":
        raise AppError(FORBIDDEN, {"reason": "only people have passwords"})


async def own_password_hash(work: UnitOfWork) -> str | None:
    check_has_password(work.principal)
    return await repository.password_hash_of(work.conn, work.principal.subject_id)


async def new_own_password_hash(stored: str | None, *, current_password: str, new_password: str) -> str:
    """Checks the current password against `stored` (own_password_hash) and hashes the new one; no work open."""
    if stored is None or not await asyncio.to_thread(auth.verify_password, stored, current_password):
        raise AppError(WRONG_CURRENT_PASSWORD)
    return await hash_password(new_password)


async def set_own_password(work: UnitOfWork, *, password_hash: str) -> None:
    check_has_password(work.principal)
    await repository.set_password(work.conn, user_id=work.principal.subject_id, password_hash=password_hash)


async def _managed_user(conn: asyncpg.Connection, principal: Principal, user_id: str, *,
                        for_update: bool = False) -> asyncpg.Record:
    user = await repository.get_user(conn, user_id, for_update=for_update)
    # People of agencies one does not administer answer like missing ones.
    if user is None or not await access.administers(conn, principal, user["agency_id"]):
        raise AppError(NOT_FOUND)
    return user


async def _require_unit(conn: asyncpg.Connection, agency_id: str, unit_id: str | None) -> None:
    if unit_id is not None and not await directory_repository.active_unit_ids(conn, agency_id=agency_id,
                                                                               unit_ids=[unit_id]):
        raise AppError(UNKNOWN_UNIT, {"unit_id": unit_id, "agency_id": agency_id})


async def _require_supervisor(conn: asyncpg.Connection, supervisor_user_id: str | None) -> None:
    if supervisor_user_id is not None and await repository.get_user(conn, supervisor_user_id) is None:
        raise AppError(UNKNOWN_SUPERVISOR, {"supervisor_user_id": supervisor_user_id})


def _access(roles: Iterable[str], clearance: int, active: bool) -> dict[str, Any]:
    return {"roles": sorted(roles), "clearance": clearance, "active": active}


def _user_read(record: asyncpg.Record) -> UserRead:
    known = {r.value for r in Role}
    # Roles this version does not know are not shown rather than failing the whole answer.
    return UserRead(**{**dict(record), "roles": [r for r in record["roles"] if r in known]})


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
