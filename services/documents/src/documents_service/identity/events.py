"""Directory events about people and systems for the outbox: UserChanged (whole record), UserAuthenticated and
ApiKeyRevoked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.events import Actor, ApiKeyRevoked, UserAuthenticated, UserChanged
from opensaraban_shared.outbox import add_to_outbox
from opensaraban_shared.unit_of_work import envelope_of

from .. import SERVICE
from . import repository


async def record_users_changed(conn: asyncpg.Connection, user_ids: Sequence[str], *, actor: Actor,
                               access_changed: bool = False) -> None:
    """Call after the change, before commit: the events exist exactly when the change does.

    `access_changed`: roles, clearance, active state or password changed, so the people's sessions end.
    """
    if not user_ids:
        return
    rows = await repository.users_as_published(conn, user_ids)
    now = datetime.now(UTC)
    await add_to_outbox(conn, [
        envelope_of(UserChanged(**{**dict(r), "roles": list(r["roles"])}, changed_at=now,
                                access_changed=access_changed), actor=actor, producer=SERVICE)
        for r in rows
    ])


async def record_user_authenticated(conn: asyncpg.Connection, *, user_id: str, agency_id: str,
                                    province_code: str | None) -> None:
    event = UserAuthenticated(user_id=user_id, agency_id=agency_id, province_code=province_code,
                              authenticated_at=clock.now())
    await add_to_outbox(conn, [envelope_of(event, actor=Actor(agency_id=agency_id, user_id=user_id), producer=SERVICE)])


async def record_api_key_revoked(conn: asyncpg.Connection, *, key_id: str, agency_id: str, subject_id: str,
                                 actor: Actor) -> None:
    """Call in the revocation's transaction: every service then refuses the tokens the key was exchanged for."""
    event = ApiKeyRevoked(key_id=key_id, agency_id=agency_id, subject_id=subject_id, revoked_at=datetime.now(UTC))
    await add_to_outbox(conn, [envelope_of(event, actor=actor, producer=SERVICE)])
