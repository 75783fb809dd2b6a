"""Drafting an agenda on the real stack: numbering per year, submissions and review, ordering, history, errors."""

from __future__ import annotations

import asyncio
import hashlib
import io
import uuid
from datetime import timedelta

import httpx
import pytest
from pypdf import PdfReader

from opensaraban_shared import clock
from opensaraban_shared.thai import buddhist_year, thai_digits
from tests.integration.meeting_helpers import (
    add_item,
    new_committee,
    new_meeting,
    numbering,
    open_agenda,
    upload_pdf,
)

pytestmark = pytest.mark.integration


async def test_meetings_are_numbered_per_committee_per_buddhist_year_and_a_taken_number_is_refused(meeting_api, people):
    sec = people["secretariat"]
    cid = (await new_committee(meeting_api, sec))["committee_id"]
    # Years ahead of any clock the tests run at, so these stay meetings to come; the expected numbers follow
    # from the dates given here.
    year = clock.today().year + 3
    first_be, next_be = buddhist_year(year), buddhist_year(year + 1)
    march, june = await new_meeting(meeting_api, sec, cid, starts_at=f"{year}-03-01T09:30:00+07:00"), \
        await new_meeting(meeting_api, sec, cid, starts_at=f"{year}-06-01T13:30:00+07:00")
    # The last evening of the year, Thai time, still counts in the old year; 1 January, Thai time, starts a new
    # series even when UTC still says 31 December.
    new_years_eve = await new_meeting(meeting_api, sec, cid, starts_at=f"{year}-12-31T23:30:00+07:00")
    new_year = await new_meeting(meeting_api, sec, cid, starts_at=f"{year + 1}-01-01T06:00:00+07:00")

    assert [(m["number"], m["year_be"], m["meeting_number"]) for m in (march, june, new_years_eve, new_year)] == [
        (1, first_be, thai_digits(f"1/{first_be}")), (2, first_be, thai_digits(f"2/{first_be}")),
        (3, first_be, thai_digits(f"3/{first_be}")), (1, next_be, thai_digits(f"1/{next_be}"))]
    assert june["title_th"] == f"การประชุม{new_year['committee_name']} ครั้งที่ {thai_digits(f'2/{first_be}')}"
    assert march["state"] == "planned" and [s["number"] for s in march["sections"]] == [1, 2, 3, 4, 5]
    assert june["previous_meeting_id"] == march["meeting_id"]

    taken = await meeting_api.post("/meetings", headers=sec, json={
        "committee_id": cid, "number": 2, "starts_at": f"{year}-09-01T09:30:00+07:00"})
    assert taken.status_code == 409
    error = taken.json()["error"]
    assert error["code"] == "meeting_number_taken" and error["message_th"] and error["message_en"]
    assert error["detail"] == {"number": 2, "year_be": first_be}


async def test_member_agencies_submit_and_the_secretariat_reviews_reorders_and_nests(meeting_api, people):
    sec, stats, land = people["secretariat"], people["statistics"], people["land"]
    committee = await new_committee(meeting_api, sec)
    meeting = await new_meeting(meeting_api, sec, committee["committee_id"])
    mid = meeting["meeting_id"]
    await open_agenda(meeting_api, sec, mid)

    attachment = await upload_pdf(meeting_api, stats, mid, pages=2)
    survey = await add_item(meeting_api, stats, mid, section=3, title="ผลสำรวจความพร้อมรัฐบาลดิจิทัลจังหวัด",
                            summary="สรุปผลสำรวจ ๑๙ ส่วนราชการ", attachment_ids=[attachment["upload_id"]],
                            links=[{"title": "แบบสำรวจ", "url": "https://survey.example.go.th/2569"}])
    assert survey["status"] == "submitted" and survey["late"] is False and survey["number"] is None
    assert survey["presenting_agency_name"] == "สำนักงานสถิติจังหวัดเชียงใหม่"
    plan = await add_item(meeting_api, land, mid, section=4, title="แผนที่ดินดิจิทัล")
    rejected = await add_item(meeting_api, land, mid, section=4, title="เรื่องที่ยังไม่พร้อม")

    accept = await meeting_api.post(f"/meetings/{mid}/agenda/items/{survey['item_id']}/review", headers=sec,
                                    json={"decision": "accepted"})
    assert accept.status_code == 200 and accept.json()["number"] == "3.1" and accept.json()["number_th"] == "๓.๑"
    back = await meeting_api.post(f"/meetings/{mid}/agenda/items/{plan['item_id']}/review", headers=sec,
                                  json={"decision": "returned", "comment": "กรุณาแนบงบประมาณ"})
    assert back.json()["status"] == "returned" and back.json()["comment"] == "กรุณาแนบงบประมาณ"
    deferred = await meeting_api.post(f"/meetings/{mid}/agenda/items/{rejected['item_id']}/review", headers=sec,
                                      json={"decision": "deferred", "comment": "เลื่อนไปครั้งถัดไป"})
    assert deferred.json()["status"] == "deferred"

    revised = await meeting_api.patch(f"/meetings/{mid}/agenda/items/{plan['item_id']}", headers=land,
                                      json={"summary": "งบประมาณ ๒ ล้านบาท"})
    assert revised.status_code == 200 and revised.json()["status"] == "submitted"
    await meeting_api.post(f"/meetings/{mid}/agenda/items/{plan['item_id']}/review", headers=sec,
                           json={"decision": "accepted"})
    budget = await add_item(meeting_api, sec, mid, section=4, title="งบประมาณโครงการจังหวัดดิจิทัล")
    sub = await add_item(meeting_api, sec, mid, section=4, title="รายละเอียดงบประมาณรายจ่าย",
                         parent_id=budget["item_id"])
    assert (budget["number"], sub["number"]) == ("4.2", "4.2.1")
    before_move = (await meeting_api.get(f"/meetings/{mid}/agenda", headers=sec)).json()

    moved = await meeting_api.post(f"/meetings/{mid}/agenda/items/{budget['item_id']}/move", headers=sec,
                                   json={"position": 1})
    assert moved.status_code == 200, moved.text
    assert numbering(moved.json()) == [
        ("3.1", "ผลสำรวจความพร้อมรัฐบาลดิจิทัลจังหวัด"),
        ("4.1", "งบประมาณโครงการจังหวัดดิจิทัล"), ("4.1.1", "รายละเอียดงบประมาณรายจ่าย"),
        ("4.2", "แผนที่ดินดิจิทัล"),
    ]
    nested = await meeting_api.post(f"/meetings/{mid}/agenda/items/{plan['item_id']}/move", headers=sec,
                                    json={"parent_id": budget["item_id"], "position": 1})
    assert [n for n, _ in numbering(nested.json())] == ["3.1", "4.1", "4.1.1", "4.1.2"]
    assert numbering(nested.json())[2] == ("4.1.1", "แผนที่ดินดิจิทัล")
    not_on = {i["title"]: i["status"] for i in nested.json()["not_on_agenda"]}
    assert not_on == {"เรื่องที่ยังไม่พร้อม": "deferred"}

    # The draft as it stood before the move, rebuilt from the stored changes.
    history = await meeting_api.get(f"/meetings/{mid}/agenda", headers=stats,
                                    params={"version": before_move["version"]})
    assert history.status_code == 200
    assert numbering(history.json()) == numbering(before_move)
    assert history.json()["version"] == before_move["version"] < nested.json()["version"]
    changes = (await meeting_api.get(f"/meetings/{mid}/agenda/changes", headers=sec)).json()
    assert [c["version"] for c in changes] == list(range(1, len(changes) + 1))
    assert {"item_added", "item_reviewed", "item_revised", "item_moved"} <= {c["kind"] for c in changes}
    as_of = await meeting_api.get(f"/meetings/{mid}/agenda", headers=stats,
                                  params={"at": changes[before_move["version"] - 1]["at"]})
    assert numbering(as_of.json()) == numbering(before_move)
    first_state = await meeting_api.get(f"/meetings/{mid}/agenda", headers=sec, params={"version": 0})
    assert numbering(first_state.json()) == []


async def test_bad_submissions_get_clear_errors(meeting_api, people):
    sec, stats, revenue = people["secretariat"], people["statistics"], people["revenue"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]

    too_early = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                       json={"section": 3, "title": "ก่อนเปิดรับเรื่อง"})
    assert too_early.status_code == 409 and too_early.json()["error"]["code"] == "meeting_wrong_state"
    await open_agenda(meeting_api, sec, mid)

    no_section = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                        json={"section": 6, "title": "วาระที่ไม่มี"})
    assert no_section.status_code == 422 and no_section.json()["error"]["code"] == "unknown_section"
    chair_only = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                        json={"section": 2, "title": "รับรองรายงาน"})
    assert chair_only.json()["error"]["code"] == "section_not_open_for_submissions"
    outsider = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=revenue,
                                      json={"section": 3, "title": "ไม่ใช่กรรมการ"})
    assert (outsider.status_code, outsider.json()["error"]["code"]) == (403, "not_on_committee")
    stranger = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=sec,
                                      json={"section": 3, "title": "ผู้เสนอไม่ใช่กรรมการ",
                                            "presenting_agency_id": "cm-revenue"})
    assert stranger.status_code == 422 and stranger.json()["error"]["code"] == "not_a_member"

    word = await meeting_api.post(f"/meetings/{mid}/uploads", params={"filename": "note.txt"}, headers=stats,
                                  content="ไม่ใช่ PDF".encode())
    assert word.status_code == 415 and word.json()["error"]["code"] == "attachment_not_allowed"
    broken = await meeting_api.post(f"/meetings/{mid}/uploads", params={"filename": "broken.pdf"}, headers=stats,
                                    content=b"%PDF-1.4\nnot really a pdf")
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "attachment_not_allowed"
    others = await upload_pdf(meeting_api, sec, mid)
    borrowed = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats, json={
        "section": 3, "title": "แนบไฟล์ของหน่วยงานอื่น", "attachment_ids": [others["upload_id"]]})
    assert borrowed.status_code == 422 and borrowed.json()["error"]["code"] == "attachment_not_allowed"
    unknown = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats, json={
        "section": 3, "title": "ไฟล์ที่ไม่มี", "attachment_ids": [str(uuid.uuid4())]})
    assert unknown.json()["error"]["code"] == "attachment_not_allowed"

    locked = await meeting_api.post(f"/meetings/{mid}/agenda/lock", headers=sec)
    assert locked.json()["state"] == "agenda_locked"
    late = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                  json={"section": 3, "title": "ส่งหลังปิดรับ"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "agenda_locked"


async def test_a_submission_after_the_deadline_is_marked_late(meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]
    # A deadline must be ahead when the agenda opens (one already past is refused): two seconds ahead, then passed.
    deadline = clock.now() + timedelta(seconds=2)
    opened = await meeting_api.post(f"/meetings/{mid}/agenda/open", headers=sec,
                                    json={"submission_deadline": deadline.isoformat()})
    assert opened.status_code == 200, opened.text
    on_time = await add_item(meeting_api, stats, mid, section=4, title="ส่งทันกำหนด")
    await asyncio.sleep(max(0.0, (deadline - clock.now()).total_seconds()) + 0.5)

    item = await add_item(meeting_api, stats, mid, section=4, title="ส่งช้ากว่ากำหนด")

    assert (on_time["late"], item["late"]) == (False, True)


async def test_the_six_section_template_and_an_edited_template(meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    six = await new_committee(meeting_api, sec, template="6_sections")
    assert [s["kind"] for s in six["sections"]][2] == "matters_arising"
    custom = await meeting_api.put(f"/committees/{six['committee_id']}/agenda-sections", headers=sec, json={
        "sections": [{"title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "kind": "chair"},
                     {"title": "เรื่องรับรองรายงานการประชุม", "kind": "minutes"},
                     {"title": "เรื่องเพื่อพิจารณา", "kind": "consideration"}]})
    assert custom.status_code == 200 and len(custom.json()["sections"]) == 3
    mid = (await new_meeting(meeting_api, sec, six["committee_id"]))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)

    refused = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=stats,
                                     json={"section": 4, "title": "วาระที่แม่แบบไม่มี"})

    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unknown_section"
    assert (await add_item(meeting_api, stats, mid, section=3, title="เรื่องเพื่อพิจารณา"))["status"] == "submitted"


async def test_a_deferred_item_waits_for_review_on_the_later_meeting(meeting_api, people):
    sec, land = people["secretariat"], people["land"]
    cid = (await new_committee(meeting_api, sec))["committee_id"]
    now_meeting = (await new_meeting(meeting_api, sec, cid, days=20))["meeting_id"]
    later = (await new_meeting(meeting_api, sec, cid, days=80))["meeting_id"]
    for mid in (now_meeting, later):
        await open_agenda(meeting_api, sec, mid)
    item = await add_item(meeting_api, land, now_meeting, section=4, title="ขอใช้พื้นที่ราชพัสดุ")

    earlier_first = await meeting_api.post(f"/meetings/{later}/agenda/items/{item['item_id']}/review", headers=sec,
                                           json={"decision": "deferred", "to_meeting_id": now_meeting})
    assert earlier_first.status_code == 404  # the item is not on that meeting's draft
    deferred = await meeting_api.post(f"/meetings/{now_meeting}/agenda/items/{item['item_id']}/review", headers=sec,
                                      json={"decision": "deferred", "comment": "รอข้อมูลเพิ่มเติม",
                                            "to_meeting_id": later})

    assert deferred.status_code == 200 and deferred.json()["status"] == "deferred"
    [carried] = (await meeting_api.get(f"/meetings/{later}/agenda", headers=land)).json()["not_on_agenda"]
    assert (carried["title"], carried["status"], carried["origin"]) == ("ขอใช้พื้นที่ราชพัสดุ", "submitted",
                                                                         "carried_over")
    assert carried["submitted_by_agency_id"] == "cm-land" and carried["section"] == 4


async def test_members_must_be_agencies_of_the_directory_and_take_its_name_when_none_is_given(
        meeting_api, people, services):
    sec = people["secretariat"]
    committee = await new_committee(meeting_api, sec)
    path = f"/committees/{committee['committee_id']}/members"
    member = {"display_name": "ผู้แทนสำนักงานคลังจังหวัดเชียงใหม่", "role": "member"}

    unknown = await meeting_api.post(path, headers=sec, json={**member, "agency_id": "cm-no-such-office"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_agency"
    assert unknown.json()["error"]["detail"] == {"agency_id": "cm-no-such-office"}

    added = await meeting_api.post(path, headers=sec, json={**member, "agency_id": "cm-treasury"})
    assert added.status_code == 201, added.text
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as documents:
        directory = (await documents.get("/agencies/cm-treasury", headers=sec)).json()
    assert added.json()["agency_name"] == directory["name_th"]
    members = (await meeting_api.get(path, headers=sec)).json()
    assert [m["agency_id"] for m in members].count("cm-treasury") == 1
    assert "cm-no-such-office" not in {m["agency_id"] for m in members}


async def test_the_secretariat_reads_a_submitted_pdf_before_publishing_and_other_agencies_cannot(meeting_api, people):
    sec, land, energy = people["secretariat"], people["land"], people["energy"]  # energy: another member agency
    cid = (await new_committee(meeting_api, sec))["committee_id"]
    mid = (await new_meeting(meeting_api, sec, cid))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    upload = await upload_pdf(meeting_api, land, mid, pages=2, name="ผลการสำรวจที่ดิน.pdf")
    await add_item(meeting_api, land, mid, section=4, title="ขอความเห็นชอบแผนสำรวจที่ดิน",
                   attachment_ids=[upload["upload_id"]])
    path = f"/meetings/{mid}/uploads/{upload['upload_id']}/content"

    for reader in (sec, land):
        response = await meeting_api.get(path, headers=reader)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert "filename*=UTF-8''" in response.headers["content-disposition"]
        assert hashlib.sha256(response.content).hexdigest() == upload["sha256"]
        assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    refused = await meeting_api.get(path, headers=energy)  # a member agency: another agency's file is not found
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")
    outsider = await meeting_api.get(path, headers=people["revenue"])  # not on the committee: told so
    assert (outsider.status_code, outsider.json()["error"]["code"]) == (403, "not_on_committee")
    unknown = await meeting_api.get(f"/meetings/{mid}/uploads/{uuid.uuid4()}/content", headers=sec)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
