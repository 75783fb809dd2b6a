"""Notify's rules on the real stack: meetings, deadlines (approaching, then overdue to owner and supervisor),
cancellation by the events that finish them, people learned from the documents directory."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from opensaraban_shared import clock
from opensaraban_shared.events import (
    AgendaItemReviewed,
    AgendaItemSubmitted,
    AgendaOpened,
    AgendaPublished,
    FollowUpActionCompleted,
    FollowUpActionCreated,
    LetterDelivered,
    LetterRouted,
)
from tests.integration.test_notify_channels import Agency, agency, inbox, notify_conn, publisher, secret  # noqa: F401
from tests.notify_peers import envelope, example, token_for
from tests.support import eventually, from_now, send_letter, sign_in

pytestmark = pytest.mark.integration


async def notices_of(services, who, secret, rule: str) -> list[dict]:  # noqa: F811
    return [n for n in await inbox(services, token_for(who, secret)) if n["rule"] == rule]


def meeting(event_cls, name: str, **changes):
    return example(f"meeting.{name}", event_cls, **changes)


async def test_a_published_agenda_reaches_every_member_person_and_member_agencys_clerks(
        services, publisher, notify_conn, secret):  # noqa: F811
    a, b = await Agency().register(publisher, notify_conn), await Agency().register(publisher, notify_conn)
    event = meeting(AgendaPublished, "agenda_published", member_agency_ids=[a.id], member_user_ids=[b.officer.user_id])
    await publisher.publish(envelope(event))
    rule = "agenda_published_to_members"
    [for_clerk] = await eventually(lambda: notices_of(services, a.clerk, secret, rule), what="the clerk's notice")
    [for_member] = await eventually(lambda: notices_of(services, b.officer, secret, rule), what="the member's notice")
    assert "ระเบียบวาระ" in for_clerk["title_th"] and for_member["link"].endswith("/agenda")
    assert await notices_of(services, a.officer, secret, rule) == []


async def test_a_returned_agenda_item_reaches_its_submitter_and_an_accepted_one_nobody(
        services, publisher, notify_conn, secret):  # noqa: F811
    a = await Agency().register(publisher, notify_conn)
    returned = meeting(AgendaItemReviewed, "agenda_item_reviewed", decision="returned", comment="ขอข้อมูลเพิ่ม",
                       submitted_by_agency_id=a.id, submitted_by_user_id=a.officer.user_id)
    unnamed = meeting(AgendaItemReviewed, "agenda_item_reviewed", decision="returned", comment="แก้ชื่อเรื่อง",
                      submitted_by_agency_id=a.id, submitted_by_user_id=None)
    accepted = meeting(AgendaItemReviewed, "agenda_item_reviewed", decision="accepted",
                       submitted_by_agency_id=a.id, submitted_by_user_id=a.officer.user_id)
    await publisher.publish(envelope(accepted), envelope(returned), envelope(unnamed))
    rule = "agenda_item_returned_to_submitter"
    [to_officer] = await eventually(lambda: notices_of(services, a.officer, secret, rule), what="the submitter's notice")
    [to_clerks] = await eventually(lambda: notices_of(services, a.clerk, secret, rule), what="the agency's notice")
    assert "ส่งกลับให้แก้ไข" in to_officer["title_th"] and "ขอข้อมูลเพิ่ม" in to_officer["body"]
    assert "แก้ชื่อเรื่อง" in to_clerks["body"]


async def test_an_assignment_deadline_reminds_the_person_then_tells_person_and_supervisor_when_overdue(
        services, smtp, publisher, notify_conn, secret):  # noqa: F811
    a = await Agency().register(publisher, notify_conn)
    # Due in 4 s on the business clock notify reminds by: approaching at once, overdue within the test.
    routed = example("documents.letter_routed", LetterRouted, agency_id=a.id, to_user_id=a.officer.user_id,
                     reaches_user_ids=[a.officer.user_id], deadline=from_now(seconds=4))
    await publisher.publish(envelope(routed))
    await eventually(lambda: notices_of(services, a.officer, secret, "deadline_approaching_to_owner"),
                     what="the approaching reminder")
    assert await notices_of(services, a.boss, secret, "deadline_overdue_to_supervisor") == []
    [overdue] = await eventually(lambda: notices_of(services, a.officer, secret, "deadline_overdue_to_owner"),
                                 timeout_s=30, what="the overdue reminder")
    [boss] = await eventually(lambda: notices_of(services, a.boss, secret, "deadline_overdue_to_supervisor"),
                              what="the supervisor's notice")
    assert "เลยกำหนด" in overdue["title_th"] and "officer" in boss["title_th"]
    mails = await eventually(lambda: asyncio.sleep(0, smtp.messages(a.boss.email)), what="the supervisor's e-mail")
    assert "เลยกำหนด" in mails[0]["Subject"]


async def test_a_letter_deadline_reminds_the_clerks_and_their_supervisor_when_overdue(
        services, publisher, notify_conn, secret):  # noqa: F811
    a = await Agency().register(publisher, notify_conn)
    event = example("documents.letter_delivered", LetterDelivered, recipient_agency_id=a.id, urgency=4,
                    deadline=from_now(minutes=-1))
    await publisher.publish(envelope(event))
    await eventually(lambda: notices_of(services, a.clerk, secret, "deadline_overdue_to_owner"), what="overdue")
    await eventually(lambda: notices_of(services, a.boss, secret, "deadline_overdue_to_supervisor"),
                     what="the clerks' supervisor")


async def test_finished_work_cancels_its_reminders_even_when_the_finishing_event_comes_first(
        services, publisher, notify_conn, secret):  # noqa: F811
    a = await Agency().register(publisher, notify_conn)
    action_id = uuid.uuid4()
    created = meeting(FollowUpActionCreated, "follow_up_action_created", action_id=str(action_id),
                      owner_agency_id=a.id, owner_user_id=a.officer.user_id,
                      due_date=(clock.today() - timedelta(days=1)).isoformat())  # the Bangkok day, not the host's
    completed = meeting(FollowUpActionCompleted, "follow_up_action_completed", action_id=str(action_id),
                        owner_agency_id=a.id)
    await publisher.publish(envelope(completed), envelope(created))
    await eventually(lambda: notices_of(services, a.officer, secret, "follow_up_action_to_owner"),
                     what="the follow-up notice")
    await eventually(lambda: notify_conn.fetchval("SELECT bool_and(status = 'cancelled') FROM reminders WHERE subject_key = $1",
                                         f"action:{action_id}"), what="cancelled reminders")
    await asyncio.sleep(1)
    assert await notices_of(services, a.officer, secret, "deadline_overdue_to_owner") == []

    # An agenda's submission reminder ends for the agency that submitted.
    b = await Agency().register(publisher, notify_conn)
    opened = meeting(AgendaOpened, "agenda_opened", member_agency_ids=[a.id, b.id], member_user_ids=[],
                     submission_deadline=from_now(hours=12))
    submitted = meeting(AgendaItemSubmitted, "agenda_item_submitted", meeting_id=str(opened.meeting_id),
                        submitted_by_agency_id=a.id, submitted_by_user_id=None)
    await publisher.publish(envelope(submitted), envelope(opened))
    [reminder] = await eventually(lambda: notices_of(services, b.clerk, secret, "deadline_approaching_to_owner"),
                                  what="the submission reminder")
    assert "เสนอ" in reminder["title_th"]
    await asyncio.sleep(1)
    assert await notices_of(services, a.clerk, secret, "deadline_approaching_to_owner") == []


async def test_people_created_in_the_documents_directory_get_their_mail(services, smtp):
    docs = services["documents"]
    admin = await sign_in(docs, "admin@cm-provincial-office")
    email = f"somsri.{uuid.uuid4().hex[:6]}@cm-provincial-office.example.go.th"
    username = email.split("@")[0] + "@cm-provincial-office"
    async with httpx.AsyncClient(base_url=docs, timeout=30) as client:
        created = await client.post("/users", headers=admin, json={
            "username": username, "display_name": "สมศรี ทดสอบ", "roles": ["action_officer"],
            "password": "a-long-password-2569", "email": email, "supervisor_user_id": "u-cm-provincial-office-executive"})
        assert created.status_code == 201, created.text
        user_id = created.json()["user_id"]
        assert created.json()["email"] == email
        sender, office = await sign_in(docs, "clerk@cm-energy"), await sign_in(docs, "clerk@cm-provincial-office")
        letter = await send_letter(client, sender, to=["cm-provincial-office"])
        inbox_items = (await client.get("/inbox", headers=office)).json()["items"]
        [delivery] = [i for i in inbox_items if i["letter_id"] == letter["letter_id"]]
        await client.post(f"/deliveries/{delivery['delivery_id']}/accept", headers=office)

        # Due in ten days: no reminder falls due while the test waits, so the one e-mail is the assignment.
        async def routed() -> bool:
            response = await client.post(f"/deliveries/{delivery['delivery_id']}/route", headers=office,
                                         json={"action": "assign", "to_user_id": user_id,
                                               "deadline": from_now(days=10)})
            assert response.status_code == 200, response.text
            return True

        await routed()
    [mail] = await eventually(lambda: asyncio.sleep(0, smtp.messages(email)), what="the new person's e-mail")
    assert "มอบหมาย" in mail["Subject"]
