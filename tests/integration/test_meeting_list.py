"""Finding meetings on the real stack: an agency sees the meetings of committees it runs or sits on, latest first,
filtered by state and paged; other agencies do not see them."""

from __future__ import annotations

import pytest

from tests.integration.meeting_helpers import new_committee, new_meeting, open_agenda

pytestmark = pytest.mark.integration


async def my_meetings(client, headers, **params) -> dict:
    response = await client.get("/meetings", headers=headers, params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_member_agency_finds_the_committees_meetings_latest_first_and_filters_those_open_for_items(
        meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    committee = await new_committee(meeting_api, sec)
    cid = committee["committee_id"]
    later = await new_meeting(meeting_api, sec, cid, days=60)
    sooner = await new_meeting(meeting_api, sec, cid, days=40)
    middle = await new_meeting(meeting_api, sec, cid, days=50)
    await open_agenda(meeting_api, sec, middle["meeting_id"])

    for who in (stats, sec):
        ours = [m["meeting_id"] for m in (await my_meetings(meeting_api, who))["items"] if m["committee_id"] == cid]
        assert ours == [later["meeting_id"], middle["meeting_id"], sooner["meeting_id"]]

    open_now = (await my_meetings(meeting_api, stats, state="agenda_open"))["items"]
    assert {m["state"] for m in open_now} == {"agenda_open"}
    assert [m["meeting_id"] for m in open_now if m["committee_id"] == cid] == [middle["meeting_id"]]

    both = await meeting_api.get("/meetings", headers=stats,
                                 params=[("state", "planned"), ("state", "agenda_open"), ("limit", "200")])
    assert {m["meeting_id"] for m in both.json()["items"] if m["committee_id"] == cid} == {
        later["meeting_id"], middle["meeting_id"], sooner["meeting_id"]}


async def test_an_agency_not_on_the_committee_does_not_see_its_meetings(meeting_api, people):
    sec = people["secretariat"]
    cid = (await new_committee(meeting_api, sec))["committee_id"]
    meeting = await new_meeting(meeting_api, sec, cid)
    await open_agenda(meeting_api, sec, meeting["meeting_id"])

    seen = (await my_meetings(meeting_api, people["revenue"]))["items"]
    assert all(m["committee_id"] != cid for m in seen)


async def test_pages_follow_one_another_without_gaps_or_repeats(meeting_api, people):
    sec, stats = people["secretariat"], people["statistics"]
    cid = (await new_committee(meeting_api, sec))["committee_id"]
    for days in (70, 71, 72):
        await new_meeting(meeting_api, sec, cid, days=days)

    whole = [m["meeting_id"] for m in (await my_meetings(meeting_api, stats, limit=6))["items"]]
    pages, offset = [], 0
    for _ in range(3):
        page = await my_meetings(meeting_api, stats, limit=2, offset=offset)
        assert len(page["items"]) == 2 and page["next_offset"] == offset + 2
        pages += [m["meeting_id"] for m in page["items"]]
        offset = page["next_offset"]
    assert pages == whole

    past_the_end = await my_meetings(meeting_api, stats, offset=1_000_000)
    assert past_the_end == {"items": [], "next_offset": None}


async def test_an_unknown_state_is_refused_with_a_bilingual_message(meeting_api, people):
    response = await meeting_api.get("/meetings", headers=people["statistics"], params={"state": "postponed"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message_th"] and error["message_en"]
    assert any(field["loc"][:2] == ["query", "state"] for field in error["detail"]["fields"])
