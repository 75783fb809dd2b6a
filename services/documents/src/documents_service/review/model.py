"""A draft's review: its route, whose step is open, and what each action does. Pure, no I/O: a use case loads the
review, calls a transition, stores what it returns and emits its events.

    (none) ─propose→ in_review ─pass→ in_review (next position) … ─sign→ signed
    in_review ─return to 0→ returned (the letter is a draft again) ─propose→ in_review (round + 1)
    in_review ─return to k→ in_review (position k)
    in_review ─refuse→ refused (a draft again)     in_review ─recall→ recalled (a draft again)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from opensaraban_shared.errors import AppError, ErrorKind

NOT_YOUR_STEP = ErrorKind("not_your_step", 403, "ขั้นตอนนี้ไม่ใช่ของท่าน หรือไม่ใช่ของท่านแล้ว",
                          "This step is not yours, or no longer yours")
NOT_IN_REVIEW = ErrorKind("not_in_review", 409, "หนังสือนี้ไม่ได้อยู่ระหว่างเสนอ", "This letter is not in review")
VERSION_CHANGED = ErrorKind("version_changed", 409, "ร่างหนังสือเปลี่ยนไปหลังจากท่านเปิดอ่าน กรุณาอ่านฉบับล่าสุดอีกครั้ง",
                            "The draft changed after you opened it; read the latest version again")
ALREADY_SIGNED = ErrorKind("already_signed", 409, "หนังสือลงนามแล้ว ดึงกลับไม่ได้",
                           "The letter was already signed and cannot be recalled")
NOT_THE_DRAFTER = ErrorKind("not_the_drafter", 403, "เฉพาะผู้เสนอเท่านั้นที่ดึงกลับได้", "Only the drafter can recall it")
BAD_RETURN = ErrorKind("bad_return_position", 422, "ส่งกลับได้เฉพาะผู้เสนอหรือขั้นตอนก่อนหน้า",
                       "Return to the drafter (0) or an earlier step only")
EMPTY_ROUTE = ErrorKind("empty_route", 422, "ต้องมีผู้ลงนามในเส้นทางเสนอ", "A route needs a signer")
REPEATED_ON_ROUTE = ErrorKind("repeated_on_route", 422, "มีบุคคลซ้ำในเส้นทางเสนอ หรือผู้เสนออยู่ในเส้นทาง",
                              "Someone appears twice on the route, or the drafter is on it")


class ReviewStatus(StrEnum):
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    SIGNED = "signed"
    REFUSED = "refused"
    RECALLED = "recalled"


Role = Literal["review", "sign"]
Action = Literal["passed", "returned", "signed", "refused"]


@dataclass(frozen=True)
class Step:
    position: int  # 1-based
    user_id: str
    role: Role


def route_of(reviewer_ids: Sequence[str], signer_id: str, *, drafter_id: str) -> list[Step]:
    """Reviewers in order, then the signer; nobody twice, and not the drafter."""
    people = [*reviewer_ids, signer_id]
    if not signer_id:
        raise AppError(EMPTY_ROUTE)
    if len(set(people)) != len(people) or drafter_id in people:
        raise AppError(REPEATED_ON_ROUTE)
    return [Step(n, user, "sign" if n == len(people) else "review") for n, user in enumerate(people, start=1)]


@dataclass(frozen=True)
class Outcome:
    """What an action on the open step did."""

    status: ReviewStatus
    next_position: int | None  # the step open now, if any
    returned_to: int | None = None


@dataclass(frozen=True)
class Review:
    """A letter's review as stored: its route this round and which step is open."""

    row: Mapping[str, Any]

    @property
    def status(self) -> ReviewStatus:
        return ReviewStatus(self.row["status"])

    @property
    def steps(self) -> list[Step]:
        return [Step(s["position"], s["user_id"], s["role"]) for s in self.row["steps"]]

    @property
    def open_step(self) -> Step:
        if self.status is not ReviewStatus.IN_REVIEW:
            raise AppError(NOT_IN_REVIEW)
        return self.steps[self.row["current_position"] - 1]

    def check_version(self, version: int) -> None:
        if version != self.row["version"]:
            raise AppError(VERSION_CHANGED, {"version": self.row["version"]})

    def check_actor(self, user_id: str, *, delegate_for: set[str]) -> Step:
        """The open step, if `user_id` holds it or acts for its holder (`delegate_for`: whom they stand in for)."""
        step = self.open_step
        if user_id != step.user_id and step.user_id not in delegate_for:
            raise AppError(NOT_YOUR_STEP)
        return step

    def act(self, action: Action, *, to_position: int | None = None) -> Outcome:
        """The open step's holder passes, returns, signs or refuses."""
        step = self.open_step
        if action == "passed":
            if step.role != "review":
                raise AppError(NOT_YOUR_STEP)
            return Outcome(ReviewStatus.IN_REVIEW, step.position + 1)
        if action == "returned":
            if to_position is None or not 0 <= to_position < step.position:
                raise AppError(BAD_RETURN, {"to_position": to_position, "open_position": step.position})
            if to_position == 0:
                return Outcome(ReviewStatus.RETURNED, None, returned_to=0)
            return Outcome(ReviewStatus.IN_REVIEW, to_position, returned_to=to_position)
        if step.role != "sign":
            raise AppError(NOT_YOUR_STEP)
        return Outcome(ReviewStatus.SIGNED if action == "signed" else ReviewStatus.REFUSED, None)

    def recall(self, user_id: str) -> Step:
        """The drafter takes the proposal back; returns the step that was open."""
        if self.status is ReviewStatus.SIGNED:
            raise AppError(ALREADY_SIGNED)
        if user_id != self.row["drafter_id"]:
            raise AppError(NOT_THE_DRAFTER)
        return self.open_step


def capacity_line(kind: str, post_title: str) -> str:
    """The line a delegate signs with under their position."""
    return f"{'รักษาราชการแทน' if kind == 'acting' else 'ปฏิบัติราชการแทน'} {post_title}"
