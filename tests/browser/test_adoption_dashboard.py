"""The adoption dashboard as an administrator reaches it from the portal, at laptop and phone width: province names
in the ranking, months in the Buddhist Era on the axis and in the CSV, nothing wider than a phone, a link back to
the portal, and no serious accessibility violation. Screenshots go to the artifacts."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.portal_pages import LAPTOP, LIVE_TIMEOUT_MS, PHONE, artifact, scrolls_sideways, signed_in_page
from tests.support import minimal_pdf, send_letter, sign_in

pytestmark = pytest.mark.integration

SIZES = {"laptop": LAPTOP, "phone": PHONE}
ADMIN = "admin@cm-provincial-office"
THAI_MONTH = r"(ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.)"


@pytest.fixture(scope="module")
async def a_letter_this_year(services) -> None:
    """At least one letter between two Chiang Mai agencies, so the province has a score and the trend a month."""
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        await send_letter(client, await sign_in(services["documents"], "clerk@cm-statistics"),
                          to=["cm-provincial-office"], pdf=minimal_pdf("ทดสอบแดชบอร์ด"))


async def opened_from_the_portal(page: Page) -> None:
    """The administrator's dashboard link, then the figures once the metrics service has projected the letter."""
    await page.get_by_test_id("adoption-link").click()
    for _ in range(30):
        await page.wait_for_selector("body[data-rendered=true]", timeout=LIVE_TIMEOUT_MS)
        if await page.evaluate("window.dashboardState.rendered.ranking") > 0:
            return
        await asyncio.sleep(1)
        await page.get_by_role("button", name=re.compile("แสดงผล|Show")).click()
    raise AssertionError("the ranking stayed empty: the metrics service did not project the letter")


async def svg_texts(page: Page, chart: str) -> list[str]:
    """The words a chart draws (its axis labels, bar labels and legend), as the SVG holds them."""
    return await page.locator(f"{chart} svg text").evaluate_all("texts => texts.map(t => t.textContent)")


@pytest.mark.parametrize("size", SIZES)
async def test_the_dashboard_reads_in_thai_fits_a_phone_and_leads_back_to_the_portal(
        services, browser, a_letter_this_year, size):
    page = await signed_in_page(browser, services["portal"], ADMIN, **SIZES[size])
    await opened_from_the_portal(page)

    provinces = await svg_texts(page, "#chart-ranking")
    assert "จังหวัดเชียงใหม่" in provinces, provinces
    assert "50" not in provinces, provinces  # Chiang Mai's province code, which the ranking used to show
    months = [label for label in await svg_texts(page, "#chart-trend")
              if re.fullmatch(rf"{THAI_MONTH} [๐-๙]{{4}}", label.strip())]
    assert months, "the trend's axis shows no month in the Buddhist Era with Thai digits (e.g. 'ธ.ค. ๒๕๖๙')"
    assert not await scrolls_sideways(page), f"the dashboard is wider than {SIZES[size]['width']} px"
    await page.screenshot(path=artifact(f"dashboard-{size}.png"), full_page=True)
    await assert_accessible(page)

    async with page.expect_download() as started:
        await page.get_by_role("link", name="ส่งทางอิเล็กทรอนิกส์ (CSV)").click()
    path = artifact(f"dashboard-distribution-{size}.csv")
    await (await started.value).save_as(path)
    rows = list(csv.reader(io.StringIO((await asyncio.to_thread(Path(path).read_bytes)).decode("utf-8-sig"))))
    assert rows[0][:2] == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)"]
    assert all(re.fullmatch(rf"{THAI_MONTH} 25\d\d", row[0]) for row in rows[1:]), rows[1:]

    back = page.get_by_role("link", name="← กลับสู่ระบบสารบรรณ")
    await expect(back).to_have_attribute("href", services["portal"].rstrip("/") + "/")
    await back.click()
    await expect(page.get_by_test_id("who")).to_have_attribute("data-agency", "cm-provincial-office")


async def test_the_dashboard_in_english_names_provinces_in_english(services, browser, a_letter_this_year):
    page = await signed_in_page(browser, services["portal"], ADMIN, **LAPTOP)
    await opened_from_the_portal(page)
    await page.get_by_role("button", name="English").click()
    await page.wait_for_function("document.documentElement.lang === 'en'")
    await page.wait_for_selector("body[data-rendered=true]", timeout=LIVE_TIMEOUT_MS)

    await expect(page.locator("#chart-ranking svg")).to_contain_text("Chiang Mai Province")
    await expect(page.get_by_role("link", name="← Back to OpenSaraban")).to_be_visible()
    await page.screenshot(path=artifact("dashboard-english.png"), full_page=True)
    await assert_accessible(page)
