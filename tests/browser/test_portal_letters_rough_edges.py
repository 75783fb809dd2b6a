"""The letters pages' rough edges, tried in a real browser as a clerk would: errors beside their fields, routing
that keeps what was typed, a session that runs out mid-letter, Buddhist Era dates with a calendar, urgency marks,
notifications, work counts, accepting many letters at once, closed letters and registers by date range. Each page
is looked at at 1366×768 and 390×844 (screenshots under artifacts/portal/rough-*)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from opensaraban_shared import clock
from opensaraban_shared.thai import arabic_digits, buddhist_year
from tests.browser.portal_pages import LIVE_TIMEOUT_MS, artifact, scrolls_sideways, signed_in_page
from tests.support import DEMO_PASSWORD, send_letter, sign_in, unique_tag

pytestmark = pytest.mark.integration
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SENDER = "clerk@cm-provincial-office"


async def look(page: Page, name: str) -> None:
    """Full-page screenshots at both widths; a phone must never have to scroll sideways."""
    await page.set_viewport_size(DESKTOP)
    await page.screenshot(path=artifact(f"rough-{name}-1366.png"), full_page=True)
    await page.set_viewport_size(PHONE)
    assert not await scrolls_sideways(page), f"{name} scrolls sideways at phone width"
    await page.screenshot(path=artifact(f"rough-{name}-390.png"), full_page=True)
    await page.set_viewport_size(DESKTOP)


async def clerk(browser, services, username: str) -> Page:
    return await signed_in_page(browser, services["portal"], username, **DESKTOP)


async def send_to(services, agency: str, subject: str, **fields) -> dict:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        return await send_letter(client, await sign_in(services["documents"], SENDER), to=[agency], subject=subject,
                                 **fields)


def digits(text: str) -> str:
    return arabic_digits(text)


async def test_errors_are_shown_beside_their_fields_required_ones_are_marked_and_a_refused_file_is_named(
        services, browser):
    page = await clerk(browser, services, SENDER)
    await page.goto("/compose")
    assert await page.locator("label.required, legend.required").count() >= 5, "required fields are not marked"
    await page.get_by_label("ค้นหาหน่วยงานผู้รับ").fill("ลำปาง")
    await page.get_by_role("button", name="เพิ่ม: จังหวัดลำปาง").click()
    await expect(page.get_by_test_id("chosen-recipients")).to_contain_text("จังหวัดลำปาง")
    for label, text in (("เรื่อง", "ทดสอบช่องที่ยังไม่กรอก"), ("เรียน", "ผู้ว่าราชการจังหวัดลำปาง"),
                        ("ข้อความ", "จึงเรียนมาเพื่อโปรดทราบ"), ("ผู้ลงนาม", "นายสมชาย ใจดี"),
                        ("ตำแหน่ง", "ผู้ว่าราชการจังหวัดเชียงใหม่")):
        await page.get_by_label(label, exact=True).fill(text)
    await page.locator("#enclosure-upload").set_input_files(
        {"name": "บันทึกข้อความ.txt", "mimeType": "text/plain", "buffer": b"not an office file\n" * 20})
    problem = page.get_by_test_id("file-problem")
    await expect(problem).to_contain_text("บันทึกข้อความ.txt")
    await expect(problem).to_contain_text("PDF")
    await expect(problem).to_contain_text("MB")
    await page.get_by_label("กำหนดเสร็จ", exact=True).fill("31/02/2569")
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("error-deadline")).to_contain_text("วัน/เดือน/ปี พ.ศ.")
    await page.get_by_label("กำหนดเสร็จ", exact=True).fill("")
    await page.get_by_test_id("send").click()
    await expect(page.get_by_test_id("error-owning_unit")).to_have_text("โปรดกรอกส่วนราชการเจ้าของเรื่อง")
    await expect(page.locator("#owning_unit")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value("ทดสอบช่องที่ยังไม่กรอก")
    await look(page, "compose-errors")


async def test_assigning_without_a_deadline_keeps_the_form_then_a_calendar_day_assigns_and_closing_reads_closed(
        services, browser):
    subject = f"มอบหมายงาน {unique_tag()}"
    letter = await send_to(services, "phrae", subject)
    page = await clerk(browser, services, "clerk@phrae")
    await page.goto(f"/letters/{letter['letter_id']}?delivery={letter['deliveries'][0]['delivery_id']}")
    await expect(page.get_by_test_id("sender")).to_have_text("สำนักงานจังหวัดเชียงใหม่")
    await page.get_by_test_id("accept").click()
    await expect(page.get_by_test_id("delivery-status")).to_have_text("ลงรับแล้ว")
    await page.get_by_text("ส่งต่อ / มอบหมาย", exact=True).first.click()
    form = page.get_by_test_id("route-form")
    await form.get_by_label("มอบหมาย", exact=True).check()
    await form.get_by_label("ถึง", exact=True).select_option(index=1)
    await form.get_by_label("คำสั่งการ / ข้อความ").fill("โปรดดำเนินการและรายงานผล")
    await form.get_by_role("button", name="ส่งต่อ / มอบหมาย").click()
    await expect(page.get_by_test_id("route-error")).to_be_visible()
    await expect(page.get_by_test_id("error-deadline")).to_have_text("การมอบหมายต้องมีกำหนดเสร็จ โปรดกรอกกำหนดเสร็จ")
    await expect(form.get_by_label("คำสั่งการ / ข้อความ")).to_have_value("โปรดดำเนินการและรายงานผล")
    await expect(form.get_by_label("มอบหมาย", exact=True)).to_be_checked()
    await look(page, "assign-kept")

    # The calendar, by keyboard alone: open it, a day later, pick it.
    await page.locator("[data-calendar-for=deadline]").focus()
    await page.keyboard.press("Enter")
    calendar = page.get_by_role("dialog")
    await expect(calendar).to_contain_text("พ.ศ. ")
    await page.keyboard.press("ArrowRight")
    await look(page, "calendar")
    await page.keyboard.press("Enter")
    await expect(calendar).to_have_count(0)
    picked = await page.locator("#deadline").input_value()
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/25\d\d", picked), picked
    await form.get_by_role("button", name="ส่งต่อ / มอบหมาย").click()
    await expect(page.get_by_test_id("notice")).to_be_visible()
    await expect(page.locator(".timeline").first).to_contain_text("มอบหมาย → เจ้าหน้าที่สารบรรณ")

    await page.get_by_role("button", name="เก็บเรื่อง", exact=True).click()
    await expect(page.get_by_test_id("delivery-status")).to_have_text("เก็บเรื่องแล้ว")
    await look(page, "closed")
    await page.goto("/inbox")
    await expect(page.get_by_role("row").filter(has_text=subject)).to_contain_text("เก็บเรื่องแล้ว")

    # The receive register for today only, as CSV: days in พ.ศ., what happened written in การปฏิบัติ.
    today = clock.today()
    typed = f"{today.day}/{today.month}/{buddhist_year(today.year)}"
    await page.goto("/registers")
    register = page.get_by_test_id("register-receive")
    await register.get_by_label("ช่วงวันที่").check()
    await register.get_by_label("ตั้งแต่วันที่", exact=True).fill(typed)
    await register.get_by_label("ถึงวันที่", exact=True).fill(typed)
    await register.get_by_label("รูปแบบ").select_option("csv")
    await look(page, "registers-range")
    async with page.expect_download() as download_info:
        await register.get_by_role("button", name="ส่งออก").click()
    download = await download_info.value
    text = open(await download.path(), encoding="utf-8-sig").read()  # noqa: ASYNC230 - a small local file
    row = next(line for line in text.splitlines() if subject in line)
    assert row.startswith(f"{today.day:02d}/{today.month:02d}/{buddhist_year(today.year)},")
    assert "มอบหมาย เจ้าหน้าที่สารบรรณ" in row and "เก็บเรื่อง" in row


async def test_a_session_that_runs_out_keeps_the_letter_says_why_and_returns_to_the_page(services, browser):
    page = await clerk(browser, services, "clerk@nan")
    await page.goto("/compose")
    subject = f"หนังสือที่พิมพ์ค้างไว้ {unique_tag()}"
    await page.get_by_label("เรื่อง", exact=True).fill(subject)
    await page.get_by_label("ข้อความ", exact=True).fill("ย่อหน้าแรก\nย่อหน้าที่สอง ที่พิมพ์ไว้นาน")
    await page.context.add_cookies([{"name": "opensaraban_session", "value": "ran.out.token",
                                     "url": services["portal"]}])
    await page.get_by_test_id("save-draft").click()
    await expect(page.get_by_test_id("session-expired")).to_contain_text("หมดเวลาการเข้าใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง")
    await look(page, "session-expired")
    await page.get_by_label("ชื่อผู้ใช้").fill("clerk@nan")
    await page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_test_id("form-kept")).to_be_visible()
    await expect(page.get_by_label("เรื่อง", exact=True)).to_have_value(subject)
    await expect(page.get_by_label("ข้อความ", exact=True)).to_have_value("ย่อหน้าแรก\nย่อหน้าที่สอง ที่พิมพ์ไว้นาน")
    await look(page, "form-kept")

    # An inbox left open: its next refresh finds the session gone and takes the whole page to sign in, then back.
    await page.goto("/inbox")
    await page.context.add_cookies([{"name": "opensaraban_session", "value": "ran.out.token",
                                     "url": services["portal"]}])
    await page.evaluate("htmx.trigger('#inbox-rows', 'sse:notification')")
    await expect(page.get_by_test_id("session-expired")).to_be_visible()
    assert "next=/inbox" in page.url.replace("%2F", "/")
    await page.get_by_label("ชื่อผู้ใช้").fill("clerk@nan")
    await page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("หนังสือเข้า")
    assert page.url.endswith("/inbox")


async def test_urgency_marks_notifications_work_counts_and_accepting_many_letters_at_once(services, browser):
    page = await clerk(browser, services, "clerk@lampang")
    await page.goto("/notifications")
    if await page.get_by_test_id("mark-all-read").count():  # start from nothing unread
        await page.get_by_test_id("mark-all-read").click()
    await page.goto("/inbox?status=delivered")
    tag = unique_tag()
    subjects = {level: f"ความเร่งด่วน {level} {tag}" for level in (2, 3, 4)}
    for level, subject in subjects.items():
        await send_to(services, "lampang", subject, urgency=level)
    rows = {level: page.get_by_role("row").filter(has_text=subject) for level, subject in subjects.items()}
    for level, row in rows.items():
        await expect(row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        await expect(row.locator(f".urgency-mark.urgency-{level}")).to_have_text(
            {2: "ด่วน", 3: "ด่วนมาก", 4: "ด่วนที่สุด"}[level])
    await look(page, "inbox-urgency")

    # One notification per letter, all three unread (the badge follows live).
    await expect(page.get_by_test_id("unread-count")).to_have_text("3", timeout=LIVE_TIMEOUT_MS)
    await page.goto("/")
    assert int(digits(await page.get_by_test_id("count-new").inner_text()).rstrip("+")) >= 3
    await expect(page.get_by_test_id("my-agency")).to_have_text("จังหวัดลำปาง")
    await expect(page.get_by_test_id("my-roles")).to_have_text("เจ้าหน้าที่สารบรรณ")
    await expect(page.get_by_test_id("who")).not_to_contain_text("lampang")
    await look(page, "home-counts")

    await page.goto("/inbox?status=delivered")
    await rows[4].get_by_role("link", name=subjects[4]).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(subjects[4])
    await expect(page.get_by_test_id("unread-count")).to_have_text("2")  # opening the letter cleared its own
    await look(page, "letter-urgent")

    await page.goto("/notifications")
    await expect(page.get_by_test_id("notifications").locator("li.unread")).to_have_count(2)
    await look(page, "notifications")
    await page.get_by_test_id("mark-all-read").click()
    await expect(page.get_by_test_id("unread-count")).to_have_count(0)
    await expect(page.get_by_test_id("notice")).to_have_text("ทำเครื่องหมายว่าอ่านแล้วทั้งหมด")

    await page.goto("/inbox?status=delivered")
    for level in (2, 3, 4):
        await rows[level].get_by_test_id("pick").check()
    await page.get_by_test_id("accept-selected").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("ลงรับแล้ว เลขรับที่")
    numbers = [int(n) for n in re.findall(r"\d+", digits(await page.get_by_test_id("notice").inner_text()))]
    assert len(numbers) == 2 and numbers[1] == numbers[0] + 2
    for row in rows.values():
        await expect(row).to_contain_text("ลงรับแล้ว")
    await look(page, "bulk-accepted")

    sender = await clerk(browser, services, SENDER)
    await sender.goto("/sent")
    summary = sender.get_by_role("row").filter(has_text=subjects[2]).get_by_test_id("recipients-summary")
    await expect(summary).to_contain_text(re.compile(r"ลงรับแล้ว [1๑]/[1๑]"))
    await look(sender, "sent-summary")
