"""Committee meetings in a real browser on the real stack: a member agency's clerk submits an item with a PDF,
the secretariat accepts it, reorders the agenda by keyboard and by drag and drop, previews and publishes it,
downloads the pack, records attendance and minutes, and the agency reports a follow-up action done; a returned
item is revised; a committee is set up; an executive writes an instruction on a letter assigned to them and
closes it. Laptop and phone-width screenshots go to the artifacts."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from docx import Document
from playwright.async_api import Page, expect
from pypdf import PdfReader

from opensaraban_shared import clock
from opensaraban_shared.thai import buddhist_year, thai_digits
from tests import pdf_checks
from tests.browser.accessibility import assert_accessible
from tests.browser.portal_pages import LAPTOP, PHONE, PHONE_WIDTH, artifact, scrolls_sideways, signed_in_page
from tests.integration.meeting_helpers import add_item, blank_pdf, new_committee, new_meeting, open_agenda, squash
from tests.support import minimal_pdf, send_letter, sign_in, unique_tag

# In a browser against the real stack: the servers are needed, like the integration tests'.
pytestmark = pytest.mark.integration

SECRETARIAT = "secretariat@cm-provincial-office"
MEMBER_CLERK = "clerk@cm-statistics"


@pytest.fixture
async def committee(services) -> dict:
    """A committee of the provincial office with member agencies (statistics, land, energy)."""
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        return await new_committee(client, await sign_in(services["documents"], SECRETARIAT))


def in_days(days: int) -> str:
    """The Bangkok day `days` after the business day (the services' clock), as a date field takes it."""
    return (clock.today() + timedelta(days=days)).isoformat()


async def schedule_and_open(page: Page, committee: dict, *, days: int) -> str:
    """The secretariat schedules a meeting from the meetings page and opens its agenda; returns its id."""
    await page.goto("/meetings")
    schedule = page.locator("details.schedule")  # the form opens from the top of the list
    if await schedule.get_attribute("open") is None:
        await schedule.get_by_text("กำหนดการประชุมใหม่").click()
    await page.get_by_label("คณะกรรมการ", exact=True).select_option(committee["committee_id"])
    day = date.fromisoformat(in_days(days))
    await page.get_by_label("วันที่ประชุม").fill(f"{day.day}/{day.month}/{day.year + 543}")  # พ.ศ., as typed
    await page.get_by_label("เวลาเริ่ม").fill("09:30")
    await page.get_by_label("เวลาเลิก (ถ้าทราบ)").fill("12:00")
    await page.get_by_label("ห้องประชุม").fill("ห้องประชุมสุริยัน")
    await page.get_by_label("อาคาร").fill("ศาลากลางจังหวัดเชียงใหม่")
    await page.get_by_role("button", name="กำหนดการประชุม", exact=True).click()
    await expect(page.get_by_test_id("notice")).to_have_text("กำหนดการประชุมแล้ว")
    await thai_number(page, day)
    await page.get_by_role("button", name="เปิดรับเรื่องเสนอเข้าวาระ").click()
    await expect(page.get_by_test_id("meeting-state")).to_have_text("เปิดรับเรื่องเสนอ")
    return page.url.split("/meetings/")[1].split("?")[0]


async def thai_number(page: Page, day: date) -> None:
    """'ครั้งที่ ๑/๒๕๖๙': the meeting number in Thai digits with the Buddhist-Era year of the meeting's `day`, as
    documents print it."""
    printed = await page.get_by_test_id("meeting-number").inner_text()
    number, year = printed.removeprefix("ครั้งที่ ").split("/")
    assert printed.startswith("ครั้งที่ ") and all("๐" <= c <= "๙" for c in number), printed
    assert year == thai_digits(buddhist_year(day.year)), printed


async def submit_item(page: Page, meeting_id: str, title: str, *, file: dict) -> None:
    """A member agency finds the meeting among those open for items and submits one with a PDF."""
    await page.goto("/meetings")
    await page.get_by_role("link", name="เปิดรับเรื่องเสนอ").click()
    await expect(page.get_by_role("link", name="เปิดรับเรื่องเสนอ")).to_have_attribute("aria-current", "page")
    card = page.get_by_test_id("meetings").get_by_role("listitem").filter(
        has=page.locator(f"a[href='/meetings/{meeting_id}']"))
    while not await card.count():  # a long-lived database holds many open meetings: read the list to its end
        shown = page.url
        await page.get_by_role("link", name="การประชุมก่อนหน้า").click()
        await page.wait_for_url(lambda url, before=shown: url != before)
    await card.get_by_role("link", name="เสนอเรื่องเข้าวาระ").click()
    await expect(page.get_by_label("ระเบียบวาระที่")).to_have_value("4")  # for consideration, the usual choice
    await page.get_by_label("ชื่อเรื่อง").fill(title)
    await page.get_by_label("สาระสำคัญ").fill("สำนักงานสถิติจังหวัดขอเสนอผลการสำรวจความพร้อมรัฐบาลดิจิทัล")
    await page.get_by_label("เอกสารประกอบ (PDF)").set_input_files(file)
    await page.get_by_test_id("submit-item").click()


async def draft_titles(page: Page) -> list[str]:
    return await page.locator("#agenda li[data-item] .item-title > a").all_inner_texts()


async def download(page: Page, test_id: str, name: str) -> bytes:
    async with page.expect_download() as started:
        await page.get_by_test_id(test_id).click()
    path = artifact(name)
    await (await started.value).save_as(path)
    return await asyncio.to_thread(Path(path).read_bytes)


async def test_an_item_goes_from_a_member_agency_to_the_published_pack_and_the_minutes(services, browser, committee):
    portal = services["portal"]
    tag = unique_tag()
    ours, theirs = f"แนวทางการใช้ระบบสารบรรณอิเล็กทรอนิกส์ {tag}", f"ผลการสำรวจความพร้อมรัฐบาลดิจิทัล {tag}"
    secretariat = await signed_in_page(browser, portal, SECRETARIAT)
    member = await signed_in_page(browser, portal, MEMBER_CLERK)

    meeting_id = await schedule_and_open(secretariat, committee, days=21)
    await secretariat.get_by_role("link", name="เพิ่มเรื่องเข้าวาระ").click()
    await secretariat.get_by_label("ชื่อเรื่อง").fill(ours)
    await secretariat.get_by_test_id("submit-item").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("เพิ่มเรื่องเข้าวาระแล้ว")

    await submit_item(member, meeting_id, theirs, file={"name": "ผลสำรวจ.pdf", "mimeType": "application/pdf",
                                                        "buffer": blank_pdf(2)})
    await expect(member.get_by_test_id("notice")).to_have_text("เสนอเรื่องแล้ว รอฝ่ายเลขานุการพิจารณา")
    await expect(member.get_by_test_id("my-items")).to_contain_text("รอพิจารณา")
    await member.screenshot(path=artifact("meeting-1-member-submitted.png"), full_page=True)
    await assert_accessible(member)

    await secretariat.goto(f"/meetings/{meeting_id}")
    waiting = secretariat.get_by_test_id("waiting-item").filter(has_text=theirs)
    await expect(waiting).to_contain_text("ผลสำรวจ.pdf")
    await expect(waiting).to_contain_text("สำนักงานสถิติจังหวัดเชียงใหม่")
    await secretariat.screenshot(path=artifact("meeting-2-secretariat-review.png"), full_page=True)
    await assert_accessible(secretariat)
    async with secretariat.context.expect_page() as opened:  # the submitted PDF, read before deciding
        await waiting.get_by_role("link", name="ผลสำรวจ.pdf").click()
    submitted = await opened.value
    response = await secretariat.request.get(submitted.url)
    assert response.headers["content-disposition"].startswith("inline")
    assert len(PdfReader(io.BytesIO(await response.body())).pages) == 2
    await submitted.close()
    await waiting.get_by_role("button", name=f"บรรจุเข้าวาระ: {theirs}").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกผลการพิจารณาแล้ว")
    assert await draft_titles(secretariat) == [ours, theirs]

    # Keyboard: the move button keeps the focus after the list is redrawn, and the new number is announced.
    up = secretariat.get_by_role("button", name=f"เลื่อนขึ้น: {theirs}")
    await up.focus()
    await secretariat.keyboard.press("Enter")
    await expect(secretariat.get_by_test_id("agenda-status")).to_have_text(f'ย้าย "{theirs}" เป็นข้อ ๔.๑ แล้ว')
    assert await draft_titles(secretariat) == [theirs, ours]
    assert await secretariat.evaluate("document.activeElement.getAttribute('aria-label')") == f"เลื่อนขึ้น: {theirs}"

    # Drag and drop: our item's handle dropped on the top of the first item puts it back first.
    handle = secretariat.locator("#agenda li[data-item]").filter(has_text=ours).locator(".handle")
    await handle.drag_to(secretariat.locator("#agenda li[data-item]").filter(has_text=theirs),
                         target_position={"x": 30, "y": 4})
    await expect(secretariat.get_by_test_id("agenda-status")).to_have_text(f'ย้าย "{ours}" เป็นข้อ ๔.๑ แล้ว')
    assert await draft_titles(secretariat) == [ours, theirs]
    await secretariat.screenshot(path=artifact("meeting-3-draft-reordered.png"), full_page=True)
    await assert_accessible(secretariat)

    await secretariat.get_by_role("navigation", name="การประชุม").get_by_role("link", name="ตัวอย่างระเบียบวาระ").click()
    await expect(secretariat.get_by_test_id("printed-agenda")).to_contain_text(f"๔.๑ {ours}")
    await expect(secretariat.get_by_test_id("printed-agenda")).to_contain_text(f"๔.๒ {theirs}")
    await secretariat.screenshot(path=artifact("meeting-4-preview.png"), full_page=True)
    await assert_accessible(secretariat)
    await secretariat.get_by_test_id("publish").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("เผยแพร่ระเบียบวาระแล้ว ฉบับที่ 1")
    await expect(secretariat.get_by_test_id("meeting-state")).to_have_text("เผยแพร่ระเบียบวาระแล้ว")

    pack = await download(secretariat, "download-pdf-1", "meeting-pack.pdf")
    text = squash("".join(pdf_checks.page_texts(pack, raw=True)))
    assert pack.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pack)).pages) >= 3  # agenda + the 2-page PDF
    printed = [squash(thai_digits(title)) for title in (ours, theirs)]  # the pack prints Thai digits
    assert printed[0] in text and printed[1] in text
    assert text.index(printed[0]) < text.index(printed[1]), "the pack follows the reordered agenda"
    docx = await download(secretariat, "download-docx-1", "meeting-agenda.docx")
    assert printed[1] in squash("".join(p.text for p in Document(io.BytesIO(docx)).paragraphs))
    await secretariat.screenshot(path=artifact("meeting-5-published.png"), full_page=True)
    await assert_accessible(secretariat)

    await member.goto(f"/meetings/{meeting_id}")
    await expect(member.get_by_test_id("my-items")).to_contain_text("บรรจุเข้าวาระแล้ว")
    await expect(member.get_by_test_id("printed-agenda")).to_contain_text(f"๔.๒ {theirs}")

    await secretariat.get_by_role("navigation", name="การประชุม").get_by_role("link", name="ผู้มาประชุม").click()
    land = secretariat.get_by_role("group").filter(has_text="นายวิชัย ดินดี")
    await land.get_by_label("ไม่มาประชุม", exact=True).check()
    await land.get_by_label("เหตุที่ไม่มา").fill("ติดราชการ")
    energy = secretariat.get_by_role("group").filter(has_text="นางพรทิพย์ แสงทอง")
    await energy.get_by_label("มาแทน", exact=True).check()
    await energy.get_by_label("ชื่อผู้มาแทน").fill("นายสมศักดิ์ พลังดี")
    await secretariat.get_by_test_id("save-attendance").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกผู้มาประชุมแล้ว")
    await expect(land.get_by_label("เหตุที่ไม่มา")).to_have_value("ติดราชการ")
    await secretariat.screenshot(path=artifact("meeting-6-attendance.png"), full_page=True)
    await assert_accessible(secretariat)
    await secretariat.get_by_test_id("mark-held").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกการประชุมแล้ว")

    await secretariat.get_by_label("ผู้จดรายงานการประชุม").fill("นางสาววิไล ศรีสุข")
    await secretariat.get_by_label("ผู้ตรวจรายงานการประชุม").fill("นายสมชาย ใจดี")
    for title, resolution in ((ours, "ที่ประชุมรับทราบ"), (theirs, "ที่ประชุมเห็นชอบตามที่เสนอ")):
        item = secretariat.get_by_test_id("minutes-item").filter(has_text=title)
        await item.get_by_label("มติที่ประชุม").fill(resolution)
    await secretariat.get_by_test_id("save-minutes").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกรายงานการประชุมแล้ว")
    await expect(secretariat.get_by_test_id("minutes-item").filter(has_text=theirs).get_by_label("มติที่ประชุม")) \
        .to_have_value("ที่ประชุมเห็นชอบตามที่เสนอ")
    await secretariat.screenshot(path=artifact("meeting-7-minutes.png"), full_page=True)
    await assert_accessible(secretariat)
    minutes = await download(secretariat, "minutes-pdf", "meeting-minutes.pdf")
    assert squash("ที่ประชุมเห็นชอบตามที่เสนอ") in squash("".join(pdf_checks.page_texts(minutes, raw=True)))
    # A resolution asks the member agency to act; the agency reports it done from the action's page.
    await secretariat.get_by_label("ตามมติวาระที่").select_option(label=f"๔.๒ {theirs}")
    await secretariat.get_by_label("หน่วยงาน", exact=True).select_option("cm-statistics")
    await secretariat.get_by_label("กำหนดแล้วเสร็จ").fill(in_days(60))
    await secretariat.get_by_label("สิ่งที่ต้องดำเนินการ").fill("จัดทำแผนพัฒนาข้อมูลจังหวัด")
    await secretariat.get_by_role("button", name="มอบหมายงาน").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("มอบหมายงานตามมติแล้ว")
    await member.goto(f"/meetings/{meeting_id}/minutes")
    await member.get_by_test_id("follow-ups").get_by_role("link", name="จัดทำแผนพัฒนาข้อมูลจังหวัด").click()
    await member.get_by_label("ผลการดำเนินงาน").fill("จัดทำแผนแล้วเสร็จ เสนอผู้ว่าราชการจังหวัดลงนามแล้ว")
    await member.get_by_role("button", name="รายงานผลการดำเนินงาน").click()
    await expect(member.get_by_test_id("notice")).to_have_text("รายงานผลแล้ว")
    await expect(member.get_by_test_id("follow-up-status")).to_have_text("ดำเนินการแล้ว")
    await assert_accessible(member)

    await secretariat.get_by_test_id("approve-minutes").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("รับรองรายงานการประชุมแล้ว")
    await expect(secretariat.get_by_test_id("minutes-locked")).to_be_visible()
    await expect(secretariat.get_by_test_id("save-minutes")).to_have_count(0)


async def test_a_returned_item_is_revised_by_its_agency_and_waits_for_review_again(services, browser, committee):
    portal = services["portal"]
    title = f"ขอความเห็นชอบโครงการศูนย์ข้อมูลจังหวัด {unique_tag()}"
    secretariat = await signed_in_page(browser, portal, SECRETARIAT)
    member = await signed_in_page(browser, portal, MEMBER_CLERK, width=PHONE_WIDTH)
    meeting_id = await schedule_and_open(secretariat, committee, days=28)
    await submit_item(member, meeting_id, title, file={"name": "โครงการ.pdf", "mimeType": "application/pdf",
                                                        "buffer": blank_pdf(1)})
    await expect(member.get_by_test_id("notice")).to_be_visible()

    await secretariat.goto(f"/meetings/{meeting_id}")
    waiting = secretariat.get_by_test_id("waiting-item").filter(has_text=title)
    await waiting.locator("summary", has_text="ส่งคืนให้แก้ไข").click()
    await waiting.get_by_label("สิ่งที่ขอให้แก้ไข").fill("โปรดแนบงบประมาณโครงการ")
    await waiting.get_by_role("button", name="ส่งคืนให้แก้ไข").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกผลการพิจารณาแล้ว")

    await member.goto(f"/meetings/{meeting_id}")
    await member.get_by_test_id("my-items").get_by_role("link", name=title).click()
    await expect(member.get_by_test_id("item-status")).to_have_text("ส่งคืนให้แก้ไข")
    await expect(member.get_by_test_id("item-comment")).to_have_text("โปรดแนบงบประมาณโครงการ")
    assert not await scrolls_sideways(member), "the item page scrolls sideways at phone width"
    await member.screenshot(path=artifact("meeting-8-returned-phone.png"), full_page=True)
    await assert_accessible(member)
    await member.get_by_label("ชื่อเรื่อง").fill(f"{title} (ฉบับแก้ไข)")
    await member.get_by_role("button", name="แก้ไขแล้วเสนออีกครั้ง").click()
    await expect(member.get_by_test_id("notice")).to_have_text("แก้ไขเรื่องแล้ว")
    await expect(member.get_by_test_id("item-status")).to_have_text("รอพิจารณา")


async def test_a_file_that_is_not_a_pdf_is_refused_in_the_readers_language_and_the_form_kept(
        services, browser, committee):
    portal = services["portal"]
    secretariat = await signed_in_page(browser, portal, SECRETARIAT)
    member = await signed_in_page(browser, portal, MEMBER_CLERK)
    meeting_id = await schedule_and_open(secretariat, committee, days=35)
    not_pdf = {"name": "บันทึก.txt", "mimeType": "text/plain", "buffer": "ไม่ใช่ PDF".encode()}

    await submit_item(member, meeting_id, "เรื่องที่แนบไฟล์ผิดชนิด", file=not_pdf)
    await expect(member.get_by_test_id("error")).to_have_text("เอกสารประกอบวาระต้องเป็นไฟล์ PDF")
    await expect(member.get_by_label("ชื่อเรื่อง")).to_have_value("เรื่องที่แนบไฟล์ผิดชนิด")

    await member.get_by_role("link", name="English").click()
    await member.get_by_label("Title").fill("An item with the wrong kind of file")
    await member.get_by_label("Supporting documents (PDF)").set_input_files(not_pdf)
    await member.get_by_test_id("submit-item").click()
    await expect(member.get_by_test_id("error")).to_have_text("Agenda attachments must be PDF files")
    await expect(member.get_by_test_id("meeting-number")).to_contain_text("No. ")
    await member.screenshot(path=artifact("meeting-11-english-error.png"), full_page=True)
    await assert_accessible(member)


async def test_the_meeting_pages_fit_a_phone_width(services, browser, committee):
    portal = services["portal"]
    secretariat = await signed_in_page(browser, portal, SECRETARIAT, width=PHONE_WIDTH)
    meeting_id = await schedule_and_open(secretariat, committee, days=42)
    await secretariat.get_by_role("link", name="เพิ่มเรื่องเข้าวาระ").click()
    await secretariat.get_by_label("ชื่อเรื่อง").fill("รายงานความก้าวหน้าการพัฒนาระบบข้อมูลกลางจังหวัด")
    await secretariat.get_by_test_id("submit-item").click()
    for path in ("", "/agenda", "/attendance", "/minutes"):
        await secretariat.goto(f"/meetings/{meeting_id}{path}")
        assert not await scrolls_sideways(secretariat), f"/meetings/…{path} scrolls sideways at phone width"
    await secretariat.goto(f"/meetings/{meeting_id}")
    await secretariat.screenshot(path=artifact("meeting-9-secretariat-phone.png"), full_page=True)
    await assert_accessible(secretariat)
    await secretariat.goto("/meetings")
    assert not await scrolls_sideways(secretariat)
    await secretariat.screenshot(path=artifact("meeting-10-list-phone.png"))  # the top: the list is long
    await assert_accessible(secretariat)


async def test_a_secretariat_sets_up_a_committee_and_its_members_without_leaving_the_portal(services, browser):
    name = f"คณะกรรมการพัฒนาระบบข้อมูลกลางจังหวัด {unique_tag()}"
    page = await signed_in_page(browser, services["portal"], SECRETARIAT)
    await page.goto("/meetings")
    await page.get_by_role("link", name="คณะกรรมการและกรรมการ").click()  # in sight, not inside the schedule form
    await page.get_by_label("ชื่อคณะกรรมการ (ภาษาไทย)").fill(name)
    await page.get_by_label("๖ ระเบียบวาระ", exact=False).check()
    await page.get_by_role("button", name="ตั้งคณะกรรมการ").click()
    await expect(page.get_by_test_id("notice")).to_have_text("ตั้งคณะกรรมการแล้ว เพิ่มกรรมการได้ด้านล่าง")
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await expect(page.get_by_text("ระเบียบวาระที่ ๓ เรื่องสืบเนื่องจากการประชุมครั้งก่อน")).to_be_visible()

    await page.get_by_label("ชื่อ-สกุล").fill("นางสาวสุดา ท่องเที่ยวดี")
    await page.get_by_label("ตำแหน่ง", exact=True).fill("ท่องเที่ยวและกีฬาจังหวัดเชียงใหม่")
    await page.get_by_label("ค้นหาหน่วยงานของกรรมการ (ไม่เลือก = หน่วยงานของฉัน)").fill("ท่องเที่ยว")
    await page.get_by_label("สำนักงานการท่องเที่ยวและกีฬาจังหวัดเชียงใหม่").check()
    await page.get_by_role("button", name="เพิ่มกรรมการ").click()
    await expect(page.get_by_test_id("notice")).to_have_text("เพิ่มกรรมการแล้ว")
    row = page.get_by_test_id("members").get_by_role("row").filter(has_text="นางสาวสุดา ท่องเที่ยวดี")
    await expect(row).to_contain_text("สำนักงานการท่องเที่ยวและกีฬาจังหวัดเชียงใหม่")
    await expect(row).to_contain_text("กรรมการ")
    await page.screenshot(path=artifact("committee-members.png"), full_page=True)
    await assert_accessible(page)

    await page.get_by_role("link", name="กำหนดการประชุมใหม่").click()
    chosen = page.get_by_label("คณะกรรมการ", exact=True)
    await expect(chosen).to_be_visible()
    assert await chosen.evaluate("select => select.selectedOptions[0].textContent") == name


async def test_an_executive_reads_an_assigned_letter_and_its_attachment_writes_an_instruction_and_closes_it(
        services, browser):
    portal = services["portal"]
    subject = f"ขอรายงานผลการดำเนินงานตามนโยบายรัฐบาลดิจิทัล {unique_tag()}"
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        await send_letter(client, await sign_in(services["documents"], MEMBER_CLERK), to=["cm-provincial-office"],
                          subject=subject, pdf=minimal_pdf(subject))

    clerk = await signed_in_page(browser, portal, "clerk@cm-provincial-office")
    await clerk.goto("/inbox")
    await clerk.get_by_role("link", name=subject).click()
    await clerk.get_by_test_id("accept").click()
    await expect(clerk.get_by_test_id("delivery-status")).to_have_text("ลงรับแล้ว")
    await clerk.locator("summary", has_text="ส่งต่อ / มอบหมาย").click()
    await clerk.get_by_label("มอบหมาย", exact=True).check()
    await clerk.get_by_label("ถึง", exact=True).select_option("user:u-cm-provincial-office-executive")
    await clerk.get_by_label("คำสั่งการ / ข้อความ").fill("เพื่อโปรดพิจารณา")
    deadline = clock.today() + timedelta(days=3)  # the letter page takes days as Thai officials write them (พ.ศ.)
    await clerk.get_by_label("กำหนดเสร็จ").fill(f"{deadline.day}/{deadline.month}/{deadline.year + 543}")
    await clerk.get_by_role("button", name="ส่งต่อ / มอบหมาย").click()
    await expect(clerk.get_by_test_id("notice")).to_have_text("ส่งต่อแล้ว")

    executive = await signed_in_page(browser, portal, "executive@cm-provincial-office", width=PHONE_WIDTH)
    await executive.goto("/inbox")
    await executive.get_by_role("link", name=subject).click()
    await expect(executive.get_by_role("heading", level=1)).to_contain_text(subject)
    opened = executive.get_by_test_id("print-pdf")  # the main letter: the PDF the sender uploaded as such
    response = await executive.context.request.get(await opened.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert (await response.body()).startswith(b"%PDF")

    await executive.get_by_label("ข้อความเกษียน").fill("ทราบ มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ")
    await executive.get_by_role("button", name="เกษียนหนังสือ").click()
    await expect(executive.get_by_test_id("notice")).to_have_text("บันทึกเกษียนแล้ว")
    await expect(executive.get_by_test_id("comments")).to_contain_text("ทราบ มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ")
    assert not await scrolls_sideways(executive), "the letter page scrolls sideways at phone width"
    await executive.screenshot(path=artifact("letter-executive-instruction-phone.png"), full_page=True)
    await assert_accessible(executive)
    await executive.get_by_role("button", name="เก็บเรื่อง").click()
    await expect(executive.get_by_test_id("notice")).to_have_text("เก็บเรื่องแล้ว")
    await expect(executive.get_by_role("button", name="เก็บเรื่อง")).to_have_count(0)


# --- changing committees and meetings, and what an agency is told when it submits (issue 20) -----------------

SIZES = {"laptop": LAPTOP, "phone": PHONE}


def accept_dialogs(page: Page) -> None:
    """Confirm the question a form asks before it does something that cannot be undone (data-confirm)."""
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))


async def looked_at(page: Page, name: str) -> None:
    """A full-page screenshot for a person to look at, the page checked by axe-core and for sideways scrolling."""
    await page.screenshot(path=artifact(name), full_page=True)
    await assert_accessible(page)
    assert not await scrolls_sideways(page), f"{page.url} scrolls sideways"


@pytest.mark.parametrize("size", SIZES)
async def test_a_member_leaves_a_committee_and_only_an_unused_committee_can_be_deleted(services, browser, size):
    secretariat = await sign_in(services["documents"], SECRETARIAT)
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        used, unused = await new_committee(client, secretariat), await new_committee(client, secretariat)
        await new_meeting(client, secretariat, used["committee_id"])
    page = await signed_in_page(browser, services["portal"], SECRETARIAT, **SIZES[size])
    accept_dialogs(page)

    await page.goto("/meetings")
    await expect(page.locator("details.schedule")).not_to_have_attribute("open", "")
    await page.get_by_role("link", name="คณะกรรมการและกรรมการ").click()
    await page.get_by_role("link", name=used["name_th"]).click()
    await page.get_by_role("button", name="ให้พ้นจากคณะ: นายวิชัย ดินดี").click()
    await expect(page.get_by_test_id("notice")).to_have_text("กรรมการพ้นจากคณะแล้ว")
    await expect(page.get_by_test_id("members")).not_to_contain_text("นายวิชัย ดินดี")
    await expect(page.get_by_test_id("members")).to_contain_text("นางพรทิพย์ แสงทอง")
    await page.get_by_role("button", name="ลบคณะกรรมการ").click()
    await expect(page.get_by_test_id("delete-error")).to_contain_text("ลบคณะกรรมการนี้ไม่ได้ เพราะมีการประชุมแล้ว")
    await expect(page.get_by_role("heading", level=1)).to_have_text(used["name_th"])
    await looked_at(page, f"committee-in-use-{size}.png")

    await page.goto(f"/committees/{unused['committee_id']}")
    await page.get_by_role("button", name="ลบคณะกรรมการ").click()
    await expect(page.get_by_test_id("notice")).to_have_text("ลบคณะกรรมการแล้ว")
    await expect(page.get_by_role("link", name=unused["name_th"])).to_have_count(0)
    await looked_at(page, f"committee-deleted-{size}.png")


@pytest.mark.parametrize("size", SIZES)
async def test_a_cancelled_meeting_is_marked_for_everyone_and_its_member_agencies_are_told(
        services, browser, committee, size):
    secretariat = await signed_in_page(browser, services["portal"], SECRETARIAT, **SIZES[size])
    member = await signed_in_page(browser, services["portal"], MEMBER_CLERK, **SIZES[size])
    accept_dialogs(secretariat)
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        headers = await sign_in(services["documents"], SECRETARIAT)
        meeting_id = (await new_meeting(client, headers, committee["committee_id"], days=50))["meeting_id"]
        await open_agenda(client, headers, meeting_id)
    reason = f"ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน {unique_tag()}"

    await secretariat.goto(f"/meetings/{meeting_id}")
    await secretariat.locator("summary", has_text="ยกเลิกการประชุม").click()
    await secretariat.get_by_label("เหตุที่ยกเลิก (แจ้งกรรมการทุกคน)").fill(reason)
    await secretariat.get_by_test_id("cancel-meeting").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("ยกเลิกการประชุมแล้ว แจ้งกรรมการแล้ว")
    await expect(secretariat.get_by_test_id("meeting-state")).to_have_text("ยกเลิกการประชุมแล้ว")
    await expect(secretariat.get_by_test_id("cancelled")).to_contain_text(reason)
    await expect(secretariat.get_by_role("button", name="ปิดรับเรื่อง")).to_have_count(0)
    await looked_at(secretariat, f"meeting-cancelled-{size}.png")

    await member.goto("/notifications")
    notices = member.get_by_test_id("notifications")
    notice = notices.get_by_role("button", name=f"ยกเลิกการประชุม {committee['name_th']}")
    for _ in range(20):  # told through the events: notify records it a moment later
        if await notice.count():
            break
        await asyncio.sleep(1)
        await member.reload()
    await notice.first.click()
    await expect(member.get_by_test_id("cancelled")).to_contain_text(reason)
    await expect(member.get_by_test_id("submit-link")).to_have_count(0)
    await looked_at(member, f"meeting-cancelled-member-{size}.png")


@pytest.mark.parametrize("size", SIZES)
async def test_a_submission_deadline_already_past_is_refused_and_the_form_kept(services, browser, committee, size):
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        headers = await sign_in(services["documents"], SECRETARIAT)
        meeting_id = (await new_meeting(client, headers, committee["committee_id"], days=55))["meeting_id"]
    page = await signed_in_page(browser, services["portal"], SECRETARIAT, **SIZES[size])
    day = date.fromisoformat(in_days(-1))
    yesterday = f"{day.day}/{day.month}/{day.year + 543}"  # typed in พ.ศ.

    await page.goto(f"/meetings/{meeting_id}")
    await page.get_by_label("กำหนดส่งเรื่อง").fill(yesterday)
    await page.get_by_role("button", name="เปิดรับเรื่องเสนอเข้าวาระ").click()
    await expect(page.get_by_test_id("error")).to_have_text(
        "กำหนดส่งเรื่อง (submission_deadline) ต้องเป็นเวลาหลังจากนี้ เวลาที่ระบุผ่านไปแล้ว")
    await expect(page.get_by_label("กำหนดส่งเรื่อง")).to_have_value(yesterday)
    await expect(page.get_by_label("กำหนดส่งเรื่อง")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_test_id("meeting-state")).to_have_text("กำหนดการแล้ว")
    await looked_at(page, f"meeting-deadline-past-{size}.png")


@pytest.mark.parametrize("size", SIZES)
async def test_an_agency_not_on_the_committee_is_told_so_when_it_tries_to_submit(services, browser, committee, size):
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        headers = await sign_in(services["documents"], SECRETARIAT)
        meeting_id = (await new_meeting(client, headers, committee["committee_id"], days=56))["meeting_id"]
        await open_agenda(client, headers, meeting_id)
    page = await signed_in_page(browser, services["portal"], "clerk@cm-revenue", **SIZES[size])

    response = await page.goto(f"/meetings/{meeting_id}/submit")
    assert response is not None and response.status == 403
    await expect(page.get_by_role("main")).to_contain_text("หน่วยงานของท่านไม่ได้เป็นกรรมการของคณะนี้")
    await looked_at(page, f"meeting-not-on-committee-{size}.png")
    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_role("main")).to_contain_text("Your agency is not a member of this committee")


@pytest.mark.parametrize("size", SIZES)
async def test_a_member_agency_submits_a_sub_item_under_an_item_on_the_agenda(services, browser, committee, size):
    main_title = f"แผนพัฒนาข้อมูลจังหวัด {unique_tag()}"
    sub_title = f"ผลการสำรวจข้อมูลสถิติประกอบแผน {unique_tag()}"
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        headers = await sign_in(services["documents"], SECRETARIAT)
        meeting_id = (await new_meeting(client, headers, committee["committee_id"], days=57))["meeting_id"]
        await open_agenda(client, headers, meeting_id)
        await add_item(client, headers, meeting_id, section=4, title=main_title)
    member = await signed_in_page(browser, services["portal"], MEMBER_CLERK, **SIZES[size])

    await member.goto(f"/meetings/{meeting_id}/submit")
    await member.get_by_label("เป็นเรื่องย่อยของ (ถ้ามี)").select_option(label=f"๔.๑ {main_title}")
    await member.get_by_label("ชื่อเรื่อง").fill(sub_title)
    await looked_at(member, f"meeting-sub-item-form-{size}.png")
    await member.get_by_test_id("submit-item").click()
    await expect(member.get_by_test_id("notice")).to_have_text("เสนอเรื่องแล้ว รอฝ่ายเลขานุการพิจารณา")

    secretariat = await signed_in_page(browser, services["portal"], SECRETARIAT, **SIZES[size])
    await secretariat.goto(f"/meetings/{meeting_id}")
    await secretariat.get_by_test_id("waiting-item").filter(has_text=sub_title) \
        .get_by_role("button", name=f"บรรจุเข้าวาระ: {sub_title}").click()
    await expect(secretariat.get_by_test_id("notice")).to_have_text("บันทึกผลการพิจารณาแล้ว")
    await member.goto(f"/meetings/{meeting_id}")
    await expect(member.get_by_test_id("my-items")).to_contain_text(f"๔.๑.๑ {sub_title}")
    await looked_at(member, f"meeting-sub-item-{size}.png")


# --- the main forms by keyboard alone ---------------------------------------------------------------------------

MAX_TABS = 120


async def tab_to(page: Page, selector: str) -> None:
    """Tab (never the mouse) until the focus is on the element `selector` names."""
    for _ in range(MAX_TABS):
        await page.keyboard.press("Tab")
        if await page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab from the top of {page.url}")


async def type_into(page: Page, selector: str, text: str) -> None:
    await tab_to(page, selector)
    await page.keyboard.type(text)


@pytest.mark.parametrize("size", SIZES)
async def test_the_committee_meeting_and_submission_forms_work_by_keyboard_alone(services, browser, committee, size):
    name = f"คณะทำงานพัฒนาข้อมูลเปิดภาครัฐ {unique_tag()}"
    page = await signed_in_page(browser, services["portal"], SECRETARIAT, **SIZES[size])

    await page.goto("/committees")
    await tab_to(page, "a[href='#new-committee']")  # past the list of committees, however long
    await page.keyboard.press("Enter")
    await type_into(page, "#name_th", name)
    await tab_to(page, "input[name=agenda_template][value='5_sections']")
    await page.keyboard.press("ArrowDown")  # radios: the arrow moves the choice
    await tab_to(page, "section[aria-labelledby=new-committee] button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("notice")).to_have_text("ตั้งคณะกรรมการแล้ว เพิ่มกรรมการได้ด้านล่าง")
    await expect(page.get_by_text("ระเบียบวาระที่ ๓ เรื่องสืบเนื่องจากการประชุมครั้งก่อน")).to_be_visible()

    await page.goto(f"/meetings?committee={committee['committee_id']}")  # the form opens with the committee chosen
    day = date.fromisoformat(in_days(60))
    await tab_to(page, "#day")
    typed = f"{day.day}/{day.month}/{day.year + 543}"  # day/month/พ.ศ., as the field asks
    await page.keyboard.type(typed)
    await expect(page.locator("#day")).to_have_value(typed)
    await type_into(page, "#room", "ห้องประชุมจันทร์")
    await tab_to(page, "[data-testid=schedule-form] button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("notice")).to_have_text("กำหนดการประชุมแล้ว")
    await tab_to(page, "form[action$='/agenda-step/open'] button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("meeting-state")).to_have_text("เปิดรับเรื่องเสนอ")
    meeting_id = page.url.split("/meetings/")[1].split("?")[0]

    member = await signed_in_page(browser, services["portal"], MEMBER_CLERK, **SIZES[size])
    await member.goto(f"/meetings/{meeting_id}/submit")
    await type_into(member, "#title", "ขอความเห็นชอบชุดข้อมูลเปิดของจังหวัด")
    await type_into(member, "#summary", "เสนอชุดข้อมูลเปิด ๑๒ ชุด")
    await tab_to(member, "[data-testid=submit-item]")
    await member.keyboard.press("Enter")
    await expect(member.get_by_test_id("notice")).to_have_text("เสนอเรื่องแล้ว รอฝ่ายเลขานุการพิจารณา")
