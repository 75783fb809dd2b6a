"""Changing a committee and its meetings on the real stack: a member leaves, an unused committee is deleted, a
meeting is cancelled and its members told; and the answers an agency gets when it submits: a deadline already past,
an agency not on the committee, a sub-item under an item already on the agenda."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.integration.meeting_helpers import add_item, at, new_committee, new_meeting, numbering, open_agenda
from tests.support import eventually

pytestmark = pytest.mark.integration


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


async def test_a_member_who_leaves_is_no_longer_listed_and_their_agency_no_longer_sees_the_meetings(
        meeting_api, people):
    sec, land = people["secretariat"], people["land"]
    committee = await new_committee(meeting_api, sec)
    cid = committee["committee_id"]
    meeting = await new_meeting(meeting_api, sec, cid)
    leaving = next(m for m in committee["members"] if m["agency_id"] == "cm-land")
    assert (await meeting_api.get(f"/meetings/{meeting['meeting_id']}", headers=land)).status_code == 200

    by_member = await meeting_api.delete(f"/committees/{cid}/members/{leaving['member_id']}", headers=land)
    assert by_member.status_code == 403  # a member agency does not run the committee
    removed = await meeting_api.delete(f"/committees/{cid}/members/{leaving['member_id']}", headers=sec)
    assert removed.status_code == 204, removed.text

    members = (await meeting_api.get(f"/committees/{cid}/members", headers=sec)).json()
    assert leaving["member_id"] not in {m["member_id"] for m in members}
    assert len(members) == len(committee["members"]) - 1
    assert error_of(await meeting_api.get(f"/meetings/{meeting['meeting_id']}", headers=land)) == \
        (403, "not_on_committee")
    again = await meeting_api.delete(f"/committees/{cid}/members/{leaving['member_id']}", headers=sec)
    assert error_of(again) == (404, "member_not_found")
    unknown = await meeting_api.delete(f"/committees/{cid}/members/{uuid.uuid4()}", headers=sec)
    assert error_of(unknown) == (404, "member_not_found")


async def test_only_a_committee_that_never_met_can_be_deleted(meeting_api, people):
    sec = people["secretariat"]
    unused, used = await new_committee(meeting_api, sec), await new_committee(meeting_api, sec)
    await new_meeting(meeting_api, sec, used["committee_id"])

    refused = await meeting_api.delete(f"/committees/{used['committee_id']}", headers=sec)
    assert error_of(refused) == (409, "committee_in_use")
    assert "มีการประชุมแล้ว" in refused.json()["error"]["message_th"]
    assert "has meetings" in refused.json()["error"]["message_en"]
    assert (await meeting_api.get(f"/committees/{used['committee_id']}", headers=sec)).status_code == 200

    by_member = await meeting_api.delete(f"/committees/{unused['committee_id']}", headers=people["statistics"])
    assert by_member.status_code == 403
    deleted = await meeting_api.delete(f"/committees/{unused['committee_id']}", headers=sec)
    assert deleted.status_code == 204, deleted.text
    assert error_of(await meeting_api.get(f"/committees/{unused['committee_id']}", headers=sec)) == \
        (404, "not_found")
    listed = (await meeting_api.get("/committees", headers=sec)).json()
    assert unused["committee_id"] not in {c["committee_id"] for c in listed}


async def test_a_cancelled_meeting_is_told_to_its_member_agencies_and_takes_no_more_items(
        services, meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    committee = await new_committee(meeting_api, sec)
    meeting = await new_meeting(meeting_api, sec, committee["committee_id"])
    mid = meeting["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    reason = f"ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน {uuid.uuid4().hex[:6]}"

    by_member = await meeting_api.post(f"/meetings/{mid}/cancel", headers=stats, json={"reason": reason})
    assert by_member.status_code == 403
    cancelled = await meeting_api.post(f"/meetings/{mid}/cancel", headers=sec, json={"reason": reason})
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["state"], cancelled.json()["cancel_reason"]) == ("cancelled", reason)
    assert cancelled.json()["cancelled_at"]
    assert error_of(await meeting_api.post(f"/meetings/{mid}/cancel", headers=sec, json={})) == \
        (409, "meeting_wrong_state")
    late = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                  json={"section": 4, "title": "เสนอหลังยกเลิก"})
    assert late.status_code == 409

    async def told() -> dict | None:
        async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
            items = (await client.get("/notifications", headers=stats, params={"limit": 200})).json()["items"]
        return next((n for n in items if n["kind"] == "meeting_cancelled" and n["link"] == f"/meetings/{mid}"), None)

    notice = await eventually(told, what="the statistics office's notice of the cancelled meeting")
    assert notice["title_th"].startswith(f"ยกเลิกการประชุม {committee['name_th']}")
    assert reason in notice["body"]


async def test_a_meeting_that_took_place_cannot_be_cancelled(meeting_api, people):
    sec = people["secretariat"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    assert (await meeting_api.post(f"/meetings/{mid}/agenda/lock", headers=sec)).status_code == 200
    held = await meeting_api.post(f"/meetings/{mid}/held", headers=sec, json={"started_at": at(30)})
    assert held.status_code == 200, held.text
    assert error_of(await meeting_api.post(f"/meetings/{mid}/cancel", headers=sec, json={})) == \
        (409, "meeting_wrong_state")


async def test_a_submission_deadline_already_past_is_refused_naming_the_field(meeting_api, people):
    sec = people["secretariat"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]

    past = await meeting_api.post(f"/meetings/{mid}/agenda/open", headers=sec,
                                  json={"submission_deadline": at(-1, 16, 30)})
    assert error_of(past) == (422, "submission_deadline_passed")
    error = past.json()["error"]
    assert error["detail"]["field"] == "submission_deadline"
    assert "submission_deadline" in error["message_th"] and "submission_deadline" in error["message_en"]
    assert (await meeting_api.get(f"/meetings/{mid}", headers=sec)).json()["state"] == "planned"  # nothing written
    await open_agenda(meeting_api, sec, mid)


async def test_an_agency_not_on_the_committee_is_told_so_in_thai_and_english(meeting_api, people):
    sec, revenue = people["secretariat"], people["revenue"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)

    for response in (await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=revenue,
                                            json={"section": 4, "title": "ไม่ใช่กรรมการ"}),
                     await meeting_api.get(f"/meetings/{mid}", headers=revenue)):
        assert error_of(response) == (403, "not_on_committee")
        error = response.json()["error"]
        assert error["message_th"] == "หน่วยงานของท่านไม่ได้เป็นกรรมการของคณะนี้"
        assert error["message_en"] == "Your agency is not a member of this committee"
    # A meeting that does not exist gets the same answer: it tells no agency which meetings exist.
    assert (await meeting_api.get(f"/meetings/{uuid.uuid4()}", headers=revenue)).json() == response.json()


async def test_a_member_agency_submits_a_sub_item_that_waits_for_review_under_its_main_item(meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    main = await add_item(meeting_api, sec, mid, section=4, title="แผนพัฒนาข้อมูลจังหวัด")
    waiting = await add_item(meeting_api, stats, mid, section=4, title="เรื่องที่ยังรอพิจารณา")

    sub = await add_item(meeting_api, stats, mid, section=4, title="ผลการสำรวจข้อมูลสถิติ",
                         parent_id=main["item_id"])
    assert (sub["status"], sub["parent_id"]) == ("submitted", main["item_id"])
    not_accepted = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats, json={
        "section": 4, "title": "ใต้เรื่องที่ยังไม่บรรจุ", "parent_id": waiting["item_id"]})
    assert error_of(not_accepted) == (422, "agenda_bad_parent")
    assert not_accepted.json()["error"]["detail"]["field"] == "parent_id"
    other_section = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats, json={
        "section": 3, "title": "ต่างวาระกัน", "parent_id": main["item_id"]})
    assert error_of(other_section) == (422, "agenda_bad_parent")
    placed = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats, json={
        "section": 4, "title": "ขอเป็นเรื่องแรก", "position": 1})
    assert error_of(placed) == (422, "agenda_position_secretariat_only")

    accepted = await meeting_api.post(f"/meetings/{mid}/agenda/items/{sub['item_id']}/review", headers=sec,
                                      json={"decision": "accepted"})
    assert accepted.status_code == 200, accepted.text
    agenda = (await meeting_api.get(f"/meetings/{mid}/agenda", headers=sec)).json()
    assert ("4.1", "แผนพัฒนาข้อมูลจังหวัด") in numbering(agenda)
    assert ("4.1.1", "ผลการสำรวจข้อมูลสถิติ") in numbering(agenda)
