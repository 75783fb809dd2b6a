"""Use cases of digital signatures: a signer's enrollment (their token, key and certificate), their signature image,
signing a letter at the chain's signing step, verifying a delivered letter, and sealing the receipt stamp.
docs/signatures.md."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from tempfile import SpooledTemporaryFile
from typing import Any

import asyncpg
from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfReadError

from opensaraban_shared.auth import Role
from opensaraban_shared.clock import now
from opensaraban_shared.errors import FORBIDDEN, NOT_FOUND, AppError, ErrorKind
from opensaraban_shared.logging import get_logger
from opensaraban_shared.storage import (
    JPEG,
    PNG,
    SPOOL_MEMORY_BYTES,
    check_mime_type,
    detect_mime_type,
    spool_limited,
)
from opensaraban_shared.unit_of_work import UnitOfWork

from ..attachments import repository as attachments_repository
from ..cpu import POOL
from ..directory import repository as directory_repository
from ..identity import repository as identity_repository
from ..letters import repository as letters_repository
from ..letters import service as letters
from ..letters.printouts import PDF_ONLY, Printer
from . import appearance, copies, pades, repository
from .authority import CertificateSubject
from .desk import SigningDesk
from .models import CredentialRead, SignatureCheckRead
from .tokens import NoToken, PinLocked, TokenError, TokenUnavailable, WrongPin
from .verification import LetterCheck, Verdict

log = get_logger(__name__)

PIN_REQUIRED = ErrorKind("signing_pin_required", 422, "กรุณากรอกรหัส PIN สำหรับลงนาม (pin) เพื่อยืนยันตัวตนก่อนลงนาม",
                         "Enter your signing PIN (pin): signing needs you to confirm it is you")
PIN_WRONG = ErrorKind("signing_pin_wrong", 403, "รหัส PIN สำหรับลงนาม (pin) ไม่ถูกต้อง", "The signing PIN (pin) is wrong")
PIN_LOCKED = ErrorKind("signing_pin_locked", 423, "รหัส PIN สำหรับลงนามถูกระงับเพราะกรอกผิดหลายครั้ง กรุณาลงทะเบียนใหม่",
                       "The signing PIN is locked after too many wrong tries: enroll again")
NOT_ENROLLED = ErrorKind("signing_not_enrolled", 409,
                         "ท่านยังไม่มีใบรับรองสำหรับลงนามอิเล็กทรอนิกส์ กรุณาตั้งรหัส PIN สำหรับลงนามก่อน",
                         "You have no signing certificate yet: set your signing PIN first")
SIGNING_ROLE_REQUIRED = ErrorKind("signing_role_required", 403, "เฉพาะผู้บริหารที่มีอำนาจลงนามเท่านั้นที่ลงทะเบียนลงนามได้",
                                  "Only executives with the signing role may enroll for digital signatures")
SIGNING_UNAVAILABLE = ErrorKind("signing_unavailable", 503,
                                "ระบบลงนาม (โทเคนเก็บกุญแจหรือผู้ให้บริการประทับเวลา) ไม่พร้อมใช้งานชั่วคราว กรุณาลองใหม่",
                                "Signing is unavailable for now (the key token or the time-stamping authority): "
                                "try again")
MAIN_NOT_PDF = ErrorKind("signing_main_not_pdf", 422,
                         "หนังสือหลักที่อัปโหลด (main_attachment_id) ต้องเป็นไฟล์ PDF ที่อ่านได้ จึงจะลงลายมือชื่ออิเล็กทรอนิกส์ได้",
                         "The uploaded main letter (main_attachment_id) must be a readable PDF to be signed digitally")
SIGNATURE_IMAGE_TYPES = frozenset({PNG, JPEG})
SIGNER_CERTIFICATE_YEARS = 2
ARCHIVE_AFTER = timedelta(days=1)  # B-LTA once the revocation data of the signing day is published
RETRY_AFTER_S = 5


# --- enrollment ----------------------------------------------------------------------------------

async def enroll(work: UnitOfWork, desk: SigningDesk, *, pin: str) -> CredentialRead:
    """The signer's own token, a key pair made inside it under their PIN, and a certificate from the deployment CA
    for its public key. Enrolling again (a forgotten PIN) replaces them: the old certificate is revoked."""
    conn, principal = work.conn, work.principal
    if principal.kind != "user" or Role.EXECUTIVE not in principal.roles:
        raise AppError(SIGNING_ROLE_REQUIRED)
    user = await identity_repository.get_user(conn, principal.subject_id)
    agency = (await directory_repository.agencies_by_id(conn, [principal.agency_id]))[principal.agency_id]
    await repository.lock_holder(conn, "signer", principal.subject_id)
    previous = await repository.active_credential(conn, kind="signer", holder_id=principal.subject_id)
    subject = _subject(user["display_name"], agency["name_th"], user["position"])
    credential_id = await _issue(work, desk, kind="signer", holder_id=principal.subject_id, pin=pin,
                                 subject=subject)
    if previous is not None:
        await _revoke(conn, desk, previous, reason="superseded")
    await work.audit("signing_enrolled", subject=principal.subject_id,
                     detail={"credential_id": str(credential_id), "replaced": bool(previous)})
    return await my_credential(work)


async def my_credential(work: UnitOfWork) -> CredentialRead:
    row = await repository.active_credential(work.conn, kind="signer", holder_id=work.principal.subject_id)
    if row is None:
        raise AppError(NOT_ENROLLED)
    return _credential_read(row)


async def revoke_signer(conn: asyncpg.Connection, desk: SigningDesk, *, user_id: str, reason: str) -> bool:
    """The person lost the signing role or left: their certificate is revoked at the CA (shown in its CRL and OCSP
    answers) and here. True when there was one to revoke."""
    row = await repository.active_credential(conn, kind="signer", holder_id=user_id, for_update=True)
    if row is None:
        return False
    await _revoke(conn, desk, row, reason=reason)
    return True


async def _issue(work: UnitOfWork, desk: SigningDesk, *, kind: str, holder_id: str, pin: str,
                 subject: CertificateSubject) -> uuid.UUID:
    label = f"{kind}-{uuid.uuid4().hex[:20]}"  # PKCS#11 token labels hold 32 characters

    def make_key() -> str:
        desk.tokens.create(label, pin)
        return desk.tokens.certificate_request(label, pin, subject)

    try:
        request = await asyncio.to_thread(make_key)
    except TokenError as failed:
        raise _token_error(failed) from failed
    issued = await desk.authority.issue(request, kind, subject)
    certificate = _der(issued.certificate_pem)
    return await repository.insert_credential(
        work.conn, kind=kind, holder_id=holder_id, agency_id=work.principal.agency_id, token_label=label,
        serial=issued.serial, certificate=certificate, chain=[_der(c) for c in issued.chain_pem],
        not_after=x509.Certificate.load(certificate).not_valid_after, issued_at=now())


X509_NAME_LIMIT = 64  # characters in a certificate's CN, O and OU (RFC 5280's upper bounds)


def _subject(name: str, organization: str, unit: str | None) -> CertificateSubject:
    """Names as certificates can hold them: a longer Thai agency name is cut at the last word that fits."""
    def fitted(text: str) -> str:
        text = " ".join(text.split())
        if len(text) <= X509_NAME_LIMIT:
            return text
        cut = text[:X509_NAME_LIMIT]
        return cut.rsplit(" ", 1)[0] if " " in cut else cut
    return CertificateSubject(common_name=fitted(name), organization=fitted(organization),
                              organizational_unit=fitted(unit) if unit else None)


def _der(certificate_pem: str) -> bytes:
    return pem.unarmor(certificate_pem.encode("ascii"))[2]


async def _revoke(conn: asyncpg.Connection, desk: SigningDesk, row: Mapping[str, Any], *, reason: str) -> None:
    await desk.authority.revoke(row["serial"], _CA_REASONS.get(reason, "cessation_of_operation"))
    await repository.mark_revoked(conn, credential_id=row["credential_id"], at=now(), reason=reason)


_CA_REASONS = {"superseded": "superseded", "role_removed": "affiliation_changed", "deactivated": "cessation_of_operation"}


def _credential_read(row: Mapping[str, Any]) -> CredentialRead:
    certificate = x509.Certificate.load(row["certificate"])
    return CredentialRead(serial=row["serial"], subject=certificate.subject.human_friendly,
                          issuer=certificate.issuer.human_friendly, not_after=row["not_after"],
                          issued_at=row["issued_at"])


# --- the signature image ------------------------------------------------------------------------------

async def put_signature_image(work: UnitOfWork, desk: SigningDesk, *, source: AsyncIterator[bytes]) -> None:
    stored = await desk.store.put_content_addressed(source, max_bytes=desk.max_image_bytes,
                                                    allowed_mime_types=SIGNATURE_IMAGE_TYPES, readable_only=True)
    await repository.put_signature_image(work.conn, user_id=work.principal.subject_id, object_key=stored.key,
                                         sha256=stored.sha256, mime_type=stored.mime_type, size_bytes=stored.size,
                                         at=now())
    await work.audit("signature_image_set", subject=work.principal.subject_id, detail={"sha256": stored.sha256})


async def signature_image(work: UnitOfWork, desk: SigningDesk) -> tuple[bytes, str]:
    image = await _signature_image(work.conn, desk, work.principal.subject_id)
    if image is None:
        raise AppError(NOT_FOUND)
    return image


async def delete_signature_image(work: UnitOfWork) -> None:
    await repository.delete_signature_image(work.conn, work.principal.subject_id)
    await work.audit("signature_image_removed", subject=work.principal.subject_id)


# --- signing a letter ----------------------------------------------------------------------------

async def signing_credential(conn: asyncpg.Connection, user_id: str, *, pin: str | None) -> asyncpg.Record | None:
    """The signer's credential when they sign digitally (None: they have none, and sign by approval only).
    Someone who has one must confirm it is them with their PIN."""
    credential = await repository.active_credential(conn, kind="signer", holder_id=user_id)
    if credential is None:
        if pin:
            raise AppError(NOT_ENROLLED)
        return None
    if not pin:
        raise AppError(PIN_REQUIRED, {"field": "pin"})
    return credential


async def sign_letter(work: UnitOfWork, desk: SigningDesk, printer: Printer, *, letter_id: uuid.UUID,
                      credential: Mapping[str, Any], pin: str) -> None:
    """Numbered and dated, printed, and certified with the signer's key (PAdES B-T) in their token; the signed PDF
    becomes the letter's main letter. Any failure leaves nothing: the number goes back with the transaction."""
    conn = work.conn
    row, prefix = await letters.number_for_signing(work, letter_id=letter_id)
    uploaded = await _uploaded_main(conn, desk, row) if row["main_letter"] == "uploaded" else None
    # A letter printed from its fields is printed now, numbered and dated, the signature in its signing room; an
    # uploaded main letter is signed as it is, with no visible signature (where its signature block is, is unknown).
    to_sign = copies.Signable(uploaded[1], None) if uploaded else await copies.signable(conn, printer, row,
                                                                                       prefix=prefix)
    room = to_sign.room
    settings = await directory_repository.letter_settings(conn, row["sender_agency_id"])
    image = await _signature_image(conn, desk, work.principal.subject_id)
    look = appearance.SignatureLook(name=row["signatory_name"], signed_at=now(), thai_digits=settings["thai_digits"],
                                    image=image[0] if image else None, image_type=image[1] if image else PNG)
    box = pades.Box(room.page, room.x1, room.y1, room.x2, room.y2) if room else None
    agency = (await directory_repository.agencies_by_id(conn, [row["sender_agency_id"]]))[row["sender_agency_id"]]

    drawn = None
    if box is not None:
        drawn = await POOL.run(appearance.signature_pdf, look, width=box.x2 - box.x1, height=box.y2 - box.y1)

    def certify() -> bytes:
        return pades.certify(to_sign.pdf, tokens=desk.tokens, credential=_pades_credential(credential), pin=pin,
                             box=box, appearance=drawn, tsa=desk.timestamper(), signer_name=row["signatory_name"],
                             location=agency["name_th"], lines=to_sign.lines)

    signed = await _signing(certify)
    stored = await printer.store_main(work, row, signed, replacing=uploaded[0] if uploaded else None)
    await repository.mark_letter_signed(conn, letter_id)
    await repository.add_signed_file(conn, attachment_id=stored.attachment_id, signed_at=look.signed_at,
                                     archive_due_at=look.signed_at + ARCHIVE_AFTER)
    await work.audit("letter_signed_digitally", subject=str(letter_id),
                     detail={"serial": credential["serial"], "letter_number": row["letter_number"]})


async def _uploaded_main(conn: asyncpg.Connection, desk: SigningDesk,
                         row: Mapping[str, Any]) -> tuple[Mapping[str, Any], bytes]:
    """The uploaded main letter's file and bytes; only a PDF carries a PAdES signature."""
    file = await attachments_repository.get_attachment(conn, row["main_attachment_id"])
    if file["mime_type"] != "application/pdf":
        raise AppError(MAIN_NOT_PDF, {"field": "main_attachment_id", "filename": file["filename"],
                                      "mime_type": file["mime_type"]})
    return file, await desk.store.read_verified(file["object_key"], file["sha256"])


async def _signature_image(conn: asyncpg.Connection, desk: SigningDesk, user_id: str) -> tuple[bytes, str] | None:
    row = await repository.signature_image(conn, user_id)
    if row is None:
        return None
    return await desk.store.read_verified(row["object_key"], row["sha256"]), row["mime_type"]


def _pades_credential(row: Mapping[str, Any]) -> pades.Credential:
    return pades.Credential(row["token_label"], x509.Certificate.load(row["certificate"]),
                            [x509.Certificate.load(c) for c in row["chain"]])


async def _signing(operation: Any) -> bytes:
    """Runs a blocking signing operation in a worker thread; token and TSA failures become the API's errors."""
    try:
        return await asyncio.to_thread(operation)
    except (TokenError, pades.TimestampUnavailable) as failed:
        raise _token_error(failed) from failed
    except PdfReadError as unreadable:
        raise AppError(MAIN_NOT_PDF, {"field": "main_attachment_id", "reason": str(unreadable)[:200]}) from unreadable


def _token_error(failed: Exception) -> AppError:
    log.warning("signing_failed", error=repr(failed)[:500])
    if isinstance(failed, WrongPin):
        return AppError(PIN_WRONG, {"field": "pin"})
    if isinstance(failed, PinLocked):
        return AppError(PIN_LOCKED, {"field": "pin"})
    if isinstance(failed, NoToken):
        return AppError(NOT_ENROLLED)
    if isinstance(failed, TokenUnavailable | pades.TimestampUnavailable):
        return AppError(SIGNING_UNAVAILABLE, {"retry_after_s": RETRY_AFTER_S})
    return AppError(FORBIDDEN)


# --- the recipient's side -----------------------------------------------------------------------

async def check_delivery(conn: asyncpg.Connection, desk: SigningDesk, *, letter_id: uuid.UUID,
                         delivery_id: uuid.UUID) -> LetterCheck | None:
    """Verifies the letter's signed main letter for one recipient and records the verdict (None: the letter's main
    letter is not digitally signed)."""
    main = await repository.main_letter_file(conn, letter_id)
    if main is None or not main["signed_digitally"]:
        return None
    pdf = await desk.store.read_verified(main["object_key"], main["sha256"])
    result = await desk.check(pdf)
    await repository.record_check(conn, delivery_id=delivery_id, verdict=result.verdict.value,
                                  report=[_check_json(s) for s in result.signatures], at=now())
    return result


async def check_received(work: UnitOfWork, desk: SigningDesk, *, delivery_id: uuid.UUID) -> SignatureCheckRead:
    """Verifies again, now, the signatures of a letter delivered to the principal's agency."""
    delivery = await letters_repository.get_delivery(work.conn, delivery_id)
    if delivery is None or delivery["recipient_agency_id"] != work.principal.agency_id:
        raise AppError(NOT_FOUND)
    result = await check_delivery(work.conn, desk, letter_id=delivery["letter_id"], delivery_id=delivery_id)
    if result is None:
        return SignatureCheckRead(verdict=Verdict.UNSIGNED, checked_at=now())
    return SignatureCheckRead(verdict=result.verdict, checked_at=now(),
                              signatures=[_check_json(s) for s in result.signatures])


async def verify_file(desk: SigningDesk, *, source: AsyncIterator[bytes]) -> SignatureCheckRead:
    """The signatures of a PDF someone holds (nothing is stored): what the recipient's check would say."""
    with SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as spool:
        await spool_limited(source, spool=spool, max_bytes=desk.max_file_bytes)
        check_mime_type(await asyncio.to_thread(detect_mime_type, spool), PDF_ONLY)
        spool.seek(0)
        pdf = spool.read()
    result = await desk.check(pdf)
    return SignatureCheckRead(verdict=result.verdict, checked_at=now(),
                              signatures=[_check_json(s) for s in result.signatures])


async def verified_download(work: UnitOfWork, desk: SigningDesk, record: Mapping[str, Any]) -> tuple[bytes, str] | None:
    """A recipient downloading a signed main letter (or its stamped copy) gets it verified on the way: the bytes and
    the verdict, recorded on their delivery. None: not a signed letter delivered to the principal's agency."""
    delivery = await repository.delivery_of_signed_file(work.conn, attachment_id=record["attachment_id"],
                                                        agency_id=work.principal.agency_id)
    if delivery is None:
        return None
    pdf = await desk.store.read_verified(record["object_key"], record["sha256"])
    result = await desk.check(pdf)
    await repository.record_check(work.conn, delivery_id=delivery["delivery_id"], verdict=result.verdict.value,
                                  report=[_check_json(s) for s in result.signatures], at=now())
    return pdf, result.verdict.value


def _check_json(check: Any) -> dict[str, Any]:
    fields = asdict(check)
    fields["verdict"] = check.verdict.value
    return fields


def check_read(verdict: str | None, report: Any, checked_at: datetime | None) -> SignatureCheckRead | None:
    if verdict is None:
        return None
    return SignatureCheckRead(verdict=Verdict(verdict), checked_at=checked_at, signatures=report or [])


async def stamp_receipt(work: UnitOfWork, desk: SigningDesk, *, delivery: Mapping[str, Any], receipt_number: int,
                        received_at: datetime) -> uuid.UUID | None:
    """The recipient's own copy: the signed letter with the agency's receipt stamp sealed in (None: the letter is
    not digitally signed, or its signatures did not verify, so there is nothing to seal onto)."""
    conn, agency_id = work.conn, work.principal.agency_id
    main = await repository.main_letter_file(conn, delivery["letter_id"])
    if main is None or not main["signed_digitally"] or not desk.seal_pin:
        return None
    seal = await _seal(work, desk, agency_id)
    settings = await directory_repository.letter_settings(conn, agency_id)
    agency = (await directory_repository.agencies_by_id(conn, [agency_id]))[agency_id]
    pdf = await desk.store.read_verified(main["object_key"], main["sha256"])
    look = appearance.ReceiptLook(agency_name=agency["name_th"], receipt_number=receipt_number,
                                  received_at=received_at, thai_digits=settings["thai_digits"])

    drawn = await POOL.run(appearance.stamp_pdf, look)

    def seal_it() -> bytes:
        return pades.seal_receipt(pdf, tokens=desk.tokens, credential=_pades_credential(seal), pin=desk.seal_pin,
                                  appearance=drawn, tsa=desk.timestamper(), agency_name=agency["name_th"])

    stamped = await _signing(seal_it)
    stored = await desk.store.put_bytes(stamped)
    attachment_id = uuid.uuid4()
    await attachments_repository.insert_attachment(
        conn, attachment_id=attachment_id, agency_id=agency_id, sha256=stored.sha256, object_key=stored.key,
        size_bytes=stored.size, mime_type="application/pdf", filename=main["filename"],
        uploaded_by=work.principal.subject_id)
    await repository.set_stamped_copy(conn, delivery_id=delivery["delivery_id"], attachment_id=attachment_id)
    await repository.add_signed_file(conn, attachment_id=attachment_id, signed_at=received_at,
                                     archive_due_at=received_at + ARCHIVE_AFTER)
    return attachment_id


async def _seal(work: UnitOfWork, desk: SigningDesk, agency_id: str) -> asyncpg.Record:
    """The agency's electronic seal, made on first use: a token of its own unlocked by the deployment's seal PIN."""
    conn = work.conn
    await repository.lock_holder(conn, "seal", agency_id)
    seal = await repository.active_credential(conn, kind="seal", holder_id=agency_id)
    if seal is None:
        agency = (await directory_repository.agencies_by_id(conn, [agency_id]))[agency_id]
        subject = _subject(agency["name_th"], agency["name_th"], "ตราประทับอิเล็กทรอนิกส์")
        await _issue(work, desk, kind="seal", holder_id=agency_id, pin=desk.seal_pin, subject=subject)
        seal = await repository.active_credential(conn, kind="seal", holder_id=agency_id)
    return seal
