"""Digitally signed letters end to end on the real stack: a signer enrolls (a key made in their SoftHSM2 token, a
certificate from the test PKI), signs a proposed letter with their PIN, the letter is numbered, dated and certified
(PAdES B-T), sent, verified on arrival, accepted and stamped with the receiving agency's sealed stamp. Checked with
poppler's pdfsig against the test root, and with pyHanko's validator."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from deploy.devstack.softhsm import pkcs11_module as softhsm_module
from documents_service.signing import copies
from documents_service.signing.archive import archive_due
from documents_service.signing.authority import CertificateAuthority
from documents_service.signing.desk import SigningDesk, load_roots
from documents_service.signing.revocation import RevocationAnswers
from documents_service.signing.tokens import TokenStore
from documents_service.signing.verification import Trust
from opensaraban_shared.clock import now
from opensaraban_shared.db import Database
from opensaraban_shared.thai import thai_digits
from tests import pdf_checks
from tests.signing_flow import (
    OFFICE,
    PIN,
    RECIPIENT,
    download,
    enrolled_signer,
    proposed,
    sent_signed,
    signature_png,
)
from tests.support import ARTIFACTS, devstack, eventually, minimal_pdf, official_fields, sign_in, stack_object_store

pytestmark = pytest.mark.integration


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def nss(stack, tmp_path_factory) -> Path:
    return pdf_checks.nss_trusting(Path(stack["pki"]["root_certificate"]), tmp_path_factory.mktemp("nss"))


async def _signing_copy(stack: dict, letter_id: str) -> bytes | None:
    """The letter's signing copy (signing/copies.py), once the documents service has laid it out; else None."""
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    try:
        async with db.transaction() as conn:
            row = await conn.fetchrow("SELECT object_key, sha256 FROM signing_copies WHERE letter_id = $1",
                                      uuid.UUID(letter_id))
    finally:
        await db.close()
    return await (await stack_object_store(stack)).read_verified(row["object_key"], row["sha256"]) if row else None


async def test_a_letter_is_signed_in_the_token_numbered_sent_verified_accepted_and_stamped(docs, nss, stack):
    signer_id, signer = await enrolled_signer(docs)
    credential = (await docs.get("/signing/credential", headers=signer)).json()
    assert "OpenSaraban Test Issuing CA" in credential["issuer"]
    image = await docs.put("/signing/signature-image", headers={**signer, "content-type": "image/png"},
                           content=signature_png())
    assert image.status_code == 204, image.text

    subject = f"ขอเชิญประชุมการลงนามอิเล็กทรอนิกส์ {uuid.uuid4().hex[:6]}"
    letter_id = await proposed(docs, signer_id, subject)
    # Laid out for its signer as it reaches them: unnumbered and undated (the lines are left empty).
    copy = await eventually(lambda: _signing_copy(stack, letter_id), timeout_s=60, what="the signing copy")
    copy_text = " ".join(pdf_checks.text_lines(copy))
    assert thai_digits(subject) in copy_text and "ร่าง" not in copy_text
    # The signer opens it before signing; nobody else may.
    shown = await docs.get(f"/letters/{letter_id}/review/signing-copy", headers=signer)
    assert shown.status_code == 200 and shown.headers["content-type"] == "application/pdf"
    assert shown.content == copy
    drafter = await sign_in(str(docs.base_url), f"officer.strategy@{OFFICE}")
    refused = await docs.get(f"/letters/{letter_id}/review/signing-copy", headers=drafter)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_your_step"
    outsider = await sign_in(str(docs.base_url), f"clerk@{RECIPIENT}")
    assert (await docs.get(f"/letters/{letter_id}/review/signing-copy", headers=outsider)).status_code == 404
    letter = await sent_signed(docs, signer, letter_id)
    number = letter["letter_number"]
    assert number and letter["letter_date"]
    main = letter["attachments"][0]
    assert thai_digits(number.split(" ", 1)[1]) not in copy_text

    # The sender's copy: one certification signature, valid and trusted, over the number and date.
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    sent_pdf = (await download(docs, clerk, main["attachment_id"])).content
    (ARTIFACTS / "signing").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "signing" / "sent.pdf").write_bytes(sent_pdf)
    [sender_signature] = pdf_checks.pdfsig(sent_pdf, nss)
    assert sender_signature["Signature Validation"] == "Signature is Valid."
    assert sender_signature["Certificate Validation"] == "Certificate is Trusted."
    assert sender_signature["Total document signed"] == "yes"
    text = " ".join(pdf_checks.text_lines(sent_pdf))
    assert thai_digits(number.split(" ", 1)[1]) in text or number in text
    # What the signer signed is the copy laid out for them, the number and date written in the signed revision.
    assert sent_pdf.startswith(copy)
    # Spent once the letter is signed: the clean-up deletes the copy and its PDF.
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    try:
        assert await copies.delete_spent(db, await stack_object_store(stack)) >= 1
    finally:
        await db.close()
    assert await _signing_copy(stack, letter_id) is None

    # The recipient's system verifies it on delivery, and again on download.
    receiver = await sign_in(str(docs.base_url), f"clerk@{RECIPIENT}")

    async def checked() -> dict | None:
        inbox = (await docs.get("/inbox", headers=receiver, params={"limit": 50})).json()["items"]
        item = next((i for i in inbox if i["letter_id"] == letter_id), None)
        return item if item and item["signature_verdict"] else None

    item = await eventually(checked, timeout_s=60, what="the recipient's signature check")
    assert item["signature_verdict"] == "valid"
    received = (await docs.get(f"/letters/{letter_id}", headers=receiver)).json()
    [report] = received["deliveries"][0]["signature_report"]
    assert report["signer"].startswith("นายลงนาม") and report["timestamped"] and report["certifying"]
    fetched = await download(docs, receiver, main["attachment_id"])
    assert fetched.headers["x-signature-verdict"] == "valid"

    # ลงรับ: the recipient's copy carries the stamp, sealed with the agency's own certificate.
    accepted = await docs.post(f"/deliveries/{item['delivery_id']}/accept", headers=receiver)
    assert accepted.status_code == 200, accepted.text
    delivery = accepted.json()["deliveries"][0]
    assert delivery["stamped_attachment_id"]
    stamped = (await download(docs, receiver, delivery["stamped_attachment_id"])).content
    (ARTIFACTS / "signing" / "stamped.pdf").write_bytes(stamped)
    signatures = pdf_checks.pdfsig(stamped, nss)
    assert len(signatures) == 2
    assert all(s["Signature Validation"] == "Signature is Valid." for s in signatures), signatures
    assert all(s["Certificate Validation"] == "Certificate is Trusted." for s in signatures), signatures
    checked_again = await docs.post(f"/deliveries/{item['delivery_id']}/signature-check", headers=receiver)
    assert checked_again.json()["verdict"] == "valid"
    # The sender's copy stays as sent.
    assert (await download(docs, clerk, main["attachment_id"])).content == sent_pdf


async def test_with_no_copy_of_what_it_prints_the_letter_is_laid_out_afresh_as_it_is_signed(docs, nss, stack):
    signer_id, signer = await enrolled_signer(docs)
    letter_id = await proposed(docs, signer_id, f"ไม่มีสำเนาสำหรับลงนาม {uuid.uuid4().hex[:6]}")
    copy = await eventually(lambda: _signing_copy(stack, letter_id), timeout_s=60, what="the signing copy")
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    try:
        async with db.transaction() as conn:  # as if laid out for another text, signer or emblem
            await conn.execute("UPDATE signing_copies SET print_key = 'another' WHERE letter_id = $1",
                               uuid.UUID(letter_id))
    finally:
        await db.close()

    letter = await sent_signed(docs, signer, letter_id)
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    sent_pdf = (await download(docs, clerk, letter["attachments"][0]["attachment_id"])).content
    assert not sent_pdf.startswith(copy)
    assert thai_digits(letter["letter_number"].split(" ", 1)[1]) in " ".join(pdf_checks.text_lines(sent_pdf))
    [signature] = pdf_checks.pdfsig(sent_pdf, nss)
    assert signature["Signature Validation"] == "Signature is Valid."


async def test_signing_needs_the_signers_own_pin_and_leaves_nothing_when_refused(docs):
    signer_id, signer = await enrolled_signer(docs)
    other_id, other = await enrolled_signer(docs)
    letter_id = await proposed(docs, signer_id, f"ทดสอบการยืนยันตัวตน {uuid.uuid4().hex[:6]}")

    without = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 1})
    assert without.status_code == 422 and without.json()["error"]["code"] == "signing_pin_required"
    wrong = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 1, "pin": "000000"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "signing_pin_wrong"
    stale = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 2, "pin": PIN})
    assert stale.status_code == 409
    # Someone else, with their own valid PIN, cannot sign it: not on its route, they do not even see it.
    theirs = await docs.post(f"/letters/{letter_id}/review/sign", headers=other, json={"version": 1, "pin": PIN})
    assert theirs.status_code == 404

    letter = (await docs.get(f"/letters/{letter_id}", headers=signer)).json()
    assert letter["status"] == "in_review" and letter["letter_number"] is None and not letter["signed_digitally"]

    not_an_image = await docs.put("/signing/signature-image", headers={**signer, "content-type": "image/png"},
                                  content=b"not an image at all " * 20)
    assert not_an_image.status_code == 415, not_an_image.text
    too_large = await docs.put("/signing/signature-image", headers={**signer, "content-type": "image/png"},
                               content=signature_png() + b"\0" * (600 * 1024))
    assert too_large.status_code == 413, too_large.text
    short = await docs.post("/signing/enrollment", headers=signer, json={"pin": "12"})
    assert short.status_code == 422
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    assert (await docs.post("/signing/enrollment", headers=clerk, json={"pin": PIN})).json()["error"]["code"] \
        == "signing_role_required"
    assert other_id != signer_id


async def test_losing_the_signing_role_revokes_the_certificate_and_earlier_signatures_stay_valid(docs, nss):
    signer_id, signer = await enrolled_signer(docs)
    letter_id = await proposed(docs, signer_id, f"ลงนามก่อนเพิกถอน {uuid.uuid4().hex[:6]}")
    letter = await sent_signed(docs, signer, letter_id)
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    signed_before = (await download(docs, clerk, letter["attachments"][0]["attachment_id"])).content
    # OCSP and CRLs give revocation times in whole seconds: a revocation within the second of the signature's
    # timestamp reads as made before it. Revoke a second later, as any real revocation is.
    await asyncio.sleep(1.1)

    admin = await sign_in(str(docs.base_url), f"admin@{OFFICE}")
    demoted = await docs.put(f"/users/{signer_id}/access", headers=admin,
                             json={"roles": ["action_officer"], "clearance": 0, "active": True})
    assert demoted.status_code == 200, demoted.text

    async def revoked() -> bool:
        again = await sign_in(str(docs.base_url), demoted.json()["username"])
        return (await docs.get("/signing/credential", headers=again)).status_code == 409 or None

    await eventually(revoked, timeout_s=60, what="the demoted signer's certificate revoked")
    # Signed (and timestamped) before the revocation: still valid, by pdfsig (OCSP) and by the system.
    [before] = pdf_checks.pdfsig(signed_before, nss)
    assert before["Signature Validation"] == "Signature is Valid."
    receiver = await sign_in(str(docs.base_url), f"clerk@{RECIPIENT}")
    inbox = (await docs.get("/inbox", headers=receiver, params={"limit": 50})).json()["items"]
    delivery_id = next(i["delivery_id"] for i in inbox if i["letter_id"] == letter_id)
    recheck = (await docs.post(f"/deliveries/{delivery_id}/signature-check", headers=receiver)).json()
    assert recheck["verdict"] == "valid", recheck
    assert recheck["signatures"][0]["revoked_at"] is not None



async def test_a_signed_letter_is_taken_to_b_lta_and_still_verifies(docs, nss, stack):
    signer_id, signer = await enrolled_signer(docs)
    letter = await sent_signed(docs, signer, await proposed(docs, signer_id, f"เก็บระยะยาว {uuid.uuid4().hex[:6]}"))
    main_id = letter["attachments"][0]["attachment_id"]
    pki = stack["pki"]
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    try:
        desk = SigningDesk(  # revocation answers reused as in production (DOCUMENTS_REVOCATION_REUSE_S)
            tokens=TokenStore(str(softhsm_module())), authority=CertificateAuthority(pki["url"]),
            tsa_url=pki["tsa_url"], trust=Trust(tuple(load_roots(pki["root_certificate"])), RevocationAnswers(60)),
            store=await stack_object_store(stack), seal_pin="", max_image_bytes=1, max_file_bytes=1)
        # A day on, the job finds it due (with whatever else the other tests signed).
        assert await archive_due(db, desk, at=now() + timedelta(days=2), batch=1000) >= 1
        async with db.transaction() as conn:
            row = await conn.fetchrow("SELECT level, archive_due_at FROM signed_files WHERE attachment_id = $1",
                                      uuid.UUID(main_id))
    finally:
        await db.close()
    assert row["level"] == "B-LTA" and row["archive_due_at"] > now() + timedelta(days=365)

    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    archived = (await download(docs, clerk, main_id)).content
    reader = PdfFileReader(io.BytesIO(archived))
    assert "/DSS" in reader.root
    assert [s.sig_object.get("/Type") for s in reader.embedded_signatures][-1] == "/DocTimeStamp"
    # pdfsig checks the signer's signature; it cannot validate an RFC 3161 document timestamp ("Unimplemented
    # Feature"), which the system's check (pyHanko) does.
    signer_report, timestamp_report = pdf_checks.pdfsig(archived, nss)
    assert signer_report["Signature Validation"] == "Signature is Valid."
    assert signer_report["Certificate Validation"] == "Certificate is Trusted."
    assert timestamp_report["Signer Certificate Common Name"] == "OpenSaraban Test Time Stamping Authority"
    checked = await docs.post("/signing/verification", headers={**clerk, "content-type": "application/pdf"},
                              content=archived)
    assert checked.json()["verdict"] == "valid", checked.text
    signer, archive_stamp = checked.json()["signatures"]
    assert signer["verdict"] == archive_stamp["verdict"] == "valid"
    assert archive_stamp["detail"].startswith("archive timestamp")


async def test_a_time_stamping_authority_that_is_down_gives_503_and_the_retry_signs(docs):
    signer_id, signer = await enrolled_signer(docs)
    letter_id = await proposed(docs, signer_id, f"ผู้ให้บริการประทับเวลาขัดข้อง {uuid.uuid4().hex[:6]}")
    devstack("stop-infra", "pki")
    try:
        down = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 1, "pin": PIN})
    finally:
        devstack("start-infra", "pki")
    assert down.status_code == 503 and down.json()["error"]["code"] == "signing_unavailable", down.text
    assert int(down.headers["retry-after"]) > 0
    unsigned = (await docs.get(f"/letters/{letter_id}", headers=signer)).json()
    assert unsigned["status"] == "in_review" and unsigned["letter_number"] is None
    letter = await sent_signed(docs, signer, letter_id)
    assert letter["letter_number"]


async def test_an_uploaded_main_letter_is_signed_as_it_is_and_a_picture_cannot_be(docs, nss):
    signer_id, signer = await enrolled_signer(docs)
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")

    async def proposed_with_main(content: bytes, filename: str) -> str:
        uploaded = await docs.post("/attachments", headers=clerk, params={"filename": filename}, content=content)
        assert uploaded.status_code == 201, uploaded.text
        fields = {**official_fields(f"หนังสือที่อัปโหลด {uuid.uuid4().hex[:6]}"), "recipient_agency_ids": [RECIPIENT],
                  "main_attachment_id": uploaded.json()["attachment_id"]}
        created = await docs.post("/letters", headers=clerk, json=fields)
        assert created.status_code == 201, created.text
        letter_id = created.json()["letter_id"]
        route = await docs.post(f"/letters/{letter_id}/proposal", headers=clerk,
                                json={"reviewer_ids": [], "signer_id": signer_id})
        assert route.status_code == 200, route.text
        return letter_id

    letter = await sent_signed(docs, signer, await proposed_with_main(minimal_pdf("หนังสือจากระบบอื่น"), "หนังสือ.pdf"))
    [main] = [a for a in letter["attachments"] if a["attachment_id"] == letter["main_attachment_id"]]
    assert main["filename"] == "หนังสือ.pdf" and len(letter["attachments"]) == 1
    [report] = pdf_checks.pdfsig((await download(docs, clerk, main["attachment_id"])).content, nss)
    assert report["Signature Validation"] == "Signature is Valid."
    assert report["Certificate Validation"] == "Certificate is Trusted."

    picture = await proposed_with_main(signature_png(), "สแกน.png")
    refused = await docs.post(f"/letters/{picture}/review/sign", headers=signer, json={"version": 1, "pin": PIN})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "signing_main_not_pdf", refused.text
    assert refused.json()["error"]["detail"]["filename"] == "สแกน.png"
    unsigned = (await docs.get(f"/letters/{picture}", headers=signer)).json()
    assert unsigned["status"] == "in_review" and unsigned["letter_number"] is None
