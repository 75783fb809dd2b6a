"""API schemas of the metrics service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field, computed_field

from .projection import electronic_rate


class LetterCounts(BaseModel):
    sent_electronic: int = Field(default=0, ge=0)
    sent_paper: int = Field(default=0, ge=0)
    received_electronic: int = Field(default=0, ge=0)
    received_paper: int = Field(default=0, ge=0)

    @computed_field(description="Electronic letters ÷ all letters, sent and received; null when there were none")
    @property
    def electronic_rate(self) -> float | None:
        electronic = self.sent_electronic + self.received_electronic
        return electronic_rate(electronic=electronic, total=electronic + self.sent_paper + self.received_paper)

    @classmethod
    def sum_of(cls, parts: Iterable[LetterCounts]) -> LetterCounts:
        parts = list(parts)
        return cls(**{name: sum(getattr(p, name) for p in parts) for name in _COUNT_FIELDS})


_COUNT_FIELDS = tuple(LetterCounts.model_fields)


class LetterDay(LetterCounts):
    day: date = Field(description="Calendar day in Asia/Bangkok")


class LetterAdoption(BaseModel):
    agency_id: str
    date_from: date
    date_to: date
    totals: LetterCounts
    days: list[LetterDay] = Field(description="Days with at least one letter, oldest first; quiet days are left out")
