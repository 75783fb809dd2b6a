"""API schemas of the agenda: submissions, reviews, moves, the draft, its history and published versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from opensaraban_shared.db import INT_MAX
from opensaraban_shared.richtext import FIELD_HELP as RICH_TEXT

from ..committees.templates import SectionKind

Title = Field(min_length=1, max_length=1000)


class Link(BaseModel):
    """A linked document or survey, printed as a QR code under the item."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    url: str = Field(max_length=2000, pattern=r"^https?://")


class ItemSubmit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Title
    summary: str = Field(default="", max_length=20_000, description=f"สาระสำคัญ. {RICH_TEXT}")
    section: int = Field(ge=1, le=20, description="ระเบียบวาระที่ wanted")
    presenting_agency_id: str | None = Field(default=None, max_length=200, description="Default: my agency")
    presenting_agency_name: str | None = Field(default=None, max_length=300, description="'โดย …' as printed")
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=30,
                                            description="Upload ids (POST /meetings/{id}/uploads), in order")
    links: list[Link] = Field(default_factory=list, max_length=10)
    parent_id: uuid.UUID | None = Field(default=None, description="A sub-item (เรื่องย่อย) of this accepted item of the "
                                                                   "same section; a member agency's waits for review")
    position: int | None = Field(default=None, ge=1, le=INT_MAX,
                                 description="Secretariat: place among its siblings (from 1)")


class ItemRevise(BaseModel):
    """A returned item revised by its agency, or any item edited by the secretariat; omitted fields stay."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=1000)
    summary: str | None = Field(default=None, max_length=20_000, description=f"สาระสำคัญ. {RICH_TEXT}")
    presenting_agency_name: str | None = Field(default=None, max_length=300)
    attachment_ids: list[uuid.UUID] | None = Field(default=None, max_length=30)
    links: list[Link] | None = Field(default=None, max_length=10)


class Decision(StrEnum):
    ACCEPTED = "accepted"
    RETURNED = "returned"    # ส่งคืนให้แก้ไข, with a comment
    DEFERRED = "deferred"    # เลื่อนไปการประชุมครั้งต่อไป


class ItemReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    comment: str | None = Field(default=None, max_length=2000)
    to_meeting_id: uuid.UUID | None = Field(default=None, description="Deferred: put it on this later meeting's draft")


class ItemMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: int | None = Field(default=None, ge=1, le=20, description="Default: where it is (or its parent's)")
    parent_id: uuid.UUID | None = Field(default=None, description="Nest under this item; none: a top-level item")
    position: int = Field(ge=1, le=INT_MAX, description="Place among its new siblings, from 1")


class AttachmentRead(BaseModel):
    upload_id: uuid.UUID
    filename: str
    sha256: str
    size_bytes: int
    pages: int


class ItemRead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    item_id: uuid.UUID
    number: str | None = Field(default=None, description="'4.2.1' (accepted items only)")
    number_th: str | None = Field(default=None, description="'๔.๒.๑'")
    section: int
    parent_id: uuid.UUID | None
    title: str
    summary: str
    presenting_agency_id: str
    presenting_agency_name: str
    submitted_by_agency_id: str
    status: str
    late: bool
    origin: str = Field(description="submission | secretariat | previous_minutes | follow_up | carried_over")
    comment: str | None
    attachments: list[AttachmentRead]
    links: list[Link]
    children: list[ItemRead] = Field(default_factory=list)


class SectionAgenda(BaseModel):
    number: int
    number_th: str
    title: str
    kind: SectionKind
    items: list[ItemRead]


class AgendaRead(BaseModel):
    meeting_id: uuid.UUID
    version: int = Field(description="Draft version: how many changes built it")
    sections: list[SectionAgenda]
    not_on_agenda: list[ItemRead] = Field(description="Submitted (waiting), returned or deferred items")


class ChangeRead(BaseModel):
    version: int
    kind: str
    data: dict[str, Any]
    actor_agency_id: str
    actor_user_id: str | None
    at: datetime


class UploadRead(AttachmentRead):
    mime_type: str


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    invitation_signer_user_id: str | None = Field(
        default=None, max_length=80,
        description="ผู้ลงนามหนังสือเชิญ — a person of the secretariat's agency who signs the invitation letter first "
                    "(it goes up the review chain); none: the letter is sent at once in the secretariat's name")


class VersionRead(BaseModel):
    meeting_id: uuid.UUID
    version: int
    draft_version: int
    published_at: datetime
    pack_sha256: str
    pack_size: int
    pack_pages: int
    docx_sha256: str
    changes: list[str] = Field(description="What changed since the previous version, in Thai")
    agenda: AgendaRead
