"""Publishing an agenda on the real stack: the Thai pack with bookmarks, versions, and invitation letters that
reach every member agency's inbox through the documents service."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from datetime import datetime

import asyncpg
import httpx
import pytest
from minio import Minio
from pypdf import PdfReader

from opensaraban_shared.thai import format_thai_date, thai_digits
from tests import pdf_checks
from tests.integration.meeting_helpers import (
    MEMBER_AGENCIES,
    add_item,
    new_committee,
    new_meeting,
    open_agenda,
    squash,
    upload_pdf,
)
from tests.support import eventually, sign_in

pytestmark = pytest.mark.integration


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture
async def sec(services):
    return await sign_in(services["documents"], "secretariat@cm-provincial-office")


async def drafted_meeting(meeting_api, sec, stats) -> tuple[str, dict]:
    committee = await new_committee(meeting_api, sec)
    mid = (await new_meeting(meeting_api, sec, committee["committee_id"]))["meeting_id"]
    await open_agenda(meeting_api, sec, mid)
    survey_pdf = await upload_pdf(meeting_api, stats, mid, pages=3, name="ผลสำรวจ.pdf")
    survey = await add_item(meeting_api, stats, mid, section=3, title="รายงานผลสำรวจความพร้อมรัฐบาลดิจิทัล",
                            summary="สำนักงานสถิติจังหวัดรายงานผลสำรวจ", attachment_ids=[survey_pdf["upload_id"]],
                            links=[{"title": "แดชบอร์ดข้อมูลจังหวัด", "url": "https://dashboard.example.go.th/cm"}])
    await meeting_api.post(f"/meetings/{mid}/agenda/items/{survey['item_id']}/review", headers=sec,
                           json={"decision": "accepted"})
    plan_pdf = await upload_pdf(meeting_api, sec, mid, pages=2, name="แผนปฏิบัติการ.pdf")
    plan = await add_item(meeting_api, sec, mid, section=4, title="แผนปฏิบัติการดิจิทัลจังหวัด",
                          attachment_ids=[plan_pdf["upload_id"]])
    budget = await add_item(meeting_api, sec, mid, section=4, title="งบประมาณโครงการ", parent_id=plan["item_id"])
    return mid, {"committee": committee, "survey": survey, "plan": plan, "budget": budget}


async def test_publishing_builds_a_thai_pack_with_bookmarks_and_a_docx(services, meeting_api, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    mid, parts = await drafted_meeting(meeting_api, sec, stats)

    response = await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)

    assert response.status_code == 201, response.text
    version = response.json()
    assert version["version"] == 1 and version["changes"] == []
    meeting = (await meeting_api.get(f"/meetings/{mid}", headers=stats)).json()
    assert meeting["state"] == "published" and meeting["agenda_published_at"]
    pack = await meeting_api.get(f"/meetings/{mid}/agenda/versions/1/pack.pdf", headers=stats)
    assert pack.status_code == 200 and pack.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pack.content))
    assert len(reader.pages) == version["pack_pages"] >= 1 + 3 + 2
    agenda_text = squash("".join(pdf_checks.page_texts(pack.content, raw=True)[: version["pack_pages"] - 5]))
    # The meeting's own day in Thai with its Buddhist-Era year: whichever year the clock puts that day in.
    meeting_day = format_thai_date(datetime.fromisoformat(meeting["starts_at"]))
    expected = ["ระเบียบวาระการประชุม", thai_digits(parts["committee"]["name_th"]), meeting["meeting_number"],
                meeting_day, "ระเบียบวาระที่๑", "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ระเบียบวาระที่๒", "ระเบียบวาระที่๓",
                "๓.๑", "รายงานผลสำรวจความพร้อมรัฐบาลดิจิทัล", "(โดยสำนักงานสถิติจังหวัดเชียงใหม่)",
                "ระเบียบวาระที่๔", "๔.๑", "แผนปฏิบัติการดิจิทัลจังหวัด", "๔.๑.๑", "งบประมาณโครงการ", "ระเบียบวาระที่๕"]
    positions = [agenda_text.find(squash(e)) for e in expected]
    assert -1 not in positions, [e for e, p in zip(expected, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "ห้องประชุมสุริยัน" in agenda_text
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles[0] == "ระเบียบวาระการประชุม"
    assert any("ระเบียบวาระที่ ๓" in t for t in titles) and any("ระเบียบวาระที่ ๔" in t for t in titles)
    docx = await meeting_api.get(f"/meetings/{mid}/agenda/versions/1/agenda.docx", headers=stats)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


async def test_invitation_letters_reach_every_member_agency_with_the_pack_attached(services, meeting_api, docs, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    mid, parts = await drafted_meeting(meeting_api, sec, stats)
    version = (await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)).json()
    meeting = (await meeting_api.get(f"/meetings/{mid}", headers=sec)).json()
    subject = f"ขอเชิญประชุม{parts['committee']['name_th']} ครั้งที่ {meeting['meeting_number']}"

    for agency in MEMBER_AGENCIES:
        clerk = await sign_in(services["documents"], f"clerk@{agency}")

        async def invitation(clerk=clerk):
            inbox = (await docs.get("/inbox", headers=clerk, params={"limit": 100})).json()["items"]
            return [i for i in inbox if i["subject"] == subject]

        [item] = await eventually(invitation, timeout_s=30, what=f"the invitation in {agency}'s inbox")
        assert item["sender_agency_id"] == "cm-provincial-office" and item["letter_number"]
        letter = (await docs.get(f"/letters/{item['letter_id']}", headers=clerk)).json()
        # Beside the printed letter itself (its main attachment since letters print from their fields), the pack.
        [attachment] = [a for a in letter["attachments"] if a["attachment_id"] != letter["main_attachment_id"]]
        assert attachment["sha256"] == version["pack_sha256"] and attachment["mime_type"] == "application/pdf"
        content = await docs.get(f"/attachments/{attachment['attachment_id']}/content", headers=clerk)
        assert content.status_code == 200 and len(content.content) == version["pack_size"]
        assert "ขอเชิญท่านเข้าร่วมประชุม" in letter["body"]

    # Exactly one letter per request, to every member agency but the secretariat's own.
    sent = (await docs.get("/inbox", headers=stats, params={"limit": 100})).json()["items"]
    assert len([i for i in sent if i["subject"] == subject]) == 1


async def test_an_invitation_the_secretariat_wants_signed_goes_up_to_its_signer_first(services, meeting_api, docs, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    governor = await sign_in(services["documents"], "governor@cm-provincial-office")
    office_clerk = await sign_in(services["documents"], "clerk@cm-provincial-office")
    mid, parts = await drafted_meeting(meeting_api, sec, stats)
    published = await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec,
                                       json={"invitation_signer_user_id": "u-cm-provincial-office-governor"})
    assert published.status_code == 201, published.text
    meeting = (await meeting_api.get(f"/meetings/{mid}", headers=sec)).json()
    subject = f"ขอเชิญประชุม{parts['committee']['name_th']} ครั้งที่ {meeting['meeting_number']}"

    async def waiting_for_the_governor():
        return [w for w in (await docs.get("/review/waiting", headers=governor)).json() if w["subject"] == subject]

    [step] = await eventually(waiting_for_the_governor, timeout_s=30, what="the invitation waiting for the governor")
    inbox = (await docs.get("/inbox", headers=stats, params={"limit": 100})).json()["items"]
    assert not [i for i in inbox if i["subject"] == subject], "nothing is sent before the signer signs"

    signed = await docs.post(f"/letters/{step['letter_id']}/review/sign", headers=governor,
                             json={"version": step["version"]})
    assert signed.status_code == 200, signed.text
    sent = await docs.post(f"/letters/{step['letter_id']}/send", headers=office_clerk)
    assert sent.status_code == 200, sent.text
    letter = sent.json()
    assert letter["signatory_name"] == "นายสมชาย ใจดี" and letter["approved_electronically"] is True
    received = (await docs.get("/inbox", headers=stats, params={"limit": 100})).json()["items"]
    assert [i["letter_id"] for i in received if i["subject"] == subject] == [step["letter_id"]]


async def test_a_published_version_is_frozen_and_republishing_says_what_changed(services, meeting_api, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    mid, parts = await drafted_meeting(meeting_api, sec, stats)
    await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)

    frozen = await meeting_api.post(f"/meetings/{mid}/agenda/items", headers=sec,
                                    json={"section": 5, "title": "เรื่องเพิ่มหลังเผยแพร่"})
    assert frozen.status_code == 409 and frozen.json()["error"]["code"] == "agenda_published"
    assert (await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)).json()["error"]["code"] == \
        "agenda_published"

    assert (await meeting_api.post(f"/meetings/{mid}/agenda/revise", headers=sec)).json()["state"] == "agenda_locked"
    unchanged = await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)
    assert unchanged.status_code == 409 and unchanged.json()["error"]["code"] == "agenda_unchanged"
    await add_item(meeting_api, sec, mid, section=5, title="การจัดงานวันดิจิทัลจังหวัด")
    await meeting_api.post(f"/meetings/{mid}/agenda/items/{parts['budget']['item_id']}/move", headers=sec,
                           json={"section": 4, "position": 1})
    second = await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)

    assert second.status_code == 201, second.text
    changes = second.json()["changes"]
    assert second.json()["version"] == 2
    assert any(c.startswith("เพิ่มเรื่อง ๕.๑") for c in changes), changes
    assert any("เปลี่ยนลำดับ ๔.๑.๑ เป็น ๔.๑" in c for c in changes), changes
    versions = (await meeting_api.get(f"/meetings/{mid}/agenda/versions", headers=stats)).json()
    assert [v["version"] for v in versions] == [1, 2]
    first_titles = [i["title"] for s in versions[0]["agenda"]["sections"] for i in s["items"]]
    assert "การจัดงานวันดิจิทัลจังหวัด" not in first_titles  # version 1 stayed as it was published


async def test_a_failed_pack_build_leaves_the_previous_version_intact(services, stack, meeting_api, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    mid, _ = await drafted_meeting(meeting_api, sec, stats)
    first = (await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)).json()
    await meeting_api.post(f"/meetings/{mid}/agenda/revise", headers=sec)
    damaged = await upload_pdf(meeting_api, sec, mid, pages=1, name="เสียหาย.pdf")
    await add_item(meeting_api, sec, mid, section=5, title="เรื่องที่เอกสารเสียหาย", attachment_ids=[damaged["upload_id"]])
    # The stored bytes are damaged behind the service's back: the build must notice and publish nothing.
    store = Minio(stack["s3_endpoint"], access_key=stack["s3_access_key"], secret_key=stack["s3_secret_key"],
                  secure=False)
    key = f"meeting/sha256/{damaged['sha256'][:2]}/{damaged['sha256']}"
    garbage = b"%PDF-1.4 damaged"
    await asyncio.to_thread(store.put_object, stack["s3_bucket"], key, io.BytesIO(garbage), len(garbage))

    failed = await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)

    assert failed.status_code == 502 and failed.json()["error"]["code"] == "agenda_pack_failed"
    meeting = (await meeting_api.get(f"/meetings/{mid}", headers=sec)).json()
    assert meeting["published_version"] == 1 and meeting["state"] == "agenda_locked"
    versions = (await meeting_api.get(f"/meetings/{mid}/agenda/versions", headers=sec)).json()
    assert [v["version"] for v in versions] == [1] and versions[0]["pack_sha256"] == first["pack_sha256"]
    assert (await meeting_api.get(f"/meetings/{mid}/agenda/versions/1/pack.pdf", headers=sec)).status_code == 200


async def test_a_redelivered_invitation_request_never_sends_a_second_letter(services, stack, meeting_api, docs, sec):
    stats = await sign_in(services["documents"], "clerk@cm-statistics")
    mid, parts = await drafted_meeting(meeting_api, sec, stats)
    await meeting_api.post(f"/meetings/{mid}/agenda/publish", headers=sec)
    meeting = (await meeting_api.get(f"/meetings/{mid}", headers=sec)).json()
    subject = f"ขอเชิญประชุม{parts['committee']['name_th']} ครั้งที่ {meeting['meeting_number']}"

    async def invitations():
        inbox = (await docs.get("/inbox", headers=stats, params={"limit": 100})).json()["items"]
        return [i for i in inbox if i["subject"] == subject]

    await eventually(invitations, timeout_s=30, what="the first invitation")
    # The same request again under a new event id (a producer retry, a replayed topic): same request_id.
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        row = await conn.fetchrow(
            """SELECT topic, key, payload, headers FROM meeting.outbox
               WHERE convert_from(payload, 'UTF8')::jsonb->>'event_type' = 'meeting.invitation_letter_requested'
                 AND convert_from(payload, 'UTF8')::jsonb->'payload'->>'meeting_id' = $1""", mid)
        envelope = json.loads(row["payload"])
        envelope["event_id"] = str(uuid.uuid4())
        headers = {**json.loads(row["headers"]), "event_id": envelope["event_id"]}
        await conn.execute("INSERT INTO meeting.outbox (event_id, topic, key, payload, headers) "
                           "VALUES ($1, $2, $3, $4, $5::jsonb)", uuid.UUID(envelope["event_id"]), row["topic"],
                           row["key"], json.dumps(envelope).encode(), json.dumps(headers))

        async def handled():
            return await conn.fetchval("SELECT true FROM documents.processed_events WHERE event_id = $1",
                                       uuid.UUID(envelope["event_id"]))

        await eventually(handled, timeout_s=30, what="the documents service to handle the repeated request")
        assert await conn.fetchval("SELECT count(*) FROM documents.meeting_invitations WHERE meeting_id = $1",
                                   uuid.UUID(mid)) == 1
    finally:
        await conn.close()
    assert len(await invitations()) == 1
