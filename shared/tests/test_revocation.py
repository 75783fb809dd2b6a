"""Revoked sessions: a token issued before the person's access changed or their agency retired is refused,
younger ones pass."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from opensaraban_shared.auth import Principal, Role, decode_access_token, issue_access_token
from opensaraban_shared.errors import AppError
from opensaraban_shared.events import Actor, AgencyChanged, ApiKeyRevoked, UserChanged, new_envelope
from opensaraban_shared.revocation import SessionRevocations

SECRET = "test-secret-that-is-long-enough-for-hs256!"
PERSON = Principal(subject_id="u-1", kind="user", agency_id="cm-land", roles=frozenset({Role.CLERK}),
                   display_name="สมหญิง", clearance=1)


def person(user_id: str, agency_id: str = "cm-land") -> Principal:
    return Principal(subject_id=user_id, kind="user", agency_id=agency_id, roles=frozenset({Role.CLERK}),
                     display_name="สมหญิง", clearance=1)


def agency_changed(*, active: bool, at: datetime, agency_id: str = "cm-land") -> bytes:
    event = AgencyChanged(agency_id=agency_id, name_th="สำนักงานที่ดินจังหวัดเชียงใหม่", kind="provincial_office",
                          parent_id="cm", province_code="50", active=active, changed_at=at)
    return new_envelope(event, producer="documents", actor=Actor(agency_id="cm", user_id="u-admin")).to_bytes()


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
    assert not revocations.is_revoked(person("u-1"), time.time())
    assert revocations.is_revoked(person("u-2"), time.time())


def test_only_access_changes_revoke_and_the_latest_change_counts():
    revocations = SessionRevocations()
    now = datetime.now(UTC)
    revocations.apply(user_changed(access_changed=False, at=now))  # e.g. a new e-mail address
    assert len(revocations) == 0
    revocations.apply(user_changed(access_changed=True, at=now))
    revocations.apply(user_changed(access_changed=True, at=now - timedelta(hours=1)))  # older, arriving late
    assert revocations.is_revoked(person("u-1"), (now - timedelta(seconds=1)).timestamp())
    assert not revocations.is_revoked(person("u-1"), (now + timedelta(seconds=1)).timestamp())


def test_changes_older_than_a_token_lifetime_are_forgotten():
    revocations = SessionRevocations(window=timedelta(hours=8))
    now = time.time()
    revocations.revoke("u-old", datetime.fromtimestamp(now - 9 * 3600, UTC))
    revocations.revoke("u-new", datetime.fromtimestamp(now - 7 * 3600, UTC))
    revocations.prune(now)
    assert len(revocations) == 1
    assert revocations.is_revoked(person("u-new"), now - 7.5 * 3600)


def test_retiring_an_agency_ends_the_sessions_of_all_its_people_and_systems_and_no_one_elses():
    revocations = SessionRevocations()
    now = datetime.now(UTC)
    revocations.apply(agency_changed(active=True, at=now))  # renamed or moved, still working
    assert len(revocations) == 0
    revocations.apply(agency_changed(active=False, at=now))
    before, after = (now - timedelta(seconds=1)).timestamp(), (now + timedelta(seconds=1)).timestamp()
    system = Principal(subject_id="k-1", kind="system", agency_id="cm-land", roles=frozenset({Role.AGENCY_SYSTEM}),
                       display_name="ระบบงานที่ดิน", clearance=0)
    assert revocations.is_revoked(person("u-1"), before) and revocations.is_revoked(system, before)
    assert not revocations.is_revoked(person("u-9", agency_id="cm-statistics"), before)
    assert not revocations.is_revoked(person("u-1"), after)
    revocations.prune(now.timestamp() + revocations.window.total_seconds() + 1)
    assert len(revocations) == 0


def test_revoking_an_api_key_ends_the_sessions_it_opened_and_not_the_agencys_others():
    revocations = SessionRevocations()
    now = datetime.now(UTC)
    revoked = ApiKeyRevoked(key_id="k-1", agency_id="cm-land", subject_id="apikey:k-1", revoked_at=now)
    revocations.apply(new_envelope(revoked, producer="documents",
                                   actor=Actor(agency_id="cm-land", user_id="u-admin")).to_bytes())
    system = Principal(subject_id="apikey:k-1", kind="system", agency_id="cm-land",
                       roles=frozenset({Role.AGENCY_SYSTEM}), display_name="ระบบงานที่ดิน", clearance=0)
    before = (now - timedelta(seconds=1)).timestamp()
    assert revocations.is_revoked(system, before)
    assert not revocations.is_revoked(person("u-1"), before)
