"""Events read back from Kafka say who acted, which service produced them, and which request or event they belong to:
a person, an agency system through its API key, and the meeting service acting in a secretariat's name."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from opensaraban_shared.events import (
    AUDIT_ANCHORS,
    LETTERS,
    Actor,
    AuditRecordAnchored,
    Envelope,
    InvitationLetterRequested,
    LetterDelivered,
    LetterSent,
    decode_envelope,
    new_envelope,
)
from tests.metrics_history import produce
from tests.support import send_letter, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
MEMBERS = ["cm-energy", "cm-land"]


class Topics:
    """Follows topics from their current end: what a test then reads is what happened during it."""

    def __init__(self, bootstrap: str, *names: str) -> None:
        self.consumer = AIOKafkaConsumer(*names, bootstrap_servers=bootstrap, enable_auto_commit=False,
                                         group_id=None, auto_offset_reset="latest")

    async def __aenter__(self) -> Topics:
        await self.consumer.start()
        while not self.consumer.assignment():
            await asyncio.sleep(0.1)
        await self.consumer.seek_to_end()
        for partition in self.consumer.assignment():  # resolve the lazy seek before anything is produced
            await self.consumer.position(partition)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.consumer.stop()

    async def read(self, wanted: Callable[[Envelope[Any]], bool], *, count: int,
                   timeout_s: float = 30) -> list[Envelope[Any]]:
        found: list[Envelope[Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout_s
        while len(found) < count and asyncio.get_running_loop().time() < deadline:
            for records in (await self.consumer.getmany(timeout_ms=300)).values():
                found += [e for e in map(lambda r: decode_envelope(r.value), records) if wanted(e)]
        assert len(found) >= count, f"only {len(found)} of {count} events arrived"
        return found


def about(letter_id: str) -> Callable[[Envelope[Any]], bool]:
    return lambda e: isinstance(e.payload, LetterSent | LetterDelivered) and str(e.payload.letter_id) == letter_id


def check_one_story(events: list[Envelope[Any]], *, actor: Actor, correlation_id: str | None = None,
                    caused_by: str | None = None) -> None:
    """LetterSent, then one LetterDelivered per recipient caused by it; all from documents, by `actor`, under one
    correlation id."""
    [sent] = [e for e in events if isinstance(e.payload, LetterSent)]
    delivered = [e for e in events if isinstance(e.payload, LetterDelivered)]
    assert {e.payload.recipient_agency_id for e in delivered} == set(sent.payload.recipient_agency_ids)
    assert {e.producer for e in events} == {"documents"}
    assert {e.actor for e in events} == {actor}
    assert {e.correlation_id for e in events} == {correlation_id or sent.correlation_id}
    assert sent.causation_id == caused_by
    assert {e.causation_id for e in delivered} == {str(sent.event_id)}
    assert {e.payload.sender_province_code for e in events} == {"50"}


async def test_a_persons_letter_carries_the_person_and_the_requests_correlation_id(services, stack):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    correlation_id = f"provenance-{uuid.uuid4()}"
    async with Topics(stack["kafka_bootstrap"], LETTERS.name, AUDIT_ANCHORS.name) as topics:
        async with httpx.AsyncClient(base_url=services["documents"], timeout=30,
                                     headers={"X-Correlation-ID": correlation_id}) as client:
            letter = await send_letter(client, clerk, to=MEMBERS)
        # The letter's events, and the audit record of its sending anchored in Kafka, all under the request's id.
        events = await topics.read(lambda e: e.correlation_id == correlation_id, count=4)

    person = Actor(agency_id=OFFICE, user_id=f"u-{OFFICE}-clerk")
    check_one_story([e for e in events if about(letter["letter_id"])(e)], actor=person, correlation_id=correlation_id)
    anchors = [e for e in events if isinstance(e.payload, AuditRecordAnchored)]
    assert len(anchors) == 1 and anchors[0].actor == person and anchors[0].producer == "documents"


async def test_an_agency_systems_letter_carries_its_api_key_not_a_person(services, stack):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        key = (await client.post("/auth/api-keys", headers=admin, json={"name": "ระบบสารบรรณทดสอบ"})).json()
        token = (await client.post("/auth/token", json={"api_key": key["api_key"]})).json()["access_token"]
        system = {"Authorization": f"Bearer {token}"}
        subject = (await client.get("/auth/me", headers=system)).json()["subject_id"]
        async with Topics(stack["kafka_bootstrap"], LETTERS.name) as topics:
            letter = await send_letter(client, system, to=MEMBERS)
            events = await topics.read(about(letter["letter_id"]), count=3)

    check_one_story(events, actor=Actor(agency_id=OFFICE, system_id=subject))


async def test_an_invitation_letter_is_the_meeting_services_own_act_caused_by_its_request(services, stack):
    request = new_envelope(InvitationLetterRequested(
        meeting_id=uuid.uuid4(), committee_id="c-provenance", committee_name="คณะกรรมการทดสอบที่มาของเหตุการณ์",
        secretariat_agency_id=OFFICE, province_code="50", meeting_number="๑/๒๕๖๙",
        starts_at=datetime(2027, 3, 1, 2, 30, tzinfo=UTC), request_id=uuid.uuid4(), version=1,
        requested_by_user_id=f"u-{OFFICE}-secretariat", recipient_agency_ids=MEMBERS, subject="ขอเชิญประชุม",
        body="ขอเชิญประชุม", pack_object_key=f"packs/{uuid.uuid4()}.pdf", pack_sha256="0" * 64, pack_size=1,
        pack_filename="ระเบียบวาระการประชุม-1-2569-v1.pdf", requested_at=datetime.now(UTC)),
        producer="meeting", actor=Actor(agency_id=OFFICE, user_id=f"u-{OFFICE}-secretariat"))
    async with Topics(stack["kafka_bootstrap"], LETTERS.name) as topics:
        await produce(stack["kafka_bootstrap"], [request])
        events = await topics.read(lambda e: isinstance(e.payload, LetterSent | LetterDelivered)
                                   and e.correlation_id == request.correlation_id, count=3)

    check_one_story(events, actor=Actor(agency_id=OFFICE, service="meeting"),
                    correlation_id=request.correlation_id, caused_by=str(request.event_id))
