"""API schemas of committees, their members and their agenda template."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .templates import SectionKind


class AgendaTemplate(StrEnum):
    """ระเบียบวาระการประชุม: 5 sections, or 6 with 'matters arising' (เรื่องสืบเนื่อง) as section 3."""

    FIVE_SECTIONS = "5_sections"
    SIX_SECTIONS = "6_sections"


class MemberRole(StrEnum):
    CHAIR = "chair"                              # ประธานกรรมการ
    VICE_CHAIR = "vice_chair"                    # รองประธานกรรมการ
    MEMBER = "member"                            # กรรมการ
    SECRETARY = "secretary"                      # กรรมการและเลขานุการ
    ASSISTANT_SECRETARY = "assistant_secretary"  # กรรมการและผู้ช่วยเลขานุการ
    ADVISOR = "advisor"                          # ที่ปรึกษา


ROLE_TITLES_TH = {
    MemberRole.CHAIR: "ประธานกรรมการ", MemberRole.VICE_CHAIR: "รองประธานกรรมการ", MemberRole.MEMBER: "กรรมการ",
    MemberRole.SECRETARY: "กรรมการและเลขานุการ", MemberRole.ASSISTANT_SECRETARY: "กรรมการและผู้ช่วยเลขานุการ",
    MemberRole.ADVISOR: "ที่ปรึกษา",
}

CommitteeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class CommitteeBase(BaseModel):
    name_th: CommitteeName = Field(description="ชื่อคณะกรรมการ, e.g. 'คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัด'")
    name_en: CommitteeName | None = None
    agenda_template: AgendaTemplate


class CommitteeCreate(CommitteeBase):
    # A misspelt field is an error the caller should see, not a value silently dropped.
    model_config = ConfigDict(extra="forbid")


class SectionRead(BaseModel):
    number: int
    title: str
    kind: SectionKind


class CommitteeRead(CommitteeBase):
    committee_id: uuid.UUID
    owner_agency_id: str
    created_by: str
    created_at: datetime
    sections: list[SectionRead] = Field(default_factory=list, description="The agenda sections new meetings get")


class SectionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: CommitteeName
    kind: SectionKind


class SectionsUpdate(BaseModel):
    """The committee's own agenda sections, in order (numbered from ๑); applies to meetings created afterwards."""

    model_config = ConfigDict(extra="forbid")

    sections: list[SectionWrite] = Field(min_length=1, max_length=12)

    @field_validator("sections")
    @classmethod
    def one_minutes_section(cls, value: list[SectionWrite]) -> list[SectionWrite]:
        if sum(s.kind is SectionKind.MINUTES for s in value) > 1:
            raise ValueError("at most one section approves the previous minutes")
        return value


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: str | None = Field(default=None, max_length=200, description="The person's user id, when they have one")
    agency_id: str = Field(min_length=1, max_length=200)
    agency_name: ShortText = Field(default="", description="The agency as printed ('โดย …'), e.g. 'สำนักงานสถิติจังหวัดเชียงใหม่'")
    display_name: CommitteeName = Field(description="ชื่อ-สกุล หรือ ตำแหน่ง as printed")
    position: ShortText = Field(default="", description="ตำแหน่ง, e.g. 'สถิติจังหวัดเชียงใหม่'")
    role: MemberRole
    term_start: date | None = None
    term_end: date | None = None

    @model_validator(mode="after")
    def term_in_order(self) -> MemberCreate:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValueError("term_end is before term_start")
        return self


class MemberRead(MemberCreate):
    model_config = ConfigDict(extra="ignore")

    member_id: uuid.UUID
    committee_id: uuid.UUID
    role_th: str
