"""Directory events about people and systems, emitted through the use case's unit of work: UserChanged (whole
record), UserAuthenticated and ApiKeyRevoked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from opensaraban_shared import clock
from opensaraban_shared.events import ApiKeyRevoked, UserAuthenticated, UserChanged
from opensaraban_shared.unit_of_work import UnitOfWork

from . import repository


async def record_users_changed(work: UnitOfWork, user_ids: Sequence[str], *, access_changed: bool = False) -> None:
    """Call after the change: the whole records, read in the work's transaction, leave with its commit.

    `access_changed`: roles, clearance, active state or password changed, so the people's sessions end.
    """
    if not user_ids:
        return
    rows = await repository.users_as_published(work.conn, user_ids)
    # The system clock: sessions issued before this moment are revoked (security time, not business time).
    now = datetime.now(UTC)
    for r in rows:
        work.emit(UserChanged(**{**dict(r), "roles": list(r["roles"])}, changed_at=now, access_changed=access_changed))


def record_user_authenticated(work: UnitOfWork, *, province_code: str | None) -> None:
    """The work's principal (a person) signed in; counts toward active users."""
    principal = work.principal
    work.emit(UserAuthenticated(user_id=principal.subject_id, agency_id=principal.agency_id,
                                province_code=province_code, authenticated_at=clock.now()))


def record_api_key_revoked(work: UnitOfWork, *, key_id: str, agency_id: str, subject_id: str) -> None:
    """Call in the revocation's work: every service then refuses the tokens the key was exchanged for."""
    work.emit(ApiKeyRevoked(key_id=key_id, agency_id=agency_id, subject_id=subject_id, revoked_at=datetime.now(UTC)))
