"""The test PKI (deploy/testpki) that devstack starts: certificates it issues at run time, their revocation, its time
stamps, checked with OpenSSL and poppler's pdfsig; its state survives a restart. The documents service's client of it
(signing/authority.py) makes the calls."""

from __future__ import annotations

import io
import time
from pathlib import Path

import httpx
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from documents_service.signing.authority import (
    CA_REFUSED,
    CERTIFICATE_UNKNOWN,
    CertificateAuthority,
    CertificateAuthorityUnavailable,
    CertificateSubject,
    IssuedCertificate,
)
from opensaraban_shared.errors import AppError
from tests import pdf_checks
from tests.support import devstack, minimal_pdf, openssl

pytestmark = pytest.mark.integration

SIGNER = CertificateSubject("นายสมชาย ใจดี", "สำนักงานจังหวัดเชียงใหม่", organizational_unit="กลุ่มงานอำนวยการ")
SEAL = CertificateSubject("สำนักงานจังหวัดเชียงใหม่", "สำนักงานจังหวัดเชียงใหม่")


@pytest.fixture
def pki(stack) -> dict[str, str]:
    return stack["pki"]


@pytest.fixture
def published(pki) -> dict[str, str]:
    """The root's and the issuing CA's certificates as devstack saved them (PEM)."""
    return {"root": Path(pki["root_certificate"]).read_text(), "issuing": Path(pki["issuing_ca_certificate"]).read_text()}


def request_for(key, common_name: str = "ignored by the CA") -> str:
    """A PKCS#10 request for a key made with `cryptography`; the CA names the subject itself."""
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name)]))
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()


async def issue(pki: dict[str, str], subject: CertificateSubject = SIGNER, profile: str = "signer") -> IssuedCertificate:
    async with CertificateAuthority(pki["url"]) as ca:
        return await ca.issue(request_for(ec.generate_private_key(ec.SECP256R1())), profile, subject)


def saved(tmp_path: Path, issued: IssuedCertificate) -> tuple[Path, Path]:
    """The certificate and the issuing CA's certificate (the chain's first entry) as PEM files."""
    cert, issuing = tmp_path / f"{issued.serial}.pem", tmp_path / "issuing-from-chain.pem"
    cert.write_text(issued.certificate_pem)
    issuing.write_text(issued.chain_pem[0])
    return cert, issuing


def as_openssl_prints(serial: str) -> str:
    """A serial as `openssl crl -text` shows it: upper-case hex in whole bytes."""
    digits = format(int(serial, 16), "X")
    return digits.zfill(len(digits) + len(digits) % 2)


def ocsp_status(pki: dict[str, str], cert: Path, issuing: Path) -> str:
    """What `openssl ocsp` reports for the certificate, after checking the responder's signature up to the root."""
    result = openssl("ocsp", "-issuer", str(issuing), "-cert", str(cert), "-url", pki["ocsp_url"],
                     "-CAfile", pki["root_certificate"])
    assert "Response verify OK" in result.stderr + result.stdout, result.stderr + result.stdout
    return result.stdout.split(f"{cert}:", 1)[1].split()[0]


async def test_issued_signer_certificate_verifies_up_to_the_root_with_openssl(pki, published, tmp_path):
    issued = await issue(pki)
    cert, issuing = saved(tmp_path, issued)

    verified = openssl("verify", "-CAfile", pki["root_certificate"], "-untrusted", str(issuing), str(cert))
    assert verified.returncode == 0 and verified.stdout.strip().endswith(": OK"), verified.stdout + verified.stderr
    assert issued.chain_pem == (published["issuing"], published["root"])

    text = openssl("x509", "-in", str(cert), "-noout", "-text", "-nameopt", "utf8,sep_comma_plus").stdout
    assert "C=TH,O=สำนักงานจังหวัดเชียงใหม่,OU=กลุ่มงานอำนวยการ,CN=นายสมชาย ใจดี" in text
    assert "CN=OpenSaraban Test Issuing CA for People and Seals" in text
    assert "Digital Signature, Non Repudiation" in text
    assert "1.3.6.1.5.5.7.3.36" in text and "1.3.6.1.4.1.311.10.3.12" in text
    assert f"OCSP - URI:{pki['ocsp_url']}" in text
    assert f"URI:{pki['crl_url']}" in text
    assert "CA:FALSE" in text
    certificate = x509.load_pem_x509_certificate(issued.certificate_pem.encode())
    assert int(issued.serial, 16) == certificate.serial_number
    assert (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days == 730


async def test_a_seal_certificate_names_the_agency(pki, tmp_path):
    issued = await issue(pki, SEAL, "seal")
    cert, issuing = saved(tmp_path, issued)
    assert openssl("verify", "-CAfile", pki["root_certificate"], "-untrusted", str(issuing), str(cert)).returncode == 0
    subject = openssl("x509", "-in", str(cert), "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus").stdout
    assert subject.strip() == "subject=C=TH,O=สำนักงานจังหวัดเชียงใหม่,CN=สำนักงานจังหวัดเชียงใหม่"


async def test_revocation_shows_in_ocsp_and_the_crl_at_once(pki, tmp_path):
    issued = await issue(pki)
    cert, issuing = saved(tmp_path, issued)
    assert ocsp_status(pki, cert, issuing) == "good"

    async with CertificateAuthority(pki["url"]) as ca:
        await ca.revoke(issued.serial, "affiliation_changed")
        await ca.revoke(issued.serial, "key_compromise")  # again: nothing changes

    assert ocsp_status(pki, cert, issuing) == "revoked"
    ocsp_text = openssl("ocsp", "-issuer", str(issuing), "-cert", str(cert), "-url", pki["ocsp_url"],
                        "-CAfile", pki["root_certificate"]).stdout
    assert "Reason: affiliationChanged" in ocsp_text

    crl_file = tmp_path / "issuing.crl"
    async with httpx.AsyncClient() as http:
        crl_file.write_bytes((await http.get(pki["crl_url"])).content)
    listed = openssl("crl", "-inform", "DER", "-in", str(crl_file), "-noout", "-text")
    assert listed.returncode == 0, listed.stderr
    entry = listed.stdout.split(f"Serial Number: {as_openssl_prints(issued.serial)}\n", 1)
    assert len(entry) == 2, f"serial {issued.serial} not in the CRL:\n{listed.stdout[:2000]}"
    assert "Affiliation Changed" in entry[1].split("Serial Number:", 1)[0]
    # The CRL is the issuing CA's, signed by it: OpenSSL checks the signature with the CA's certificate.
    signed = openssl("crl", "-inform", "DER", "-in", str(crl_file), "-noout", "-CAfile", str(issuing))
    assert "verify OK" in signed.stderr + signed.stdout, signed.stderr + signed.stdout


async def test_a_time_stamp_reply_verifies_with_openssl_ts(pki, tmp_path):
    data = tmp_path / "letter.pdf"
    data.write_bytes(b"%PDF-1.7 not really a letter " + str(time.time()).encode())
    query = tmp_path / "request.tsq"
    made = openssl("ts", "-query", "-data", str(data), "-sha256", "-cert", "-out", str(query))
    assert made.returncode == 0, made.stderr
    async with httpx.AsyncClient() as http:
        reply = await http.post(pki["tsa_url"], content=query.read_bytes(),
                                headers={"Content-Type": "application/timestamp-query"})
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/timestamp-reply"
    answer = tmp_path / "reply.tsr"
    answer.write_bytes(reply.content)

    shown = openssl("ts", "-reply", "-in", str(answer), "-text").stdout
    assert "Status: Granted." in shown and "Hash Algorithm: sha256" in shown
    assert "CN=OpenSaraban Test Time Stamping Authority" in shown
    verified = openssl("ts", "-verify", "-data", str(data), "-in", str(answer), "-CAfile", pki["root_certificate"],
                       "-untrusted", pki["tsa_certificate"])
    assert verified.returncode == 0 and "Verification: OK" in verified.stdout, verified.stdout + verified.stderr

    data.write_bytes(data.read_bytes() + b"changed")
    tampered = openssl("ts", "-verify", "-data", str(data), "-in", str(answer), "-CAfile", pki["root_certificate"],
                       "-untrusted", pki["tsa_certificate"])
    assert tampered.returncode != 0


def test_the_tamper_test_certificates_fail_as_they_should(pki):
    certs = Path(pki["certificates_dir"])
    expired = openssl("verify", "-CAfile", pki["root_certificate"], "-untrusted", pki["issuing_ca_certificate"],
                      str(certs / "expired-signer.pem"))
    assert expired.returncode != 0 and "certificate has expired" in expired.stdout + expired.stderr
    untrusted = openssl("verify", "-CAfile", pki["root_certificate"], "-untrusted", str(certs / "untrusted-root.pem"),
                        str(certs / "untrusted-signer.pem"))
    assert untrusted.returncode != 0
    # Its own root does vouch for it: the certificate is sound, only not trusted.
    assert openssl("verify", "-CAfile", str(certs / "untrusted-root.pem"), str(certs / "untrusted-signer.pem")).returncode == 0
    assert (Path(pki["keys_dir"]) / "expired-signer.key.pem").exists()
    # The OCSP responder answers for the issuing CA's configured certificates too, and "unknown" for a serial it
    # never issued.
    assert ocsp_status(pki, certs / "expired-signer.pem", Path(pki["issuing_ca_certificate"])) == "good"
    never = openssl("ocsp", "-issuer", pki["issuing_ca_certificate"], "-serial", "0x1234567", "-url", pki["ocsp_url"],
                    "-CAfile", pki["root_certificate"])
    assert "Response verify OK" in never.stderr and "0x1234567: unknown" in never.stdout, never.stdout + never.stderr


async def test_bad_requests_get_4xx_with_a_code_and_thai_and_english_messages(pki):
    async with CertificateAuthority(pki["url"]) as ca:
        key = ec.generate_private_key(ec.SECP256R1())
        cases = [
            (ca.issue("-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----\n",
                      "signer", SIGNER), CA_REFUSED, "invalid_csr"),
            (ca.issue(request_for(key), "root-ca", SIGNER), CA_REFUSED, "unknown_profile"),
            (ca.issue(request_for(rsa.generate_private_key(public_exponent=65537, key_size=1024)), "signer", SIGNER),
             CA_REFUSED, "unsupported_key"),
            (ca.issue(request_for(key), "signer", CertificateSubject("", "สำนักงานจังหวัดเชียงใหม่")),
             CA_REFUSED, "invalid_input"),
            (ca.revoke("ffff0000", "cessation_of_operation"), CERTIFICATE_UNKNOWN, "unknown_serial"),
        ]
        for call, kind, ca_code in cases:
            with pytest.raises(AppError) as raised:
                await call
            assert raised.value.kind == kind and raised.value.detail["ca_code"] == ca_code, raised.value.detail
            assert raised.value.detail["ca_message_th"] and raised.value.detail["ca_message_en"]
    issued = await issue(pki)
    async with httpx.AsyncClient(base_url=pki["url"]) as http:
        wrong = await http.post(f"/certificates/{issued.serial}/revoke", json={"reason": "certificate_hold"})
        assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "unknown_reason"
        assert (await http.get(f"/certificates/{issued.serial}")).json()["revoked_at"] is None


async def test_issued_and_revoked_certificates_survive_a_restart_and_a_stopped_ca_is_unavailable(
        pki, published, tmp_path):
    kept, revoked = await issue(pki), await issue(pki)
    async with CertificateAuthority(pki["url"]) as ca:
        await ca.revoke(revoked.serial, "cessation_of_operation")

    devstack("stop-infra", "pki")
    try:
        with pytest.raises(CertificateAuthorityUnavailable):
            await issue(pki)
    finally:
        devstack("start-infra", "pki")

    # The restarted PKI signs under the same root (and answers for the same certificates).
    assert (await issue(pki)).chain_pem == (published["issuing"], published["root"])
    for issued, status in ((kept, "good"), (revoked, "revoked")):
        cert, issuing = saved(tmp_path, issued)
        assert ocsp_status(pki, cert, issuing) == status
    async with httpx.AsyncClient() as http:
        shown = (await http.get(f"{pki['url']}/certificates/{revoked.serial}")).json()
    assert shown["revocation_reason"] == "cessation_of_operation" and shown["certificate_pem"] == revoked.certificate_pem


def asn1_certificate(pem_text: str) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(asn1_pem.unarmor(pem_text.encode())[2])


async def test_pdfsig_trusts_a_pades_signature_under_the_test_pki_and_sees_its_revocation(pki, tmp_path):
    """pyHanko signs with a key whose certificate the PKI issued, with a timestamp from its TSA; poppler's pdfsig
    (NSS, which asks the certificate's OCSP responder by GET) reports the signer trusted, then revoked."""
    key = ec.generate_private_key(ec.SECP256R1())
    async with CertificateAuthority(pki["url"]) as ca:
        issued = await ca.issue(request_for(key), "signer", SIGNER)
    signer = signers.SimpleSigner(
        signing_cert=asn1_certificate(issued.certificate_pem),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_certificate(pem) for pem in issued.chain_pem]))
    signed = await signers.async_sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(minimal_pdf("ทดสอบลายมือชื่อ"))),
        signers.PdfSignatureMetadata(field_name="Signature1", subfilter=SigSeedSubFilter.PADES),
        signer=signer, timestamper=RequestsHTTPTimeStamper(pki["tsa_url"]))
    (tmp_path / "nss").mkdir()
    nss = pdf_checks.nss_trusting(Path(pki["root_certificate"]), tmp_path / "nss")

    [report] = pdf_checks.pdfsig(signed.getvalue(), nss)
    assert report["Signature Validation"] == "Signature is Valid.", report
    assert report["Certificate Validation"] == "Certificate is Trusted.", report
    assert report["Signer Certificate Common Name"] == "นายสมชาย ใจดี"

    async with CertificateAuthority(pki["url"]) as ca:
        await ca.revoke(issued.serial, "key_compromise")
    [report] = pdf_checks.pdfsig(signed.getvalue(), nss)
    assert report["Certificate Validation"] == "Certificate has been Revoked."
