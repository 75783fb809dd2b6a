"""The review chain (เสนอ – ตรวจ – ลงนาม) in a real browser on the real stack: an action officer drafts a most-urgent
letter and proposes it up a three-step route (the strategy group's head, the office's head, then the governor signs),
built out of order and reordered; the group's head passes it; the office's head
returns it; the officer revises it (the changed words are marked) and proposes it again; a page opened before the
revision is refused and reloaded; while the deputy governor acts for the governor (a delegation set on the
delegation screen, dates typed in the Buddhist Era) the deputy signs and the letter says "รักษาราชการแทน …"; the
clerk numbers and sends it from รอออกเลข; the recipient sees who signed and in which capacity, on the page and in
the printed letter. Screenshots at 1366×768 and 390×844 go to OPENSARABAN_SCREENSHOTS (/tmp/chain-png)."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from opensaraban_shared import clock
from opensaraban_shared.thai import format_thai_date, thai_digits
from tests import pdf_checks
from tests.browser.portal_pages import LIVE_TIMEOUT_MS, PHONE_WIDTH, scrolls_sideways, signed_in_page
from tests.browser.test_portal_drafting import add_recipient, fill, preview, tag
from tests.support import official_fields, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
DRAFTER, HEAD, EXECUTIVE = f"officer.strategy@{OFFICE}", f"head.strategy@{OFFICE}", f"executive@{OFFICE}"
GOVERNOR, DEPUTY, CLERK, ADMIN = (f"{who}@{OFFICE}" for who in ("governor", "deputy", "clerk", "admin"))
RECIPIENT = "clerk@cm-statistics"
HEAD_NAME, EXECUTIVE_NAME = "นางสาวพิมพ์ชนก ศรีสุข", "หัวหน้าสำนักงานจังหวัดเชียงใหม่"
GOVERNOR_NAME, DEPUTY_NAME = "นายสมชาย ใจดี", "นายวีระ รักษ์ดี"
GOVERNOR_POST = "ผู้ว่าราชการจังหวัดเชียงใหม่"
CAPACITY = f"รักษาราชการแทน {GOVERNOR_POST}"
SCREENSHOTS = Path(os.environ.get("OPENSARABAN_SCREENSHOTS", "/tmp/chain-png"))
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": PHONE_WIDTH, "height": 844}
REVISED_BODY = ("ด้วยสำนักงานจังหวัดเชียงใหม่ขอเชิญท่านเข้าร่วมประชุมในวันพฤหัสบดีที่ ๑๕ มกราคม ๒๕๗๐ "
                "จึงเรียนมาเพื่อโปรดเข้าร่วมประชุม")


def screenshot_path(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / name)


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=screenshot_path(name), full_page=True)


async def add_to_route(page: Page, search: str, name: str) -> None:
    await page.get_by_label("ค้นหาผู้ตรวจหรือผู้ลงนาม (ชื่อหรือตำแหน่ง)").fill(search)
    await page.get_by_role("button", name=f"เพิ่มในเส้นทาง: {name}", exact=True).click()
    await expect(page.get_by_test_id("route-builder")).to_contain_text(name)


async def route_names(page: Page) -> list[str]:
    return [n.strip() for n in await page.locator("#route .who strong").all_inner_texts()]


async def open_from_queue(page: Page, queue: str, subject: str) -> None:
    await page.goto(f"/review/{queue}")
    await page.get_by_test_id(f"queue-{queue}").get_by_role("link", name=subject).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(subject)


async def step_says(page: Page, position: int, state: str, *texts: str) -> None:
    step = page.get_by_test_id(f"step-{position}")
    await expect(step.get_by_test_id("step-state")).to_have_text(state)
    for text in texts:
        await expect(step).to_contain_text(text)


async def end_governor_delegations(services: dict) -> None:
    """A delegation left by an earlier run would overlap the one this test sets on the screen."""
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        admin = await sign_in(services["documents"], ADMIN)
        for d in (await client.get("/delegations", headers=admin)).json():
            if d["holder"]["user_id"] == f"u-{OFFICE}-governor" and d["ended_at"] is None:
                await client.post(f"/delegations/{d['delegation_id']}/end", headers=admin)


def be_day(days_from_today: int, *, thai: bool = False) -> str:
    day = clock.today() + timedelta(days=days_from_today)
    typed = f"{day.day}/{day.month}/{day.year + 543}"
    return thai_digits(typed) if thai else typed


async def test_a_letter_goes_up_the_chain_comes_back_is_revised_and_is_signed_by_the_acting_deputy(services, browser):
    subject = f"ขอเชิญประชุมคณะทำงานข้อมูลจังหวัด {tag()}"
    portal = services["portal"]

    # The action officer drafts a most-urgent letter and builds the route, out of order first, then reorders it.
    drafter = await signed_in_page(browser, portal, DRAFTER, **DESKTOP)
    await drafter.goto("/compose")
    await expect(drafter.get_by_test_id("send")).to_have_count(0)  # an action officer proposes; clerks send
    await add_recipient(drafter)
    await fill(drafter, official_fields(subject))
    await drafter.get_by_label("ชั้นความเร็ว").select_option(label="ด่วนที่สุด")
    await add_to_route(drafter, "ผู้ว่าราชการ", GOVERNOR_NAME)
    await add_to_route(drafter, "พิมพ์ชนก", HEAD_NAME)
    await add_to_route(drafter, "หัวหน้าสำนักงาน", EXECUTIVE_NAME)
    await add_to_route(drafter, "พิมพ์ชนก", HEAD_NAME)  # twice: kept once
    assert await route_names(drafter) == [GOVERNOR_NAME, HEAD_NAME, EXECUTIVE_NAME]
    for _ in range(2):
        await drafter.get_by_role("button", name=f"เลื่อนลง: {GOVERNOR_NAME}").click()
    assert await route_names(drafter) == [HEAD_NAME, EXECUTIVE_NAME, GOVERNOR_NAME]
    await expect(drafter.locator("#route li").last.locator(".as-sign")).to_be_visible()  # the last person signs
    await expect(drafter.locator("#route li").first.locator(".as-review")).to_be_visible()
    await expect(preview(drafter).locator("body")).to_contain_text(subject, timeout=LIVE_TIMEOUT_MS)
    await drafter.get_by_label("ข้อความเสนอ (ถ้ามี)").fill("เรียนเสนอเพื่อโปรดพิจารณา")
    await drafter.get_by_test_id("route-builder").scroll_into_view_if_needed()
    await shot(drafter, "review-0-propose-desktop.png")
    await drafter.get_by_test_id("propose").click()

    await expect(drafter.get_by_test_id("notice")).to_have_text("เสนอแล้ว")
    letter_id = re.search(r"/letters/([0-9a-f-]{36})/review", drafter.url).group(1)
    await expect(drafter.get_by_test_id("urgency")).to_have_text("ด่วนที่สุด")
    await step_says(drafter, 1, "กำลังพิจารณา", HEAD_NAME)
    await step_says(drafter, 3, "รอ", GOVERNOR_NAME, "ลงนาม")
    await expect(drafter.get_by_test_id("recall")).to_be_visible()
    await expect(drafter.get_by_test_id("my-turn")).to_have_count(0)
    await expect(drafter.frame_locator("[data-testid=preview]").locator("body")).to_contain_text(subject)
    await shot(drafter, "review-1-proposed-desktop.png")

    # The group's head, on her phone: counted on the home page, passes it with a note. A second page she opened
    # now stays behind, to be used after the draft changes.
    head = await signed_in_page(browser, portal, HEAD, **PHONE)
    await expect(head.get_by_test_id("home-waiting").locator(".badge")).to_be_visible()
    stale = await head.context.new_page()
    await stale.goto(f"/letters/{letter_id}/review")
    await open_from_queue(head, "waiting", subject)
    await expect(head.get_by_test_id("urgency")).to_have_text("ด่วนที่สุด")
    await head.get_by_label("ความเห็น (ถ้ามี)").fill("เห็นควรเสนอ")
    await shot(head, "review-2-head-turn-phone.png")
    assert not await scrolls_sideways(head), "the review page scrolls sideways on a phone"
    await head.get_by_test_id("pass").click()
    await expect(head.get_by_test_id("notice")).to_have_text("ผ่านแล้ว ส่งต่อขั้นถัดไป")
    await step_says(head, 1, "ผ่าน", "เห็นควรเสนอ", format_thai_date(clock.today(), style="short", thai_digits=False))
    await step_says(head, 2, "กำลังพิจารณา", EXECUTIVE_NAME)

    # The office's head returns it to the drafter with a comment.
    executive = await signed_in_page(browser, portal, EXECUTIVE, **DESKTOP)
    await open_from_queue(executive, "waiting", subject)
    await executive.get_by_test_id("open-return").click()
    await expect(executive.get_by_label("ส่งกลับไปยัง")).to_have_value("0")
    await executive.get_by_label("สิ่งที่ขอให้แก้ไข").fill("ขอระบุวันประชุมให้ชัดเจน")
    await executive.get_by_test_id("return").click()
    await expect(executive.get_by_test_id("notice")).to_have_text("ส่งกลับแก้ไขแล้ว")
    await expect(executive.get_by_test_id("review-status")).to_have_text("ส่งกลับแก้ไข")

    # The drafter sees where it is, revises it and proposes it again along the same route.
    await drafter.goto("/review/proposed")
    await expect(drafter.get_by_test_id("queue-proposed")).to_contain_text(subject)
    await drafter.get_by_test_id("queue-proposed").get_by_role("link", name=subject).click()
    await drafter.get_by_test_id("edit-draft").click()
    await expect(drafter.get_by_test_id("sent-back")).to_contain_text("ขอระบุวันประชุมให้ชัดเจน")
    assert await route_names(drafter) == [HEAD_NAME, EXECUTIVE_NAME, GOVERNOR_NAME]
    await drafter.get_by_label("ข้อความ", exact=True).fill(REVISED_BODY)
    await drafter.get_by_test_id("propose").click()
    await expect(drafter.get_by_test_id("notice")).to_have_text("เสนอแล้ว")
    diff = drafter.get_by_test_id("diff-body")
    await expect(diff.locator("ins")).to_contain_text(["พฤหัสบดี"])
    await expect(diff.locator("del")).to_contain_text(["พิจารณา"])
    assert await diff.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert await diff.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    await drafter.get_by_test_id("diff").scroll_into_view_if_needed()
    await shot(drafter, "review-3-revised-diff-desktop.png")

    # The page the group's head opened before the revision is refused and reloaded with the new version.
    await stale.get_by_test_id("pass").click()
    await expect(stale.get_by_test_id("notice")).to_contain_text("ร่างหนังสือถูกแก้ไขหลังจากท่านเปิดอ่าน")
    await stale.get_by_test_id("pass").click()
    await expect(stale.get_by_test_id("notice")).to_have_text("ผ่านแล้ว ส่งต่อขั้นถัดไป")
    await executive.goto(f"/letters/{letter_id}/review")
    await executive.get_by_test_id("pass").click()
    await expect(executive.get_by_test_id("notice")).to_have_text("ผ่านแล้ว ส่งต่อขั้นถัดไป")

    # The governor goes on leave: the administrator sets the deputy to act for him, dates typed in พ.ศ.
    await end_governor_delegations(services)
    admin = await signed_in_page(browser, portal, ADMIN, **DESKTOP)
    await admin.locator("nav").get_by_role("link", name="รักษาราชการแทน", exact=True).click()
    await admin.get_by_label("รักษาราชการแทน", exact=True).check()
    await admin.get_by_label("ผู้ดำรงตำแหน่ง").select_option(f"u-{OFFICE}-governor")
    await admin.get_by_label("ผู้รักษาราชการแทน / ผู้ปฏิบัติราชการแทน").select_option(f"u-{OFFICE}-deputy")
    await admin.get_by_label("ตำแหน่งที่รักษาราชการแทน / ปฏิบัติราชการแทน").fill(GOVERNOR_POST)
    await admin.get_by_label(re.compile("^ตั้งแต่วันที่")).fill(be_day(0, thai=True))
    await admin.get_by_label(re.compile("^ถึงวันที่")).fill(be_day(-1))  # before the start
    await admin.get_by_test_id("create-delegation").click()
    await expect(admin.get_by_test_id("error-ends_on")).to_have_text("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น")
    await expect(admin.get_by_label(re.compile("^ตั้งแต่วันที่"))).to_have_value(be_day(0, thai=True))
    await admin.get_by_label(re.compile("^ถึงวันที่")).fill(be_day(3))
    await admin.get_by_test_id("create-delegation").click()
    await expect(admin.get_by_test_id("notice")).to_have_text("บันทึกการมอบหมายแล้ว")
    await expect(admin.get_by_test_id("delegations-active")).to_contain_text(DEPUTY_NAME)
    await shot(admin, "review-4-delegations-desktop.png")

    # The deputy, on his phone, finds it waiting as the governor's stand-in and signs it.
    deputy = await signed_in_page(browser, portal, DEPUTY, **PHONE)
    await deputy.goto("/review/waiting")
    row = deputy.get_by_test_id("queue-waiting").locator("tr", has_text=subject)
    await expect(row.get_by_test_id("as-delegate")).to_have_text(f"แทน {GOVERNOR_NAME}")
    await shot(deputy, "review-5-deputy-waiting-phone.png")
    await row.get_by_role("link", name=subject).click()
    await expect(deputy.get_by_test_id("acting-for")).to_contain_text(GOVERNOR_NAME)
    await step_says(deputy, 3, "กำลังพิจารณา", GOVERNOR_NAME, DEPUTY_NAME)
    await shot(deputy, "review-6-deputy-sign-phone.png")
    assert not await scrolls_sideways(deputy), "the review page scrolls sideways on a phone"
    await deputy.get_by_test_id("sign").click()
    await expect(deputy.get_by_test_id("notice")).to_have_text("ลงนามแล้ว")
    await step_says(deputy, 3, "ลงนามแล้ว", DEPUTY_NAME, CAPACITY)
    await expect(deputy.get_by_test_id("recall")).to_have_count(0)
    await expect(deputy.frame_locator("[data-testid=preview]").locator("body")).to_contain_text(CAPACITY)

    # The clerk numbers and sends it from รอออกเลข.
    clerk = await signed_in_page(browser, portal, CLERK, **DESKTOP)
    await clerk.goto("/review/to-number")
    to_number = clerk.get_by_test_id("queue-to-number").locator("tr", has_text=subject)
    await expect(to_number.get_by_test_id("urgency")).to_have_text("ด่วนที่สุด")
    await shot(clerk, "review-7-to-number-desktop.png")
    await to_number.get_by_test_id("number-and-send").click()
    await expect(clerk.get_by_test_id("notice")).to_contain_text("ส่งแล้ว เลขที่")

    # The leave ends early, on the same screen.
    admin.once("dialog", lambda dialog: dialog.accept())
    await admin.get_by_test_id("delegations-active").locator("tr", has_text=DEPUTY_NAME).get_by_test_id(
        "end-delegation").click()
    await expect(admin.get_by_test_id("notice")).to_have_text("สิ้นสุดการมอบหมายแล้ว")

    # The recipient sees who signed and in which capacity, on the page and in the printed letter.
    recipient = await signed_in_page(browser, portal, RECIPIENT, **DESKTOP)
    await recipient.goto("/inbox")
    await recipient.get_by_role("link", name=subject).click()
    await expect(recipient.get_by_test_id("signatory")).to_have_text(DEPUTY_NAME)
    await expect(recipient.get_by_test_id("signatory-capacity")).to_have_text(CAPACITY)
    printed = await recipient.request.get(await recipient.get_by_test_id("print-pdf").get_attribute("href"))
    text = pdf_checks.without_spaces("\n".join(pdf_checks.text_lines(await printed.body())))
    assert pdf_checks.without_spaces(DEPUTY_NAME) in text and pdf_checks.without_spaces(CAPACITY) in text, text
    await shot(recipient, "review-8-recipient-desktop.png")
