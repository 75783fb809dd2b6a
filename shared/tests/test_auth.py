"""Unit tests for passwords, access tokens, API keys and the FastAPI auth dependencies (no I/O)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Annotated

import jwt
import pytest
from argon2 import PasswordHasher
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from opensaraban_shared.auth import (
    CurrentPrincipal,
    Principal,
    Role,
    api_key_matches,
    decode_access_token,
    ensure_agency,
    hash_api_key_secret,
    hash_password,
    issue_access_token,
    needs_rehash,
    new_api_key,
    parse_api_key,
    require_roles,
    verify_password,
)
from opensaraban_shared.errors import AppError, install_error_handlers

SECRET = "test-secret-that-is-long-enough-for-hs256!"
OTHER_SECRET = "another-secret-that-is-long-enough-for-hs256"


def make_principal(**overrides: object) -> Principal:
    fields: dict[str, object] = {
        "subject_id": "user-1",
        "kind": "user",
        "agency_id": "agency-a",
        "roles": frozenset({Role.CLERK}),
        "display_name": "สมชาย ใจดี",
        "clearance": 1,
    }
    fields.update(overrides)
    return Principal(**fields)  # type: ignore[arg-type]


def error_code(excinfo: pytest.ExceptionInfo[AppError]) -> str:
    return excinfo.value.kind.code


# --- passwords ---


def test_password_verifies_against_its_own_hash() -> None:
    stored = hash_password("รหัสผ่าน-ที่ยาวพอ")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "รหัสผ่าน-ที่ยาวพอ")


def test_wrong_password_does_not_verify() -> None:
    stored = hash_password("correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")


def test_corrupt_stored_hash_does_not_verify() -> None:
    assert not verify_password("not-a-hash", "anything")


def test_fresh_hash_needs_no_rehash_but_weak_one_does() -> None:
    assert not needs_rehash(hash_password("pw"))
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("pw")
    assert needs_rehash(weak)
    assert verify_password(weak, "pw")


# --- access tokens ---


def test_token_round_trip_restores_the_principal() -> None:
    principal = make_principal(roles=frozenset({Role.CLERK, Role.EXECUTIVE}), clearance=3)
    token = issue_access_token(principal, secret=SECRET)
    assert decode_access_token(token, secret=SECRET) == principal


def test_token_carries_the_agreed_claims() -> None:
    token = issue_access_token(make_principal(), secret=SECRET)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="opensaraban")
    assert claims["iss"] == "opensaraban"
    assert {"exp", "iat", "jti", "sub", "agency", "roles", "kind", "name", "clr"} <= claims.keys()
    assert claims["exp"] - int(claims["iat"]) == 8 * 3600
    assert isinstance(claims["iat"], float)  # to the microsecond: revocations compare against it


def test_every_token_has_a_distinct_id() -> None:
    tokens = [issue_access_token(make_principal(), secret=SECRET) for _ in range(5)]
    ids = {jwt.decode(t, options={"verify_signature": False})["jti"] for t in tokens}
    assert len(ids) == 5


def test_expired_token_is_unauthenticated() -> None:
    token = issue_access_token(make_principal(), secret=SECRET, ttl=timedelta(minutes=-5))
    with pytest.raises(AppError) as excinfo:
        decode_access_token(token, secret=SECRET)
    assert error_code(excinfo) == "unauthenticated"
    assert excinfo.value.detail == {"reason": "token_expired"}


def test_tampered_token_is_rejected() -> None:
    token = issue_access_token(make_principal(clearance=0), secret=SECRET)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["clr"] = 3
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(AppError) as excinfo:
        decode_access_token(f"{header}.{forged}.{signature}", secret=SECRET)
    assert error_code(excinfo) == "unauthenticated"


def test_token_signed_with_another_secret_is_rejected() -> None:
    token = issue_access_token(make_principal(), secret=OTHER_SECRET)
    with pytest.raises(AppError) as excinfo:
        decode_access_token(token, secret=SECRET)
    assert error_code(excinfo) == "unauthenticated"


def test_unsigned_token_is_rejected() -> None:
    claims = jwt.decode(issue_access_token(make_principal(), secret=SECRET), options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(AppError):
        decode_access_token(unsigned, secret=SECRET)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "osk_0123456789abcdef_x"])
def test_malformed_token_is_unauthenticated(token: str) -> None:
    with pytest.raises(AppError) as excinfo:
        decode_access_token(token, secret=SECRET)
    assert error_code(excinfo) == "unauthenticated"


def test_token_from_another_issuer_is_rejected() -> None:
    claims = jwt.decode(issue_access_token(make_principal(), secret=SECRET), options={"verify_signature": False})
    claims["iss"] = "someone-else"
    with pytest.raises(AppError):
        decode_access_token(jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET)


def test_token_missing_a_claim_is_rejected() -> None:
    claims = jwt.decode(issue_access_token(make_principal(), secret=SECRET), options={"verify_signature": False})
    del claims["agency"]
    with pytest.raises(AppError):
        decode_access_token(jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET)


def test_unknown_roles_in_a_token_are_ignored() -> None:
    claims = jwt.decode(issue_access_token(make_principal(), secret=SECRET), options={"verify_signature": False})
    claims["roles"] = ["clerk", "role_from_the_future"]
    principal = decode_access_token(jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET)
    assert principal.roles == frozenset({Role.CLERK})


def test_short_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        issue_access_token(make_principal(), secret="short")


# --- API keys ---


def test_new_api_key_parses_back_to_its_parts_and_matches_its_hash() -> None:
    issued = new_api_key()
    assert issued.token == f"osk_{issued.key_id}_{issued.secret}"
    key_id, secret = parse_api_key(issued.token)
    assert (key_id, secret) == (issued.key_id, issued.secret)
    assert api_key_matches(hash_api_key_secret(issued.secret), secret)


def test_api_key_with_wrong_secret_does_not_match() -> None:
    issued, other = new_api_key(), new_api_key()
    assert not api_key_matches(hash_api_key_secret(issued.secret), other.secret)


def test_api_keys_are_unique_and_secret_is_hidden_from_repr() -> None:
    keys = [new_api_key() for _ in range(20)]
    assert len({k.token for k in keys}) == 20
    assert keys[0].secret not in repr(keys[0])


def test_api_key_hash_is_sha256_hex() -> None:
    assert hash_api_key_secret("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "osk_",
        "osk_0123456789abcdef",
        "osk_0123456789abcdef_tooshort",
        "xyz_0123456789abcdef_" + "a" * 43,
        "osk_0123456789ABCDEF_" + "a" * 43,
        "osk_0123456789abcdef_" + "a" * 42 + "!",
        "osk_0123456789abcdef_" + "a" * 44,
    ],
)
def test_malformed_api_key_is_unauthenticated(token: str) -> None:
    with pytest.raises(AppError) as excinfo:
        parse_api_key(token)
    assert error_code(excinfo) == "unauthenticated"


# --- agency isolation and secrecy ---


def test_resource_of_another_agency_looks_not_found() -> None:
    with pytest.raises(AppError) as excinfo:
        ensure_agency(make_principal(agency_id="agency-a"), "agency-b")
    assert error_code(excinfo) == "not_found"


def test_own_agency_passes() -> None:
    ensure_agency(make_principal(agency_id="agency-a"), "agency-a")


def test_administrator_is_not_exempt_unless_allowed() -> None:
    admin = make_principal(roles=frozenset({Role.ADMINISTRATOR}))
    with pytest.raises(AppError):
        ensure_agency(admin, "agency-b")
    ensure_agency(admin, "agency-b", allow_admin=True)


def test_allow_admin_does_not_help_other_roles() -> None:
    with pytest.raises(AppError):
        ensure_agency(make_principal(roles=frozenset({Role.EXECUTIVE})), "agency-b", allow_admin=True)


def test_a_token_never_speaks_for_a_service() -> None:
    # Services act in an agency's name only in-process (e.g. the meeting invitation): a token claiming it is refused.
    token = issue_access_token(make_principal().model_copy(update={"kind": "service"}), secret=SECRET)
    with pytest.raises(AppError) as refused:
        decode_access_token(token, secret=SECRET)
    assert refused.value.kind.code == "unauthenticated"


def test_clearance_outside_0_to_3_is_invalid() -> None:
    with pytest.raises(ValueError):
        make_principal(clearance=4)


# --- FastAPI dependencies ---


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    app.state.auth_secret = SECRET
    install_error_handlers(app)

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict[str, str]:
        return {"subject_id": principal.subject_id}

    @app.get("/register")
    async def register(
        principal: Annotated[Principal, Depends(require_roles(Role.CLERK, Role.SECRETARIAT))],
    ) -> dict[str, str]:
        return {"subject_id": principal.subject_id}

    return TestClient(app)


def bearer(principal: Principal, secret: str = SECRET) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=secret)}"}


def test_request_without_token_gets_401_with_error_body(client: TestClient) -> None:
    response = client.get("/register")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    assert error["message_th"] and error["message_en"]


def test_request_with_non_bearer_scheme_gets_401(client: TestClient) -> None:
    response = client.get("/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401


def test_request_with_invalid_token_gets_401(client: TestClient) -> None:
    response = client.get("/me", headers=bearer(make_principal(), secret=OTHER_SECRET))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_valid_token_identifies_the_caller(client: TestClient) -> None:
    response = client.get("/me", headers=bearer(make_principal(subject_id="user-42")))
    assert response.status_code == 200
    assert response.json() == {"subject_id": "user-42"}


def test_caller_without_required_role_gets_403(client: TestClient) -> None:
    response = client.get("/register", headers=bearer(make_principal(roles=frozenset({Role.EXECUTIVE}))))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert error["detail"] == {"required_roles": ["clerk", "secretariat"]}


def test_caller_with_one_of_the_roles_gets_through(client: TestClient) -> None:
    principal = make_principal(roles=frozenset({Role.SECRETARIAT, Role.ACTION_OFFICER}))
    response = client.get("/register", headers=bearer(principal))
    assert response.status_code == 200


def test_require_roles_needs_at_least_one_role() -> None:
    with pytest.raises(ValueError):
        require_roles()
