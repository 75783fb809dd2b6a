"""How the CA client reports a CA that fails: unavailable (503, retry) for a 5xx, the CA's own code for a refusal."""

import httpx
import pytest

from documents_service.signing.authority import (
    CA_REFUSED,
    CertificateAuthority,
    CertificateAuthorityUnavailable,
    CertificateSubject,
)
from opensaraban_shared.errors import AppError


def ca_answering(status: int, body: dict | None = None) -> CertificateAuthority:
    return CertificateAuthority("http://ca.invalid", transport=httpx.MockTransport(
        lambda request: httpx.Response(status, json=body or {})))


async def test_a_failing_ca_is_unavailable_and_so_a_connection_error():
    async with ca_answering(502) as ca:
        with pytest.raises(CertificateAuthorityUnavailable) as raised:
            await ca.revoke("1f", "cessation_of_operation")
    assert isinstance(raised.value, ConnectionError)


async def test_a_refusal_carries_the_cas_code_and_messages():
    refusal = {"error": {"code": "unsupported_key", "message": "…", "message_th": "รองรับเฉพาะกุญแจ RSA",
                         "message_en": "Only RSA", "detail": {"field": "csr_pem"}}}
    async with ca_answering(422, refusal) as ca:
        with pytest.raises(AppError) as raised:
            await ca.issue("csr", "signer", CertificateSubject("นายสมชาย ใจดี", "สำนักงานจังหวัดเชียงใหม่"))
    assert raised.value.kind == CA_REFUSED
    assert raised.value.detail == {"ca_status": 422, "ca_code": "unsupported_key", "ca_message_th": "รองรับเฉพาะกุญแจ RSA",
                                   "ca_message_en": "Only RSA", "field": "csr_pem"}
