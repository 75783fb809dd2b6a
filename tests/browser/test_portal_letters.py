"""The portal in a real browser on the real stack: a clerk sends a letter, the recipient's clerk sees it arrive
without reloading and accepts it, the sender's open page shows the new status; errors, languages, phone width,
keyboard and notifications."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.browser.portal_pages import LIVE_TIMEOUT_MS, PHONE_WIDTH, artifact, scrolls_sideways, signed_in_page
from tests.support import DEMO_PASSWORD, minimal_pdf, official_fields, send_letter, sign_in, unique_tag

# In a browser against the real stack: the servers are needed, like the integration tests'.
pytestmark = pytest.mark.integration


async def compose_and_send(page: Page, subject: str, *, to_search: str, to_name: str) -> None:
    fields = official_fields(subject)
    await page.goto("/compose")
    await page.get_by_label("ค้นหาหน่วยงานผู้รับ").fill(to_search)
    await page.get_by_role("button", name=f"เพิ่ม: {to_name}").click()
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text(to_name)
    await page.get_by_label("ชั้นความเร็ว").select_option("2")
    for label, key in (("เรื่อง", "subject"), ("เรียน", "salutation"), ("ข้อความ", "body"), ("คำลงท้าย", "closing"),
                       ("ผู้ลงนาม", "signatory_name"), ("ตำแหน่ง", "signatory_position"),
                       ("ส่วนราชการเจ้าของเรื่อง", "owning_unit"), ("ติดต่อ", "contact")):
        await page.get_by_label(label, exact=True).fill(fields[key])
    await page.get_by_label("ใช้ไฟล์ที่อัปโหลด (หนังสือที่จัดทำจากที่อื่น)").check()
    await page.get_by_label("ไฟล์หนังสือหลัก").set_input_files(
        {"name": "หนังสือเชิญ.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(subject)})
    await expect(page.get_by_test_id("main-file")).to_contain_text("หนังสือเชิญ.pdf")
    await page.get_by_test_id("send").click()


async def test_clerk_sends_recipient_sees_it_live_accepts_and_sender_sees_the_status(services, browser):
    portal = services["portal"]
    subject = f"ขอเชิญประชุมทดสอบผ่านเว็บ {unique_tag()}"
    sender = await signed_in_page(browser, portal, "clerk@cm-provincial-office")
    recipient = await signed_in_page(browser, portal, "clerk@cm-statistics")
    await recipient.goto("/inbox")
    await recipient.evaluate("window.__notReloaded = true")

    await compose_and_send(sender, subject, to_search="สถิติ", to_name="สำนักงานสถิติจังหวัดเชียงใหม่")
    await expect(sender.get_by_test_id("notice")).to_contain_text("ส่งแล้ว เลขที่")
    number = (await sender.get_by_test_id("letter-number").inner_text()).strip()
    assert number.startswith("ชม ")
    await expect(sender.get_by_test_id("recipients")).to_contain_text("รอลงรับ")
    await sender.screenshot(path=artifact("1-sender-sent.png"), full_page=True)
    await sender.evaluate("window.__notReloaded = true")

    row = recipient.get_by_role("row").filter(has_text=subject)
    await expect(row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    await expect(row).to_contain_text("ด่วน")
    assert await recipient.evaluate("window.__notReloaded === true"), "the inbox page was reloaded"
    await recipient.screenshot(path=artifact("2-recipient-inbox-live.png"), full_page=True)

    await row.get_by_role("link", name=subject).click()
    await expect(recipient.get_by_test_id("print-pdf")).to_have_text("หนังสือเชิญ.pdf")  # the uploaded main letter
    await recipient.get_by_test_id("accept").click()
    await expect(recipient.get_by_test_id("notice")).to_contain_text("ลงรับแล้ว เลขรับที่")
    await expect(recipient.get_by_test_id("delivery-status")).to_have_text("ลงรับแล้ว")
    receipt = (await recipient.get_by_test_id("receipt-number").inner_text()).strip()
    assert receipt.isdigit()
    await recipient.screenshot(path=artifact("3-recipient-accepted.png"), full_page=True)

    status_row = sender.get_by_test_id("recipients").get_by_role("row").filter(has_text="สำนักงานสถิติจังหวัดเชียงใหม่")
    await expect(status_row).to_contain_text("ลงรับแล้ว", timeout=LIVE_TIMEOUT_MS)
    await expect(status_row).to_contain_text(receipt)
    assert await sender.evaluate("window.__notReloaded === true"), "the sender's page was reloaded"
    await sender.screenshot(path=artifact("4-sender-sees-accepted.png"), full_page=True)


async def test_a_letter_without_required_fields_is_refused_with_a_thai_message_and_the_form_kept(services, browser):
    page = await signed_in_page(browser, services["portal"], "clerk@cm-provincial-office")
    await page.goto("/compose")
    await page.get_by_label("ค้นหาหน่วยงานผู้รับ").fill("สถิติ")
    await page.get_by_role("button", name="เพิ่ม: สำนักงานสถิติจังหวัดเชียงใหม่").click()
    # The chip arrives from the server: sending before it does would send no recipient (the test's race, not ours).
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text("สำนักงานสถิติจังหวัดเชียงใหม่")
    await page.get_by_label("เรื่อง", exact=True).fill("หนังสือที่ยังไม่ครบ")
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("error")).to_contain_text("ยังไม่ได้กรอก")
    await expect(page.get_by_test_id("error-body")).to_have_text("โปรดกรอกข้อความ")
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value("หนังสือที่ยังไม่ครบ")
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text("สำนักงานสถิติจังหวัดเชียงใหม่")


async def test_english_switch_and_phone_width(services, browser):
    page = await signed_in_page(browser, services["portal"], "clerk@cm-statistics", width=PHONE_WIDTH)
    await page.goto("/inbox")
    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    await expect(page.get_by_role("link", name="ไทย")).to_be_visible()
    assert not await scrolls_sideways(page), "the page scrolls sideways at phone width"
    await page.screenshot(path=artifact("5-phone-english.png"), full_page=True)
    await page.get_by_role("link", name="ไทย").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("หนังสือเข้า")


async def test_every_page_needs_sign_in_and_returns_there_after(services, browser):
    context = await browser.new_context(base_url=services["portal"])
    page = await context.new_page()
    await page.goto("/inbox")
    assert page.url.endswith("/login?next=/inbox")
    await page.get_by_label("ชื่อผู้ใช้").fill("clerk@cm-statistics")
    await page.get_by_label("รหัสผ่าน").fill("wrong password")
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("หนังสือเข้า")


async def test_keyboard_reaches_a_skip_link_first_and_it_moves_focus_to_the_content(services, browser):
    page = await signed_in_page(browser, services["portal"], "clerk@cm-statistics")
    await page.goto("/inbox")
    await page.keyboard.press("Tab")
    assert (await page.evaluate("document.activeElement.textContent")).strip() == "ข้ามไปยังเนื้อหา"
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "main"


async def test_a_new_letter_raises_the_unread_badge_and_its_notification_opens_the_letter(services, browser):
    page = await signed_in_page(browser, services["portal"], "clerk@cm-agriculture")
    await page.goto("/inbox")
    subject = f"แจ้งเตือนทดสอบ {unique_tag()}"
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        await send_letter(client, await sign_in(services["documents"], "clerk@cm-provincial-office"),
                          to=["cm-agriculture"], subject=subject)
    await expect(page.get_by_test_id("unread-count")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    await page.get_by_test_id("notifications-link").click()
    await page.get_by_test_id("notifications").get_by_role("button").filter(has_text=subject).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(subject)
    await expect(page.get_by_test_id("accept")).to_be_visible()


async def test_an_administrator_opens_the_adoption_dashboard_from_the_portal(services, browser):
    page = await signed_in_page(browser, services["portal"], "admin@cm-provincial-office")
    await page.get_by_test_id("adoption-link").click()
    await page.wait_for_selector("body[data-rendered=true]", timeout=LIVE_TIMEOUT_MS)
    assert "#token=" not in page.url, "the token must leave the address bar"
    await page.screenshot(path=artifact("6-adoption-dashboard.png"), full_page=True)


async def test_a_clerk_is_not_offered_the_dashboard(services, browser):
    page = await signed_in_page(browser, services["portal"], "clerk@cm-statistics")
    await expect(page.get_by_test_id("adoption-link")).to_have_count(0)
