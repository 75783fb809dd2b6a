"""Notify and the review chain on the real stack, events published to Kafka as the documents service would:
a step reaches the delegate acting for its holder once, however often its event comes; the drafter hears of a
return; the still-open reminder fires for a step left open, not for one completed first, and again for a step
returned to in the same round."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest

from opensaraban_shared.events.documents import ReviewStepAssigned, ReviewStepCompleted
from tests.integration.test_notify_channels import Agency, agency, inbox, notify_conn, publisher, secret  # noqa: F401
from tests.notify_peers import envelope, example, token_for
from tests.support import bangkok_now, eventually

pytestmark = pytest.mark.integration

REMINDER = "deadline_still_open_to_owner"


async def notices_of(services, who, secret, rule: str, letter_id: uuid.UUID) -> list[dict]:  # noqa: F811
    return [n for n in await inbox(services, token_for(who, secret))
            if n["rule"] == rule and str(letter_id) in (n["link"] or "")]


def remind_in(seconds: float) -> datetime:
    """An assignment whose one-hour waiting time runs out `seconds` from now (business clock)."""
    return bangkok_now() - timedelta(hours=1) + timedelta(seconds=seconds)


def step(a: Agency, **changes) -> ReviewStepAssigned:
    defaults = {"role": "review", "position": 1, "delegate_user_id": None, "remind_after_hours": 1}
    return example("documents.review_step_assigned", ReviewStepAssigned, agency_id=a.id,
                   holder_user_id=a.boss.user_id, drafter_user_id=a.clerk.user_id, **{**defaults, **changes})


def completion(assigned: ReviewStepAssigned, **changes) -> ReviewStepCompleted:
    fields = assigned.model_dump(include={"letter_id", "agency_id", "kind", "urgency", "secrecy", "subject",
                                          "drafter_user_id", "round", "version", "position", "role",
                                          "holder_user_id", "assigned_at"})
    return ReviewStepCompleted.model_validate({**fields, "actor_user_id": assigned.holder_user_id, **changes})


async def test_a_step_reaches_the_delegate_once_despite_redelivery_and_reminds_them_while_open(
        services, smtp, publisher, agency, secret, notify_conn):  # noqa: F811
    event = envelope(step(agency, role="sign", position=2, urgency=4, subject="ขออนุมัติโครงการ",
                          delegate_user_id=agency.officer.user_id, assigned_at=remind_in(4)))
    letter_id = event.payload.letter_id
    await publisher.publish(event, event)  # the same event twice, as after a producer retry
    [notice] = await eventually(lambda: notices_of(services, agency.officer, secret, "review_step_to_person",
                                                   letter_id), what="the delegate's notice")
    assert notice["title_th"] == "[ด่วนที่สุด] มีหนังสือรอลงนาม เรื่อง ขออนุมัติโครงการ"
    # After a crash: the event is processed again from scratch; the notice and the reminder are still one each.
    await notify_conn.execute("DELETE FROM processed_events WHERE event_id = $1", event.event_id)
    await publisher.publish(event)
    await eventually(lambda: notify_conn.fetchval("SELECT count(*) > 0 FROM processed_events WHERE event_id = $1",
                                                  event.event_id), what="the redelivery to be processed")

    [reminder] = await eventually(lambda: notices_of(services, agency.officer, secret, REMINDER, letter_id),
                                  timeout_s=30, what="the still-open reminder")
    assert reminder["title_th"].startswith("เตือน: มีหนังสือรอลงนาม เรื่อง ขออนุมัติโครงการ (ตั้งแต่ ")
    await asyncio.sleep(1.5)  # anything told twice would show up by now
    assert len(await notices_of(services, agency.officer, secret, "review_step_to_person", letter_id)) == 1
    assert len(await notices_of(services, agency.officer, secret, REMINDER, letter_id)) == 1
    assert await notices_of(services, agency.boss, secret, "review_step_to_person", letter_id) == []
    assert await notices_of(services, agency.boss, secret, "deadline_overdue_to_supervisor", letter_id) == []

    async def both_mails() -> list | None:  # the notice's and the reminder's
        mails = [m for m in smtp.messages(agency.officer.email) if "ขออนุมัติโครงการ" in m["Subject"]]
        return mails if len(mails) >= 2 else None

    mails = await eventually(both_mails, what="the delegate's two e-mails")
    await asyncio.sleep(1)
    assert len(smtp.messages(agency.officer.email)) == 2 and "[ด่วนที่สุด] มีหนังสือรอลงนาม" in mails[0]["Subject"]


async def test_a_completed_step_is_not_reminded_and_its_return_reaches_the_drafter(
        services, publisher, agency, secret, notify_conn):  # noqa: F811
    assigned = step(agency, subject="รายงานผลการดำเนินงาน", assigned_at=remind_in(3))
    returned = completion(assigned, action="returned", note="ขอแก้ตัวเลขในย่อหน้า ๒", returned_to_position=0,
                          acted_at=bangkok_now())
    await publisher.publish(envelope(assigned), envelope(returned))
    letter_id = assigned.letter_id

    [back] = await eventually(lambda: notices_of(services, agency.clerk, secret, "review_outcome_to_drafter",
                                                 letter_id), what="the drafter's notice")
    assert back["title_th"] == "[ด่วนที่สุด] หนังสือ เรื่อง รายงานผลการดำเนินงาน ถูกส่งกลับให้แก้ไข: ขอแก้ตัวเลขในย่อหน้า ๒"
    key = f"review:{letter_id}:1:1"
    assert await notify_conn.fetchval("SELECT status FROM reminders WHERE subject_key = $1", key) == "cancelled"
    await asyncio.sleep(6)  # past the reminder's moment and a few scheduler rounds
    assert await notices_of(services, agency.boss, secret, REMINDER, letter_id) == []


async def test_a_step_returned_to_in_the_same_round_is_reminded_again(
        services, publisher, agency, secret, notify_conn):  # noqa: F811
    first = step(agency, subject="ทบทวนแผน", assigned_at=remind_in(2))
    passed = completion(first, action="passed", acted_at=remind_in(2.5))
    # The signer sent it back to the reviewer: the same letter, round and position, assigned again.
    again = step(agency, subject="ทบทวนแผน", letter_id=first.letter_id, assigned_at=remind_in(3))
    await publisher.publish(envelope(first), envelope(passed), envelope(again))

    [reminder] = await eventually(lambda: notices_of(services, agency.boss, secret, REMINDER, first.letter_id),
                                  timeout_s=30, what="the reminder of the step returned to")
    assert "ทบทวนแผน" in reminder["title_th"]
    statuses = await notify_conn.fetch("SELECT status FROM reminders WHERE subject_key = $1 ORDER BY started_at",
                                       f"review:{first.letter_id}:1:1")
    assert [r["status"] for r in statuses] == ["cancelled", "fired"]
