"""Unit tests for upgrading weak password hashes at sign-in (no I/O)."""

from __future__ import annotations

from argon2 import PasswordHasher

from documents_service.identity.service import upgraded_hash
from opensaraban_shared import auth

PASSWORD = "saraban-demo-2569"
# Parameters far below argon2-cffi's defaults, as an older release of the service might have stored.
WEAK = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def test_a_weak_hash_is_replaced_by_one_of_the_same_password_with_todays_parameters() -> None:
    upgraded = upgraded_hash(WEAK.hash(PASSWORD), PASSWORD)

    assert upgraded is not None
    assert auth.verify_password(upgraded, PASSWORD)
    assert not auth.needs_rehash(upgraded)


def test_a_hash_with_todays_parameters_is_kept() -> None:
    assert upgraded_hash(auth.hash_password(PASSWORD), PASSWORD) is None
