"""Kafka consumers of the notify service: events in, by rule, to notices, deadlines and the people directory.

Each rule names who hears of an event and in which words; deadlines say whom to remind and when; some events
finish a deadline. A whole fetched batch is planned first, then written with a few bulk statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg

from opensaraban_shared.consumer import BatchProjection, DeadLetters, EventConsumer
from opensaraban_shared.events import (
    DIRECTORY,
    LETTERS,
    MEETINGS,
    AgencyChanged,
    AgendaItemReviewed,
    AgendaItemSubmitted,
    AgendaOpened,
    AgendaPublished,
    Envelope,
    Event,
    FollowUpActionCompleted,
    FollowUpActionCreated,
    LetterClosed,
    LetterDelivered,
    LetterRejected,
    LetterRouted,
    LetterWithdrawn,
    MeetingCancelled,
    UserChanged,
)
from opensaraban_shared.events.documents import ReviewRecalled, ReviewStepAssigned, ReviewStepCompleted
from opensaraban_shared.service_app import Runtime

from . import messages, review_messages, service
from .messages import reminder_facts
from .service import STILL_OPEN, Deadline, Finish, Notice, Plan, notification_id_for  # noqa: F401  (re-exported for tests)
from .settings import NotifySettings


@dataclass(frozen=True)
class Recipient:
    agency_id: str  # for a person: the agency the event names (the directory's copy wins when it knows better)
    user_id: str | None = None  # None: every correspondence clerk of the agency


@dataclass(frozen=True)
class Rule:
    """Who hears of an event, and in which words."""

    name: str
    kind: str
    recipients: Callable[[Any], list[Recipient]]
    message: Callable[[Any], messages.Message]


def _clerks_and_people(agency_ids: Sequence[str], user_ids: Sequence[str], hint: str) -> list[Recipient]:
    return [*(Recipient(a) for a in dict.fromkeys(agency_ids)), *(Recipient(hint, u) for u in dict.fromkeys(user_ids))]


def _submitter(e: AgendaItemReviewed) -> list[Recipient]:
    if e.decision != "returned":
        return []
    return [Recipient(e.submitted_by_agency_id, e.submitted_by_user_id)]


def _owner(e: FollowUpActionCreated) -> list[Recipient]:
    return [Recipient(e.owner_agency_id, e.owner_user_id)]


def _step_person(e: ReviewStepAssigned) -> list[Recipient]:
    """The delegate acting for the step's holder, if any, else the holder."""
    return [Recipient(e.agency_id, e.delegate_user_id or e.holder_user_id)]


def _drafter(e: ReviewStepCompleted) -> list[Recipient]:
    """The drafter hears of a return to them, a refusal and a signature; a pass, or a return to an earlier step,
    is told by the next step's assignment to whoever must act."""
    back_to_drafter = e.action == "returned" and not e.returned_to_position
    if back_to_drafter or e.action in ("refused", "signed"):
        return [Recipient(e.agency_id, e.drafter_user_id)]
    return []


RULES: dict[type[Event], Rule] = {
    LetterDelivered: Rule("letter_delivered_to_clerks", "letter_delivered", lambda e: [Recipient(e.recipient_agency_id)],
                          messages.letter_delivered),
    LetterRejected: Rule("letter_rejected_to_sender", "letter_rejected", lambda e: [Recipient(e.sender_agency_id)],
                         messages.letter_rejected),
    LetterWithdrawn: Rule("letter_withdrawn_to_recipient", "letter_withdrawn",
                          lambda e: [Recipient(e.recipient_agency_id)], messages.letter_withdrawn),
    # The person it was routed to, or every person of the unit it was routed to (named in the event).
    LetterRouted: Rule("letter_routed_to_person", "letter_routed",
                       lambda e: [Recipient(e.agency_id, user_id) for user_id in e.reaches_user_ids],
                       messages.letter_routed),
    AgendaPublished: Rule("agenda_published_to_members", "agenda_published",
                          lambda e: _clerks_and_people(e.member_agency_ids, e.member_user_ids, e.secretariat_agency_id),
                          messages.agenda_published),
    MeetingCancelled: Rule("meeting_cancelled_to_members", "meeting_cancelled",
                           lambda e: _clerks_and_people(e.member_agency_ids, e.member_user_ids, e.secretariat_agency_id),
                           messages.meeting_cancelled),
    AgendaItemReviewed: Rule("agenda_item_returned_to_submitter", "agenda_returned", _submitter,
                             messages.agenda_item_returned),
    FollowUpActionCreated: Rule("follow_up_action_to_owner", "follow_up_action", _owner,
                                messages.follow_up_action_created),
    ReviewStepAssigned: Rule("review_step_to_person", "review_step", _step_person, review_messages.step_assigned),
    ReviewStepCompleted: Rule("review_outcome_to_drafter", "review_outcome", _drafter, review_messages.step_completed),
}


def _letter_deadline(envelope: Envelope[LetterDelivered]) -> list[Deadline]:
    e = envelope.payload
    if e.deadline is None:
        return []
    return [Deadline(f"delivery:{e.delivery_id}", "letter_deadline", e.recipient_agency_id, None, e.deadline,
                     reminder_facts(messages.letter_delivered(e)), envelope.event_id)]


def _assignment_deadline(envelope: Envelope[LetterRouted]) -> list[Deadline]:
    e = envelope.payload
    if e.deadline is None or e.action != "assign":
        return []
    facts = reminder_facts(messages.letter_routed(e))
    return [Deadline(f"delivery:{e.delivery_id}", "assignment_deadline", e.agency_id, user_id, e.deadline, facts,
                     envelope.event_id) for user_id in e.reaches_user_ids]


def _submission_deadline(envelope: Envelope[AgendaOpened]) -> list[Deadline]:
    e = envelope.payload
    facts = reminder_facts(messages.agenda_opened(e))
    return [
        *(Deadline(f"agenda:{e.meeting_id}:{a}", "agenda_submission", a, None, e.submission_deadline, facts,
                   envelope.event_id) for a in dict.fromkeys(e.member_agency_ids)),
        *(Deadline(f"agenda:{e.meeting_id}:user:{u}", "agenda_submission", e.secretariat_agency_id, u,
                   e.submission_deadline, facts, envelope.event_id) for u in dict.fromkeys(e.member_user_ids)),
    ]


def _action_deadline(envelope: Envelope[FollowUpActionCreated]) -> list[Deadline]:
    e = envelope.payload
    return [Deadline(f"action:{e.action_id}", "follow_up_action", e.owner_agency_id, e.owner_user_id,
                     messages.end_of_day(e.due_date), reminder_facts(messages.follow_up_action_created(e)),
                     envelope.event_id)]


def review_step_key(e: ReviewStepAssigned | ReviewStepCompleted | ReviewRecalled) -> str:
    return f"review:{e.letter_id}:{e.round}:{e.position}"


def _review_reminder(envelope: Envelope[ReviewStepAssigned]) -> list[Deadline]:
    """The agency's waiting time: the step's person is reminded once if the step is still open after it."""
    e = envelope.payload
    if e.remind_after_hours is None:
        return []
    [person] = _step_person(e)
    return [Deadline(review_step_key(e), f"{e.role}_step", e.agency_id, person.user_id,
                     e.assigned_at + timedelta(hours=e.remind_after_hours),
                     reminder_facts(review_messages.step_assigned(e)), envelope.event_id, stages=STILL_OPEN,
                     started_at=e.assigned_at)]


DEADLINES: dict[type[Event], Callable[[Envelope[Any]], list[Deadline]]] = {
    LetterDelivered: _letter_deadline,
    LetterRouted: _assignment_deadline,
    AgendaOpened: _submission_deadline,
    FollowUpActionCreated: _action_deadline,
    ReviewStepAssigned: _review_reminder,
}


def _cancelled(e: MeetingCancelled) -> list[Finish]:
    """Nobody is reminded to submit items to a meeting that will not take place (the keys _submission_deadline
    made)."""
    return [*(Finish(f"agenda:{e.meeting_id}:{a}") for a in dict.fromkeys(e.member_agency_ids)),
            *(Finish(f"agenda:{e.meeting_id}:user:{u}") for u in dict.fromkeys(e.member_user_ids))]


def _submitted(e: AgendaItemSubmitted) -> list[Finish]:
    keys = [f"agenda:{e.meeting_id}:{e.submitted_by_agency_id}"]
    keys += [f"agenda:{e.meeting_id}:user:{e.submitted_by_user_id}"] if e.submitted_by_user_id else []
    return [Finish(key) for key in keys]


# Events that end a deadline: its reminders are cancelled (even when they arrive before the deadline did). A review
# step can be open again in the same round (returned to): its end cancels only what started before it.
FINISHES: dict[type[Event], Callable[[Any], list[Finish]]] = {
    LetterClosed: lambda e: [Finish(f"delivery:{e.delivery_id}")],
    LetterWithdrawn: lambda e: [Finish(f"delivery:{e.delivery_id}")],
    LetterRejected: lambda e: [Finish(f"delivery:{e.delivery_id}")],
    AgendaItemSubmitted: _submitted,
    MeetingCancelled: _cancelled,
    FollowUpActionCompleted: lambda e: [Finish(f"action:{e.action_id}")],
    ReviewStepCompleted: lambda e: [Finish(review_step_key(e), e.acted_at)],
    ReviewRecalled: lambda e: [Finish(review_step_key(e), e.recalled_at)],
}


def plan_for(envelopes: Sequence[Envelope[Any]]) -> Plan:
    """Pure: what a batch of events means, before anything is written."""
    plan = Plan()
    for envelope in envelopes:
        event, kind = envelope.payload, type(envelope.payload)
        if kind is UserChanged:
            plan.people.append(event)
        elif kind is AgencyChanged:
            plan.agencies.append(event)
        if (rule := RULES.get(kind)) is not None and (recipients := rule.recipients(event)):
            message = rule.message(event)
            plan.notices += [Notice(envelope.event_id, rule.name, rule.kind, r.agency_id, r.user_id, message,
                                    cause=envelope) for r in recipients]
        if (deadlines := DEADLINES.get(kind)) is not None:
            plan.deadlines += deadlines(envelope)
        if (finishes := FINISHES.get(kind)) is not None:
            plan.finished += finishes(event)
    return plan


def batch_handler(settings: NotifySettings) -> Callable[[Sequence[Envelope[Any]], asyncpg.Connection], Any]:
    async def handle(envelopes: Sequence[Envelope[Any]], conn: asyncpg.Connection) -> None:
        await service.apply(conn, plan_for(envelopes), settings=settings)

    return handle


def build_consumers(runtime: Runtime) -> list[EventConsumer]:
    settings: NotifySettings = runtime.settings  # type: ignore[assignment]
    topics = {
        LETTERS: ("notify.letters", "Tells agencies and people about letters and drafts in review that need them; "
                  "learns deadlines and review reminders.",
                  (LetterDelivered, LetterRejected, LetterWithdrawn, LetterRouted, LetterClosed, ReviewStepAssigned,
                   ReviewStepCompleted, ReviewRecalled)),
        MEETINGS: ("notify.meetings", "Tells committee members about agendas, returned items, cancelled meetings and "
                   "follow-up actions.",
                   (AgendaOpened, AgendaItemSubmitted, AgendaItemReviewed, AgendaPublished, MeetingCancelled,
                    FollowUpActionCreated, FollowUpActionCompleted)),
        DIRECTORY: ("notify.directory", "Keeps notify's copy of people (e-mail, language, roles, supervisor).",
                    (UserChanged, AgencyChanged)),
    }
    return [
        EventConsumer(
            group=group, topic=topic, description=description, db=runtime.db,
            batch=BatchProjection(event_types=types, apply=batch_handler(settings)),
            dead_letters=DeadLetters(runtime.producer, consumer=group),
            max_attempts=settings.consumer_max_attempts,
        )
        for topic, (group, description, types) in topics.items()
    ]
