"""Every page the portal's browser tests visit, checked by axe-core at laptop (1366×768) and phone (390×844) width:
no serious or critical violation. The pages hold real data (a letter received and sent, a committee, a meeting open
for items with one submitted), so what axe reads is what a clerk sees. Each area is its own test, so a failure
names the area, then every page and rule in it."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Browser, Page

from tests.browser.accessibility import describe, violations
from tests.browser.portal_pages import signed_in_page
from tests.integration.meeting_helpers import add_item, new_committee, new_meeting, open_agenda, upload_pdf
from tests.support import minimal_pdf, send_letter, sign_in, unique_tag

pytestmark = pytest.mark.integration

WIDTHS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
SECRETARIAT = "secretariat@cm-provincial-office"
OFFICE_CLERK = "clerk@cm-provincial-office"
MEMBER_CLERK = "clerk@cm-statistics"
ADMIN = "admin@cm-provincial-office"
PROVINCE_ADMIN = "admin@cm"
EXECUTIVE = "executive@cm-provincial-office"

# (who, path): {letter}, {sent}, {committee}, {meeting}, {item} are filled from the data the module sets up.
AREAS: dict[str, list[tuple[str, str]]] = {
    "meetings": [
        (SECRETARIAT, "/meetings"), (SECRETARIAT, "/committees"), (SECRETARIAT, "/committees/{committee}"),
        (SECRETARIAT, "/meetings/{meeting}"), (SECRETARIAT, "/meetings/{meeting}/agenda"),
        (SECRETARIAT, "/meetings/{meeting}/attendance"), (SECRETARIAT, "/meetings/{meeting}/minutes"),
        (SECRETARIAT, "/meetings/{meeting}/items/{item}"), (MEMBER_CLERK, "/meetings/{meeting}"),
        (MEMBER_CLERK, "/meetings/{meeting}/submit"), (MEMBER_CLERK, "/meetings/{meeting}/items/{item}"),
    ],
    "letters": [
        (OFFICE_CLERK, "/"), (OFFICE_CLERK, "/inbox"), (OFFICE_CLERK, "/letters/{letter}"), (OFFICE_CLERK, "/compose"),
        (OFFICE_CLERK, "/drafts"), (OFFICE_CLERK, "/review/waiting"), (OFFICE_CLERK, "/review/proposed"),
        (OFFICE_CLERK, "/review/to-number"), (OFFICE_CLERK, "/paper"), (OFFICE_CLERK, "/search"),
        (OFFICE_CLERK, "/registers"), (OFFICE_CLERK, "/notifications"), (MEMBER_CLERK, "/sent"),
        (MEMBER_CLERK, "/sent/{sent}"),
    ],
    "administration": [(ADMIN, "/delegations"), (ADMIN, "/admin"), (ADMIN, "/admin/people"),
                       (ADMIN, "/admin/people/new"), (ADMIN, "/admin/units"), (ADMIN, "/admin/lists"),
                       (ADMIN, "/admin/lists/new"), (ADMIN, "/admin/api-keys"), (ADMIN, "/admin/settings"),
                       (PROVINCE_ADMIN, "/admin/agencies")],
    "signatures": [(EXECUTIVE, "/signing")],
}
CASES = [pytest.param(area, width, id=f"{area}-{width}") for area in AREAS for width in WIDTHS]


@pytest.fixture(scope="module")
async def data(services) -> dict[str, str]:
    """A letter from the statistics office to the provincial office, and a committee meeting of the provincial
    office open for items, with one item the statistics office submitted with a PDF."""
    subject = f"ขอเชิญประชุมคณะทำงานข้อมูลจังหวัด {unique_tag()}"
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        sent = await send_letter(client, await sign_in(services["documents"], MEMBER_CLERK),
                                 to=["cm-provincial-office"], subject=subject, pdf=minimal_pdf(subject))
    secretariat = await sign_in(services["documents"], SECRETARIAT)
    member = await sign_in(services["documents"], MEMBER_CLERK)
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=60) as client:
        committee = await new_committee(client, secretariat)
        meeting = await new_meeting(client, secretariat, committee["committee_id"], days=30)
        await open_agenda(client, secretariat, meeting["meeting_id"])
        upload = await upload_pdf(client, member, meeting["meeting_id"])
        item = await add_item(client, member, meeting["meeting_id"], section=4,
                              title="ขอความเห็นชอบแผนพัฒนาข้อมูลจังหวัด", attachment_ids=[upload["upload_id"]])
    return {"letter": sent["letter_id"], "sent": sent["letter_id"], "committee": committee["committee_id"],
            "meeting": meeting["meeting_id"], "item": item["item_id"]}


async def area_violations(browser: Browser, portal: str, pages: list[tuple[str, str]], data: dict[str, str],
                          viewport: dict[str, int]) -> list[str]:
    """Each page of the area as its user sees it, with what axe found on it."""
    signed_in: dict[str, Page] = {}
    found: list[str] = []
    for who, path in pages:
        if who not in signed_in:
            signed_in[who] = await signed_in_page(browser, portal, who, **viewport)
        page = signed_in[who]
        await page.goto(path.format(**data))
        await page.wait_for_load_state("networkidle")  # the badges and counts htmx loads after the page
        if problems := await violations(page):
            found.append(f"{path} as {who}:\n{describe(problems)}")
    for page in signed_in.values():
        await page.context.close()
    return found


@pytest.mark.parametrize(("area", "width"), CASES)
async def test_every_page_has_no_serious_or_critical_accessibility_violation(services, browser, data, area, width):
    found = await area_violations(browser, services["portal"], AREAS[area], data, WIDTHS[width])
    assert not found, f"{area} pages at {width} width:\n\n" + "\n\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_sign_in_page_has_no_serious_or_critical_accessibility_violation(services, browser, width):
    context = await browser.new_context(base_url=services["portal"], viewport=WIDTHS[width], locale="th-TH")
    page = await context.new_page()
    await page.goto("/login")
    problems = await violations(page)
    await context.close()
    assert not problems, describe(problems)
