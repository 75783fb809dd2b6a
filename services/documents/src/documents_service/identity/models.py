"""API schemas of sign-in, API keys and user management."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

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


# --- User management ------------------------------------------------------------------------------

MIN_PASSWORD_LENGTH = 12
# Set by an administrator or by the user; never returned by any endpoint.
NewPassword = Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=1000, description=(
    f"รหัสผ่านใหม่ อย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร — new password, at least {MIN_PASSWORD_LENGTH} characters"))]
Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._@+-]{2,99}$")]
UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Language = Literal["th", "en"]
Clearance = Annotated[int, Field(ge=0, le=3, description="ชั้นความลับที่อ่านได้ — 0 ปกติ, 1 ลับ, 2 ลับมาก, 3 ลับที่สุด")]


def _person_roles(value: list[Role]) -> list[Role]:
    # AGENCY_SYSTEM belongs to API keys: a person holding it could pose as another agency's system.
    if Role.AGENCY_SYSTEM in value:
        raise ValueError("agency_system is given to API keys, not to people")
    return sorted(set(value))


PersonRoles = Annotated[list[Role], Field(min_length=1, max_length=6, description="บทบาท — roles")]


class UserAccess(BaseModel):
    """The permission part of a user: changing any of it is a permission change."""

    model_config = ConfigDict(extra="forbid")

    roles: PersonRoles
    clearance: Clearance = 0
    active: bool = True

    _roles = field_validator("roles")(_person_roles)


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_id: str | None = Field(default=None, description="หน่วยงาน — defaults to the administrator's own")
    unit_id: UnitId | None = Field(default=None, description="หน่วยย่อย — unit inside the agency")
    username: Username = Field(description="lower-case, e.g. 'somchai@cm-provincial-office'")
    display_name: Text
    position: Text | None = Field(default=None, description="ตำแหน่ง")
    roles: PersonRoles
    clearance: Clearance = 0
    password: NewPassword
    email: Email | None = Field(default=None, description="อีเมลสำหรับการแจ้งเตือน — where notifications are e-mailed")
    language: Language = Field(default="th", description="ภาษาของการแจ้งเตือน — th or en")
    supervisor_user_id: UnitId | None = Field(default=None, description="ผู้บังคับบัญชา — told when work is overdue")

    _roles = field_validator("roles")(_person_roles)


class UserUpdate(BaseModel):
    """Profile fields; only those sent change. Send "unit_id": null to take the person out of any unit."""

    model_config = ConfigDict(extra="forbid")

    display_name: Text | None = None
    position: Text | None = None
    unit_id: UnitId | None = None
    email: Email | None = None
    language: Language | None = None
    supervisor_user_id: UnitId | None = None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_password: NewPassword


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=1000)
    new_password: NewPassword


class UserRead(BaseModel):
    user_id: str
    agency_id: str
    unit_id: str | None
    username: str
    display_name: str
    position: str | None
    roles: list[Role]
    clearance: int
    email: str | None = None
    language: str = "th"
    supervisor_user_id: str | None = None
    active: bool
    created_at: datetime
    updated_at: datetime


class UserPage(BaseModel):
    items: list[UserRead]
    total: int
    limit: int
    offset: int
