"""API schemas of sign-in and API keys."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from opensaraban_shared.auth import Role


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class ApiKeyExchange(BaseModel):
    api_key: str = Field(min_length=1, max_length=200, description="osk_<key id>_<secret>")


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Which system uses the key, e.g. 'e-saraban ของหน่วยงาน'")


class ApiKeyRead(BaseModel):
    key_id: str
    agency_id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyIssued(ApiKeyRead):
    api_key: str = Field(description="Shown once: store it in the agency system now; only its hash is kept")


class PrincipalRead(BaseModel):
    subject_id: str
    kind: str
    agency_id: str
    roles: list[Role]
    display_name: str
    clearance: int


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    principal: PrincipalRead
