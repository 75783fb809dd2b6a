"""Authentication and authorization primitives: principals, passwords, access tokens, API keys, FastAPI glue."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, AppError


class Role(StrEnum):
    CLERK = "clerk"
    ACTION_OFFICER = "action_officer"
    EXECUTIVE = "executive"
    SECRETARIAT = "secretariat"
    ADMINISTRATOR = "administrator"
    AGENCY_SYSTEM = "agency_system"


class Principal(BaseModel):
    """Who is acting, always inside one agency: a person (user), one of the agency's systems (API key), or one of
    our own services acting by itself in an agency's name (service: made in-process, never from a token)."""

    model_config = ConfigDict(frozen=True)

    subject_id: str = Field(min_length=1)
    kind: Literal["user", "system", "service"]
    agency_id: str = Field(min_length=1)
    roles: frozenset[Role]
    display_name: str
    # How many secret levels this principal is cleared for: 0 none, 1 ลับ, 2 ลับมาก, 3 ลับที่สุด. Only the
    # documents service's secrecy rules relate it to a letter's secrecy.
    clearance: int = Field(ge=0, le=3)

    def has_any_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def service(self) -> str | None:
        """The service acting by itself, for a service principal."""
        return self.subject_id.removeprefix(SERVICE_SUBJECT_PREFIX) if self.kind == "service" else None


SERVICE_SUBJECT_PREFIX = "service:"


def service_principal(service: str, *, agency_id: str, display_name: str, roles: frozenset[Role]) -> Principal:
    """One of our services acting by itself in an agency's name, e.g. meeting sending an invitation letter."""
    return Principal(subject_id=f"{SERVICE_SUBJECT_PREFIX}{service}", kind="service", agency_id=agency_id,
                     roles=roles, display_name=display_name, clearance=0)


def ensure_agency(principal: Principal, agency_id: str, *, allow_admin: bool = False) -> None:
    """Hide other agencies' resources: answer not_found, never forbidden, so existence does not leak."""
    if principal.agency_id == agency_id:
        return
    if allow_admin and Role.ADMINISTRATOR in principal.roles:
        return
    raise AppError(NOT_FOUND)


# --- Passwords ---------------------------------------------------------------------------------
# Argon2id with the library's defaults (RFC 9106 low-memory profile). Hashing costs tens of
# milliseconds of CPU: async callers should run these through asyncio.to_thread.


def hash_password(plain: str) -> str:
    return PasswordHasher().hash(plain)


def verify_password(password_hash: str, plain: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, plain)
    except (VerificationError, InvalidHashError):
        # A mismatch and a corrupt stored hash both simply mean "not this password".
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults: rehash after login."""
    try:
        return PasswordHasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# --- Access tokens (JWT) -----------------------------------------------------------------------

TOKEN_ISSUER = "opensaraban"
TOKEN_AUDIENCE = "opensaraban"
TOKEN_ALGORITHM = "HS256"
DEFAULT_TOKEN_TTL = timedelta(hours=8)
# Services run on different hosts; tolerate small clock differences between issuer and verifier.
CLOCK_SKEW = timedelta(seconds=30)
# RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
MIN_SECRET_BYTES = 32
TOKEN_KINDS = ("user", "system")
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "jti", "sub", "agency", "roles", "kind", "name", "clr"]


def _check_secret(secret: str) -> bytes:
    key = secret.encode()
    if len(key) < MIN_SECRET_BYTES:
        # A configuration fault, not a client fault: fail loudly instead of answering 401.
        raise ValueError(f"AUTH_SECRET must be at least {MIN_SECRET_BYTES} bytes")
    return key


def issue_access_token(principal: Principal, *, secret: str, ttl: timedelta = DEFAULT_TOKEN_TTL) -> str:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": TOKEN_ISSUER,
        "aud": TOKEN_AUDIENCE,
        # A fraction of a second matters: a session revoked at 10:00:00.7 must not spare a token of 10:00:00.2.
        "iat": now.timestamp(),
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
        "sub": principal.subject_id,
        "agency": principal.agency_id,
        "roles": sorted(principal.roles),
        "kind": principal.kind,
        "name": principal.display_name,
        "clr": principal.clearance,
    }
    return jwt.encode(claims, _check_secret(secret), algorithm=TOKEN_ALGORITHM)


def decode_access_token(token: str, *, secret: str,
                        is_revoked: Callable[[Principal, float], bool] | None = None) -> Principal:
    """Verify signature, issuer, audience, expiry and (with `is_revoked(principal, issued_at)`) that the
    session was not revoked since; any problem is AppError(UNAUTHENTICATED)."""
    key = _check_secret(secret)
    try:
        claims = jwt.decode(
            token,
            key,
            # Pin the algorithm: never let the token header choose it ("none", RS/HS confusion).
            algorithms=[TOKEN_ALGORITHM],
            audience=TOKEN_AUDIENCE,
            issuer=TOKEN_ISSUER,
            leeway=CLOCK_SKEW,
            options={"require": _REQUIRED_CLAIMS},
        )
        principal = _principal_from_claims(claims)
        revoked = is_revoked is not None and is_revoked(principal, float(claims["iat"]))
    except (jwt.PyJWTError, ValidationError, TypeError, ValueError) as exc:
        raise AppError(UNAUTHENTICATED, {"reason": _token_failure_reason(exc)}) from exc
    if revoked:
        raise AppError(UNAUTHENTICATED, {"reason": "session_revoked"})
    return principal


def _principal_from_claims(claims: dict[str, Any]) -> Principal:
    raw_roles = claims["roles"]
    if not isinstance(raw_roles, list):
        raise TypeError("roles claim must be a list")
    known = {r.value for r in Role}
    # Skip roles this version does not know: during a rolling upgrade a newer issuer may grant
    # a role older verifiers have never heard of; ignoring it can only reduce privileges.
    roles = frozenset(Role(r) for r in raw_roles if r in known)
    if claims["kind"] not in TOKEN_KINDS:
        raise ValueError("a token speaks for a person or an agency system")
    return Principal(
        subject_id=claims["sub"],
        kind=claims["kind"],
        agency_id=claims["agency"],
        roles=roles,
        display_name=claims["name"],
        clearance=claims["clr"],
    )


def _token_failure_reason(exc: Exception) -> str:
    # Enough for a client to know whether logging in again helps; never echoes token contents.
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "token_expired"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "bad_signature"
    return "invalid_token"


# --- API keys for agency systems ----------------------------------------------------------------

API_KEY_PREFIX = "osk"
_API_KEY_PATTERN = re.compile(r"osk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class IssuedApiKey:
    """Shown to the administrator once; only key_id and the hash of secret are stored."""

    key_id: str
    secret: str = field(repr=False)
    token: str = field(repr=False)


def new_api_key() -> IssuedApiKey:
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)  # 256 random bits, 43 characters
    return IssuedApiKey(key_id=key_id, secret=secret, token=f"{API_KEY_PREFIX}_{key_id}_{secret}")


def hash_api_key_secret(secret: str) -> str:
    # A plain SHA-256 is enough here, unlike for passwords: the secret is 256 bits from `secrets`,
    # so there is no dictionary to try and brute force over the key space is out of reach with or
    # without a slow KDF. A fast hash also keeps per-request key checks cheap for machine clients.
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_api_key(token: str) -> tuple[str, str]:
    """Split `osk_<key_id>_<secret>` into (key_id, secret); anything else is UNAUTHENTICATED."""
    match = _API_KEY_PATTERN.fullmatch(token.strip())
    if match is None:
        raise AppError(UNAUTHENTICATED, {"reason": "malformed_api_key"})
    return match.group(1), match.group(2)


def api_key_matches(stored_hash: str, secret: str) -> bool:
    # Constant-time comparison so response timing reveals nothing about the stored hash.
    return hmac.compare_digest(stored_hash.encode(), hash_api_key_secret(secret).encode())


# --- FastAPI glue -------------------------------------------------------------------------------
# The secret comes from app.state.auth_secret, set by each service's app factory from its settings.

# auto_error=False: we answer with our own error body; the scheme also documents auth in OpenAPI.
_bearer_scheme = HTTPBearer(auto_error=False, bearerFormat="JWT")


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer_scheme)] = None,
) -> Principal:
    secret = getattr(request.app.state, "auth_secret", None)
    if not secret:
        raise RuntimeError("app.state.auth_secret is not set; the app factory must set it at start-up")
    if credentials is None:
        raise AppError(UNAUTHENTICATED, {"reason": "missing_bearer_token"})
    principal = decode_access_token(credentials.credentials, secret=secret, is_revoked=revocation_check(request))
    # Kept on the request so access logs and audit records can name the caller.
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def revocation_check(request: Request) -> Callable[[Principal, float], bool] | None:
    """The app's session revocations (app.state.session_revocations, set by the service frame), if any."""
    revocations = getattr(request.app.state, "session_revocations", None)
    return revocations.is_revoked if revocations is not None else None


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets the request through when the caller holds at least one of `roles`."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    wanted = frozenset(roles)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any_role(*wanted):
            raise AppError(FORBIDDEN, {"required_roles": sorted(wanted)})
        return principal

    return dependency
