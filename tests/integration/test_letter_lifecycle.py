"""The life of an official letter between agencies and inside one, through the documents API on the real stack."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg
import httpx
import pytest

from opensaraban_shared import clock
from opensaraban_shared.thai import bangkok_day, buddhist_year
from tests.support import from_now, minimal_pdf, official_fields, sign_in

pytestmark = pytest.mark.integration

SENDER = "cm-provincial-office"


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


async def clerk(services, agency: str) -> dict[str, str]:
    return await sign_in(services["documents"], f"clerk@{agency}")


async def draft(docs, headers, *, to: list[str], send: bool = False, **extra) -> dict:
    response = await docs.post("/letters", headers=headers, json={
        **official_fields(extra.pop("subject", f"เรื่องทดสอบ {uuid.uuid4().hex[:8]}")),
        "recipient_agency_ids": to, "send": send, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def register_year(moment: str) -> int:
    """The Buddhist-Era register year of a moment the API returned: registers restart on 1 January, Thai time."""
    return buddhist_year(bangkok_day(datetime.fromisoformat(moment)).year)


def delivery_of(letter: dict, agency: str) -> dict:
    [delivery] = [d for d in letter["deliveries"] if d["recipient_agency_id"] == agency]
    return delivery


async def test_accepting_gives_the_next_receipt_number_and_the_sender_sees_each_recipients_status(services, docs):
    sender, land, energy = [await clerk(services, a) for a in (SENDER, "cm-land", "cm-energy")]
    letter = await draft(docs, sender, to=["cm-land", "cm-energy"], send=True)
    assert {d["status"] for d in letter["deliveries"]} == {"delivered"}

    first = await docs.post(f"/deliveries/{delivery_of(letter, 'cm-land')['delivery_id']}/accept", headers=land)
    assert first.status_code == 200, first.text
    receipt = first.json()["deliveries"][0]
    assert receipt["status"] == "accepted" and receipt["receive_register_number"] >= 1 and receipt["accepted_at"]

    refused = await docs.post(f"/deliveries/{delivery_of(letter, 'cm-energy')['delivery_id']}/reject", headers=energy,
                              json={"reason": "ไม่ใช่ภารกิจของสำนักงาน", "wrong_recipient": True})
    assert refused.status_code == 200 and refused.json()["deliveries"][0]["status"] == "wrong_recipient"

    seen = (await docs.get(f"/letters/{letter['letter_id']}", headers=sender)).json()
    assert {d["recipient_agency_id"]: d["status"] for d in seen["deliveries"]} == {
        "cm-land": "accepted", "cm-energy": "wrong_recipient"}

    again = await docs.post(f"/deliveries/{delivery_of(letter, 'cm-land')['delivery_id']}/accept", headers=land)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_accepted"


async def test_only_the_addressed_agency_can_accept(services, docs):
    sender, other = await clerk(services, SENDER), await clerk(services, "cm-revenue")
    letter = await draft(docs, sender, to=["cm-land"], send=True)
    response = await docs.post(f"/deliveries/{delivery_of(letter, 'cm-land')['delivery_id']}/accept", headers=other)
    assert response.status_code == 404


async def test_a_retried_accept_with_the_same_idempotency_key_takes_one_number(services, docs):
    sender, land = await clerk(services, SENDER), await clerk(services, "cm-land")
    letter = await draft(docs, sender, to=["cm-land"], send=True)
    url = f"/deliveries/{delivery_of(letter, 'cm-land')['delivery_id']}/accept"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await docs.post(url, headers={**land, **key})
    second = await docs.post(url, headers={**land, **key})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


async def test_a_retried_create_and_send_with_the_same_key_sends_once(services, docs, stack):
    sender = await clerk(services, SENDER)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {**official_fields(f"ส่งครั้งเดียว {uuid.uuid4().hex[:6]}"), "recipient_agency_ids": ["cm-land"], "send": True}
    first = await docs.post("/letters", headers={**sender, **key}, json=body)
    second = await docs.post("/letters", headers={**sender, **key}, json=body)
    assert first.status_code == second.status_code == 201
    assert first.json()["letter_id"] == second.json()["letter_id"]
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        assert await conn.fetchval("SELECT count(*) FROM documents.letters WHERE subject = $1", body["subject"]) == 1
    finally:
        await conn.close()
    reused = await docs.post("/letters", headers={**sender, **key}, json={**body, "subject": "อื่น"})
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"


async def test_withdraw_then_resend_keeps_the_number_and_counts_the_attempt(services, docs):
    sender, land = await clerk(services, SENDER), await clerk(services, "cm-land")
    letter = await draft(docs, sender, to=["cm-land"], send=True)
    withdrawn = await docs.post(f"/letters/{letter['letter_id']}/withdraw", headers=sender, json={})
    assert withdrawn.status_code == 200 and delivery_of(withdrawn.json(), "cm-land")["status"] == "withdrawn"
    hidden = await docs.get(f"/letters/{letter['letter_id']}", headers=land)
    assert hidden.status_code == 404
    resent = await docs.post(f"/letters/{letter['letter_id']}/resend", headers=sender, json={})
    assert resent.status_code == 200
    delivery = delivery_of(resent.json(), "cm-land")
    assert delivery["status"] == "delivered" and delivery["attempt"] == 2
    assert resent.json()["letter_number"] == letter["letter_number"]
    accepted = await docs.post(f"/deliveries/{delivery['delivery_id']}/accept", headers=land)
    assert accepted.status_code == 200
    too_late = await docs.post(f"/letters/{letter['letter_id']}/withdraw", headers=sender, json={})
    assert too_late.status_code == 409 and too_late.json()["error"]["code"] == "nothing_to_withdraw"


async def test_a_reply_cites_the_original_and_goes_back_to_its_sender(services, docs):
    sender, land = await clerk(services, SENDER), await clerk(services, "cm-land")
    original = await draft(docs, sender, to=["cm-land"], send=True)
    reply = await draft(docs, land, to=[], send=True, reply_to_letter_id=original["letter_id"])
    assert reply["recipient_agency_ids"] == [SENDER]
    assert original["letter_number"] in reply["reference_text"]
    stranger = await clerk(services, "cm-revenue")
    response = await docs.post("/letters", headers=stranger, json={
        **official_fields("ตอบเรื่องที่ไม่ได้รับ"), "reply_to_letter_id": original["letter_id"]})
    assert response.status_code == 404


async def test_a_letter_missing_what_its_kind_requires_is_not_numbered(services, docs):
    sender = await clerk(services, SENDER)
    response = await docs.post("/letters", headers=sender, json={
        "subject": "ไม่ครบ", "recipient_agency_ids": ["cm-land"], "send": True})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "missing_fields" and "signatory_name" in error["detail"]["missing"]
    unknown = await docs.post("/letters", headers=sender, json={
        **official_fields("คำสั่ง"), "kind": "directive", "subtype": "memo", "recipient_agency_ids": ["cm-land"]})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_subtype"


async def test_directives_are_numbered_from_one_each_buddhist_year(services, docs):
    sender = await clerk(services, "cm-industry")
    order = await draft(docs, sender, to=["cm-land"], send=True, kind="directive", subtype="order")
    number, year = order["letter_number"].split("/")
    assert int(number) >= 1 and int(year) == register_year(order["sent_at"])


async def test_a_paper_letter_goes_into_the_receive_register_marked_paper(services, docs):
    land = await clerk(services, "cm-land")
    scan = await docs.post("/attachments", params={"filename": "scan.pdf"}, headers=land,
                           content=minimal_pdf(f"scan {uuid.uuid4()}"))
    registered = await docs.post("/paper-letters", headers=land, json={
        "letter_number": "ศธ 0208/1234", "letter_date": "2026-11-18", "sender_name": "โรงเรียนบ้านหนองบัว",
        "subject": "ขอความอนุเคราะห์ข้อมูลที่ดิน", "scan_attachment_ids": [scan.json()["attachment_id"]]})
    assert registered.status_code == 201, registered.text
    entry = registered.json()
    receipt = entry["deliveries"][0]
    assert entry["channel"] == "paper" and receipt["receive_register_number"] >= 1
    # It is in the register of the year it was received in, which is the year of its acceptance.
    register = (await docs.get("/registers/receive", headers=land,
                               params={"year": register_year(receipt["accepted_at"])})).json()
    [matching] = [e for e in register["entries"] if e["number"] == receipt["receive_register_number"]]
    assert (matching["letter_number"], matching["channel"], matching["from_"]) == (
        "ศธ 0208/1234", "paper", "โรงเรียนบ้านหนองบัว")


async def test_a_paper_send_is_numbered_and_recorded_as_paper(services, docs):
    sender = await clerk(services, SENDER)
    letter = await draft(docs, sender, to=[])
    posted = await docs.post(f"/letters/{letter['letter_id']}/paper-send", headers=sender,
                             json={"external_recipients": ["นายสมศักดิ์ รักดี"]})
    assert posted.status_code == 200, posted.text
    assert posted.json()["channel"] == "paper" and posted.json()["deliveries"][0]["status"] == "posted"
    register = (await docs.get("/registers/send", headers=sender,
                               params={"year": register_year(posted.json()["sent_at"])})).json()
    assert any(e["letter_number"] == posted.json()["letter_number"] and e["channel"] == "paper"
               for e in register["entries"])


async def test_registers_export_as_csv_and_thai_pdf(services, docs):
    land = await clerk(services, "cm-land")
    this_year = buddhist_year(clock.today().year)
    csv = await docs.get("/registers/receive", headers=land, params={"year": this_year, "format": "csv"})
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    assert "เลขทะเบียนรับ" in csv.content.decode("utf-8-sig").splitlines()[0]
    pdf = await docs.get("/registers/receive", headers=land, params={"year": this_year, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Even a year that is over is closed by an administrator only (a clerk is refused before its year is looked at).
    closing_last_year = await docs.post(f"/registers/{this_year - 1}/close", headers=land)
    assert closing_last_year.status_code == 403


async def test_inside_the_agency_a_letter_is_forwarded_commented_and_closed(services, docs):
    sender, office = await clerk(services, "cm-land"), await clerk(services, SENDER)
    letter = await draft(docs, sender, to=[SENDER], send=True)
    delivery_id = delivery_of(letter, SENDER)["delivery_id"]
    early = await docs.post(f"/deliveries/{delivery_id}/route", headers=office, json={
        "action": "forward", "to_user_id": f"u-{SENDER}-executive"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_accepted_yet"
    await docs.post(f"/deliveries/{delivery_id}/accept", headers=office)
    routed = await docs.post(f"/deliveries/{delivery_id}/route", headers=office, json={
        "action": "assign", "to_user_id": f"u-{SENDER}-executive", "instruction": "เพื่อโปรดพิจารณา",
        "deadline": from_now(days=10)})
    assert routed.status_code == 200, routed.text
    executive = await sign_in(services["documents"], f"executive@{SENDER}")
    inbox = (await docs.get("/inbox", headers=executive)).json()["items"]
    assert delivery_id in [i["delivery_id"] for i in inbox]
    commented = await docs.post(f"/deliveries/{delivery_id}/comments", headers=executive, json={"text": "ทราบ ดำเนินการ"})
    assert commented.status_code == 200 and commented.json()["comments"][-1]["text"] == "ทราบ ดำเนินการ"
    closed = await docs.post(f"/deliveries/{delivery_id}/close", headers=executive)
    assert closed.status_code == 200 and closed.json()["deliveries"][0]["closed_at"]
    secretariat = await sign_in(services["documents"], f"secretariat@{SENDER}")
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=secretariat)).status_code == 200
    admin = await sign_in(services["documents"], f"admin@{SENDER}")
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=admin)).status_code == 404


async def cleared_clerk(services, docs, agency: str, clearance: int) -> dict[str, str]:
    """A secret-document controller: a clerk the agency's administrator cleared for secret letters."""
    admin = await sign_in(services["documents"], "admin@nso")  # the national administrator manages every agency
    username = f"controller-{uuid.uuid4().hex[:6]}@{agency}"
    created = await docs.post("/users", headers=admin, json={
        "agency_id": agency, "username": username, "display_name": "นายทะเบียนหนังสือลับ", "roles": ["clerk"], "clearance": clearance,
        "password": "controller-password-2569"})
    assert created.status_code == 201, created.text
    response = await docs.post("/auth/login", json={"username": username, "password": "controller-password-2569"})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_a_clerk_without_clearance_cannot_write_a_secret_letter(services, docs):
    response = await docs.post("/letters", headers=await clerk(services, SENDER), json={
        **official_fields("ลับ"), "secrecy": 3, "recipient_agency_ids": ["cm-land"]})
    assert response.status_code == 403 and response.json()["error"]["code"] == "secrecy_above_clearance"


async def test_a_secret_letter_reaches_only_named_people_and_every_read_is_audited(services, docs, stack):
    sender, land = await cleared_clerk(services, docs, SENDER, 2), await clerk(services, "cm-land")
    land_controller = await cleared_clerk(services, docs, "cm-land", 3)
    letter = await draft(docs, sender, to=["cm-land"], send=True, secrecy=3, subject="แผนรักษาความปลอดภัย")
    controller_inbox = (await docs.get("/inbox", headers=land_controller)).json()["items"]
    assert letter["letter_id"] in [i["letter_id"] for i in controller_inbox]
    # The recipient's clerk has clearance 0: the letter is not in its inbox and cannot be opened.
    inbox = (await docs.get("/inbox", headers=land)).json()["items"]
    assert letter["letter_id"] not in [i["letter_id"] for i in inbox]
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=land)).status_code == 404
    # The sender who wrote it may read it; the read is in the audit log.
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=sender)).status_code == 200
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        audited = await conn.fetchval(
            "SELECT count(*) FROM documents.audit_log WHERE action = 'secret_letter_read' AND subject = $1",
            letter["letter_id"])
    finally:
        await conn.close()
    assert audited == 1
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=land_controller)).status_code == 200


async def test_a_letter_forwarded_to_a_unit_reaches_the_people_of_that_unit_only(services, docs):
    sender, office = await clerk(services, "cm-energy"), await clerk(services, SENDER)
    letter = await draft(docs, sender, to=[SENDER], send=True)
    delivery_id = delivery_of(letter, SENDER)["delivery_id"]
    await docs.post(f"/deliveries/{delivery_id}/accept", headers=office)
    routed = await docs.post(f"/deliveries/{delivery_id}/route", headers=office, json={
        "action": "forward", "to_unit_id": f"{SENDER}.strategy", "instruction": "เพื่อดำเนินการ"})
    assert routed.status_code == 200, routed.text
    strategy = await sign_in(services["documents"], f"officer.strategy@{SENDER}")
    ict = await sign_in(services["documents"], f"officer.ict@{SENDER}")
    assert delivery_id in [i["delivery_id"] for i in (await docs.get("/inbox", headers=strategy)).json()["items"]]
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=strategy)).status_code == 200
    assert delivery_id not in [i["delivery_id"] for i in (await docs.get("/inbox", headers=ict)).json()["items"]]
    assert (await docs.get(f"/letters/{letter['letter_id']}", headers=ict)).status_code == 404
