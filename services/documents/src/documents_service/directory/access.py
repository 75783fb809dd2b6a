"""Who may change the directory: administrators of their own agency and of the agencies below it (a province's
administrators manage its offices), and administrators of a root agency (one without a parent, e.g. the national
office) anywhere. Reading the directory needs only sign-in."""

from __future__ import annotations

import asyncpg

from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.errors import FORBIDDEN, AppError

from . import repository


async def is_root_administrator(conn: asyncpg.Connection, principal: Principal) -> bool:
    # Looked up, not taken from the token: moving an agency under a parent ends its national powers at once.
    return Role.ADMINISTRATOR in principal.roles and await repository.is_root_agency(conn, principal.agency_id)


async def administers_below(conn: asyncpg.Connection, principal: Principal, agency_id: str) -> bool:
    """An administrator of an agency above `agency_id` (or of a root agency): may create, change, move or retire
    it. The agency's own administrators manage its people, units and settings, not its place in the tree."""
    if Role.ADMINISTRATOR not in principal.roles:
        return False
    return (await repository.is_below(conn, agency_id, ancestor_id=principal.agency_id)
            or await is_root_administrator(conn, principal))


async def administers(conn: asyncpg.Connection, principal: Principal, agency_id: str) -> bool:
    if Role.ADMINISTRATOR not in principal.roles:
        return False
    return principal.agency_id == agency_id or await administers_below(conn, principal, agency_id)


async def require_administrator_of(conn: asyncpg.Connection, principal: Principal, agency_id: str) -> None:
    if not await administers(conn, principal, agency_id):
        raise AppError(FORBIDDEN, {"required": f"administrator of {agency_id}, of an agency above it or of a root agency"})


async def require_administrator_above(conn: asyncpg.Connection, principal: Principal, agency_id: str) -> None:
    if not await administers_below(conn, principal, agency_id):
        raise AppError(FORBIDDEN, {"required": f"administrator of an agency above {agency_id} or of a root agency"})


async def require_root_administrator(conn: asyncpg.Connection, principal: Principal) -> None:
    if not await is_root_administrator(conn, principal):
        raise AppError(FORBIDDEN, {"required": "administrator of a root agency (e.g. the national office)"})
