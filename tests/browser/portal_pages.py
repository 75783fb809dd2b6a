"""What the portal's browser tests share: a signed-in page at a given width, where screenshots go, and whether
a page fits a phone's width."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from tests.support import ARTIFACTS, DEMO_PASSWORD

LIVE_TIMEOUT_MS = 20_000
PHONE_WIDTH = 390
# The two sizes every page is looked at (and checked for accessibility) at: a government laptop and a phone.
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def artifact(name: str) -> str:
    (ARTIFACTS / "portal").mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / "portal" / name)


async def signed_in_page(browser: Browser, portal: str, username: str, *, width: int = 1280,
                         height: int = 900) -> Page:
    context = await browser.new_context(base_url=portal, viewport={"width": width, "height": height}, locale="th-TH",
                                        accept_downloads=True)
    page = await context.new_page()
    await page.goto("/login")
    await page.get_by_label("ชื่อผู้ใช้").fill(username)
    await page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_test_id("who")).to_have_attribute("data-agency", username.split("@")[1])
    return page


async def scrolls_sideways(page: Page) -> bool:
    return await page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
