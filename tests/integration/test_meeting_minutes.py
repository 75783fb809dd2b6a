"""After the meeting, on the real stack: attendance, minutes in official form, follow-up actions reported back at
the next meeting, and approval of the minutes under the next meeting's section ๒."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg
import pytest

from opensaraban_shared.thai import bangkok_day
from tests import pdf_checks
from tests.integration.meeting_helpers import add_item, new_committee, new_meeting, open_agenda, squash
from tests.support import sign_in

pytestmark = pytest.mark.integration


async def test_a_meeting_from_attendance_to_approved_minutes_and_followed_up_actions(services, stack, meeting_api):
    sec = await sign_in(services["documents"], "secretariat@cm-provincial-office")
    land = await sign_in(services["documents"], "clerk@cm-land")
    committee = await new_committee(meeting_api, sec, template="6_sections")
    cid = committee["committee_id"]
    chair, secretary, assistant, land_member, energy_member = committee["members"]
    first = await new_meeting(meeting_api, sec, cid, days=10)
    mid = first["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    item = await add_item(meeting_api, sec, mid, section=5, title="โครงการระบบสารบรรณอิเล็กทรอนิกส์จังหวัด",
                          presenting_agency_id="cm-land")
    assert item["presenting_agency_name"] == "สำนักงานที่ดินจังหวัดเชียงใหม่"
    await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)

    stranger = await meeting_api.put(f"/meetings/{mid}/attendance", headers=sec, json={"entries": [
        {"member_id": "00000000-0000-4000-8000-000000000000", "status": "present"}]})
    assert stranger.status_code == 422 and stranger.json()["error"]["code"] == "not_a_member"
    attendance = await meeting_api.put(f"/meetings/{mid}/attendance", headers=sec, json={"entries": [
        {"member_id": chair["member_id"], "status": "present"},
        {"member_id": secretary["member_id"], "status": "present"},
        {"member_id": assistant["member_id"], "status": "substitute", "substitute_name": "นายสมศักดิ์ แทนดี"},
        {"member_id": land_member["member_id"], "status": "present"},
        {"member_id": energy_member["member_id"], "status": "absent", "reason": "ติดราชการ"},
        {"status": "guest", "name": "นายเอกชัย ที่ปรึกษา", "position": "ผู้แทนสำนักงานพัฒนารัฐบาลดิจิทัล"},
    ]})
    assert attendance.status_code == 200, attendance.text
    # Held when it was scheduled (09.30 Bangkok) until 12.00; its follow-up is due a month after that day, so
    # both dates come from the meeting, never from a second reading of the clock.
    started = datetime.fromisoformat(first["starts_at"])
    due_date = (bangkok_day(started) + timedelta(days=30)).isoformat()
    held = await meeting_api.post(f"/meetings/{mid}/held", headers=sec, json={
        "started_at": started.isoformat(), "ended_at": (started + timedelta(hours=2, minutes=30)).isoformat()})
    assert held.json()["state"] == "held"

    minutes = await meeting_api.put(f"/meetings/{mid}/minutes", headers=sec, json={
        "minute_taker": "นางสาวจดดี บันทึก", "reviewer": "นางสาววิไล ศรีสุข",
        "entries": [{"item_id": item["item_id"], "discussion": "ที่ประชุมอภิปรายเรื่องงบประมาณและกำหนดเวลา",
                     "resolution": "เห็นชอบ และมอบหมายสำนักงานที่ดินจังหวัดจัดทำแผนภายใน ๓๐ วัน"}]})
    assert minutes.status_code == 200, minutes.text
    assert minutes.json()["meeting"]["state"] == "minutes_drafted"
    action = await meeting_api.post(f"/meetings/{mid}/follow-ups", headers=sec, json={
        "item_id": item["item_id"], "description": "จัดทำแผนการใช้ระบบสารบรรณอิเล็กทรอนิกส์",
        "owner_agency_id": "cm-land", "due_date": due_date})
    assert action.status_code == 201, action.text
    wrong_owner = await meeting_api.post(f"/meetings/{mid}/follow-ups", headers=sec, json={
        "item_id": item["item_id"], "description": "x", "owner_agency_id": "cm-revenue", "due_date": due_date})
    assert wrong_owner.json()["error"]["code"] == "not_a_member"

    pdf = await meeting_api.get(f"/meetings/{mid}/minutes.pdf", headers=land)
    assert pdf.status_code == 200
    text = squash("".join(pdf_checks.page_texts(pdf.content, raw=True)))
    expected = ["รายงานการประชุม", first["meeting_number"], "ผู้มาประชุม", "นายสมศักดิ์แทนดีแทนนายประเสริฐมั่นคง",
                "ผู้ไม่มาประชุม", "ติดราชการ", "ผู้เข้าร่วมประชุม", "เริ่มประชุมเวลา๐๙.๓๐น.", "ระเบียบวาระที่๕",
                "๕.๑", "มติที่ประชุม", "เห็นชอบ", "เลิกประชุมเวลา๑๒.๐๐น.", "ผู้จดรายงานการประชุม"]
    positions = [text.find(squash(e)) for e in expected]
    assert -1 not in positions, [e for e, p in zip(expected, positions, strict=True) if p < 0]
    assert positions == sorted(positions)

    # The next meeting: section ๒ approves these minutes; the pending action comes back as a matter arising.
    second = await new_meeting(meeting_api, sec, cid, days=40)
    await open_agenda(meeting_api, sec, second["meeting_id"])
    agenda = (await meeting_api.get(f"/meetings/{second['meeting_id']}/agenda", headers=land)).json()
    [approval] = agenda["sections"][1]["items"]
    assert approval["number_th"] == "๒.๑" and f"ครั้งที่ {first['meeting_number']}" in approval["title"]
    assert approval["origin"] == "previous_minutes"
    [arising] = agenda["sections"][2]["items"]
    assert agenda["sections"][2]["kind"] == "matters_arising" and arising["origin"] == "follow_up"
    assert "จัดทำแผนการใช้ระบบสารบรรณอิเล็กทรอนิกส์" in arising["summary"]
    assert arising["presenting_agency_id"] == "cm-land"

    done = await meeting_api.post(f"/follow-ups/{action.json()['action_id']}/complete", headers=land,
                                  json={"report": "จัดทำแผนแล้วเสร็จ"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    pending = await meeting_api.get(f"/committees/{cid}/follow-ups", headers=sec, params={"status": "pending"})
    assert pending.json() == []

    approved = await meeting_api.post(f"/meetings/{mid}/minutes/approve", headers=sec,
                                      json={"at_meeting_id": second["meeting_id"]})
    assert approved.status_code == 200 and approved.json()["locked"] is True
    locked = await meeting_api.put(f"/meetings/{mid}/minutes", headers=sec, json={
        "minute_taker": "x", "reviewer": "y", "entries": []})
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "minutes_locked"

    # Every step told the other services, through the outbox, in order.
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        kinds = [r["kind"] for r in await conn.fetch(
            """SELECT convert_from(payload, 'UTF8')::jsonb->>'event_type' AS kind FROM meeting.outbox
               WHERE convert_from(payload, 'UTF8')::jsonb->'payload'->>'meeting_id' = $1 ORDER BY seq""", mid)]
    finally:
        await conn.close()
    assert kinds == ["meeting.meeting_scheduled", "meeting.agenda_opened", "meeting.agenda_item_submitted",
                     "meeting.agenda_published", "meeting.invitation_letter_requested", "meeting.meeting_held",
                     "meeting.follow_up_action_created", "meeting.follow_up_action_completed",
                     "meeting.minutes_approved"]
