"""The unit of work builds every event one way: producer, actor by kind of principal, correlation and causation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from opensaraban_shared import unit_of_work
from opensaraban_shared.auth import Principal, Role, service_principal
from opensaraban_shared.events import Actor, LetterClosed, new_envelope
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency


def principal(kind: str) -> Principal:
    if kind == "service":
        return service_principal("meeting", agency_id="cm-land", display_name="x", roles=frozenset({Role.CLERK}))
    return Principal(subject_id="u-1", kind=kind, agency_id="cm-land", roles=frozenset({Role.CLERK}),
                     display_name="x", clearance=0)


def closed() -> LetterClosed:
    return LetterClosed(letter_id=uuid.uuid4(), letter_number="ชม 0017/1", sender_agency_id="cm-office",
                        kind=LetterKind.EXTERNAL, urgency=Urgency.NORMAL, secrecy=Secrecy.NORMAL,
                        channel=Channel.ELECTRONIC, subject="s", delivery_id=uuid.uuid4(), agency_id="cm-land",
                        closed_at=datetime(2026, 12, 5, tzinfo=UTC))


@pytest.fixture
def outbox(monkeypatch) -> list:
    written: list = []

    async def add_to_outbox(conn, envelopes):
        written.extend(envelopes)

    monkeypatch.setattr(unit_of_work, "add_to_outbox", add_to_outbox)
    return written


@pytest.mark.parametrize(("kind", "actor"), [
    ("user", Actor(agency_id="cm-land", user_id="u-1")),
    ("system", Actor(agency_id="cm-land", system_id="u-1")),  # an agency's system through its API key
    ("service", Actor(agency_id="cm-land", service="meeting")),  # one of our services acting by itself
])
async def test_the_actor_is_the_person_the_agency_system_or_the_service(outbox, kind, actor):
    async with unit_of_work.within(None, principal=principal(kind), producer="documents",
                                   correlation_id="req-1") as work:
        work.emit(closed())
    [envelope] = outbox
    assert envelope.actor == actor and envelope.producer == "documents" and envelope.correlation_id == "req-1"
    assert envelope.causation_id is None


async def test_work_for_an_event_carries_its_correlation_and_is_caused_by_it(outbox):
    cause = new_envelope(closed(), producer="meeting", actor=Actor(agency_id="cm-office"), correlation_id="c-9")
    async with unit_of_work.within(None, principal=principal("service"), producer="documents", cause=cause) as work:
        first = work.emit(closed())
        work.emit(closed(), caused_by=first)
    assert [e.correlation_id for e in outbox] == ["c-9", "c-9"]
    assert [e.causation_id for e in outbox] == [str(cause.event_id), str(first.event_id)]


async def test_work_without_a_correlation_id_starts_one_for_all_its_events(outbox):
    async with unit_of_work.within(None, principal=principal("user"), producer="documents") as work:
        work.emit(closed())
        work.emit(closed())
    assert outbox[0].correlation_id == outbox[1].correlation_id and uuid.UUID(outbox[0].correlation_id)


async def test_work_that_fails_writes_no_event(outbox):
    with pytest.raises(RuntimeError):
        async with unit_of_work.within(None, principal=principal("user"), producer="documents") as work:
            work.emit(closed())
            raise RuntimeError("refused after the event was recorded")
    assert outbox == []


def test_an_actor_is_one_kind_of_actor():
    with pytest.raises(ValueError, match="not several"):
        Actor(agency_id="cm-land", user_id="u-1", service="documents")
