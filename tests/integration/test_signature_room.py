"""What pades.certify puts in a letter's /Contents with a key in the profile's SoftHSM2 token and the test PKI's
TSA: the room it reserves holds the signature (without the root certificate) with a bounded margin, a signature
that does not fit fails with its own error, and the signing desk keeps one TSA client, so the timestamp pyHanko
sizes signatures by is asked for once, not on every signature."""

from __future__ import annotations

import asyncio
import io
import os
import secrets
from collections.abc import Iterator

import pytest
from asn1crypto import cms, pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader

from documents_service.signing import pades
from documents_service.signing.authority import CertificateAuthority, CertificateSubject
from documents_service.signing.desk import SigningDesk, load_roots
from documents_service.signing.tokens import TokenStore
from documents_service.signing.verification import Trust, Verdict, check
from tests.support import minimal_pdf

pytestmark = pytest.mark.integration

PIN = "246810"


@pytest.fixture(scope="module")
def tokens(stack) -> Iterator[TokenStore]:
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = stack["softhsm"]["conf"]  # libsofthsm2 reads it when the library is loaded
    try:
        yield TokenStore(stack["softhsm"]["module"])
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="module")
async def credential(stack, tokens) -> pades.Credential:
    label = f"room-{secrets.token_hex(6)}"
    subject = CertificateSubject("นางสาวทดสอบ ขนาดลายมือชื่อ", "สำนักงานจังหวัดเชียงใหม่")
    await asyncio.to_thread(tokens.create, label, PIN)
    request = await asyncio.to_thread(tokens.certificate_request, label, PIN, subject)
    async with CertificateAuthority(stack["pki"]["url"]) as ca:
        issued = await ca.issue(request, "signer", subject)
    load = lambda text: x509.Certificate.load(pem.unarmor(text.encode())[2])  # noqa: E731
    return pades.Credential(label, load(issued.certificate_pem), [load(c) for c in issued.chain_pem])


def _desk(stack, tokens) -> SigningDesk:
    pki = stack["pki"]
    return SigningDesk(tokens=tokens, authority=CertificateAuthority(pki["url"]), tsa_url=pki["tsa_url"],
                       trust=Trust(tuple(load_roots(pki["root_certificate"]))), store=None, seal_pin="",
                       max_image_bytes=1, max_file_bytes=1)


def _certify(pdf: bytes, tokens: TokenStore, credential: pades.Credential, tsa) -> bytes:
    return pades.certify(pdf, tokens=tokens, credential=credential, pin=PIN, box=None, appearance=None, tsa=tsa,
                         signer_name="นางสาวทดสอบ ขนาดลายมือชื่อ", location="เชียงใหม่")


async def test_the_reserved_room_holds_the_signature_without_the_root_and_little_more(stack, tokens, credential):
    desk = _desk(stack, tokens)
    signed = await asyncio.to_thread(_certify, minimal_pdf("ขนาดลายมือชื่อ"), tokens, credential, desk.timestamper())
    assert (await asyncio.to_thread(check, signed, desk.trust)).verdict is Verdict.VALID

    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    reserved = len(embedded.pkcs7_content)  # the whole /Contents, zero padding included
    used = len(cms.ContentInfo.load(bytes(embedded.pkcs7_content)).dump())  # asn1crypto reads up to the DER's end
    carried = {c.chosen.subject.native["common_name"] for c in embedded.signed_data["certificates"]}
    assert carried == {"นางสาวทดสอบ ขนาดลายมือชื่อ", "OpenSaraban Test Issuing CA for People and Seals"}
    # The margin: _CMS_ROOM and the issuer's name twice, less what the signer's identifier and attributes use.
    assert used < reserved <= used + pades._CMS_ROOM + 2 * len(credential.certificate.issuer.dump())


async def test_a_signature_that_does_not_fit_fails_with_its_own_error(stack, tokens, credential, monkeypatch):
    monkeypatch.setattr(pades, "_CMS_ROOM", -2000)
    with pytest.raises(pades.SignatureTooLarge, match="larger than expected"):
        await asyncio.to_thread(_certify, minimal_pdf("ไม่พอ"), tokens, credential, _desk(stack, tokens).timestamper())


async def test_the_desk_asks_the_tsa_for_its_sizing_timestamp_once(stack, tokens, credential):
    desk = _desk(stack, tokens)
    tsa = desk.timestamper()
    assert desk.timestamper() is tsa
    asked = []
    answer = tsa.async_request_tsa_response

    async def counted(request):
        asked.append(request)
        return await answer(request)

    tsa.async_request_tsa_response = counted
    for text in ("หนึ่ง", "สอง", "สาม"):
        await asyncio.to_thread(_certify, minimal_pdf(text), tokens, credential, desk.timestamper())
    assert len(asked) == 1 + 3  # the sizing timestamp, then one per signature
