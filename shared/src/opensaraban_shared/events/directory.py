"""Events of the documents service's directory: agencies and people, so other services keep their own copy."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from .envelope import Event, register
from .topics import DIRECTORY

AgencyKind = Literal[
    "national_office", "ministry", "department", "unit", "province", "provincial_office", "district", "local",
    "public_organisation",
]


@register
class AgencyChanged(Event):
    """An agency was created, changed or deactivated (the whole current record: consumers upsert it)."""

    event_type = "documents.agency_changed"
    topic = DIRECTORY
    key_field = "agency_id"

    agency_id: str
    name_th: str
    name_en: str | None = None
    kind: AgencyKind
    parent_id: str | None = None
    province_code: str | None = None
    active: bool
    changed_at: AwareDatetime


@register
class UserChanged(Event):
    """A person was created, changed or deactivated (the whole current record: consumers upsert it)."""

    event_type = "documents.user_changed"
    topic = DIRECTORY
    key_field = "agency_id"

    user_id: str
    agency_id: str
    province_code: str | None = None
    unit_id: str | None = None
    display_name: str
    position: str | None = None
    email: str | None = Field(default=None, description="Where e-mail notifications go; None: no e-mail")
    language: Literal["th", "en"] = "th"
    roles: list[str]
    supervisor_user_id: str | None = Field(default=None, description="Told when this person's work is overdue")
    active: bool
    changed_at: AwareDatetime
    access_changed: bool = Field(default=False, description=(
        "Roles, clearance or active state changed, or an administrator reset the password: "
        "every session of this person issued before changed_at ends"))


@register
class UserAuthenticated(Event):
    """A person signed in (counts toward active users)."""

    event_type = "documents.user_authenticated"
    topic = DIRECTORY
    key_field = "agency_id"

    user_id: str
    agency_id: str
    province_code: str | None = None
    authenticated_at: AwareDatetime


@register
class ApiKeyRevoked(Event):
    """An agency's administrator revoked one of its systems' API keys: the sessions it opened end too."""

    event_type = "documents.api_key_revoked"
    topic = DIRECTORY
    key_field = "agency_id"

    key_id: str
    agency_id: str
    subject_id: str = Field(description="Who the key's access tokens name (their `sub` claim)")
    revoked_at: AwareDatetime
