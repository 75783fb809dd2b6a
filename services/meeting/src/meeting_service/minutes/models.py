"""API schemas of minutes (รายงานการประชุม) and follow-up actions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from opensaraban_shared.richtext import FIELD_HELP as RICH_TEXT

from ..meetings.models import AttendanceRead, MeetingRead


class MinutesEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: uuid.UUID
    discussion: str = Field(default="", max_length=50_000, description=f"สรุปการอภิปราย. {RICH_TEXT}")
    resolution: str = Field(default="", max_length=10_000, description="มติที่ประชุม")


class MinutesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started_at: AwareDatetime | None = Field(default=None, description="เริ่มประชุมเวลา (default: as recorded)")
    ended_at: AwareDatetime | None = Field(default=None, description="เลิกประชุมเวลา")
    minute_taker: str = Field(min_length=1, max_length=300, description="ผู้จดรายงานการประชุม")
    reviewer: str = Field(min_length=1, max_length=300, description="ผู้ตรวจรายงานการประชุม")
    entries: list[MinutesEntry] = Field(max_length=500)


class MinutesItemRead(BaseModel):
    item_id: uuid.UUID
    number: str
    number_th: str
    section: int
    title: str
    presenting_agency_name: str
    discussion: str
    resolution: str


class MinutesRead(BaseModel):
    meeting: MeetingRead
    minute_taker: str
    reviewer: str
    attendance: list[AttendanceRead]
    items: list[MinutesItemRead]
    locked: bool


class MinutesApprove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at_meeting_id: uuid.UUID | None = Field(default=None, description="The later meeting that approved them (วาระที่ ๒)")


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: uuid.UUID = Field(description="The agenda item whose resolution asks for it")
    description: str = Field(min_length=1, max_length=2000)
    owner_agency_id: str = Field(min_length=1, max_length=200)
    owner_user_id: str | None = Field(default=None, max_length=200)
    due_date: date


class FollowUpComplete(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report: str = Field(min_length=1, max_length=10_000, description="ผลการดำเนินงาน")


class FollowUpRead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action_id: uuid.UUID
    committee_id: uuid.UUID
    meeting_id: uuid.UUID
    item_id: uuid.UUID
    item_number: str
    description: str
    owner_agency_id: str
    owner_user_id: str | None
    due_date: date
    status: str
    report: str | None
    created_at: datetime
    completed_at: datetime | None
