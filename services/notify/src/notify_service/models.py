"""API schemas of the notify service."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema, field_validator

from opensaraban_shared.errors import ErrorKind

from .preferences import KINDS, PERSONAL_CHANNELS

PEOPLE_ONLY = ErrorKind("people_only", 403, "ตั้งค่านี้ได้เฉพาะผู้ใช้ที่เป็นบุคคล", "Only people have notification preferences")
NOT_DEAD = ErrorKind("delivery_not_dead", 409, "รายการนี้ไม่ได้อยู่ในรายการส่งไม่สำเร็จ", "This delivery is not a dead letter")


class NotificationRead(BaseModel):
    notification_id: uuid.UUID
    rule: str
    kind: str
    channel: str
    title: str
    title_th: str
    title_en: str
    body: str | None = None
    link: str | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    unread_count: int


class UnreadCount(BaseModel):
    unread_count: int


class MarkedRead(BaseModel):
    marked: int


Kind = Literal["letter_delivered", "letter_rejected", "letter_withdrawn", "letter_routed", "deadline",
               "agenda_published", "agenda_returned", "meeting_cancelled", "follow_up_action", "review_step",
               "review_outcome"]
assert set(Kind.__args__) == set(KINDS)  # type: ignore[attr-defined]


# A wall-clock time in Bangkok, answered without offset ("22:00:00"). JSON Schema's format "time" means RFC 3339's
# full-time, which requires an offset, so the document says what is really sent.
LocalTime = Annotated[time, WithJsonSchema({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
                                            "examples": ["22:00"]})]


class PreferencesBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: dict[Kind, list[Literal["inbox", "email"]]] = Field(
        default_factory=dict, description="ช่องทางต่อประเภทการแจ้งเตือน — channels per kind; a kind left out gets "
        f"{list(PERSONAL_CHANNELS)}")
    quiet_start: LocalTime | None = Field(default=None, description="เริ่มช่วงงดส่งอีเมล (เวลาไทย) — quiet hours start, Bangkok")
    quiet_end: LocalTime | None = Field(default=None, description="สิ้นสุดช่วงงดส่งอีเมล — quiet hours end (may cross midnight)")
    digest: StrictBool = Field(default=False, description="รวมอีเมลเป็นสรุปรายวัน — one daily digest instead of single e-mails")
    language: Literal["th", "en"] | None = Field(default=None, description="ภาษา — overrides the directory's")

    @field_validator("quiet_start", "quiet_end")
    @classmethod
    def _naive(cls, value: time | None) -> time | None:
        return value.replace(tzinfo=None) if value else value


class PreferencesUpdate(PreferencesBase):
    pass


class PreferencesRead(PreferencesBase):
    user_id: str


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    kinds: list[Kind] = Field(default_factory=list, description="ประเภทที่ต้องการ (ว่าง = ทั้งหมด) — empty: every kind")
    secret: str | None = Field(default=None, min_length=32, max_length=200,
                               description="HMAC key; generated when omitted and shown once")


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl | None = None
    kinds: list[Kind] | None = None
    active: bool | None = Field(default=None, description="true re-enables a subscription disabled after failures")


class WebhookRead(BaseModel):
    subscription_id: uuid.UUID
    agency_id: str
    url: str
    kinds: list[str]
    active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str | None
    created_at: datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(description="Shown once: verify X-OpenSaraban-Signature with it")


class DeliveryAttempt(BaseModel):
    attempt: int
    attempted_at: datetime
    ok: bool
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryRead(BaseModel):
    delivery_id: uuid.UUID
    notification_id: uuid.UUID
    channel: str | None = None
    kind: str
    address: str | None = None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    dead_at: datetime | None
    attempt_log: list[DeliveryAttempt] = Field(default_factory=list)


class DigestRun(BaseModel):
    digests: int


class ReminderRead(BaseModel):
    reminder_id: uuid.UUID
    subject_key: str
    kind: str
    stage: str
    agency_id: str
    user_id: str | None
    due_at: datetime
    fire_at: datetime
    status: str
    fired_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> ReminderRead:
        return cls(**{k: row[k] for k in cls.model_fields})
