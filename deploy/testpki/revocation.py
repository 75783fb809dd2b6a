"""The issuing CA's CRL and OCSP answers, for its configured certificates and those it issued at run time alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from asn1crypto import crl, ocsp
from certomancer.registry import EntityLabel, ServiceLabel
from certomancer.services import (
    CertomancerServiceError,
    CRLBuilder,
    RevocationInfoInterface,
    SimpleOCSPResponder,
    choose_signed_digest,
)

from .architecture import ISSUING, OCSP_RESPONDER, TestPki
from .store import CertificateStore

FRESHNESS = timedelta(minutes=10)
"""nextUpdate of every CRL and OCSP answer: both are made fresh on each request, so a revocation shows at once and
a validator holding an older answer fetches a new one within ten minutes."""
REASONS = ("unspecified", "key_compromise", "affiliation_changed", "superseded", "cessation_of_operation",
           "privilege_withdrawn")
"""RFC 5280 reasons (asn1crypto's names) a signer's certificate may be revoked for; certificate_hold is not offered:
a revocation here is final."""


class IssuingCaStatus(RevocationInfoInterface):
    """What the issuing CA's OCSP responder says about a serial: good, revoked (time, reason) or unknown."""

    def __init__(self, pki: TestPki, store: CertificateStore) -> None:
        self._pki, self._store = pki, store

    def get_issuer_cert(self):
        return self._pki.certificate(ISSUING)

    def check_revocation_status(self, cid: ocsp.CertId, at_time: datetime):
        serial = cid["serial_number"].native
        stored = self._store.get(serial)
        if stored is not None:
            if stored.revoked_at is None or stored.revoked_at > at_time:
                return ocsp.CertStatus("good"), []
            return ocsp.CertStatus(name="revoked", value={
                "revocation_time": stored.revoked_at,
                "revocation_reason": crl.CRLReason(stored.revocation_reason)}), []
        arch = self._pki.arch
        try:
            label = arch.find_cert_label(cid, issuer_label=EntityLabel(ISSUING))
        except CertomancerServiceError:  # what Certomancer raises for a serial it did not issue
            return ocsp.CertStatus("unknown"), []
        configured = arch.check_revocation_status(label, at_time)
        return (ocsp.CertStatus("good") if configured is None else configured.to_ocsp_asn1()), []


def ocsp_response(pki: TestPki, store: CertificateStore, request_der: bytes) -> bytes:
    try:
        request = ocsp.OCSPRequest.load(request_der)
        request.native  # noqa: B018 - parses the whole request, so a malformed one fails here
    except ValueError:
        return SimpleOCSPResponder.build_error_response("malformed_request").dump()
    arch = pki.arch
    info = arch.service_registry.get_ocsp_info(ServiceLabel(ISSUING))
    responder_cert = pki.certificate(OCSP_RESPONDER)
    responder = SimpleOCSPResponder(
        responder_cert=responder_cert,
        responder_key=arch.key_set.get_private_key(info.signing_key),
        signature_algo=choose_signed_digest("sha256", responder_cert.public_key),
        at_time=datetime.now(UTC).replace(microsecond=0),
        revinfo_interface=IssuingCaStatus(pki, store),
        validity=FRESHNESS,
    )
    return responder.build_ocsp_response(request).dump()


def current_crl(pki: TestPki, store: CertificateStore) -> bytes:
    """A full CRL of the issuing CA signed now: its configured revocations and the ones made through the API."""
    arch = pki.arch
    info = arch.service_registry.get_crl_repo_info(ServiceLabel(ISSUING))
    key = arch.key_set.get_asym_key(info.signing_key)
    issuer = pki.certificate(ISSUING)
    now = datetime.now(UTC)
    this_update = now.replace(microsecond=0)
    builder = CRLBuilder(issuer_name=issuer.subject, issuer_key=key.private,
                         signature_algo=choose_signed_digest("sha256", key.public),
                         authority_key_identifier=issuer.key_identifier_value)
    revoked = list(arch.get_revoked_certs_at_time(this_update, info))
    revoked += [CRLBuilder.format_revoked_cert(entry.serial, crl.CRLReason(entry.revocation_reason), entry.revoked_at)
                for entry in store.revoked()]
    # CRL numbers must grow: microseconds since 1970 do, one CRL after another.
    number = int(now.timestamp() * 1_000_000)
    return builder.build_crl(crl_number=number, this_update=this_update, next_update=this_update + FRESHNESS,
                             revoked_certs=revoked, distpoint=info.format_idp(arch.entities)).dump()
