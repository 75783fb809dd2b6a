"""The administration screens in a real browser on the real stack, at 1366×768 and 390×844: an agency set up from
empty through the screens only (a province's administrator adds an องค์การมหาชน and its first administrator, who adds
units, people, a distribution list, the letter settings, a default review route and an API key, then revokes it);
every screen drawn at both widths without sideways scrolling; refusals shown beside the field they name with what
was typed kept; accounts suspended, restored and given a new password; the two national province lists; forms used
by keyboard alone; and the screens closed to people who are not administrators. Full-page screenshots go to the
test artifacts (portal/admin-*.png)."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.portal_pages import PHONE_WIDTH, artifact, scrolls_sideways, signed_in_page
from tests.support import DEMO_PASSWORD

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
ADMIN, PROVINCE_ADMIN, NATIONAL_ADMIN = f"admin@{OFFICE}", "admin@cm", "admin@nso"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": PHONE_WIDTH, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def tag() -> str:
    return uuid.uuid4().hex[:6]


async def shot(page: Page, name: str) -> None:
    width = page.viewport_size["width"]
    await page.screenshot(path=artifact(f"admin-{name}-{width}.png"), full_page=True)


async def confirming(page: Page) -> Page:
    """Answers yes to the confirm() questions of suspending, revoking and retiring."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


async def tab_to(page: Page, selector: str, *, limit: int = 80) -> None:
    """Presses Tab until the element `selector` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


async def tick(page: Page, agency_id: str, *, on: bool = True) -> None:
    """Ticks (or unticks) one agency's box in the picker; it must be shown (the filter may hide it)."""
    box = page.get_by_test_id("agency-picker").locator(f"input[value='{agency_id}']")
    await (box.check() if on else box.uncheck())


async def notice(page: Page, text: str) -> None:
    await expect(page.get_by_test_id("notice")).to_contain_text(text)


# --- From empty to an agency at work --------------------------------------------------------------


async def test_an_agency_is_set_up_from_empty_through_the_screens_only(services, browser: Browser):
    started = time.monotonic()
    portal, code = services["portal"], tag()
    agency_id, agency_name = f"t-po-{code}", f"สถาบันทดสอบระบบสารบรรณ {code}"

    # The province's administrator adds a public organisation below the province and its first administrator.
    province = await confirming(await signed_in_page(browser, portal, PROVINCE_ADMIN, **DESKTOP))
    await province.get_by_test_id("admin-link").click()
    await expect(province.get_by_test_id("admin-hub")).to_be_visible()
    await shot(province, "hub")
    await province.get_by_role("link", name="หน่วยงานในสังกัด").first.click()
    await expect(province.get_by_test_id("agencies")).to_contain_text("สำนักงานจังหวัดเชียงใหม่")
    await province.locator("#agency_id").fill(agency_id)
    await province.locator("#kind").select_option(label="องค์การมหาชน")
    await province.locator("#name_th").fill(agency_name)
    await province.locator("#letter_prefix").fill(f"ชม 9{code[:3]}")
    await shot(province, "agencies")
    await province.get_by_test_id("create-agency").click()
    await notice(province, "เพิ่มหน่วยงานแล้ว")
    await expect(province.get_by_role("heading", level=1)).to_contain_text(agency_name)
    await expect(province.locator(".warn-box")).to_contain_text("ยังไม่มีผู้ดูแลระบบ")
    await province.locator("#display_name").fill("นางสาวผู้ดูแล ทดสอบ")
    await expect(province.locator("#username")).to_have_value(f"admin@{agency_id}")
    await province.locator("#password").fill(DEMO_PASSWORD)
    await province.get_by_test_id("create-first-admin").click()
    await notice(province, "เพิ่มผู้ดูแลระบบของหน่วยงานแล้ว")
    await expect(province.get_by_test_id("agency-admins")).to_contain_text(f"admin@{agency_id}")
    await shot(province, "agency")

    # Its administrator takes over: a unit, then people in it.
    admin = await confirming(await signed_in_page(browser, portal, f"admin@{agency_id}", **DESKTOP))
    await admin.goto("/admin/units")
    await expect(admin.get_by_text("ยังไม่มีหน่วยย่อย")).to_be_visible()
    await admin.locator("#name_th").fill("กลุ่มงานบริหารทั่วไป")
    await admin.locator("#letter_suffix").fill("๑")  # typed in Thai digits, kept as 1
    await admin.get_by_test_id("create-unit").click()
    await notice(admin, "เพิ่มหน่วยย่อยแล้ว")
    await expect(admin.get_by_test_id("unit-prefix")).to_have_text(f"ชม 9{code[:3]}.1/…")
    unit_url = admin.url.split("?")[0]

    people = {}
    for key, name, role in (("clerk", "นายสารบรรณ ทดสอบ", "เจ้าหน้าที่สารบรรณ"), ("head", "นางหัวหน้า ทดสอบ", "ผู้บริหาร")):
        await admin.goto("/admin/people")
        await admin.get_by_test_id("new-person").click()
        await admin.locator("#username").fill(f"{key}@{agency_id}")
        await admin.locator("#password").fill(DEMO_PASSWORD)
        await admin.locator("#display_name").fill(name)
        await admin.locator("#position").fill("นักจัดการงานทั่วไป" if key == "clerk" else "ผู้อำนวยการ")
        await admin.locator("#unit_id").select_option(label="กลุ่มงานบริหารทั่วไป")
        await admin.get_by_label(role, exact=True).check()
        if key == "head":
            await admin.locator("#clearance").select_option(label="ลับมาก")
        await shot(admin, f"person-new-{key}")
        await admin.get_by_test_id("create-person").click()
        await notice(admin, "เพิ่มบุคลากรแล้ว")
        people[key] = re.search(r"/admin/people/([^/?]+)", admin.url).group(1)
    await admin.goto("/admin/people")
    await expect(admin.get_by_test_id("people")).to_contain_text("นายสารบรรณ ทดสอบ")
    await expect(admin.get_by_test_id("people")).to_contain_text("ลับมาก")
    await shot(admin, "people")

    # The unit's drafts go up to its head by default.
    await admin.goto(unit_url)
    await admin.locator("#signer_id").select_option(people["head"])
    await admin.get_by_test_id("save-route").click()
    await notice(admin, "บันทึกเส้นทางเสนอตั้งต้นแล้ว")
    await expect(admin.locator("#signer_id")).to_have_value(people["head"])
    await shot(admin, "unit")

    # A distribution list picked from the whole directory by typing part of the names.
    await admin.goto("/admin/lists/new")
    await admin.locator("#name_th").fill("ส่วนราชการที่ประสานงานประจำ")
    await admin.get_by_label("กรองรายชื่อหน่วยงาน").fill("สถิติ")
    await tick(admin, "cm-statistics")
    await admin.get_by_label("กรองรายชื่อหน่วยงาน").fill("ที่ดิน")
    await tick(admin, "cm-land")
    await expect(admin.get_by_test_id("chosen-count")).to_have_text("2")
    await shot(admin, "list-new")
    await admin.get_by_test_id("save-list").click()
    await notice(admin, "บันทึกบัญชีรายชื่อแล้ว (2 หน่วยงาน)")

    # The letter settings, by keyboard alone.
    await admin.goto("/admin/settings")
    await tab_to(admin, "#address_th")
    await admin.keyboard.type("ถนนทดสอบ ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    await tab_to(admin, "#send_after_signing")
    await admin.keyboard.press("Space")
    await tab_to(admin, "#review_reminder_hours")
    await admin.keyboard.type("24")
    await admin.keyboard.press("Enter")
    await notice(admin, "บันทึกการตั้งค่าแล้ว")
    await expect(admin.locator("#send_after_signing")).to_be_checked()
    await expect(admin.locator("#review_reminder_hours")).to_have_value("24")

    # An API key for the agency's own system: shown once, works, then revoked and refused.
    await admin.goto("/admin/api-keys")
    await admin.locator("#name").fill("ระบบสารบรรณเดิมของสถาบัน")
    await admin.get_by_test_id("issue-key").click()
    key = await admin.get_by_test_id("api-key").input_value()
    assert key.startswith("osk_")
    await shot(admin, "key-issued")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        assert (await client.post("/auth/token", json={"api_key": key})).status_code == 200
        await admin.goto("/admin/api-keys")
        await expect(admin.get_by_test_id("api-key")).to_have_count(0)  # never shown again
        await admin.get_by_test_id("revoke-key").click()
        await notice(admin, "ยกเลิก API key แล้ว")
        await expect(admin.get_by_test_id("keys")).to_contain_text("ยกเลิกเมื่อ")
        assert (await client.post("/auth/token", json={"api_key": key})).status_code == 401
    await shot(admin, "keys")

    # The new clerk signs in, in the unit the administrator gave them.
    clerk = await signed_in_page(browser, portal, f"clerk@{agency_id}", **DESKTOP)
    await expect(clerk.get_by_test_id("admin-link")).to_have_count(0)
    seconds = time.monotonic() - started
    Path(artifact("admin-setup-seconds.txt")).write_text(f"{seconds:.1f}\n")  # noqa: ASYNC240 (a few bytes)
    print(f"agency set up from empty through the screens in {seconds:.1f} s")


# --- Every screen at both widths -------------------------------------------------------------------

SCREENS = [
    (ADMIN, "/admin", "ผู้ดูแลระบบ"),
    (ADMIN, "/admin/people", "บุคลากร"),
    (ADMIN, "/admin/people/new", "เพิ่มบุคลากร"),
    (ADMIN, f"/admin/people/u-{OFFICE}-clerk", "เจ้าหน้าที่สารบรรณ"),
    (ADMIN, "/admin/units", "หน่วยย่อย"),
    (ADMIN, f"/admin/units/{OFFICE}.strategy", "กลุ่มงานยุทธศาสตร์"),
    (ADMIN, "/admin/lists", "บัญชีรายชื่อผู้รับ"),
    (ADMIN, "/admin/lists/cm-provincial-offices", "ส่วนราชการประจำจังหวัดเชียงใหม่"),
    (ADMIN, "/admin/api-keys", "API key"),
    (ADMIN, "/admin/settings", "การตั้งค่าหนังสือ"),
    (ADMIN, "/delegations", "รักษาราชการแทน"),
    (PROVINCE_ADMIN, "/admin/agencies", "หน่วยงานในสังกัด"),
    (PROVINCE_ADMIN, f"/admin/agencies/{OFFICE}", "สำนักงานจังหวัดเชียงใหม่"),
    (NATIONAL_ADMIN, "/admin/lists/provinces-without-bangkok", "76 จังหวัด"),
]


@pytest.mark.parametrize("size", SIZES)
async def test_every_administration_screen_fits_both_widths(services, browser: Browser, size: str):
    pages: dict[str, Page] = {}
    for who, path, heading in SCREENS:
        if who not in pages:
            pages[who] = await signed_in_page(browser, services["portal"], who, **SIZES[size])
        page = pages[who]
        response = await page.goto(path)
        assert response.status == 200, path
        await expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        await expect(page.locator(".admin-tabs a[aria-current=page], h1")).not_to_have_count(0)
        name = path.strip("/").replace("/", "-").replace(".", "-") or "root"
        await shot(page, f"screen-{name}")
        assert not await scrolls_sideways(page), f"{path} scrolls sideways at {size} width"
        # Every required field is marked, and every field has a label a screen reader reads out.
        unlabelled = await page.evaluate("""() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
            .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.name || el.id)""")
        assert unlabelled == [], f"{path}: fields without a label: {unlabelled}"
        unmarked = await page.evaluate("""() => [...document.querySelectorAll('main [required]')]
            .filter((el) => !(el.labels && [...el.labels].some((l) => l.classList.contains('required')))).map((el) => el.name)""")
        assert unmarked == [], f"{path}: required fields not marked: {unmarked}"


# --- Refusals beside their field ------------------------------------------------------------------


async def test_refusals_stand_beside_the_field_they_name_and_keep_what_was_typed(services, browser: Browser):
    page = await signed_in_page(browser, services["portal"], ADMIN, **PHONE)

    await page.goto("/admin/people/new")
    await page.locator("#display_name").fill("ผู้ใช้ชื่อซ้ำ")
    await page.locator("#username").fill(f"clerk@{OFFICE}")  # taken
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_label("เจ้าหน้าที่สารบรรณ", exact=True).check()
    await page.get_by_test_id("create-person").click()
    await expect(page.get_by_test_id("error-username")).to_have_text("ชื่อผู้ใช้นี้มีผู้ใช้แล้ว")
    await expect(page.locator("#username")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#display_name")).to_have_value("ผู้ใช้ชื่อซ้ำ")
    await expect(page.get_by_label("เจ้าหน้าที่สารบรรณ", exact=True)).to_be_checked()
    await shot(page, "error-username")

    await page.locator("#display_name").fill("")
    await page.locator("#username").fill(f"short.{tag()}@{OFFICE}")
    await page.locator("#password").fill("สั้นไป")
    await page.get_by_label("เจ้าหน้าที่สารบรรณ", exact=True).uncheck()
    await page.evaluate("document.querySelector('[data-testid=person-form]').noValidate = true")  # the server's checks
    await page.get_by_test_id("create-person").click()
    await expect(page.get_by_test_id("error-display_name")).to_have_text("โปรดกรอกชื่อ-สกุล")
    await expect(page.get_by_test_id("error-password")).to_contain_text("อย่างน้อย 12 ตัวอักษร")
    await expect(page.get_by_test_id("error-roles")).to_have_text("โปรดเลือกบทบาทอย่างน้อยหนึ่งบทบาท")
    await shot(page, "error-person")

    await page.goto("/admin/units")
    await page.locator("#name_th").fill("หน่วยเลขซ้ำ")
    await page.locator("#letter_suffix").fill("2")  # the strategy group's
    await page.get_by_test_id("create-unit").click()
    await expect(page.get_by_test_id("error-letter_suffix")).to_contain_text("เลขต่อท้ายเลขที่หนังสือนี้มีหน่วยย่อยอื่นใช้อยู่")
    await expect(page.locator("#name_th")).to_have_value("หน่วยเลขซ้ำ")
    await page.locator("#letter_suffix").fill("2x")
    await page.get_by_test_id("create-unit").click()
    await expect(page.get_by_test_id("error-letter_suffix")).to_have_text("โปรดตรวจสอบเลขต่อท้ายเลขที่หนังสือ")

    await page.goto("/admin/lists/new")
    await page.locator("#name_th").fill("บัญชีว่าง")
    await page.get_by_test_id("save-list").click()
    await expect(page.get_by_test_id("error-member_agency_ids")).to_contain_text("โปรดเลือกหน่วยงานผู้รับ")
    await expect(page.locator("#name_th")).to_have_value("บัญชีว่าง")

    await page.goto("/admin/settings")
    await page.locator("#review_reminder_hours").fill("0")  # the service allows 1 to 720
    await page.get_by_test_id("save-settings").click()
    await expect(page.get_by_test_id("error-review_reminder_hours")).to_have_text(
        "โปรดตรวจสอบเตือนเมื่อเรื่องค้างที่ผู้ตรวจนานเกิน (ชั่วโมง)")
    await shot(page, "error-settings")


# --- Accounts ---------------------------------------------------------------------------------------


async def test_a_person_is_given_roles_suspended_restored_and_a_new_password(services, browser: Browser):
    page = await confirming(await signed_in_page(browser, services["portal"], ADMIN, **DESKTOP))
    code = tag()
    username, name, new_password = f"p.{code}@{OFFICE}", f"นายทดลอง สิทธิ์ {code}", "รหัสผ่านใหม่-ยาวพอ-2569"
    await page.goto("/admin/people/new")
    await page.locator("#username").fill(username)
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.locator("#display_name").fill(name)
    await page.get_by_label("ผู้ปฏิบัติงาน", exact=True).check()
    await page.get_by_test_id("create-person").click()
    await notice(page, "เพิ่มบุคลากรแล้ว")

    await page.get_by_label("เจ้าหน้าที่สารบรรณ", exact=True).check()
    await page.locator("#clearance").select_option(label="ลับ")
    await page.get_by_test_id("save-access").click()
    await notice(page, "บันทึกสิทธิ์แล้ว")
    docs = services["documents"]
    async with httpx.AsyncClient(base_url=docs, timeout=30) as client:
        signed = (await client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})).json()
        assert sorted(signed["principal"]["roles"]) == ["action_officer", "clerk"]
        assert signed["principal"]["clearance"] == 1

        await page.get_by_test_id("suspend").click()
        await notice(page, "ระงับบัญชีแล้ว")
        await expect(page.get_by_test_id("suspended")).to_be_visible()
        await shot(page, "person-suspended")
        refused = await client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert refused.status_code == 401
        await page.goto("/admin/people")
        await expect(page.get_by_test_id("people")).not_to_contain_text(name)
        await page.get_by_label("แสดงบัญชีที่ระงับแล้วด้วย").check()
        await page.get_by_role("button", name="ค้นหา").click()
        await page.get_by_role("link", name=name).click()
        await page.get_by_test_id("restore").click()
        await notice(page, "เปิดใช้บัญชีอีกครั้งแล้ว")

        await page.locator("#new_password").fill(new_password)
        await page.get_by_test_id("reset-password").click()
        await notice(page, "ตั้งรหัสผ่านใหม่แล้ว")
        old = await client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        new = await client.post("/auth/login", json={"username": username, "password": new_password})
        assert (old.status_code, new.status_code) == (401, 200)

    # An administrator cannot change their own access: the screen says so and offers no button that would.
    await page.goto(f"/admin/people/u-{OFFICE}-admin")
    await expect(page.get_by_text("ท่านเปลี่ยนสิทธิ์หรือระงับบัญชีของตนเองไม่ได้")).to_be_visible()
    await expect(page.get_by_test_id("save-access")).to_be_disabled()
    await expect(page.get_by_test_id("suspend")).to_be_disabled()


# --- The national province lists ------------------------------------------------------------------


async def test_both_province_lists_are_offered_and_a_list_starts_from_another(services, browser: Browser):
    page = await signed_in_page(browser, services["portal"], ADMIN, **PHONE)
    await page.goto("/admin/lists")
    rows = page.get_by_test_id("lists")
    await expect(rows.get_by_role("row").filter(has_text="ทุกจังหวัด (77 จังหวัด)")).to_contain_text("77")
    await expect(rows.get_by_role("row").filter(has_text="76 จังหวัด (ไม่รวมกรุงเทพมหานคร)")).to_contain_text("76")
    await shot(page, "lists")

    # The public list is read only here; a list of our own starts from it, here the 77 provinces without Chiang Mai.
    await page.goto("/admin/lists/all-provinces")
    await expect(page.get_by_test_id("save-list")).to_have_count(0)
    await page.goto("/admin/lists/new?start=all-provinces")
    await expect(page.get_by_test_id("chosen-count")).to_have_text("77")
    await page.locator("#name_th").fill(f"จังหวัดอื่นนอกจากเชียงใหม่ {tag()}")
    await page.get_by_label("กรองรายชื่อหน่วยงาน").fill("เชียงใหม่")
    await tick(page, "cm", on=False)
    await page.get_by_label("แสดงเฉพาะที่เลือก").check()
    await page.get_by_label("กรองรายชื่อหน่วยงาน").fill("")
    await expect(page.get_by_test_id("chosen-count")).to_have_text("76")
    await page.get_by_test_id("save-list").click()  # (a full-page screenshot just before would eat this click)
    await notice(page, "บันทึกบัญชีรายชื่อแล้ว (76 หน่วยงาน)")
    await shot(page, "list-from-another")
    members = await page.get_by_test_id("agency-picker").locator("input:checked").evaluate_all(
        "(boxes) => boxes.map((b) => b.value)")
    assert len(members) == 76 and "cm" not in members and "bangkok" in members


# --- Only administrators -----------------------------------------------------------------------------


async def test_the_administration_screens_are_for_administrators_only(services, browser: Browser):
    clerk = await signed_in_page(browser, services["portal"], f"clerk@{OFFICE}", **DESKTOP)
    await expect(clerk.get_by_test_id("admin-link")).to_have_count(0)
    for path in ("/admin", "/admin/people", "/admin/api-keys", "/admin/agencies"):
        response = await clerk.goto(path)
        assert response.status == 403, path
        await expect(clerk.get_by_test_id("error")).to_have_text("หน้านี้สำหรับผู้ดูแลระบบของหน่วยงานเท่านั้น")
    # An office's administrator has no agencies below it, and a sibling office is not theirs to open.
    admin = await signed_in_page(browser, services["portal"], ADMIN, **DESKTOP)
    await admin.goto("/admin/agencies")
    await expect(admin.get_by_text("ยังไม่มีหน่วยงานในสังกัด")).to_be_visible()
    response = await admin.goto("/admin/agencies/cm-land")
    assert response.status == 403
    await expect(admin.get_by_test_id("error")).to_have_text("ไม่มีสิทธิ์ดำเนินการนี้")
