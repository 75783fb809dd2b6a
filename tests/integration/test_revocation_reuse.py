"""Signature checks reuse the test PKI's revocation answers for the configured time, never longer: a certificate
revoked after a check is still reported good within that time, and revoked once it has passed. Checks running at
once in worker threads share the answers."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import CertificateSigningRequestBuilder, Name, NameAttribute, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from documents_service.signing.authority import CertificateAuthority, CertificateSubject
from documents_service.signing.desk import load_roots
from documents_service.signing.revocation import RevocationAnswers
from documents_service.signing.verification import Trust, Verdict, check
from tests.support import minimal_pdf

pytestmark = pytest.mark.integration

TTL_S = 60


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _issued(pki: dict, folder: Path) -> tuple[str, signers.SimpleSigner]:
    """A new signer certificate from the test PKI (its serial) and a signer holding its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    request = CertificateSigningRequestBuilder().subject_name(Name([NameAttribute(NameOID.COMMON_NAME, "x")])).sign(
        key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()
    async with CertificateAuthority(pki["url"]) as ca:
        issued = await ca.issue(request, "signer", CertificateSubject("นายทดสอบ การเพิกถอน", "สำนักงานทดสอบ"))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_text(issued.certificate_pem)
    signer = signers.SimpleSigner.load(str(folder / "key.pem"), str(folder / "cert.pem"),
                                       ca_chain_files=[pki["issuing_ca_certificate"]])
    return issued.serial, signer


def _signed_without_timestamp(signer: signers.SimpleSigner) -> bytes:
    """No timestamp: the certificate is judged as it stands at the check, so a revocation shows as "revoked"."""
    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    out = io.BytesIO()
    signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(minimal_pdf("การเพิกถอน"))),
                                            output=out)
    return out.getvalue()


async def test_a_revocation_shows_once_the_reuse_time_has_passed(stack, tmp_path):
    pki = stack["pki"]
    serial, signer = await _issued(pki, tmp_path)
    pdf = await asyncio.to_thread(_signed_without_timestamp, signer)
    clock = Clock()
    trust = Trust(tuple(load_roots(pki["root_certificate"])), RevocationAnswers(TTL_S, clock=clock))
    with ThreadPoolExecutor(4) as pool:  # several checks at once, as the service's worker threads run them
        verdicts = list(pool.map(lambda _: check(pdf, trust).verdict, range(4)))
    assert verdicts == [Verdict.VALID] * 4

    async with CertificateAuthority(pki["url"]) as ca:
        await ca.revoke(serial, "key_compromise")
    fresh = Trust(trust.roots)  # no reuse: asks the PKI, which answers "revoked" at once
    assert (await asyncio.to_thread(check, pdf, fresh)).verdict is Verdict.REVOKED

    clock.now += TTL_S - 1  # the "good" answer is reused until the reuse time has passed...
    assert (await asyncio.to_thread(check, pdf, trust)).verdict is Verdict.VALID
    clock.now += 1  # ...and not a moment longer
    assert (await asyncio.to_thread(check, pdf, trust)).verdict is Verdict.REVOKED
