"""Every way of breaking a signed letter is caught, by the system (POST /signing/verification, the recipient's
check) and by poppler's pdfsig against the test root: a changed byte, an incremental update that changes the
body or the number, a signature wrapped or moved to another letter, a signer from an untrusted CA, an expired
certificate without a timestamp, a certificate revoked before signing.

pdfsig checks a signature's bytes and certificate, not what later revisions changed: for an incremental update it
reports the signature valid but no longer covering the whole document, exactly as it does for the receipt stamp
the regulation allows. Telling the two apart takes the certification's rules (DocMDP), which the system applies
through pyHanko: that case is asserted as pdfsig can report it."""

from __future__ import annotations

import asyncio
import io
import re
import uuid
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import CertificateSigningRequestBuilder, Name, NameAttribute, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

from documents_service.signing.authority import CertificateAuthority, CertificateSubject
from tests import pdf_checks
from tests.signing_flow import OFFICE, download, enrolled_signer, proposed, sent_signed
from tests.support import minimal_pdf, sign_in

pytestmark = pytest.mark.integration


@pytest.fixture
async def docs(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def nss(stack, tmp_path_factory) -> Path:
    return pdf_checks.nss_trusting(Path(stack["pki"]["root_certificate"]), tmp_path_factory.mktemp("nss"))


@pytest.fixture(scope="module")
async def two_letters(services) -> list[bytes]:
    """Two letters signed and sent by one enrolled signer, as the sender stored them."""
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as docs:
        signer_id, signer = await enrolled_signer(docs)
        clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
        pdfs = []
        for n in range(2):
            letter = await sent_signed(docs, signer, await proposed(docs, signer_id, f"ทดสอบการปลอมแปลง {n} "
                                                                                     f"{uuid.uuid4().hex[:6]}"))
            pdfs.append((await download(docs, clerk, letter["attachments"][0]["attachment_id"])).content)
        return pdfs


async def system_verdict(docs, pdf: bytes) -> str:
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    checked = await docs.post("/signing/verification", headers={**clerk, "content-type": "application/pdf"},
                              content=pdf)
    assert checked.status_code == 200, checked.text
    return checked.json()["verdict"]


def signature_validation(pdf: bytes, nss: Path) -> list[str]:
    return [s["Signature Validation"] for s in pdf_checks.pdfsig(pdf, nss)]


# --- the letter's own bytes -----------------------------------------------------------------------

def byte_changed(pdf: bytes) -> bytes:
    """One byte inside the first compressed stream the signature covers."""
    at = pdf.index(b"stream\n", 200) + len(b"stream\n") + 10
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


def with_update(pdf: bytes, content: bytes, resources: generic.DictionaryObject | None = None) -> bytes:
    """An incremental update drawing `content` over page 1."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = writer.add_object(generic.StreamObject(stream_data=content))
    writer.add_stream_to_page(0, stream, resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def body_removed(pdf: bytes) -> bytes:
    """The body painted over in white: to a reader the letter now says nothing."""
    return with_update(pdf, b"q 1 1 1 rg 40 120 520 560 re f Q")


def number_changed(pdf: bytes) -> bytes:
    """The number covered in white and another written on top of it."""
    font = generic.DictionaryObject({generic.NameObject("/F9"): generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")})})
    resources = generic.DictionaryObject({generic.NameObject("/Font"): font})
    return with_update(pdf, b"q 1 1 1 rg 60 660 200 30 re f Q BT /F9 14 Tf 0 g 70 670 Td (9999/2569) Tj ET", resources)


def wrapped(pdf: bytes) -> bytes:
    """The signature's byte range moved one byte on, so it covers other bytes than those signed."""
    match = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)( *)\]", pdf)
    assert match, "no signed byte range"
    first, length, second, rest = (int(v) for v in match.groups()[:4])
    moved = f"/ByteRange [{first} {length} {second + 1} {rest - 1}".encode()
    moved += b" " * (match.end() - match.start() - len(moved) - 1) + b"]"
    return pdf[:match.start()] + moved + pdf[match.end():]


def moved(signed_from: bytes, onto: bytes) -> bytes:
    """Letter A's signature value put into letter B's signature."""
    def contents(pdf: bytes) -> re.Match[bytes]:
        match = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf)
        assert match, "no signature value"
        return match
    source, target = contents(signed_from), contents(onto)
    value = source.group(1).rstrip(b"0")
    width = len(target.group(1))
    assert len(value) <= width
    return onto[:target.start(1)] + value.ljust(width, b"0") + onto[target.end(1):]


@pytest.mark.parametrize("tamper", [byte_changed, wrapped], ids=["byte_changed", "wrapped"])
async def test_changed_bytes_break_the_signature(docs, nss, two_letters, tamper):
    original = two_letters[0]
    assert signature_validation(original, nss) == ["Signature is Valid."]
    assert await system_verdict(docs, original) == "valid"
    broken = tamper(original)
    assert signature_validation(broken, nss) != ["Signature is Valid."]
    assert await system_verdict(docs, broken) == "modified"


async def test_a_signature_moved_to_another_letter_does_not_verify(docs, nss, two_letters):
    forged = moved(two_letters[0], onto=two_letters[1])
    assert signature_validation(forged, nss) != ["Signature is Valid."]
    assert await system_verdict(docs, forged) == "modified"


@pytest.mark.parametrize("tamper", [body_removed, number_changed], ids=["body", "number"])
async def test_an_update_after_signing_that_changes_the_letter_is_caught(docs, nss, two_letters, tamper):
    changed = tamper(two_letters[0])
    [report] = pdf_checks.pdfsig(changed, nss)
    assert report["Signature Validation"] == "Signature is Valid." and report["Total document signed"] == "no"
    assert await system_verdict(docs, changed) == "modified"


# --- certificates that must not be trusted ------------------------------------------------------------

def signed_with(key: Path, certificate: Path, chain: list[Path], *, tsa: str | None) -> bytes:
    signer = signers.SimpleSigner.load(str(key), str(certificate), ca_chain_files=[str(c) for c in chain])
    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    out = io.BytesIO()
    signers.PdfSigner(meta, signer, timestamper=RequestsHTTPTimeStamper(tsa) if tsa else None).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(minimal_pdf("หนังสือทดสอบใบรับรอง"))), output=out)
    return out.getvalue()


async def test_a_signer_under_an_untrusted_root_is_not_trusted(docs, nss, stack):
    pki = stack["pki"]
    certs, keys = Path(pki["certificates_dir"]), Path(pki["keys_dir"])
    pdf = await asyncio.to_thread(signed_with, keys / "untrusted-signer.key.pem", certs / "untrusted-signer.pem",
                                  [certs / "untrusted-root.pem"], tsa=pki["tsa_url"])
    [report] = pdf_checks.pdfsig(pdf, nss)
    assert report["Signature Validation"] == "Signature is Valid."
    assert report["Certificate Validation"] != "Certificate is Trusted."
    assert await system_verdict(docs, pdf) == "untrusted"


async def test_an_expired_certificate_without_a_timestamp_is_not_trusted(docs, nss, stack):
    pki = stack["pki"]
    certs, keys = Path(pki["certificates_dir"]), Path(pki["keys_dir"])
    pdf = await asyncio.to_thread(signed_with, keys / "expired-signer.key.pem", certs / "expired-signer.pem",
                                  [certs / "issuing.pem"], tsa=None)
    [report] = pdf_checks.pdfsig(pdf, nss)
    assert report["Certificate Validation"] == "Certificate has Expired"
    assert await system_verdict(docs, pdf) == "untrusted"


async def test_a_certificate_revoked_before_signing_is_reported_revoked(docs, nss, stack, tmp_path):
    pki = stack["pki"]
    key = ec.generate_private_key(ec.SECP256R1())
    request = CertificateSigningRequestBuilder().subject_name(Name([NameAttribute(NameOID.COMMON_NAME, "x")])).sign(
        key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()
    async with CertificateAuthority(pki["url"]) as ca:
        issued = await ca.issue(request, "signer", CertificateSubject("นายเพิกถอน ก่อนลงนาม", "สำนักงานทดสอบ"))
        await ca.revoke(issued.serial, "key_compromise")
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_text(issued.certificate_pem)
    pdf = await asyncio.to_thread(signed_with, key_file, cert_file, [Path(pki["issuing_ca_certificate"])],
                                  tsa=pki["tsa_url"])
    [report] = pdf_checks.pdfsig(pdf, nss)
    assert report["Certificate Validation"] == "Certificate has been Revoked."
    assert await system_verdict(docs, pdf) == "revoked"
