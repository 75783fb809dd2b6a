"""API schemas of meetings: scheduling, state changes, attendance."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from ..committees.models import SectionRead


class MeetingState(StrEnum):
    PLANNED = "planned"
    AGENDA_OPEN = "agenda_open"            # member agencies may submit items
    AGENDA_LOCKED = "agenda_locked"        # submissions closed; the secretariat finishes the draft
    PUBLISHED = "published"                # a version and its pack went out with the invitation
    HELD = "held"
    MINUTES_DRAFTED = "minutes_drafted"
    MINUTES_APPROVED = "minutes_approved"  # locked
    CANCELLED = "cancelled"                # ยกเลิกการประชุม, before it took place


class Venue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    room: str = Field(default="", max_length=300, description="ห้องประชุม")
    floor: str = Field(default="", max_length=50, description="ชั้น")
    building: str = Field(default="", max_length=300, description="อาคาร")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    committee_id: uuid.UUID
    number: int | None = Field(default=None, ge=1, le=999,
                               description="ครั้งที่ within the Buddhist-Era year; default: the next one")
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    venue: Venue = Field(default_factory=Venue)
    online_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://")

    @model_validator(mode="after")
    def ends_after_start(self) -> MeetingCreate:
        if self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class MeetingRead(BaseModel):
    meeting_id: uuid.UUID
    committee_id: uuid.UUID
    committee_name: str
    secretariat_agency_id: str
    number: int
    year_be: int
    meeting_number: str = Field(description="'๑/๒๕๖๙' as printed")
    title_th: str = Field(description="'การประชุม… ครั้งที่ ๑/๒๕๖๙'")
    starts_at: datetime
    ends_at: datetime | None
    venue: Venue
    online_url: str | None
    state: MeetingState
    sections: list[SectionRead]
    submission_deadline: datetime | None
    previous_meeting_id: uuid.UUID | None
    draft_version: int
    published_version: int
    agenda_published_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    minutes_approved_at: datetime | None
    cancelled_at: datetime | None = None
    cancel_reason: str = Field(default="", description="Why it was cancelled, as the members were told")


class MeetingPage(BaseModel):
    items: list[MeetingRead]
    next_offset: int | None = Field(description="Offset of the next page; none on the last page")


class AgendaOpen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    submission_deadline: AwareDatetime = Field(description="Items submitted later are marked late; must be later "
                                                           "than now (422 submission_deadline_passed)")


class MeetingCancel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000, description="เหตุที่ยกเลิก, told to the members")


class AttendanceStatus(StrEnum):
    PRESENT = "present"        # มาประชุม
    SUBSTITUTE = "substitute"  # มาประชุมแทน
    ABSENT = "absent"          # ไม่มาประชุม (with a reason)
    GUEST = "guest"            # ผู้เข้าร่วมประชุม


class AttendanceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: uuid.UUID | None = Field(default=None, description="A committee member; none for a guest")
    status: AttendanceStatus
    name: str = Field(default="", max_length=300, description="A guest's name (members' come from the committee)")
    position: str = Field(default="", max_length=300)
    agency_id: str | None = Field(default=None, max_length=200)
    substitute_name: str | None = Field(default=None, max_length=300, description="ผู้มาประชุมแทน")
    reason: str | None = Field(default=None, max_length=1000, description="เหตุที่ไม่มาประชุม")

    @model_validator(mode="after")
    def consistent(self) -> AttendanceEntry:
        if self.status is AttendanceStatus.GUEST:
            if self.member_id is not None or not self.name.strip():
                raise ValueError("a guest has a name and no member_id")
        elif self.member_id is None:
            raise ValueError("present, substitute and absent entries name a committee member")
        if self.status is AttendanceStatus.SUBSTITUTE and not (self.substitute_name or "").strip():
            raise ValueError("a substitute entry names who came instead (substitute_name)")
        return self


class AttendanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[AttendanceEntry] = Field(max_length=500)


class AttendanceRead(BaseModel):
    entry_id: uuid.UUID
    member_id: uuid.UUID | None
    status: AttendanceStatus
    name: str
    position: str
    agency_id: str | None
    substitute_name: str | None
    reason: str | None


class MeetingHeldBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started_at: AwareDatetime = Field(description="เริ่มประชุมเวลา")
    ended_at: AwareDatetime | None = Field(default=None, description="เลิกประชุมเวลา")
