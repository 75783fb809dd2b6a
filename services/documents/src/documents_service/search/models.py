"""API schemas and error kinds of letter search (Criteria → Hit → Page)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from opensaraban_shared.days import IsoDay
from opensaraban_shared.errors import ErrorKind
from opensaraban_shared.vocabulary import Secrecy, Urgency

from ..letters.model import DeliveryStatus, LetterStatus

SEARCH_QUERY_UNUSABLE = ErrorKind(
    "search_query_unusable", 422, "คำค้นไม่มีตัวอักษรหรือตัวเลขที่ใช้ค้นได้",
    "The search text has no letters or digits to search for",
)

MAX_OFFSET = 10_000  # deeper pages cost more than they are worth: narrow the filters instead


class Direction(StrEnum):
    SENT = "sent"  # my agency sent it
    RECEIVED = "received"  # it was delivered to my agency
    ANY = "any"


class LetterNumberMatch(StrEnum):
    EXACT = "exact"
    PREFIX = "prefix"


SearchStatus = LetterStatus | DeliveryStatus
"""A letter's status as the caller sees it: the letter's own for its sender, the delivery's for a recipient."""


class LetterSearchCriteria(BaseModel):
    """Query string of GET /letters/search; every filter is optional and all given ones must hold."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, max_length=200,
                          description="คำค้นภาษาไทยหรืออังกฤษ ไม่ต้องเว้นวรรค — free text, Thai or English")
    letter_number: str | None = Field(default=None, min_length=1, max_length=100,
                                      description="เลขที่หนังสือ (ที่) เช่น ชม 0017/ว 1590 — letter number")
    letter_number_match: LetterNumberMatch = Field(default=LetterNumberMatch.EXACT,
                                                   description="exact หรือ prefix — exact number or its beginning")
    subject: str | None = Field(default=None, min_length=1, max_length=200,
                                description="เรื่องมีข้อความนี้ — subject contains")
    sender_agency_id: str | None = Field(default=None, min_length=1, max_length=80,
                                         description="หน่วยงานผู้ส่ง — sender agency id")
    date_from: IsoDay | None = Field(default=None, description="ส่งตั้งแต่วันที่ (เวลาไทย) — sent on or after this day")
    date_to: IsoDay | None = Field(default=None, description="ส่งถึงวันที่ (เวลาไทย) — sent on or before this day")
    status: SearchStatus | None = Field(default=None, description="สถานะ — status as my agency sees it")
    direction: Direction = Field(default=Direction.ANY, description="sent | received | any")
    limit: int = Field(default=20, ge=1, le=100, description="จำนวนต่อหน้า — page size")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, description="ข้ามรายการแรก ๆ — rows to skip")

    @model_validator(mode="after")
    def dates_in_order(self) -> LetterSearchCriteria:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from must not be after date_to")
        return self


class Highlight(BaseModel):
    start: int
    end: int


class LetterSearchHit(BaseModel):
    letter_id: uuid.UUID
    letter_number: str | None
    subject: str
    subject_highlights: list[Highlight] = Field(description="ช่วงที่ตรงกับคำค้นในเรื่อง — [start, end) in subject")
    sender_agency_id: str | None
    sender_name_th: str
    direction: Direction
    status: str
    urgency: Urgency
    secrecy: Secrecy
    sent_at: datetime | None
    snippet: str = Field(description="ข้อความบางส่วน — a short piece of the body around the first match")
    highlights: list[Highlight] = Field(description="ช่วงที่ตรงกับคำค้นใน snippet — [start, end) in snippet")
    score: float | None = Field(description="ความเกี่ยวข้อง (มีเมื่อค้นด้วย q) — relevance, when q was given")


class LetterSearchPage(BaseModel):
    items: list[LetterSearchHit]
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset ของหน้าถัดไป หรือ null — offset of the next page, if any")
