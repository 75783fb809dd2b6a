"""NotificationRecorded events name what caused them (pure: the outbox is replaced by a list)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import opensaraban_shared.events as events
from notify_service import service
from notify_service.handlers import plan_for
from notify_service.messages import Message
from notify_service.service import Notice
from opensaraban_shared.events import Actor, LetterDelivered, new_envelope

EXAMPLES = Path(events.__file__).parent / "examples"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def delivered():
    payload = json.loads((EXAMPLES / "documents.letter_delivered.v1.json").read_text())["payload"]
    return new_envelope(LetterDelivered.model_validate(payload), producer="documents", actor=Actor(agency_id="cm"),
                        correlation_id="request-7f3a")


def reminder_notice(reminder_id: uuid.UUID, user_id: str) -> Notice:
    message = Message(title_th="เลยกำหนดแล้ว", title_en="Overdue", link="/inbox")
    return Notice(reminder_id, "deadline_overdue_to_owner", "deadline", "cm-land", user_id, message)


async def announced(monkeypatch, notices: list[Notice]) -> list:
    outbox: list = []

    async def add_to_outbox(conn, envelopes):
        outbox.extend(envelopes)

    monkeypatch.setattr(service, "add_to_outbox", add_to_outbox)
    await service._announce_recorded(None, {n.notification_id for n in notices}, notices, NOW)
    return outbox


async def test_a_notice_from_an_event_carries_its_correlation_id_and_names_it_as_the_cause(monkeypatch):
    cause = delivered()

    [recorded] = await announced(monkeypatch, plan_for([cause]).notices)

    assert recorded.correlation_id == "request-7f3a"
    assert recorded.causation_id == str(cause.event_id)
    assert recorded.payload.source_event_id == cause.event_id


async def test_a_fired_reminders_notices_share_a_fresh_correlation_id_of_their_own(monkeypatch):
    first, second = uuid.uuid4(), uuid.uuid4()

    owner, supervisor, other = await announced(monkeypatch, [
        reminder_notice(first, "u-owner"), reminder_notice(first, "u-supervisor"), reminder_notice(second, "u-x")])

    assert owner.correlation_id == supervisor.correlation_id != other.correlation_id
    assert owner.causation_id is None and other.causation_id is None
