"""API schemas of the meeting service."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class AgendaTemplate(StrEnum):
    """ระเบียบวาระการประชุม: 5 sections, or 6 with 'matters arising' (เรื่องสืบเนื่อง) as section 3."""

    FIVE_SECTIONS = "5_sections"
    SIX_SECTIONS = "6_sections"


CommitteeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class CommitteeBase(BaseModel):
    name_th: CommitteeName = Field(description="ชื่อคณะกรรมการ, e.g. 'คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัด'")
    name_en: CommitteeName | None = None
    agenda_template: AgendaTemplate


class CommitteeCreate(CommitteeBase):
    # A misspelt field is an error the caller should see, not a value silently dropped.
    model_config = ConfigDict(extra="forbid")


class CommitteeRead(CommitteeBase):
    committee_id: uuid.UUID
    owner_agency_id: str
    created_by: str
    created_at: datetime
