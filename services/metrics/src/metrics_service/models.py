"""API schemas of the metrics service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field, computed_field

from .projection import e_approval_rate, e_signature_rate, electronic_rate


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


class ScopeRead(BaseModel):
    level: str = Field(description="agency, province, ministry or national")
    key: str | None = Field(description="agency_id, province_code or ministry_id; null for national")
    date_from: date
    date_to: date


class PeriodCounts(LetterCounts):
    period: str = Field(description="YYYY-MM-DD, YYYY-MM, or the Buddhist Era fiscal year (e.g. 2569)")
    electronic_copies: int = Field(default=0, ge=0, description="Recipients reached by electronic sends")


class Distribution(BaseModel):
    scope: ScopeRead
    granularity: str
    totals: LetterCounts
    series: list[PeriodCounts] = Field(description="Periods with letters, oldest first")


class ApprovalCounts(BaseModel):
    sent: int = Field(default=0, ge=0, description="Letters sent, electronic and paper")
    approved_electronically: int = Field(default=0, ge=0,
                                         description="Of those, proposed, reviewed and signed in the system")

    @computed_field(description="Letters approved electronically ÷ letters sent; null when none were sent")
    @property
    def e_approval_rate(self) -> float | None:
        return e_approval_rate(approved=self.approved_electronically, sent=self.sent)


class ApprovalPoint(ApprovalCounts):
    period: str = Field(description="YYYY-MM-DD, YYYY-MM, or the Buddhist Era fiscal year (e.g. 2569)")


class EApproval(BaseModel):
    scope: ScopeRead
    granularity: str
    totals: ApprovalCounts
    series: list[ApprovalPoint] = Field(description="Periods with letters, oldest first (as the distribution's)")


class SignatureCounts(BaseModel):
    sent: int = Field(default=0, ge=0, description="Letters sent, electronic and paper")
    signed_digitally: int = Field(default=0, ge=0,
                                  description="Of those, sent with the signer's digital (PAdES) signature")

    @computed_field(description="Letters signed digitally ÷ letters sent; null when none were sent")
    @property
    def e_signature_rate(self) -> float | None:
        return e_signature_rate(signed=self.signed_digitally, sent=self.sent)


class SignaturePoint(SignatureCounts):
    period: str = Field(description="YYYY-MM-DD, YYYY-MM, or the Buddhist Era fiscal year (e.g. 2569)")


class ESignature(BaseModel):
    scope: ScopeRead
    granularity: str
    totals: SignatureCounts
    series: list[SignaturePoint] = Field(description="Periods with letters, oldest first (as the distribution's)")


class ChannelMix(BaseModel):
    scope: ScopeRead
    agencies: int = Field(description="Agencies that sent or received at least one letter in the period")
    paper_only: int
    both: int
    electronic_only: int
    shares: dict[str, float | None]
    survey_2017: dict[str, dict[str, int]] = Field(
        description="Baseline of the DGA readiness survey (seed 001): how agencies sent documents to each other")


class StageSpeed(BaseModel):
    stage: str = Field(description="delivery (sent → delivered), acceptance (delivered → accepted), "
                                   "handling (assigned → closed), review_step (a review chain step: assigned → acted on)")
    urgency: int
    urgency_th: str
    count: int
    median_s: float | None
    p90_s: float | None
    within_24h: int = Field(description="Of `count`, how many took less than 24 hours")


class Overdue(BaseModel):
    urgency: int
    urgency_th: str
    with_deadline: int = Field(description="Assignments whose deadline fell in the period")
    closed_late: int
    open_overdue: int = Field(description="Still open with the deadline passed")


class Speed(BaseModel):
    scope: ScopeRead
    stages: list[StageSpeed]
    overdue: list[Overdue]
    precision: str = "Percentiles from a log histogram: within 4.4 % of the exact value"


class UsagePoint(BaseModel):
    period: str
    active_users: int


class Usage(BaseModel):
    scope: ScopeRead
    granularity: str
    active_users: int = Field(description="People who signed in at least once in the period")
    registered_users: int = Field(description="Active people in the directory")
    target_users: int = Field(description="National target of e-office users")
    target_share: float | None = Field(description="Active users ÷ target (national scope only)")
    agencies_registered: int
    agencies_live: int = Field(description="Agencies with a sign-in or an electronic letter in the period")
    letters: int
    letters_per_active_user: float | None
    series: list[UsagePoint]


class Meetings(BaseModel):
    scope: ScopeRead
    held: int
    with_electronic_pack: int
    electronic_pack_share: float | None
    median_lead_days: float | None = Field(description="Days from the pack's publication to the meeting")
    mean_lead_days: float | None
    agenda_items: int
    late_items: int
    late_item_share: float | None


class Savings(BaseModel):
    scope: ScopeRead
    estimate: bool = Field(default=True, description="Always an estimate, from the parameters below")
    electronic_copies: int = Field(description="Letter copies delivered electronically instead of on paper")
    agenda_pack_pages: int = Field(description="Pages × members of the electronic agenda packs")
    pages_not_printed: float
    paper_baht: float
    postage_baht: float
    total_baht: float
    parameters: dict[str, float]


class RankingRow(BaseModel):
    rank: int
    key: str | None
    name_th: str | None = None
    name_en: str | None = None
    score: float | None
    electronic_rate: float | None
    accepted_within_24h: float | None
    active_user_share: float | None
    electronic_pack_share: float | None
    letters: int


class Ranking(BaseModel):
    scope: ScopeRead
    level: str
    formula: str
    rows: list[RankingRow]
