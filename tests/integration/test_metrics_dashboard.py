"""The administrators' dashboard in a real headless Chromium (Debian's, installed by `make setup`), with data.

Screenshots are kept as test artifacts in var/test/artifacts/.
"""

from __future__ import annotations

import httpx
import pytest

from tests.metrics_history import Ids, admin_headers, adoption_history, figures_complete, produce
from tests.support import ARTIFACTS, devstack, eventually

pytestmark = pytest.mark.integration

VIEWPORT = {"width": 1400, "height": 1100}


@pytest.fixture(scope="module")
def token(services) -> str:
    env = dict(line.split("=", 1) for line in devstack("env", "metrics").stdout.splitlines() if "=" in line)
    return admin_headers(env["METRICS_AUTH_SECRET"])["Authorization"].removeprefix("Bearer ")


@pytest.fixture(scope="module")
async def history(stack, services, token) -> Ids:
    ids, h = adoption_history()
    await produce(stack["kafka_bootstrap"], h.envelopes)
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10) as client:
        await eventually(lambda: figures_complete(client, ids, {"Authorization": f"Bearer {token}"}),
                         timeout_s=60, what="the metrics service to project the generated history")
    return ids


async def test_the_dashboard_draws_every_chart_with_data(services, history: Ids, token: str, browser):
    page = await browser.new_page(viewport=VIEWPORT, locale="th-TH")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    url = (f"{services['metrics']}/dashboard?fiscal_year={history.fiscal_year}&province_code={history.p1}"
           f"#token={token}")

    await page.goto(url)
    await page.wait_for_selector("body[data-rendered=true]", timeout=20_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "metrics_dashboard_th.png"), full_page=True)

    rendered = await page.evaluate("window.dashboardState.rendered")
    assert rendered["trend"] == 2  # November and January of the province's fiscal year
    assert rendered["mix"] == 3  # A1 and A2 both, A3 paper only
    assert rendered["ranking"] >= 2  # the national ranking holds at least the history's two provinces
    assert rendered["speed"] > 0
    assert rendered["review"] == 15  # A1's review steps: eleven most urgent, three urgent, one normal
    for chart in ("trend", "mix", "ranking", "speed", "review"):
        assert await page.locator(f"#chart-{chart} svg").count() >= 1, chart
    assert await page.text_content("h1") == "แดชบอร์ดการใช้งานระบบไร้กระดาษ"
    assert (await page.text_content("#kpi-rate")).strip() == "88.9 %"  # 24 of 27 letters in p1
    assert (await page.text_content("#kpi-approval")).strip() == "61.5 %"  # 8 of 13 sends in p1
    assert (await page.text_content("#kpi-signature")).strip() == "38.5 %"  # 5 of 13 sends in p1
    assert "token" not in page.url  # the token leaves the address bar at once
    assert errors == []


async def test_the_dashboard_switches_to_english(services, history: Ids, token: str, browser):
    page = await browser.new_page(viewport=VIEWPORT, locale="th-TH")
    await page.goto(f"{services['metrics']}/dashboard?fiscal_year={history.fiscal_year}"
                    f"&province_code={history.p2}#token={token}")
    await page.wait_for_selector("body[data-rendered=true]", timeout=20_000)

    await page.click("#lang")
    await page.wait_for_function("document.documentElement.lang === 'en'")
    await page.wait_for_selector("body[data-rendered=true]", timeout=20_000)

    assert await page.text_content("h1") == "Paper-free adoption dashboard"
    assert await page.text_content("#lang") == "ภาษาไทย"
    assert (await page.text_content("#kpi-rate")).strip() == "71.4 %"  # 5 of 7 letters in p2
    assert (await page.text_content("#kpi-approval")).strip() == "25.0 %"  # 1 of 4 sends in p2
    assert (await page.text_content("#kpi-signature")).strip() == "25.0 %"  # 1 of 4 sends in p2
    await page.screenshot(path=str(ARTIFACTS / "metrics_dashboard_en.png"), full_page=True)


async def test_without_a_token_the_dashboard_says_so(services, browser):
    page = await browser.new_page(viewport=VIEWPORT, locale="th-TH")
    await page.goto(f"{services['metrics']}/dashboard")

    await page.wait_for_function("document.getElementById('status').textContent.length > 0")
    assert "token" in await page.text_content("#status")
