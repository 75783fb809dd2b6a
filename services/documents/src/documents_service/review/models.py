"""API schemas of the review chain and of delegations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, SecretStr, model_validator

from opensaraban_shared.db import INT_MAX
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency


class Person(BaseModel):
    user_id: str
    display_name: str
    position: str | None = None
    unit_id: str | None = None
    clearance: int = 0


class RouteRequest(BaseModel):
    """Reviewers in order, then the signer; left out: the drafter's unit's default route."""

    model_config = ConfigDict(extra="forbid")

    reviewer_ids: list[str] | None = Field(default=None, max_length=20)
    signer_id: str | None = Field(default=None, max_length=80)
    note: str = Field(default="", max_length=2000, description="A note to the first reviewer (เรียนเสนอ)")


class DefaultRoute(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewer_ids: list[str] = Field(max_length=20)
    signer_id: str = Field(min_length=1, max_length=80)


class StepAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=INT_MAX, description="The version the person read: a draft that changed since is refused")
    note: str = Field(default="", max_length=2000)


class SignAction(StepAction):
    pin: SecretStr | None = Field(
        default=None, min_length=6, max_length=64,
        description="My signing PIN (docs/signatures.md): required when I have a signing certificate, which then "
                    "signs the letter digitally; never stored")


class ReturnAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=INT_MAX)
    comment: str = Field(min_length=1, max_length=5000, description="What to change")
    to_position: int = Field(default=0, ge=0, le=100, description="0: back to the drafter; otherwise that earlier step")


class RefuseAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=INT_MAX)
    reason: str = Field(min_length=1, max_length=5000)


class StepRead(BaseModel):
    position: int
    role: Literal["review", "sign"]
    holder: Person
    delegate: Person | None = Field(default=None, description="Who stands in for the holder now")
    state: Literal["waiting", "open", "passed", "returned", "signed", "refused"]


class ActionRead(BaseModel):
    round: int
    position: int
    action: str
    actor: Person
    on_behalf_of: Person | None
    capacity: str
    note: str
    version: int
    to_position: int | None
    at: datetime


class VersionRead(BaseModel):
    version: int
    created_by: str
    created_at: datetime


class ReviewRead(BaseModel):
    letter_id: uuid.UUID
    status: str
    letter_status: str
    round: int
    version: int = Field(description="The version under review (act with it)")
    current_position: int | None
    drafter: Person
    steps: list[StepRead]
    history: list[ActionRead]
    versions: list[VersionRead]


class ReviewItem(BaseModel):
    """A row of a work queue."""

    letter_id: uuid.UUID
    subject: str
    kind: LetterKind
    subtype: str | None
    urgency: Urgency
    secrecy: Secrecy
    status: str
    round: int | None = None
    version: int | None = None
    current_position: int | None = None
    open_holder: Person | None = None
    as_delegate_for: Person | None = Field(default=None, description="Set when I hold this step as a delegate")
    signed_by: str | None = Field(default=None, description="รอออกเลข: who signed, with the capacity line if any")
    since: datetime | None = None


class ReviewCounts(BaseModel):
    waiting: int
    proposed: int
    to_number: int


class WordChange(BaseModel):
    op: Literal["equal", "insert", "delete"]
    text: str


class FieldDiff(BaseModel):
    field: str
    changes: list[WordChange]


class DelegationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["acting", "on_behalf"] = Field(description="acting = รักษาราชการแทน, on_behalf = ปฏิบัติราชการแทน")
    holder_user_id: str = Field(min_length=1, max_length=80)
    delegate_user_id: str = Field(min_length=1, max_length=80)
    post_title: str = Field(min_length=1, max_length=300, description="e.g. ผู้ว่าราชการจังหวัดเชียงใหม่")
    scope: str = Field(default="", max_length=2000, description="ปฏิบัติราชการแทน: the matters delegated")
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def ends_after_it_starts(self) -> DelegationCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.holder_user_id == self.delegate_user_id:
            raise ValueError("a person cannot stand in for themselves")
        return self


class DelegationRead(BaseModel):
    delegation_id: uuid.UUID
    kind: Literal["acting", "on_behalf"]
    holder: Person
    delegate: Person
    post_title: str
    scope: str
    capacity: str = Field(description="The line the delegate signs with, e.g. 'รักษาราชการแทน ผู้ว่าราชการจังหวัด…'")
    starts_at: datetime
    ends_at: datetime
    ended_at: datetime | None
    in_force: bool
