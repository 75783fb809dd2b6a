"""Drafting letters in a real browser on the real stack: a clerk drafts an external letter, an order (คำสั่ง) and an
announcement (ประกาศ), watches the live preview, saves, reopens the draft from the list, edits and sends it; answers
a received letter with อ้างถึง filled in; is told beside the field what is missing, with everything typed kept;
deletes a draft after confirming. Screenshots at 1366×768 and 390×844 go to OPENSARABAN_SCREENSHOTS
(/tmp/portal-png)."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.async_api import FrameLocator, Page, expect

from opensaraban_shared import clock
from opensaraban_shared.thai import format_thai_date
from tests.browser.portal_pages import LIVE_TIMEOUT_MS, PHONE_WIDTH, scrolls_sideways, signed_in_page
from tests.support import minimal_pdf, official_fields, send_letter, sign_in, unique_tag

# In a browser against the real stack: the servers are needed, like the integration tests'.
pytestmark = pytest.mark.integration

SENDER = "clerk@cm-provincial-office"
RECIPIENT = "clerk@cm-statistics"
RECIPIENT_NAME = "สำนักงานสถิติจังหวัดเชียงใหม่"
SCREENSHOTS = Path(os.environ.get("OPENSARABAN_SCREENSHOTS", "/tmp/portal-png"))
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": PHONE_WIDTH, "height": 844}
# Labels of the form's fields for the keys of tests.support.official_fields.
LABELS = {"subject": "เรื่อง", "salutation": "เรียน", "body": "ข้อความ", "closing": "คำลงท้าย",
          "signatory_name": "ผู้ลงนาม", "signatory_position": "ตำแหน่ง", "owning_unit": "ส่วนราชการเจ้าของเรื่อง",
          "contact": "ติดต่อ"}


def screenshot_path(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / name)


def tag() -> str:
    """A word that makes a subject unique and prints as typed (a Latin word with digits keeps its digits)."""
    return f"t{unique_tag()}"


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=screenshot_path(name), full_page=True)


def preview(page: Page) -> FrameLocator:
    return page.frame_locator("[data-testid=preview]")


async def fill(page: Page, fields: dict[str, str]) -> None:
    for key, value in fields.items():
        await page.get_by_label(LABELS[key], exact=True).fill(value)


async def add_recipient(page: Page) -> None:
    await page.get_by_label("ค้นหาหน่วยงานผู้รับ").fill("สถิติ")
    await page.get_by_role("button", name=f"เพิ่ม: {RECIPIENT_NAME}").click()
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text(RECIPIENT_NAME)


async def choose_kind(page: Page, kind: str, subtype: str | None = None) -> None:
    await page.get_by_label("ชนิดของหนังสือ").select_option(label=kind)
    if subtype:
        await page.get_by_label("ประเภทหนังสือ", exact=True).select_option(label=subtype)


async def save_draft(page: Page) -> str:
    """Saves the form as a draft; returns the draft's id from the page it opens on."""
    await page.get_by_test_id("save-draft").click()
    await expect(page.get_by_test_id("notice")).to_have_text("บันทึกร่างแล้ว")
    return re.search(r"/drafts/([0-9a-f-]{36})", page.url).group(1)


async def letter_json(services: dict, username: str, letter_id: str) -> dict:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.get(f"/letters/{letter_id}", headers=await sign_in(services["documents"], username))
        response.raise_for_status()
        return response.json()


async def opens_a_pdf(page: Page, href: str | None) -> None:
    assert href, "no link to the printed letter"
    printed = await page.request.get(href)
    assert printed.ok and printed.headers["content-type"] == "application/pdf", printed.status
    assert (await printed.body()).startswith(b"%PDF")


async def send_and_check(page: Page, services: dict, *, number: re.Pattern[str]) -> dict:
    """Numbers and sends the open form; checks the number's form and the letter date printed in full."""
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("ส่งแล้ว เลขที่")
    printed_number = (await page.get_by_test_id("letter-number").inner_text()).strip()
    assert number.fullmatch(printed_number), printed_number
    letter = await letter_json(services, SENDER, page.url.split("/sent/")[1].split("?")[0])
    assert letter["letter_number"] == printed_number and letter["status"] == "sent"
    expected_date = format_thai_date(date.fromisoformat(letter["letter_date"]), style="full")
    await expect(page.get_by_test_id("letter-date")).to_have_text(expected_date)  # '๕ ธันวาคม ๒๕๖๙'
    return letter


async def test_an_external_letter_is_drafted_previewed_reopened_edited_and_sent(services, browser):
    page = await signed_in_page(browser, services["portal"], SENDER, **DESKTOP)
    subject = f"ขอเชิญประชุมคณะทำงานข้อมูลจังหวัด {tag()}"
    await page.goto("/compose")
    await add_recipient(page)
    await fill(page, official_fields(subject))
    await page.get_by_label("เพิ่มไฟล์สิ่งที่ส่งมาด้วย").set_input_files([
        {"name": "กำหนดการประชุม.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(subject + "1")},
        {"name": "แบบตอบรับ.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(subject + "2")}])
    await expect(page.get_by_test_id("enclosure-files")).to_contain_text("แบบตอบรับ.pdf")
    enclosures = page.get_by_label("สิ่งที่ส่งมาด้วย (ข้อความที่พิมพ์ บรรทัดละรายการ)")
    await expect(enclosures).to_have_value("กำหนดการประชุม\nแบบตอบรับ")
    await expect(preview(page).locator("body")).to_contain_text(subject, timeout=LIVE_TIMEOUT_MS)
    for printed in (r"เรียน\s*ผู้อำนวยการสำนักงานสถิติจังหวัดเชียงใหม่", r"สิ่งที่ส่งมาด้วย\s*๑\.\s*กำหนดการประชุม\s*๒\.\s*แบบตอบรับ",
                    r"\(นายสมชาย ใจดี\)"):
        await expect(preview(page).locator("body")).to_contain_text(re.compile(printed))  # an external letter's parts
    await shot(page, "drafting-1-external-desktop.png")
    draft_id = await save_draft(page)

    # The draft is reached from the list of my drafts and opens in the same form, as saved.
    await page.get_by_role("link", name="ร่างหนังสือของฉัน").click()
    await shot(page, "drafting-0-my-drafts-desktop.png")
    await page.get_by_test_id("drafts").get_by_role("link", name=subject).click()
    assert page.url.endswith(f"/drafts/{draft_id}")
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value(subject)
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text(RECIPIENT_NAME)
    await expect(page.get_by_test_id("enclosure-files")).to_contain_text("กำหนดการประชุม.pdf")
    await expect(enclosures).to_have_value("กำหนดการประชุม\nแบบตอบรับ")
    await enclosures.fill("กำหนดการประชุม ๑ ฉบับ\nแบบตอบรับ ๑ ฉบับ")
    await page.get_by_label("ข้อความ", exact=True).fill("ด้วยจังหวัดจะประชุมคณะทำงาน จึงเรียนมาเพื่อโปรดเข้าร่วมประชุม")
    await expect(preview(page).locator("body")).to_contain_text("กำหนดการประชุม ๑ ฉบับ", timeout=LIVE_TIMEOUT_MS)
    await save_draft(page)
    saved = await letter_json(services, SENDER, draft_id)
    assert saved["enclosures_text"] == "กำหนดการประชุม ๑ ฉบับ\nแบบตอบรับ ๑ ฉบับ"
    assert [a["filename"] for a in saved["attachments"]] == ["กำหนดการประชุม.pdf", "แบบตอบรับ.pdf"]
    assert saved["main_letter"] == "rendered"

    await opens_a_pdf(page, f"/letters/{draft_id}/print.pdf")  # what ดูตัวอย่าง PDF opens once it has saved

    await send_and_check(page, services, number=re.compile(r"ชม \S+/\d+"))
    await opens_a_pdf(page, await page.get_by_test_id("print-pdf").get_attribute("href"))
    await shot(page, "drafting-2-external-sent-desktop.png")


@pytest.mark.parametrize(("kind", "subtype", "value", "viewport", "number"), [
    ("หนังสือสั่งการ", "คำสั่ง", "order", DESKTOP, r"\d+/\d{4}"),  # orders run 1, 2, … each Buddhist Era year
    ("หนังสือประชาสัมพันธ์", "ประกาศ", "announcement", PHONE, r"ชม \S+/\d+"),
], ids=["order", "announcement"])
async def test_an_order_and_an_announcement_are_drafted_edited_and_sent(services, browser, kind, subtype, value,
                                                                        viewport, number):
    page = await signed_in_page(browser, services["portal"], SENDER, **viewport)
    subject = f"{subtype}ทดสอบ {tag()}"
    await page.goto("/compose")
    await choose_kind(page, kind, subtype)
    await expect(page.get_by_label("เรียน", exact=True)).to_have_count(0)  # neither prints an addressee
    await add_recipient(page)
    await page.get_by_label("เรื่อง", exact=True).fill(subject)
    await page.get_by_label("ข้อความ", exact=True).fill("ข้อ ๑ ให้ส่วนราชการถือปฏิบัติ")
    await fill(page, {k: v for k, v in official_fields(subject).items() if k in {"signatory_name", "signatory_position"}})
    if subtype == "คำสั่ง":
        effective = clock.today() + timedelta(days=7)  # typed as Thai officials write it: day/month/พ.ศ.
        await page.get_by_label("ทั้งนี้ ตั้งแต่วันที่", exact=True).fill(
            f"{effective.day}/{effective.month}/{effective.year + 543}")
    body = preview(page).locator("body")
    await expect(body).to_contain_text(subject, timeout=LIVE_TIMEOUT_MS)
    await expect(body).to_contain_text(re.compile(rf"{subtype}\s*สำนักงานจังหวัดเชียงใหม่"))  # the heading
    await expect(body).to_contain_text(re.compile(rf"{'สั่ง' if subtype == 'คำสั่ง' else 'ประกาศ'}\s*ณ\s*วันที่"))
    width = "phone" if viewport["width"] == PHONE_WIDTH else "desktop"
    await shot(page, f"drafting-3-{value}-{width}.png")
    draft_id = await save_draft(page)
    assert not await scrolls_sideways(page), "the form scrolls sideways"

    await expect(page.get_by_label("ประเภทหนังสือ", exact=True)).to_have_value(value)
    await page.get_by_label("เรื่อง", exact=True).fill(subject + " (แก้ไข)")
    await save_draft(page)
    saved = await letter_json(services, SENDER, draft_id)
    assert saved["subject"] == subject + " (แก้ไข)"
    if subtype == "คำสั่ง":
        assert saved["effective_from"] == effective.isoformat()
    letter = await send_and_check(page, services, number=re.compile(number))
    assert letter["subtype"] == value
    await expect(page.get_by_test_id("letter-kind")).to_have_text(f"{kind} · {subtype}")
    await expect(page.locator(".signature")).to_contain_text("นายสมชาย ใจดี")
    await shot(page, f"drafting-4-{value}-sent-{width}.png")


async def test_a_received_letter_is_answered_with_its_reference_filled_in(services, browser):
    subject = f"ขอข้อมูลสถิติประชากร {tag()}"
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        original = await send_letter(client, await sign_in(services["documents"], SENDER), to=["cm-statistics"],
                                     subject=subject)
    page = await signed_in_page(browser, services["portal"], RECIPIENT, **DESKTOP)
    await page.goto("/inbox")
    await page.get_by_role("link", name=subject).click()
    await expect(page.get_by_test_id("letter-date")).to_have_text(
        format_thai_date(date.fromisoformat(original["letter_date"]), style="full"))
    await opens_a_pdf(page, await page.get_by_test_id("print-pdf").get_attribute("href"))
    await expect(page.get_by_test_id("reply")).to_have_count(0)  # answered only once it is registered
    await page.get_by_test_id("accept").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("ลงรับแล้ว")
    await page.get_by_test_id("reply").click()

    await expect(page.get_by_test_id("notice")).to_have_text("สร้างร่างหนังสือตอบแล้ว ตรวจทานแล้วออกเลขและส่ง")
    reference = await page.get_by_label("อ้างถึง", exact=True).input_value()
    assert reference.startswith("หนังสือสำนักงานจังหวัดเชียงใหม่") and original["letter_number"] in reference, reference
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text("สำนักงานจังหวัดเชียงใหม่")
    await expect(preview(page).locator("body")).to_contain_text("อ้างถึง", timeout=LIVE_TIMEOUT_MS)
    await shot(page, "drafting-5-reply-desktop.png")
    answer = official_fields(f"ตอบ{subject}")
    await fill(page, {k: v for k, v in answer.items() if k != "subject"} | {
        "salutation": "ผู้ว่าราชการจังหวัดเชียงใหม่", "owning_unit": "กลุ่มสถิติและสารสนเทศ"})
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("ส่งแล้ว เลขที่")
    sent = await letter_json(services, RECIPIENT, page.url.split("/sent/")[1].split("?")[0])
    assert sent["reply_to_letter_id"] == original["letter_id"] and sent["reference_text"] == reference


async def test_a_missing_required_field_is_named_beside_it_and_what_was_typed_stays(services, browser):
    page = await signed_in_page(browser, services["portal"], SENDER, **PHONE)
    subject = f"หนังสือที่ยังไม่ครบ {tag()}"
    await page.goto("/compose")
    owning_unit = page.get_by_label("ส่วนราชการเจ้าของเรื่อง", exact=True)
    await expect(owning_unit).to_have_attribute("aria-required", "true")
    mark = await page.locator("label[for=owning_unit]").evaluate("l => getComputedStyle(l, '::after').content")
    assert "*" in mark, mark
    await expect(page.get_by_label("อ้างถึง", exact=True)).not_to_have_attribute("aria-required", "true")
    await add_recipient(page)
    await fill(page, {k: v for k, v in official_fields(subject).items() if k != "owning_unit"})
    await page.get_by_label("เพิ่มไฟล์สิ่งที่ส่งมาด้วย").set_input_files(
        {"name": "แผนที่.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(subject)})
    await expect(page.get_by_test_id("enclosure-files")).to_contain_text("แผนที่.pdf")
    await page.get_by_test_id("send").click()

    message = page.locator(".field", has=owning_unit).get_by_test_id("error-owning_unit")
    await expect(message).to_contain_text("โปรดกรอกส่วนราชการเจ้าของเรื่อง")
    await expect(owning_unit).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_test_id("error")).to_contain_text("ส่วนราชการเจ้าของเรื่อง")
    await expect(page.locator("[data-testid^=error-]")).to_have_count(1)  # only the field that is missing
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value(subject)
    await expect(page.get_by_label("ข้อความ", exact=True)).to_have_value(official_fields(subject)["body"])
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text(RECIPIENT_NAME)
    await expect(page.get_by_test_id("enclosure-files")).to_contain_text("แผนที่.pdf")
    assert not await scrolls_sideways(page), "the form scrolls sideways at phone width"
    await message.scroll_into_view_if_needed()
    await shot(page, "drafting-6-missing-field-phone.png")

    await owning_unit.fill("กลุ่มงานยุทธศาสตร์")
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("ส่งแล้ว เลขที่")


async def test_a_draft_is_deleted_only_after_confirming(services, browser):
    page = await signed_in_page(browser, services["portal"], SENDER, **DESKTOP)
    subject = f"ร่างที่จะลบ {tag()}"
    await page.goto("/compose")
    await page.get_by_label("เรื่อง", exact=True).fill(subject)
    draft_id = await save_draft(page)

    page.once("dialog", lambda dialog: dialog.dismiss())
    await page.get_by_test_id("delete-draft").click()
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value(subject)
    assert (await letter_json(services, SENDER, draft_id))["status"] == "draft"

    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_test_id("delete-draft").click()
    await expect(page.get_by_test_id("notice")).to_have_text("ลบร่างแล้ว")
    await expect(page.get_by_role("link", name=subject)).to_have_count(0)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        gone = await client.get(f"/letters/{draft_id}", headers=await sign_in(services["documents"], SENDER))
    assert gone.status_code == 404
