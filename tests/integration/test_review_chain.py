"""The review chain through the documents API on the real stack: a draft goes up a three-step route, comes back for
changes, is revised and proposed again, is signed by the deputy acting for the governor during a leave, then is
numbered and sent; the recipient sees who signed and in which capacity, read back from the printed PDF."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from opensaraban_shared.thai import arabic_digits
from tests import pdf_checks
from tests.support import bangkok_now, official_fields, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
RECIPIENT = "cm-statistics"
DRAFTER, HEAD, EXECUTIVE = "officer.strategy", "head.strategy", "executive"
GOVERNOR, DEPUTY = "governor", "deputy"


def uid(name: str) -> str:
    return f"u-{OFFICE}-{name.replace('.', '-')}" if name != "officer.strategy" else f"u-{OFFICE}-officer-strategy"


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture
async def people(services):
    return {name: await sign_in(services["documents"], f"{name}@{OFFICE}")
            for name in (DRAFTER, HEAD, EXECUTIVE, GOVERNOR, DEPUTY, "clerk", "admin")}


async def draft(docs, people, subject: str, *, by: str = DRAFTER, **extra) -> dict:
    fields = {**official_fields(subject), "recipient_agency_ids": [RECIPIENT], "signatory_name": "",
              "signatory_position": "", **extra}
    response = await docs.post("/letters", headers=people[by], json=fields)
    assert response.status_code == 201, response.text
    return response.json()


async def acted(docs, headers, letter_id, action: str, **body) -> dict:
    response = await docs.post(f"/letters/{letter_id}/review/{action}", headers=headers, json=body)
    assert response.status_code == 200, (action, response.text)
    return response.json()


async def test_a_draft_goes_up_returns_is_revised_and_is_signed_by_the_acting_deputy(docs, people):
    subject = f"ขอเชิญประชุมคณะกรรมการ {uuid.uuid4().hex[:6]}"
    letter = await draft(docs, people, subject, urgency=4)
    letter_id = letter["letter_id"]
    route = {"reviewer_ids": [uid(HEAD), uid(EXECUTIVE)], "signer_id": uid(GOVERNOR), "note": "เรียนเสนอเพื่อโปรดพิจารณา"}

    proposed = await docs.post(f"/letters/{letter_id}/proposal", headers=people[DRAFTER], json=route)
    assert proposed.status_code == 200, proposed.text
    review = proposed.json()
    assert review["status"] == "in_review" and review["current_position"] == 1 and review["version"] == 1
    assert [s["state"] for s in review["steps"]] == ["open", "waiting", "waiting"]
    assert (await docs.patch(f"/letters/{letter_id}", headers=people[DRAFTER], json={"subject": "x"})).status_code == 409

    # Not the executive's step yet; nobody outside the route sees it.
    early = await docs.post(f"/letters/{letter_id}/review/pass", headers=people[EXECUTIVE], json={"version": 1})
    assert early.status_code == 403 and early.json()["error"]["code"] == "not_your_step"
    assert (await docs.get(f"/letters/{letter_id}/review", headers=people["admin"])).status_code == 404
    waiting = (await docs.get("/review/waiting", headers=people[HEAD])).json()
    assert letter_id in [w["letter_id"] for w in waiting]

    await acted(docs, people[HEAD], letter_id, "pass", version=1, note="เห็นควรเสนอ")
    returned = await acted(docs, people[EXECUTIVE], letter_id, "return", version=1, to_position=0,
                           comment="ขอแก้วันประชุมเป็นวันพฤหัสบดี")
    assert returned["status"] == "returned" and returned["letter_status"] == "draft"

    revised_body = official_fields(subject)["body"] + " ในวันพฤหัสบดีที่ ๑๕ มกราคม"
    assert (await docs.patch(f"/letters/{letter_id}", headers=people[DRAFTER],
                             json={"body": revised_body})).status_code == 200
    again = await docs.post(f"/letters/{letter_id}/proposal", headers=people[DRAFTER], json=route)
    assert again.status_code == 200 and again.json()["round"] == 2 and again.json()["version"] == 2
    changes = (await docs.get(f"/letters/{letter_id}/diff", params={"from": 1, "to": 2},
                              headers=people[HEAD])).json()
    [body] = [c for c in changes if c["field"] == "body"]
    assert any(c["op"] == "insert" and "พฤหัสบดี" in c["text"] for c in body["changes"])

    await acted(docs, people[HEAD], letter_id, "pass", version=2)
    stale = await docs.post(f"/letters/{letter_id}/review/pass", headers=people[EXECUTIVE], json={"version": 1})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "version_changed"
    await acted(docs, people[EXECUTIVE], letter_id, "pass", version=2)

    # The governor is on leave: the deputy acts for them and gets the step.
    delegation = await docs.post("/delegations", headers=people["admin"], json={
        "kind": "acting", "holder_user_id": uid(GOVERNOR), "delegate_user_id": uid(DEPUTY),
        "post_title": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        "starts_at": (bangkok_now() - timedelta(hours=1)).isoformat(),
        "ends_at": (bangkok_now() + timedelta(hours=2)).isoformat()})
    assert delegation.status_code == 201, delegation.text
    try:
        mine = (await docs.get("/review/waiting", headers=people[DEPUTY])).json()
        [item] = [w for w in mine if w["letter_id"] == letter_id]
        assert item["as_delegate_for"]["user_id"] == uid(GOVERNOR)
        signed = await acted(docs, people[DEPUTY], letter_id, "sign", version=2)
    finally:
        await docs.post(f"/delegations/{delegation.json()['delegation_id']}/end", headers=people["admin"])
    assert signed["status"] == "signed" and signed["letter_status"] == "signed"
    [signing] = [a for a in signed["history"] if a["action"] == "signed"]
    assert signing["actor"]["user_id"] == uid(DEPUTY) and signing["on_behalf_of"]["user_id"] == uid(GOVERNOR)
    assert signing["capacity"] == "รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่"
    assert (await docs.post(f"/letters/{letter_id}/review/recall", headers=people[DRAFTER])).status_code == 409

    queue = (await docs.get("/review/to-number", headers=people["clerk"])).json()
    assert letter_id in [q["letter_id"] for q in queue]
    sent = await docs.post(f"/letters/{letter_id}/send", headers=people["clerk"])
    assert sent.status_code == 200, sent.text
    assert sent.json()["signatory_capacity"] == "รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่"

    recipient = await sign_in(str(docs.base_url), f"clerk@{RECIPIENT}")
    received = (await docs.get(f"/letters/{letter_id}", headers=recipient)).json()
    assert received["signatory_name"] == "นายวีระ รักษ์ดี" and received["approved_electronically"] is True
    assert received["signatory_capacity"] == "รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่"
    main = await docs.get(f"/attachments/{sent.json()['main_attachment_id']}/content", headers=people["clerk"])
    text = pdf_checks.without_spaces(arabic_digits("".join(pdf_checks.text_lines(main.content))))
    for expected in ("(นายวีระรักษ์ดี)", "รองผู้ว่าราชการจังหวัดเชียงใหม่", "รักษาราชการแทนผู้ว่าราชการจังหวัดเชียงใหม่",
                     "พฤหัสบดี"):
        assert expected in text, expected


async def test_the_route_is_people_of_the_agency_cleared_for_the_letter(docs, people):
    letter = await draft(docs, people, "หนังสือลับ", by=EXECUTIVE, secrecy=3)  # ลับมาก: the head is cleared for ลับ only
    outsider = await docs.post(f"/letters/{letter['letter_id']}/proposal", headers=people[EXECUTIVE],
                               json={"reviewer_ids": ["u-cm-statistics-clerk"], "signer_id": uid(GOVERNOR)})
    assert outsider.status_code == 422 and outsider.json()["error"]["code"] == "not_in_agency"

    uncleared = await docs.post(f"/letters/{letter['letter_id']}/proposal", headers=people[EXECUTIVE],
                                json={"reviewer_ids": [uid(HEAD)], "signer_id": uid(GOVERNOR)})
    assert uncleared.status_code == 422 and uncleared.json()["error"]["code"] == "not_cleared"


async def test_overlapping_or_backwards_delegations_are_refused(docs, people):
    start = bangkok_now() + timedelta(days=30)
    body = {"kind": "acting", "holder_user_id": uid(EXECUTIVE), "delegate_user_id": uid(HEAD),
            "post_title": "หัวหน้าสำนักงานจังหวัดเชียงใหม่", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(days=5)).isoformat()}
    first = await docs.post("/delegations", headers=people["admin"], json=body)
    assert first.status_code == 201, first.text
    try:
        overlap = await docs.post("/delegations", headers=people["admin"], json={
            **body, "starts_at": (start + timedelta(days=4)).isoformat(),
            "ends_at": (start + timedelta(days=9)).isoformat()})
        assert overlap.status_code == 422 and overlap.json()["error"]["code"] == "delegation_overlaps"
        backwards = await docs.post("/delegations", headers=people["admin"], json={
            **body, "starts_at": (start + timedelta(days=20)).isoformat(), "ends_at": start.isoformat()})
        assert backwards.status_code == 422
        self_set = await docs.post("/delegations", headers=people[HEAD], json=body)
        assert self_set.status_code == 403
    finally:
        await docs.post(f"/delegations/{first.json()['delegation_id']}/end", headers=people["admin"])


async def test_the_drafter_recalls_before_signing_and_the_step_holder_loses_it(docs, people):
    letter = await draft(docs, people, "ดึงกลับ")
    letter_id = letter["letter_id"]
    await docs.post(f"/letters/{letter_id}/proposal", headers=people[DRAFTER],
                    json={"reviewer_ids": [uid(HEAD)], "signer_id": uid(GOVERNOR)})

    recalled = await docs.post(f"/letters/{letter_id}/review/recall", headers=people[DRAFTER])

    assert recalled.status_code == 200 and recalled.json()["status"] == "recalled"
    late = await docs.post(f"/letters/{letter_id}/review/pass", headers=people[HEAD], json={"version": 1})
    assert late.status_code == 409 and late.json()["error"]["code"] == "not_in_review"
    assert letter_id not in [w["letter_id"] for w in (await docs.get("/review/waiting", headers=people[HEAD])).json()]
