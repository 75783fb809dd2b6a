"""The time-stamping authority (RFC 3161, SHA-256): Certomancer's TimeStamper with the TSA's certificate and key."""

from __future__ import annotations

from asn1crypto import tsp
from certomancer.registry import ServiceLabel
from certomancer.services import TimeStamper, choose_signed_digest

from .architecture import TSA, TestPki
from .errors import PkiError


def time_stamper(pki: TestPki) -> TimeStamper:
    """One for the process: it reads the clock for every token it signs."""
    info = pki.arch.service_registry.get_tsa_info(ServiceLabel(TSA))
    certificate = pki.certificate(TSA)
    return TimeStamper(
        tsa_cert=certificate,
        tsa_key=pki.arch.key_set.get_private_key(info.signing_key),
        signature_algo=choose_signed_digest(info.digest_algo, certificate.public_key),
        certs_to_embed=[pki.certificate(label) for label in info.certs_to_embed],
        md_algorithm=info.digest_algo,
    )


def time_stamp_reply(stamper: TimeStamper, request_der: bytes) -> bytes:
    try:
        request = tsp.TimeStampReq.load(request_der)
        request.native  # noqa: B018 - parses the whole request, so a malformed one fails here
    except ValueError:
        raise PkiError("invalid_time_stamp_request", 400, "คำขอประทับเวลาอ่านไม่ได้ (ต้องเป็น TimeStampReq ตาม RFC 3161)",
                       "The time-stamp request cannot be read (an RFC 3161 TimeStampReq expected)") from None
    return stamper.request_tsa_response(request).dump()
