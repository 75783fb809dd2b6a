"""Use cases of the notify service: turn what events and deadlines mean into inbox entries and queued deliveries.

Everything here runs inside the caller's transaction (the consumer's batch, or the scheduler's claim), so the
inbox entries, the outbox events and the queued e-mails and webhooks exist together or not at all. Sending
happens later, from the delivery queue, never inside these transactions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from opensaraban_shared import clock
from opensaraban_shared.directory_copy import AGENCIES, copy_newest
from opensaraban_shared.events import Actor, AgencyChanged, Envelope, NotificationRecorded, UserChanged, new_envelope
from opensaraban_shared.outbox import add_to_outbox

from . import messages, repository
from .messages import Message
from .preferences import quiet_until, wants
from .settings import NotifySettings

SERVICE = "notify"
INBOX = "inbox"
EMAIL = "email"
WEBHOOK = "webhook"
# Replaying years of events must not send overdue reminders for deadlines long gone.
STALE_DEADLINE = timedelta(days=7)


def notification_id_for(*, source_event_id: uuid.UUID, recipient: str, channel: str) -> uuid.UUID:
    """Deterministic: the same event, recipient and channel always name the same notification."""
    return uuid.uuid5(source_event_id, f"{recipient}|{channel}")


@dataclass(frozen=True)
class Notice:
    """One thing to tell one recipient: a person, or (user_id None) the agency's correspondence clerks."""

    source_id: uuid.UUID  # the event, or the reminder, it comes from
    rule: str
    kind: str
    agency_id: str
    user_id: str | None
    message: Message
    cause: Envelope[Any] | None = field(default=None, compare=False)
    """The event it answers: its NotificationRecorded carries that event's correlation id and names it as the cause.
    None for a fired reminder, which no event caused: its notices share a correlation id of their own."""

    @property
    def notification_id(self) -> uuid.UUID:
        return notification_id_for(source_event_id=self.source_id, recipient=self.user_id or self.agency_id,
                                   channel=INBOX)


APPROACHING_AND_OVERDUE = ("approaching", "overdue")
STILL_OPEN = ("still_open",)


@dataclass(frozen=True)
class Deadline:
    """A deadline learned from an event, and the reminders it sets (`stages`): by default the owner hears before it
    (approaching), and the owner and supervisor after it (overdue); a still_open reminder tells the owner alone,
    at `due_at`, that the work still waits for them."""

    subject_key: str  # what finishes it (e.g. 'delivery:<id>'); cancelling the key cancels its reminders
    kind: str  # messages.WHAT
    agency_id: str
    user_id: str | None
    due_at: datetime
    facts: dict[str, Any]
    source_event_id: uuid.UUID
    stages: tuple[str, ...] = APPROACHING_AND_OVERDUE
    started_at: datetime | None = None
    """When the work began, for a subject that can start again after it finished (a review step returned to):
    a Finish with a moment cancels only the reminders of work started before it."""


@dataclass(frozen=True)
class Finish:
    """Work that ended: its subject's reminders are cancelled, even those of a deadline that arrives later.
    `at` set: only the reminders of work started before that moment (the subject may start again after it)."""

    subject_key: str
    at: datetime | None = None


@dataclass
class Plan:
    """What a batch of events means, gathered first and written with a few bulk statements."""

    notices: list[Notice] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    finished: list[Finish] = field(default_factory=list)
    people: list[UserChanged] = field(default_factory=list)
    agencies: list[AgencyChanged] = field(default_factory=list)


async def apply(conn: asyncpg.Connection, plan: Plan, *, settings: NotifySettings) -> None:
    await copy_newest(conn, repository.PEOPLE, plan.people)
    await copy_newest(conn, AGENCIES, plan.agencies)
    await repository.cancel_reminders(conn, plan.finished)
    await schedule(conn, plan.deadlines, lead=timedelta(seconds=settings.reminder_lead_s))
    await record(conn, plan.notices, settings=settings)


async def schedule(conn: asyncpg.Connection, deadlines: Sequence[Deadline], *, lead: timedelta) -> None:
    now = clock.now()
    rows = []
    for d in deadlines:
        if d.due_at < now - STALE_DEADLINE:
            continue
        recipient = d.user_id or d.agency_id
        stages = [(stage, d.due_at if stage != "approaching" else max(now, d.due_at - lead)) for stage in d.stages
                  if stage != "approaching" or d.due_at > now]
        for stage, fire_at in stages:
            rows.append({
                "reminder_id": uuid.uuid5(d.source_event_id, f"{d.kind}|{recipient}|{stage}|{d.due_at.isoformat()}"),
                "subject_key": d.subject_key, "kind": d.kind, "stage": stage, "agency_id": d.agency_id,
                "user_id": d.user_id, "due_at": d.due_at, "fire_at": fire_at, "facts": d.facts,
                "source_event_id": d.source_event_id, "started_at": d.started_at,
            })
    await repository.insert_reminders(conn, rows)


async def record(conn: asyncpg.Connection, notices: Sequence[Notice], *, settings: NotifySettings) -> None:
    """Inbox entries (once each), their NotificationRecorded events, a live-stream signal, and queued e-mails
    and webhooks (once per notification × recipient × channel)."""
    if not notices:
        return
    now = clock.now()
    personal_ids = [n.user_id for n in notices if n.user_id]
    people = {p["user_id"]: p for p in await repository.people_by_id(conn, personal_ids)}
    prefs = await repository.preferences_of(conn, personal_ids)
    # A person's notices belong to the person's agency as the directory knows it (its webhooks, its stream).
    notices = [replace(n, agency_id=people[n.user_id]["agency_id"]) if n.user_id in people else n for n in notices]
    # A person may switch a kind off in the in-app inbox; an agency's shared inbox is always kept.
    inbox = [n for n in notices
             if n.user_id is None or wants(_channels(prefs.get(n.user_id)), kind=n.kind, channel=INBOX)]
    created = await repository.insert_notifications(conn, [_inbox_row(n, now) for n in inbox])
    await repository.announce_inbox(conn, created)
    await _announce_recorded(conn, {r["notification_id"] for r in created}, inbox, now)
    clerks = await repository.clerks_of(conn, [n.agency_id for n in notices if n.user_id is None])
    deliveries = _emails(notices, people, clerks, now=now, settings=settings)
    subscriptions = await repository.subscriptions_for(conn, [n.agency_id for n in notices])
    deliveries += _webhooks(notices, subscriptions, now=now)
    await repository.enqueue_deliveries(conn, deliveries)


def _channels(pref: Any) -> dict[str, Any] | None:
    """The channels-per-kind of a preferences or people row (asyncpg hands jsonb over as text)."""
    if pref is None:
        return None
    channels = pref["channels"]
    return channels if isinstance(channels, dict) else json.loads(channels)


def _inbox_row(n: Notice, now: datetime) -> dict[str, Any]:
    m = n.message
    return {"notification_id": n.notification_id, "recipient_agency_id": n.agency_id, "recipient_user_id": n.user_id,
            "rule": n.rule, "kind": n.kind, "channel": INBOX, "title_th": m.title_th, "title_en": m.title_en,
            "body_th": m.body_th, "body_en": m.body_en, "link": m.link, "source_event_id": n.source_id,
            "created_at": now}


async def _announce_recorded(conn: asyncpg.Connection, created: set[uuid.UUID], notices: Sequence[Notice],
                             now: datetime) -> None:
    # A fired reminder has no cause on Kafka: one fresh correlation id per reminder, shared by all its notices.
    reminder_correlation: dict[uuid.UUID, str] = {}
    envelopes = [
        new_envelope(NotificationRecorded(
            notification_id=n.notification_id, recipient_agency_id=n.agency_id, recipient_user_id=n.user_id,
            rule=n.rule, channel=INBOX, source_event_id=n.source_id, recorded_at=now,
        ), producer=SERVICE, actor=Actor(agency_id=n.agency_id), causation=n.cause,
            correlation_id=None if n.cause else reminder_correlation.setdefault(n.source_id, str(uuid.uuid4())))
        for n in notices if n.notification_id in created
    ]
    await add_to_outbox(conn, envelopes)


def _emails(notices: Sequence[Notice], people: dict[str, Any], clerks: Sequence[Any], *, now: datetime,
            settings: NotifySettings) -> list[dict[str, Any]]:
    clerks_by_agency: dict[str, list[Any]] = {}
    for clerk in clerks:
        clerks_by_agency.setdefault(clerk["agency_id"], []).append(clerk)
    rows = []
    for n in notices:
        recipients = clerks_by_agency.get(n.agency_id, []) if n.user_id is None else (
            [people[n.user_id]] if n.user_id in people else [])
        for person in recipients:
            if not person["email"] or not wants(_channels(person), kind=n.kind, channel=EMAIL):
                continue
            language = person["language"]
            title = n.message.title_th if language == "th" else n.message.title_en
            body = n.message.body_th if language == "th" else n.message.body_en
            held = person["digest"]
            rows.append({
                "delivery_id": uuid.uuid5(n.notification_id, f"{person['user_id']}|{EMAIL}"),
                "notification_id": n.notification_id, "channel": EMAIL, "agency_id": n.agency_id,
                "user_id": person["user_id"], "subscription_id": None, "address": person["email"], "kind": n.kind,
                "content": {"subject": title, "language": language,
                            "text": messages.email_text(title=title, body=body, link=n.message.link,
                                                        base_url=settings.public_base_url, language=language)},
                "status": "held" if held else "pending",
                "next_attempt_at": quiet_until(now, person["quiet_start"], person["quiet_end"]) or now,
            })
    return rows


def _webhooks(notices: Sequence[Notice], subscriptions: Sequence[Any], *, now: datetime) -> list[dict[str, Any]]:
    by_agency: dict[str, list[Any]] = {}
    for s in subscriptions:
        by_agency.setdefault(s["agency_id"], []).append(s)
    rows = []
    for n in notices:
        for s in by_agency.get(n.agency_id, []):
            if s["kinds"] and n.kind not in s["kinds"]:
                continue
            rows.append({
                "delivery_id": uuid.uuid5(n.notification_id, f"{s['subscription_id']}|{WEBHOOK}"),
                "notification_id": n.notification_id, "channel": WEBHOOK, "agency_id": n.agency_id,
                "user_id": n.user_id, "subscription_id": s["subscription_id"], "address": s["url"], "kind": n.kind,
                "content": webhook_body(n, now),
                "status": "pending", "next_attempt_at": now,
            })
    return rows


def webhook_body(n: Notice, now: datetime) -> dict[str, Any]:
    """What an agency system receives: ids, texts and facts, never a secret letter's subject."""
    return {
        "notification_id": str(n.notification_id), "kind": n.kind, "rule": n.rule, "agency_id": n.agency_id,
        "user_id": n.user_id, "title_th": n.message.title_th, "title_en": n.message.title_en, "link": n.message.link,
        "facts": n.message.facts, "source_id": str(n.source_id), "created_at": now.isoformat(),
    }
