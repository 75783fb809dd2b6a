"""Letters born digital, through the documents API on the real stack: every kind drafted, previewed, edited and sent,
its main letter printed from its fields, numbered and dated, and read back from the stored PDF with poppler."""

from __future__ import annotations

import uuid

import httpx
import pytest

from opensaraban_shared.thai import arabic_digits
from tests import pdf_checks
from tests.support import minimal_pdf, official_fields, sign_in

pytestmark = pytest.mark.integration

SENDER = "cm-provincial-office"
RECIPIENT = "cm-statistics"

# One realistic letter per kind and subtype, with the fields that kind requires.
SIGNED = {"signatory_name": "นายสมชาย ใจดี", "signatory_position": "ผู้ว่าราชการจังหวัดเชียงใหม่"}
KINDS = {
    ("external", None): {},
    ("internal", None): {"closing": ""},
    ("sealed", None): {"seal_initials": "สจ.", "salutation": "สำนักงานสถิติจังหวัดเชียงใหม่"},
    ("directive", "order"): {**SIGNED, "effective_from": "2027-01-01"},
    ("directive", "regulation"): {**SIGNED, "body": "โดยที่เป็นการสมควรวางระเบียบ\n\nระเบียบนี้ใช้บังคับตั้งแต่วันถัดจากวันประกาศ"},
    ("directive", "bylaw"): SIGNED,
    ("publicity", "announcement"): SIGNED,
    ("publicity", "statement"): {"issue_number": "1"},
    ("publicity", "news"): {"issue_number": "12"},
    ("evidentiary", "certificate"): SIGNED,
    ("evidentiary", "record"): {},
}
# The regulation's forms of a sealed letter and a certificate carry no เรื่อง line; publicity, regulations and
# by-laws carry no number (ที่).
WITHOUT_SUBJECT = {("sealed", None), ("evidentiary", "certificate")}
WITHOUT_NUMBER = {("publicity", "announcement"), ("publicity", "statement"), ("publicity", "news"),
                  ("directive", "regulation"), ("directive", "bylaw")}


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture
async def clerk(services):
    return await sign_in(services["documents"], f"clerk@{SENDER}")


def fields_of(kind: str, subtype: str | None, subject: str) -> dict:
    return {**official_fields(subject), "kind": kind, "subtype": subtype, **KINDS[(kind, subtype)]}


async def created(docs, headers, **body) -> dict:
    response = await docs.post("/letters", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def main_letter_pdf(docs, headers, letter: dict) -> bytes:
    assert letter["main_letter"] == "rendered" and letter["main_attachment_id"]
    assert letter["attachments"][0]["attachment_id"] == letter["main_attachment_id"]
    response = await docs.get(f"/attachments/{letter['main_attachment_id']}/content", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return response.content


async def test_the_form_of_each_kind_lists_its_subtypes_fields_and_required_ones(docs, clerk):
    forms = (await docs.get("/letters/forms", headers=clerk)).json()["kinds"]

    by_kind = {f["kind"]: f for f in forms}
    assert set(by_kind) == {"external", "internal", "sealed", "directive", "publicity", "evidentiary"}
    assert [s["label_th"] for s in by_kind["directive"]["subtypes"]] == ["คำสั่ง", "ระเบียบ", "ข้อบังคับ"]
    assert "owning_unit" in by_kind["external"]["required"] and "seal_initials" in by_kind["sealed"]["fields"]
    assert set(by_kind["external"]["required"]) <= set(by_kind["external"]["fields"])


@pytest.mark.parametrize(("kind", "subtype"), list(KINDS))
async def test_each_kind_is_drafted_previewed_edited_and_sent_with_its_printed_letter(docs, clerk, kind, subtype):
    subject = f"ทดสอบ{kind}{subtype or ''} {uuid.uuid4().hex[:6]}"
    draft = await created(docs, clerk, **fields_of(kind, subtype, subject), recipient_agency_ids=[RECIPIENT])
    assert draft["status"] == "draft" and draft["main_letter"] == "rendered" and draft["main_attachment_id"] is None

    preview = await docs.get(f"/letters/{draft['letter_id']}/preview", headers=clerk)
    assert preview.status_code == 200 and preview.headers["content-type"].startswith("text/html")
    assert subject in arabic_digits(preview.text) and "http://" not in preview.text and "https://" not in preview.text

    edited_subject = subject + " (แก้ไข)"
    edited_body = f"ข้อความที่แก้ไขแล้ว {uuid.uuid4().hex[:6]} จึงเรียนมาเพื่อโปรดทราบ"
    edited = await docs.patch(f"/letters/{draft['letter_id']}", headers=clerk,
                              json={"subject": edited_subject, "body": edited_body})
    assert edited.status_code == 200 and edited.json()["subject"] == edited_subject
    shown = edited_body if (kind, subtype) in WITHOUT_SUBJECT else edited_subject
    printed_draft = await docs.get(f"/letters/{draft['letter_id']}/print.pdf", headers=clerk)
    assert printed_draft.status_code == 200 and printed_draft.content.startswith(b"%PDF")
    draft_text = pdf_checks.without_spaces(arabic_digits("".join(pdf_checks.text_lines(printed_draft.content))))
    assert pdf_checks.without_spaces(shown) in draft_text and "ร่าง" in draft_text

    sent = await docs.post(f"/letters/{draft['letter_id']}/send", headers=clerk)
    assert sent.status_code == 200, sent.text
    letter = sent.json()
    pdf = await main_letter_pdf(docs, clerk, letter)
    text = pdf_checks.without_spaces(arabic_digits("".join(pdf_checks.text_lines(pdf))))
    assert pdf_checks.without_spaces(shown) in text and pdf_checks.without_spaces(edited_body) in text
    if (kind, subtype) not in WITHOUT_NUMBER:
        assert f"ที่{letter['letter_number'].replace(' ', '')}" in text, (letter["letter_number"], text[:200])
    assert "ร่าง" not in text
    assert all(embedded for _, embedded in pdf_checks.embedded_fonts(pdf))


async def test_the_printed_letter_says_who_cites_what_and_whom_it_is_copied_to(docs, clerk):
    subject = f"ขอเชิญประชุมคณะกรรมการ {uuid.uuid4().hex[:6]}"
    letter = await created(docs, clerk, **official_fields(subject), recipient_agency_ids=[RECIPIENT], send=True,
                           reference_text="หนังสือสำนักงานสถิติจังหวัดเชียงใหม่ ที่ ชม 0017.3/45",
                           copies_to=["สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่"], urgency=4)
    lines = pdf_checks.text_lines(await main_letter_pdf(docs, clerk, letter))
    text = pdf_checks.without_spaces("".join(lines))

    assert lines[0].startswith("ด่วนที่สุด")
    for expected in ("อ้างถึง", "สำเนาส่ง", "สำนักงานพัฒนาสังคม", "(นายสมชายใจดี)", "ผู้ว่าราชการจังหวัดเชียงใหม่",
                     "ส่วนราชการเจ้าของเรื่อง" if "ส่วนราชการเจ้าของเรื่อง" in text else "กลุ่มงานยุทธศาสตร์"):
        assert pdf_checks.without_spaces(expected) in text, expected
    assert text.index("เรื่อง") < text.index("เรียน") < text.index("ขอแสดงความนับถือ") < text.index("(นายสมชายใจดี)")


async def test_a_missing_required_field_is_named_in_thai_and_english(docs, clerk):
    fields = {**official_fields("ขาดส่วนราชการเจ้าของเรื่อง"), "owning_unit": ""}
    draft = await created(docs, clerk, **fields, recipient_agency_ids=[RECIPIENT])

    refused = await docs.post(f"/letters/{draft['letter_id']}/send", headers=clerk)

    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "missing_fields" and error["detail"]["missing"] == ["owning_unit"]
    assert "ส่วนราชการเจ้าของเรื่อง" in error["message_th"] and "Unit that owns the matter" in error["message_en"]


async def test_an_unknown_kind_or_subtype_lists_the_allowed_values(docs, clerk):
    subtype = await docs.post("/letters", headers=clerk, json={**fields_of("external", None, "x"),
                                                                "kind": "directive", "subtype": "memo"})
    assert subtype.status_code == 422 and subtype.json()["error"]["detail"]["allowed"] == ["bylaw", "order", "regulation"]

    kind = await docs.post("/letters", headers=clerk, json={**official_fields("x"), "kind": "telegram"})
    assert kind.status_code == 422 and "external" in kind.text


async def test_null_clears_what_may_be_empty_and_is_refused_elsewhere(docs, clerk):
    draft = await created(docs, clerk, **official_fields("ล้างค่า"), recipient_agency_ids=[RECIPIENT],
                          reference_text="หนังสือที่ ชม 0017/1", deadline="2030-01-31T16:30:00+07:00")
    url = f"/letters/{draft['letter_id']}"

    for refused in ({"urgency": None}, {"subject": None}, {"kind": None}):
        response = await docs.patch(url, headers=clerk, json=refused)
        assert response.status_code == 422, (refused, response.text)
    cleared = await docs.patch(url, headers=clerk, json={"reference_text": None, "deadline": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["reference_text"] == "" and cleared.json()["deadline"] is None
    assert (await docs.get(url, headers=clerk)).json()["subject"] == "ล้างค่า"


async def test_a_body_over_its_limit_and_a_wrong_content_type_are_refused(docs, clerk):
    too_long = await docs.post("/letters", headers=clerk, json={**official_fields("ยาวเกิน"), "body": "ก" * 200_001})
    assert too_long.status_code == 422 and "body" in too_long.text

    wrong_type = await docs.post("/letters", headers={**clerk, "content-type": "text/plain"},
                                 content=b"subject=x")
    assert wrong_type.status_code == 415


async def test_an_uploaded_main_letter_and_enclosures_are_named_as_such(docs, clerk):
    uploads = []
    for name in ("หนังสือจากระบบอื่น.pdf", "แบบสำรวจ.pdf", "รายชื่อหน่วยงาน.pdf"):
        response = await docs.post("/attachments", params={"filename": name}, content=minimal_pdf(name), headers=clerk)
        assert response.status_code == 201
        uploads.append(response.json()["attachment_id"])
    main, *enclosures = uploads

    letter = await created(docs, clerk, **official_fields("หนังสือที่ทำจากที่อื่น"), recipient_agency_ids=[RECIPIENT],
                           main_attachment_id=main, attachment_ids=enclosures, send=True)
    assert letter["main_letter"] == "uploaded" and letter["main_attachment_id"] == main
    assert [a["attachment_id"] for a in letter["attachments"]] == uploads

    printed = await created(docs, clerk, **official_fields("สิ่งที่ส่งมาด้วยจากไฟล์แนบ"), attachment_ids=enclosures,
                            recipient_agency_ids=[RECIPIENT], send=True)
    text = pdf_checks.without_spaces("".join(pdf_checks.text_lines(await main_letter_pdf(docs, clerk, printed))))
    assert "สิ่งที่ส่งมาด้วย" in text and "แบบสำรวจ" in text and "รายชื่อหน่วยงาน" in text
    assert [a["attachment_id"] for a in printed["attachments"]][1:] == enclosures


async def test_a_draft_is_deleted_and_a_sent_letter_is_not(services, docs, clerk):
    draft = await created(docs, clerk, **official_fields("ร่างที่ไม่ใช้แล้ว"), recipient_agency_ids=[RECIPIENT])
    assert (await docs.delete(f"/letters/{draft['letter_id']}", headers=clerk)).status_code == 204
    assert (await docs.get(f"/letters/{draft['letter_id']}", headers=clerk)).status_code == 404

    sent = await created(docs, clerk, **official_fields("ส่งแล้วลบไม่ได้"), recipient_agency_ids=[RECIPIENT], send=True)
    refused = await docs.delete(f"/letters/{sent['letter_id']}", headers=clerk)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "letter_not_draft"


async def test_a_reply_cites_the_letter_and_goes_back_to_its_sender(services, docs, clerk):
    original = await created(docs, clerk, **official_fields("ขอข้อมูลสถิติ"), recipient_agency_ids=[RECIPIENT], send=True)
    recipient = await sign_in(services["documents"], f"clerk@{RECIPIENT}")
    [delivery] = original["deliveries"]
    assert (await docs.post(f"/deliveries/{delivery['delivery_id']}/accept", headers=recipient)).status_code == 200

    response = await docs.post(f"/letters/{original['letter_id']}/reply", headers=recipient)

    assert response.status_code == 201, response.text
    reply = response.json()
    assert reply["status"] == "draft" and reply["reply_to_letter_id"] == original["letter_id"]
    assert reply["recipient_agency_ids"] == [SENDER] and reply["subject"] == "ขอข้อมูลสถิติ"
    assert original["letter_number"] in reply["reference_text"] and "สำนักงานจังหวัดเชียงใหม่" in reply["reference_text"]
    stranger = await sign_in(services["documents"], "clerk@cm-energy")
    assert (await docs.post(f"/letters/{original['letter_id']}/reply", headers=stranger)).status_code == 404


async def test_live_preview_lays_out_fields_not_yet_saved(docs, clerk):
    response = await docs.post("/letters/preview", headers=clerk, json={
        "kind": "directive", "subtype": "order", "subject": "แต่งตั้งคณะทำงานสารบรรณอิเล็กทรอนิกส์", "body": "ข้อความ"})

    assert response.status_code == 200 and "แต่งตั้งคณะทำงานสารบรรณอิเล็กทรอนิกส์" in response.text
    assert "คำสั่ง" in response.text


@pytest.fixture
async def letter_settings(services, docs):
    """The sender agency's letter settings as its administrator sets them; put back afterwards."""
    admin = await sign_in(services["documents"], f"admin@{SENDER}")
    url = f"/agencies/{SENDER}/letter-settings"
    before = (await docs.get(url, headers=admin)).json()

    async def put(**changes) -> dict:
        response = await docs.put(url, headers=admin, json={**before, **changes})
        assert response.status_code == 200, response.text
        return response.json()

    yield put
    await docs.put(url, headers=admin, json=before)


async def agency_system(services, docs) -> dict[str, str]:
    admin = await sign_in(services["documents"], f"admin@{SENDER}")
    issued = await docs.post("/auth/api-keys", headers=admin, json={"name": f"ระบบสารบรรณ {uuid.uuid4().hex[:6]}"})
    token = await docs.post("/auth/token", json={"api_key": issued.json()["api_key"]})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def test_an_agency_system_sends_under_its_own_number_only_when_its_agency_allows_it(
        services, docs, clerk, letter_settings):
    system = await agency_system(services, docs)
    number = f"ชม 0017/ระบบ-{uuid.uuid4().hex[:6]}"
    own = {**official_fields("เลขจากระบบของหน่วยงาน"), "recipient_agency_ids": [RECIPIENT], "send": True,
           "letter_number": number, "letter_date": "2026-11-30"}

    refused = await docs.post("/letters", headers=system, json=own)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "own_numbering_not_allowed"

    await letter_settings(own_numbering=True)
    sent = await docs.post("/letters", headers=system, json=own)
    assert sent.status_code == 201, sent.text
    assert sent.json()["letter_number"] == number and sent.json()["letter_date"] == "2026-11-30"
    again = await docs.post("/letters", headers=system, json={**own, "subject": "เลขซ้ำ"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "letter_number_taken"
    by_clerk = await docs.post("/letters", headers=clerk, json={**own, "letter_number": number + "x"})
    assert by_clerk.status_code == 403


async def test_arabic_digits_and_the_address_print_as_the_agency_sets_them(docs, clerk, letter_settings):
    await letter_settings(thai_digits=False, address_th="ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา เชียงใหม่ 50300")
    letter = await created(docs, clerk, **official_fields("ตัวเลขอารบิก"), recipient_agency_ids=[RECIPIENT], send=True)

    text = pdf_checks.without_spaces("".join(pdf_checks.text_lines(await main_letter_pdf(docs, clerk, letter))))

    assert "ถนนโชตนา" in text and "50300" in text
    assert letter["letter_number"].replace(" ", "") in text
    assert not any(c in text for c in "๐๑๒๓๔๕๖๗๘๙")
