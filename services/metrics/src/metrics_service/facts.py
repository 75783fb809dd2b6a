"""Pure projection rules for a batch of events: what each one adds to which pre-aggregated row (no I/O).

A batch's changes are summed in memory first, so the repository writes each touched row once per batch.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from opensaraban_shared.events import (
    AgencyChanged,
    AgendaItemSubmitted,
    AgendaPublished,
    Envelope,
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterRouted,
    LetterSent,
    MeetingHeld,
    UserAuthenticated,
    UserChanged,
)
from opensaraban_shared.events.documents import ReviewStepCompleted
from opensaraban_shared.thai import bangkok_day

from .durations import DAY_S, bucket_of
from .projection import Direction


def month_of(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Assignment:
    delivery_id: uuid.UUID
    agency_id: str
    urgency: int
    assigned_at: datetime | None = None
    deadline: datetime | None = None
    closed_at: datetime | None = None


@dataclass
class Changes:
    """Everything one batch adds; keys are the primary keys of the target tables."""

    # (day, agency, direction, channel) -> [letters, recipients, timed, within_day, approved, signed]
    letters: dict[tuple[date, str, str, str], list[int]] = field(default_factory=dict)
    # (day, agency, stage, urgency, bucket) -> n
    durations: Counter[tuple[date, str, str, int, int]] = field(default_factory=Counter)
    assignments: list[Assignment] = field(default_factory=list)
    # agency_id -> province seen on a letter (directory rows win over these)
    agencies_seen: dict[str, str | None] = field(default_factory=dict)
    # directory records in offset order; the copy keeps each one's newest (by changed_at, not by arrival)
    agencies: list[AgencyChanged] = field(default_factory=list)
    users: list[UserChanged] = field(default_factory=list)
    sign_ins: set[tuple[date, str, str]] = field(default_factory=set)
    # (day, agency) -> [items, late items]
    agenda_items: dict[tuple[date, str], list[int]] = field(default_factory=dict)
    # meeting_id -> (agency, day, electronic_pack, lead_seconds)
    meetings_held: dict[uuid.UUID, tuple[str, date, bool, float | None]] = field(default_factory=dict)
    # meeting_id -> (agency, day, version, pages, members)
    packs: dict[uuid.UUID, tuple[str, date, int, int, int]] = field(default_factory=dict)

    def add_letter(self, day: date, agency: str, direction: Direction, channel: str, recipients: int = 0,
                   waited_s: float | None = None, approved: bool = False, signed: bool = False) -> None:
        """`waited_s`: for a registered delivery, how long it waited in the inbox. `approved`: a send signed through
        the review chain (e-approval). `signed`: a send whose letter carries a digital signature (e-signature)."""
        row = self.letters.setdefault((day, agency, direction.value, channel), [0, 0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += recipients
        row[4] += approved
        row[5] += signed
        if waited_s is not None:
            row[2] += 1
            row[3] += waited_s < DAY_S

    def add_duration(self, end: datetime, agency: str, stage: str, urgency: int, seconds: float) -> None:
        self.durations[(bangkok_day(end), agency, stage, int(urgency), bucket_of(seconds))] += 1

    def see_agency(self, agency_id: str, province_code: str | None) -> None:
        if self.agencies_seen.get(agency_id) is None:
            self.agencies_seen[agency_id] = province_code


def collect(envelopes: Iterable[Envelope[Any]]) -> Changes:
    """The changes of a batch, events taken in offset order."""
    changes = Changes()
    for envelope in envelopes:
        _collect_one(envelope.payload, changes)
    return changes


def _collect_one(event: Any, changes: Changes) -> None:  # noqa: C901 — one flat dispatch reads best
    match event:
        case LetterSent():
            changes.add_letter(bangkok_day(event.sent_at), event.sender_agency_id, Direction.SENT, event.channel.value,
                               len(event.recipient_agency_ids) + event.external_recipient_count,
                               approved=event.approved_electronically, signed=event.signed_digitally)
            changes.see_agency(event.sender_agency_id, event.sender_province_code)
        case LetterAccepted():
            waited = (event.accepted_at - event.delivered_at).total_seconds() if event.delivered_at else None
            changes.add_letter(bangkok_day(event.accepted_at), event.recipient_agency_id, Direction.RECEIVED,
                               event.channel.value, waited_s=waited)
            changes.see_agency(event.recipient_agency_id, event.recipient_province_code)
            if waited is not None:
                changes.add_duration(event.accepted_at, event.recipient_agency_id, "acceptance", event.urgency, waited)
        case LetterDelivered():
            # Counted for the sender: how fast its letters reach their recipients.
            changes.add_duration(event.delivered_at, event.sender_agency_id, "delivery", event.urgency,
                                 (event.delivered_at - event.sent_at).total_seconds())
            changes.see_agency(event.recipient_agency_id, event.recipient_province_code)
        case LetterRouted(action="assign"):
            changes.assignments.append(Assignment(event.delivery_id, event.agency_id, int(event.urgency),
                                                  assigned_at=event.routed_at, deadline=event.deadline))
        case LetterClosed():
            changes.assignments.append(Assignment(event.delivery_id, event.agency_id, int(event.urgency),
                                                  closed_at=event.closed_at))
        case ReviewStepCompleted():
            # Time per step of the review chain, counted for the drafter's agency when the step was acted on.
            changes.add_duration(event.acted_at, event.agency_id, "review_step", event.urgency,
                                 (event.acted_at - event.assigned_at).total_seconds())
            changes.see_agency(event.agency_id, event.agency_province_code)
        case AgencyChanged():
            changes.agencies.append(event)
        case UserChanged():
            changes.users.append(event)
        case UserAuthenticated():
            changes.sign_ins.add((bangkok_day(event.authenticated_at), event.agency_id, event.user_id))
        case AgendaItemSubmitted():
            row = changes.agenda_items.setdefault((bangkok_day(event.submitted_at), event.secretariat_agency_id),
                                                  [0, 0])
            row[0] += 1
            row[1] += int(event.late)
        case AgendaPublished():
            current = changes.packs.get(event.meeting_id)
            if current is None or current[2] <= event.version:
                changes.packs[event.meeting_id] = (event.secretariat_agency_id, bangkok_day(event.published_at),
                                                   event.version, event.pack_pages, len(event.member_agency_ids))
        case MeetingHeld():
            lead = (
                (event.starts_at - event.agenda_published_at).total_seconds()
                if event.agenda_published_at is not None else None
            )
            changes.meetings_held[event.meeting_id] = (event.secretariat_agency_id, bangkok_day(event.held_at),
                                                       event.agenda_published_at is not None, lead)
        case _:
            pass
