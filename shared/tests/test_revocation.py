"""Revoked sessions: a token issued before the person's access changed is refused, younger ones pass."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from opensaraban_shared.auth import Principal, Role, decode_access_token, issue_access_token
from opensaraban_shared.errors import AppError
from opensaraban_shared.events import Actor, UserChanged, new_envelope
from opensaraban_shared.revocation import SessionRevocations

SECRET = "test-secret-that-is-long-enough-for-hs256!"
PERSON = Principal(subject_id="u-1", kind="user", agency_id="cm-land", roles=frozenset({Role.CLERK}),
                   display_name="สมหญิง", clearance=1)


def user_changed(*, access_changed: bool, at: datetime, user_id: str = "u-1") -> bytes:
    event = UserChanged(user_id=user_id, agency_id="cm-land", display_name="สมหญิง", roles=["clerk"], active=True,
                        changed_at=at, access_changed=access_changed)
    return new_envelope(event, producer="documents", actor=Actor(agency_id="cm-land", user_id="u-admin")).to_bytes()


def test_a_token_issued_before_the_change_is_refused_and_one_issued_after_passes():
    revocations = SessionRevocations()
    old_token = issue_access_token(PERSON, secret=SECRET)
    time.sleep(0.01)
    revocations.revoke("u-1", datetime.now(UTC))
    time.sleep(0.01)
    new_token = issue_access_token(PERSON, secret=SECRET)

    with pytest.raises(AppError) as refused:
        decode_access_token(old_token, secret=SECRET, is_revoked=revocations.is_revoked)
    assert refused.value.kind.code == "unauthenticated"
    assert refused.value.detail == {"reason": "session_revoked"}
    assert decode_access_token(new_token, secret=SECRET, is_revoked=revocations.is_revoked) == PERSON


def test_other_people_and_unchanged_people_keep_their_sessions():
    revocations = SessionRevocations()
    revocations.revoke("u-2", datetime.now(UTC) + timedelta(minutes=1))
    assert not revocations.is_revoked("u-1", time.time())
    assert revocations.is_revoked("u-2", time.time())


def test_only_access_changes_revoke_and_the_latest_change_counts():
    revocations = SessionRevocations()
    now = datetime.now(UTC)
    revocations.apply(user_changed(access_changed=False, at=now))  # e.g. a new e-mail address
    assert len(revocations) == 0
    revocations.apply(user_changed(access_changed=True, at=now))
    revocations.apply(user_changed(access_changed=True, at=now - timedelta(hours=1)))  # older, arriving late
    assert revocations.is_revoked("u-1", (now - timedelta(seconds=1)).timestamp())
    assert not revocations.is_revoked("u-1", (now + timedelta(seconds=1)).timestamp())


def test_changes_older_than_a_token_lifetime_are_forgotten():
    revocations = SessionRevocations(window=timedelta(hours=8))
    now = time.time()
    revocations.revoke("u-old", datetime.fromtimestamp(now - 9 * 3600, UTC))
    revocations.revoke("u-new", datetime.fromtimestamp(now - 7 * 3600, UTC))
    revocations.prune(now)
    assert len(revocations) == 1
    assert revocations.is_revoked("u-new", now - 7.5 * 3600)
