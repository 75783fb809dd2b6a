"""Notify on the real stack: refusals reach the sender, assignments reach the person, each exactly once."""

from __future__ import annotations

import json

import httpx
import pytest

from opensaraban_shared.events import LETTERS, NOTIFICATIONS, Topic
from tests.support import eventually, from_now, records_so_far, send_letter, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"


async def notices(services, headers, letter_id: str, rule: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
        items = (await client.get("/notifications", headers=headers, params={"limit": 200})).json()["items"]
    return [n for n in items if letter_id in (n["link"] or "") and n["rule"] == rule]


async def received_and_routed(services, office: dict[str, str], route: dict) -> dict:
    """A letter from another agency, accepted by the office's clerk and routed inside the office."""
    sender = await sign_in(services["documents"], "clerk@cm-energy")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as docs:
        letter = await send_letter(docs, sender, to=[OFFICE])
        inbox = (await docs.get("/inbox", headers=office)).json()["items"]
        [delivery] = [i for i in inbox if i["letter_id"] == letter["letter_id"]]
        await docs.post(f"/deliveries/{delivery['delivery_id']}/accept", headers=office)
        routed = await docs.post(f"/deliveries/{delivery['delivery_id']}/route", headers=office, json=route)
        assert routed.status_code == 200, routed.text
    return letter


async def test_a_refusal_is_told_to_the_sending_agency(services):
    sender, land = await sign_in(services["documents"], f"clerk@{OFFICE}"), await sign_in(
        services["documents"], "clerk@cm-land")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as docs:
        letter = await send_letter(docs, sender, to=["cm-land"])
        inbox = (await docs.get("/inbox", headers=land)).json()["items"]
        [delivery] = [i for i in inbox if i["letter_id"] == letter["letter_id"]]
        refused = await docs.post(f"/deliveries/{delivery['delivery_id']}/reject", headers=land,
                                  json={"reason": "เอกสารแนบไม่ครบ"})
        assert refused.status_code == 200
    found = await eventually(lambda: notices(services, sender, letter["letter_id"], "letter_rejected_to_sender"),
                             what="the refusal notice")
    assert len(found) == 1 and "เอกสารแนบไม่ครบ" in found[0]["title_th"]


async def test_an_assignment_is_told_to_that_person_only(services):
    office = await sign_in(services["documents"], f"clerk@{OFFICE}")
    executive = await sign_in(services["documents"], f"executive@{OFFICE}")
    letter = await received_and_routed(services, office, {
        "action": "assign", "to_user_id": f"u-{OFFICE}-executive", "deadline": from_now(days=10)})
    found = await eventually(lambda: notices(services, executive, letter["letter_id"], "letter_routed_to_person"),
                             what="the assignment notice")
    assert len(found) == 1 and "มอบหมาย" in found[0]["title_th"]
    assert await notices(services, office, letter["letter_id"], "letter_routed_to_person") == []


async def test_a_letter_forwarded_to_a_unit_is_told_to_the_people_of_that_unit(services):
    office = await sign_in(services["documents"], f"clerk@{OFFICE}")
    officer = await sign_in(services["documents"], f"officer.strategy@{OFFICE}")
    letter = await received_and_routed(services, office, {"action": "forward", "to_unit_id": f"{OFFICE}.strategy"})
    found = await eventually(lambda: notices(services, officer, letter["letter_id"], "letter_routed_to_person"),
                             what="the forwarding notice")
    assert len(found) == 1 and "ส่งต่อ" in found[0]["title_th"]


async def test_agency_notices_are_for_its_clerks_not_everyone_in_it(services):
    sender = await sign_in(services["documents"], "clerk@cm-energy")
    office_clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    officer = await sign_in(services["documents"], f"officer.ict@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as docs:
        letter = await send_letter(docs, sender, to=[OFFICE])
    await eventually(lambda: notices(services, office_clerk, letter["letter_id"], "letter_delivered_to_clerks"),
                     what="the clerk's notice")
    assert await notices(services, officer, letter["letter_id"], "letter_delivered_to_clerks") == []


async def events_on(bootstrap: str, topic: Topic, event_type: str) -> list[dict]:
    """Every event of that type on the topic so far, as JSON envelopes."""
    envelopes = (json.loads(r.value) for r in await records_so_far(bootstrap, topic))
    return [e for e in envelopes if e["event_type"] == event_type]


async def test_a_notification_recorded_carries_the_correlation_and_cause_of_the_letter_delivered(stack, services):
    sender = await sign_in(services["documents"], "clerk@cm-energy")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as docs:
        letter = await send_letter(docs, sender, to=[OFFICE])

    async def delivered_and_recorded() -> tuple[dict, list[dict]] | None:
        delivered = [e for e in await events_on(stack["kafka_bootstrap"], LETTERS, "documents.letter_delivered")
                     if e["payload"]["letter_id"] == letter["letter_id"]]
        if not delivered:
            return None
        recorded = [e for e in await events_on(stack["kafka_bootstrap"], NOTIFICATIONS, "notify.notification_recorded")
                    if e["payload"]["source_event_id"] == delivered[0]["event_id"]]
        return (delivered[0], recorded) if recorded else None

    cause, recorded = await eventually(delivered_and_recorded, what="the NotificationRecorded of the delivery")
    assert {e["payload"]["rule"] for e in recorded} == {"letter_delivered_to_clerks"}
    assert {(e["correlation_id"], e["causation_id"]) for e in recorded} == {(cause["correlation_id"], cause["event_id"])}
