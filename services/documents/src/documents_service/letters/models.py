"""API schemas of letters (Base → Create / Read ladder)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

from ..attachments.models import AttachmentRead


class LetterBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: LetterKind = LetterKind.EXTERNAL
    subject: str = Field(min_length=1, max_length=1000, description="เรื่อง")
    salutation: str = Field(default="", max_length=500, description="เรียน")
    body: str = Field(default="", max_length=200_000, description="ข้อความ")
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NORMAL
    is_circular: bool = Field(default=False, description="หนังสือเวียน: numbered in the 'ว' series")
    deadline: AwareDatetime | None = Field(default=None, description="ด่วนภายใน")


class LetterCreate(LetterBase):
    recipient_agency_ids: list[str] = Field(min_length=1, max_length=10_000)
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)

    @field_validator("recipient_agency_ids")
    @classmethod
    def no_duplicate_recipients(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each recipient agency may appear once")
        return value


class LetterRead(LetterBase):
    model_config = ConfigDict(extra="ignore")

    letter_id: uuid.UUID
    sender_agency_id: str
    channel: Channel
    status: str
    letter_number: str | None
    recipient_agency_ids: list[str]
    attachments: list[AttachmentRead]
    created_at: datetime
    sent_at: datetime | None


class InboxItem(BaseModel):
    delivery_id: uuid.UUID
    letter_id: uuid.UUID
    letter_number: str
    sender_agency_id: str
    sender_name_th: str
    subject: str
    urgency: Urgency
    secrecy: Secrecy
    deadline: datetime | None
    status: str
    delivered_at: datetime


class InboxPage(BaseModel):
    items: list[InboxItem]
