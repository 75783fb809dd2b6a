"""Digital signatures in a real browser on the real stack. A new executive sets a signing PIN on ลายมือชื่อ
อิเล็กทรอนิกส์ (a key made in their SoftHSM2 token, a certificate from the test PKI) and uploads the image of their
handwritten signature (a file that is not an image is refused beside the field); signs a proposed letter with a wrong
PIN (refused beside the PIN field) and then the right one; the recipient sees ✔ in the inbox and on the letter
(signer, CA, time, timestamp), accepts it and downloads the stamped copy, which poppler's pdfsig finds carrying two
valid signatures. A second letter whose check says it was changed after signing shows the warning; checking again
really verifies it again; the one-click report returns it to its sender with a reason naming the verdict.
Full-page screenshots at 1366×768 and 390×844 go to artifacts/portal/signing-*.png."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from opensaraban_shared.thai import thai_digits
from tests import pdf_checks
from tests.browser.portal_pages import LIVE_TIMEOUT_MS, PHONE_WIDTH, artifact, scrolls_sideways, signed_in_page
from tests.signing_flow import proposed, sent_by_clerk, signature_png
from tests.support import DEMO_PASSWORD, eventually, sign_in, unique_tag

pytestmark = pytest.mark.integration

OFFICE, RECIPIENT_AGENCY = "cm-provincial-office", "cm-statistics"
RECIPIENT = f"clerk@{RECIPIENT_AGENCY}"
PIN = "735190"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": PHONE_WIDTH, "height": 844}


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def nss(stack, tmp_path_factory) -> Path:
    return pdf_checks.nss_trusting(Path(stack["pki"]["root_certificate"]), tmp_path_factory.mktemp("nss"))


async def new_executive(docs) -> tuple[str, str, str]:
    """A new executive of the office (user id, username, display name): demo executives sign without certificates
    in other tests, so this one starts with none."""
    admin = await sign_in(str(docs.base_url), f"admin@{OFFICE}")
    suffix = unique_tag()
    name = f"นายลงนาม ผ่านเว็บ{suffix}"
    created = await docs.post("/users", headers=admin, json={
        "username": f"websigner{suffix}@{OFFICE}", "display_name": name,
        "position": "รองผู้ว่าราชการจังหวัดเชียงใหม่", "roles": ["executive"], "password": DEMO_PASSWORD})
    assert created.status_code == 201, created.text
    return created.json()["user_id"], f"websigner{suffix}@{OFFICE}", name


async def checked_on_arrival(docs, letter_id: str) -> dict:
    receiver = await sign_in(str(docs.base_url), RECIPIENT)

    async def checked() -> dict | None:
        items = (await docs.get("/inbox", headers=receiver, params={"limit": 50})).json()["items"]
        item = next((i for i in items if i["letter_id"] == letter_id), None)
        return item if item and item["signature_verdict"] else None

    return await eventually(checked, timeout_s=60, what="the recipient's signature check")


async def shoot(page: Page, name: str) -> None:
    await page.screenshot(path=artifact(f"signing-{name}.png"), full_page=True)
    if page.viewport_size and page.viewport_size["width"] == PHONE_WIDTH:
        assert not await scrolls_sideways(page), f"{name} scrolls sideways on a phone"


async def at_both_widths(browser: Browser, portal: str, username: str, path: str, name: str,
                         desktop: Page) -> None:
    """The page `desktop` shows, also at a phone's width (signed in as the same person), both screenshotted."""
    await shoot(desktop, f"{name}-desktop")
    phone = await signed_in_page(browser, portal, username, **PHONE)
    await phone.goto(path)
    await shoot(phone, f"{name}-phone")
    await phone.context.close()


async def sign_with(page: Page, pin: str) -> None:
    await page.get_by_label("รหัส PIN ลงนาม").fill(pin)
    await page.get_by_test_id("sign").click()


async def test_an_executive_enrolls_signs_with_the_pin_and_the_recipient_verifies_accepts_and_gets_the_stamped_copy(
        services, browser, docs, nss):
    portal = services["portal"]
    signer_id, username, signer_name = await new_executive(docs)
    signer = await signed_in_page(browser, portal, username, **DESKTOP)

    # ลายมือชื่ออิเล็กทรอนิกส์, from the menu: no certificate yet, so the PIN form (with why the PIN matters).
    await signer.get_by_test_id("signing-link").click()
    await expect(signer.get_by_test_id("not-enrolled")).to_be_visible()
    await expect(signer.get_by_test_id("certificate")).to_contain_text("ระบบไม่เก็บรหัส PIN")
    await shoot(signer, "1-not-enrolled-desktop")
    await signer.get_by_label("รหัส PIN ลงนาม").fill(PIN)
    await signer.get_by_label("ยืนยันรหัส PIN อีกครั้ง").fill("735199")
    await signer.get_by_test_id("enroll").click()
    await expect(signer.get_by_test_id("error-pin_confirm")).to_have_text("รหัส PIN ทั้งสองช่องไม่ตรงกัน")
    await expect(signer.get_by_label("ยืนยันรหัส PIN อีกครั้ง")).to_have_attribute("aria-invalid", "true")
    await signer.get_by_label("รหัส PIN ลงนาม").fill(PIN)
    await signer.get_by_label("ยืนยันรหัส PIN อีกครั้ง").fill(PIN)
    await signer.get_by_test_id("enroll").click()
    await expect(signer.get_by_test_id("notice")).to_have_text("ออกใบรับรองสำหรับลงนามแล้ว")
    await expect(signer.get_by_test_id("cert-issuer")).to_contain_text("OpenSaraban Test Issuing CA")
    await expect(signer.get_by_test_id("cert-subject")).to_contain_text(signer_name)
    credential = (await docs.get("/signing/credential", headers=await sign_in(str(docs.base_url), username))).json()
    await expect(signer.get_by_test_id("cert-serial")).to_have_text(credential["serial"])
    await expect(signer.get_by_test_id("cert-valid-until")).to_contain_text(str(int(credential["not_after"][:4]) + 543))

    # The handwritten signature: a file that is not an image is refused beside the field, a PNG is shown.
    await signer.get_by_label("เลือกไฟล์ภาพ").set_input_files(
        {"name": "ลายเซ็น.png", "mimeType": "image/png", "buffer": b"not an image at all " * 20})
    await signer.get_by_test_id("upload-image").click()
    await expect(signer.get_by_test_id("error-image")).to_be_visible()
    await expect(signer.get_by_test_id("no-image")).to_be_visible()
    await signer.get_by_label("เลือกไฟล์ภาพ").set_input_files(
        {"name": "ลายเซ็น.png", "mimeType": "image/png", "buffer": signature_png()})
    await signer.get_by_test_id("upload-image").click()
    await expect(signer.get_by_test_id("notice")).to_have_text("บันทึกภาพลายมือชื่อแล้ว")
    preview = signer.get_by_test_id("image-preview")
    await expect(preview).to_be_visible()
    assert await preview.evaluate("img => img.decode().then(() => img.naturalWidth)") == 360
    await at_both_widths(browser, portal, username, "/signing", "2-enrolled", signer)

    # The letter proposed to them: a wrong PIN is refused beside the PIN field, nothing signed; the right one signs.
    subject = f"ขอเชิญประชุมลงนามผ่านเว็บ {unique_tag()}"
    letter_id = await proposed(docs, signer_id, subject)
    await signer.goto(f"/letters/{letter_id}/review")
    # The PDF they sign, opened from the page: the letter as laid out for them, its number and date still blank.
    link = signer.get_by_test_id("signing-copy")
    await expect(link).to_have_text("เปิดฉบับที่จะลงนาม (PDF)")
    copy = await signer.request.get(await link.get_attribute("href"))
    assert copy.ok and copy.headers["content-type"] == "application/pdf"
    assert thai_digits(subject) in " ".join(pdf_checks.text_lines(await copy.body()))
    pin_field = signer.get_by_label("รหัส PIN ลงนาม")
    await expect(pin_field).to_have_attribute("type", "password")
    await expect(pin_field).to_have_attribute("autocomplete", "off")
    await sign_with(signer, "000000")
    await expect(signer.get_by_test_id("error-pin")).to_contain_text("ไม่ถูกต้อง")
    await expect(signer.get_by_label("รหัส PIN ลงนาม")).to_have_attribute("aria-invalid", "true")
    await expect(signer.get_by_test_id("review-status")).to_have_text("อยู่ระหว่างเสนอ")
    await shoot(signer, "3-wrong-pin-desktop")
    phone_signer = await signed_in_page(browser, portal, username, **PHONE)
    await phone_signer.goto(f"/letters/{letter_id}/review")
    await sign_with(phone_signer, "111111")
    await expect(phone_signer.get_by_test_id("error-pin")).to_contain_text("ไม่ถูกต้อง")
    await shoot(phone_signer, "3-wrong-pin-phone")
    await phone_signer.context.close()
    await sign_with(signer, PIN)
    await expect(signer.get_by_test_id("notice")).to_have_text("ลงนามแล้ว")
    await sent_by_clerk(docs, letter_id)

    # The recipient: ✔ in the inbox, and on the letter who signed, with which CA, when, timestamped.
    item = await checked_on_arrival(docs, letter_id)
    assert item["signature_verdict"] == "valid"
    recipient = await signed_in_page(browser, portal, RECIPIENT, **DESKTOP)
    await recipient.goto("/inbox")
    row = recipient.get_by_role("row").filter(has_text=subject)
    await expect(row.get_by_test_id("signature-verdict")).to_have_text("✔ ลายมือชื่อถูกต้อง", timeout=LIVE_TIMEOUT_MS)
    await at_both_widths(browser, portal, RECIPIENT, "/inbox", "4-inbox", recipient)
    await row.get_by_role("link", name=subject).click()
    check = recipient.get_by_test_id("signature-check")
    await expect(check.get_by_test_id("signature-verdict").first).to_have_text("✔ ลายมือชื่อถูกต้อง")
    first = check.get_by_test_id("signature-1")
    await expect(first.get_by_test_id("signer")).to_contain_text(signer_name)
    await expect(first.get_by_test_id("issuer")).to_contain_text("OpenSaraban Test Issuing CA")
    await expect(first.get_by_test_id("signed-at")).to_contain_text(re.compile(r"25[6-9]\d \d\d\.\d\d น\."))
    await expect(first.get_by_test_id("timestamped")).to_contain_text("มีตราประทับเวลา")
    await expect(recipient.get_by_test_id("report-invalid")).to_have_count(0)  # nothing to report
    await recipient.get_by_test_id("check-again").click()
    await expect(recipient.get_by_test_id("notice")).to_have_text("ตรวจลายมือชื่ออีกครั้งแล้ว")
    await expect(check.get_by_test_id("signature-verdict").first).to_have_text("✔ ลายมือชื่อถูกต้อง")

    # ลงรับ: the recipient's copy is the stamped one, and both its signatures verify with a tool we did not write.
    await recipient.get_by_test_id("accept").click()
    await expect(recipient.get_by_test_id("notice")).to_contain_text("ลงรับแล้ว เลขรับที่")
    await expect(recipient.get_by_test_id("stamped-copy")).to_be_visible()
    await at_both_widths(browser, portal, RECIPIENT, recipient.url.removeprefix(portal), "5-accepted", recipient)
    async with recipient.expect_download() as download:
        await recipient.get_by_test_id("download-stamped").click()
    stamped = await asyncio.to_thread(Path(await (await download.value).path()).read_bytes)
    signatures = pdf_checks.pdfsig(stamped, nss)
    assert len(signatures) == 2, signatures
    assert all(s["Signature Validation"] == "Signature is Valid." for s in signatures), signatures
    assert all(s["Certificate Validation"] == "Certificate is Trusted." for s in signatures), signatures


async def test_a_letter_whose_check_failed_shows_the_warning_and_is_reported_invalid_in_one_click(
        services, stack, browser, docs):
    portal = services["portal"]
    signer_id, username, _ = await new_executive(docs)
    signer = await sign_in(str(docs.base_url), username)
    assert (await docs.post("/signing/enrollment", headers=signer, json={"pin": PIN})).status_code == 201
    subject = f"หนังสือที่ถูกแก้ไขหลังลงนาม {unique_tag()}"
    letter_id = await proposed(docs, signer_id, subject)
    signed = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 1, "pin": PIN})
    assert signed.status_code == 200, signed.text
    await sent_by_clerk(docs, letter_id)
    delivery_id = (await checked_on_arrival(docs, letter_id))["delivery_id"]

    async def record_verdict(verdict: str) -> None:
        """What the arrival check records when the bytes were changed after signing (the tamper cases themselves
        are the documents service's tests)."""
        conn = await asyncpg.connect(stack["pg_dsn"])
        try:
            await conn.execute("UPDATE documents.deliveries SET signature_verdict = $1 WHERE delivery_id = $2",
                               verdict, uuid.UUID(delivery_id))
        finally:
            await conn.close()

    await record_verdict("modified")
    recipient = await signed_in_page(browser, portal, RECIPIENT, **DESKTOP)
    await recipient.goto("/inbox")
    row = recipient.get_by_role("row").filter(has_text=subject)
    await expect(row.get_by_test_id("signature-verdict")).to_have_text("✖ ถูกแก้ไขหลังลงนาม")
    await row.get_by_role("link", name=subject).click()
    check = recipient.get_by_test_id("signature-check")
    await expect(check).to_have_attribute("role", "alert")
    await expect(check.get_by_test_id("signature-verdict").first).to_have_text("✖ ถูกแก้ไขหลังลงนาม")
    await expect(recipient.get_by_test_id("invalid-warning")).to_be_visible()
    letter_path = recipient.url.removeprefix(portal)
    await at_both_widths(browser, portal, RECIPIENT, letter_path, "6-modified", recipient)

    # ตรวจสอบอีกครั้ง really verifies the file again: it is intact, so the verdict is valid once more.
    await recipient.get_by_test_id("check-again").click()
    await expect(check.get_by_test_id("signature-verdict").first).to_have_text("✔ ลายมือชื่อถูกต้อง")
    await expect(recipient.get_by_test_id("report-invalid")).to_have_count(0)

    # แจ้งหนังสือไม่ถูกต้อง: asked first (dismissed: nothing happens), then returned with the verdict as the reason.
    await record_verdict("revoked")
    await recipient.goto(letter_path)
    await expect(check.get_by_test_id("signature-verdict").first).to_have_text("⊘ ใบรับรองถูกเพิกถอน")
    recipient.once("dialog", lambda dialog: dialog.dismiss())
    await recipient.get_by_test_id("report-invalid").click()
    await expect(recipient.get_by_test_id("delivery-status")).to_have_text("รอลงรับ")
    questions: list[str] = []

    async def agree(dialog) -> None:
        questions.append(dialog.message)
        await dialog.accept()

    recipient.once("dialog", agree)
    await recipient.get_by_test_id("report-invalid").click()
    await expect(recipient.get_by_test_id("notice")).to_have_text("ส่งคืนผู้ส่งแล้ว")
    assert "ใบรับรองถูกเพิกถอน" in questions[0]
    await expect(recipient.get_by_test_id("delivery-status")).to_have_text("ไม่รับ")
    receiver = await sign_in(str(docs.base_url), RECIPIENT)
    [delivery] = (await docs.get(f"/letters/{letter_id}", headers=receiver)).json()["deliveries"]
    assert delivery["status"] == "rejected"
    assert delivery["reject_reason"].startswith("หนังสือไม่ถูกต้อง: ผลตรวจลายมือชื่ออิเล็กทรอนิกส์ ใบรับรองถูกเพิกถอน")
    await shoot(recipient, "7-reported-desktop")
