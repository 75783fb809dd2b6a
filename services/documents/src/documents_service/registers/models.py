"""API schemas of the registers."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class RegisterEntry(BaseModel):
    register_date: date
    number: int
    letter_number: str
    letter_date: date | None
    from_: str
    to: str
    subject: str
    action: str
    remarks: str
    channel: str


class RegisterPage(BaseModel):
    kind: str
    year: int | None = Field(description="ค.ศ. year asked for; null when a date range was")
    date_from: date | None = None
    date_to: date | None = None
    entries: list[RegisterEntry]
