"""The deployment CA's enrollment API as the documents service calls it: a certificate for a signer's or an agency
seal's key (from a PKCS#10 request), and its revocation. In development and tests that CA is deploy/testpki; in
production it is the CA the agency enrols its signers with, behind the same two calls (docs/signatures.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import httpx

from opensaraban_shared.errors import AppError, ErrorKind

CertificateProfile = Literal["signer", "seal"]
RevocationReason = Literal["unspecified", "key_compromise", "affiliation_changed", "superseded",
                           "cessation_of_operation", "privilege_withdrawn"]
"""RFC 5280 reasons: affiliation_changed when a person loses the signing role, cessation_of_operation when they leave,
key_compromise when the token's key may be known to someone else."""

CA_REFUSED = ErrorKind("certificate_authority_refused", 422, "ผู้ออกใบรับรองปฏิเสธคำขอ",
                       "The certificate authority refused the request")
CERTIFICATE_UNKNOWN = ErrorKind("certificate_unknown", 404, "ผู้ออกใบรับรองไม่รู้จักใบรับรองนี้",
                                "The certificate authority knows no certificate with this serial number")


class CertificateAuthorityUnavailable(ConnectionError):
    """The CA did not answer, or failed (5xx): nothing was issued or revoked, the same call may be made again.

    A ConnectionError, so a route that lets it escape answers 503 with Retry-After (opensaraban_shared.errors)."""


@dataclass(frozen=True)
class CertificateSubject:
    """Who the certificate names: a person (common_name = their name, organization = their agency) or, for a seal,
    the agency itself (common_name = the agency's name)."""

    common_name: str
    organization: str
    organizational_unit: str | None = None
    country: str = "TH"


@dataclass(frozen=True)
class IssuedCertificate:
    serial: str
    """Lower-case hexadecimal, as the CA's revocation URL takes it."""
    certificate_pem: str
    chain_pem: tuple[str, ...]
    """The issuing CA's certificate, then the root's."""


class CertificateAuthority:
    """An HTTP client of the CA (DOCUMENTS_CA_URL); one per service, closed with the app."""

    def __init__(self, base_url: str, *, timeout_s: float = 10.0, transport: httpx.AsyncBaseTransport | None = None):
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_s, transport=transport)

    async def issue(self, csr_pem: str, profile: CertificateProfile, subject: CertificateSubject) -> IssuedCertificate:
        body = {"csr_pem": csr_pem, "profile": profile,
                "subject": {k: v for k, v in asdict(subject).items() if v is not None}}
        answer = await self._call("/certificates", body, expected=201)
        return IssuedCertificate(answer["serial"], answer["certificate_pem"], tuple(answer["chain_pem"]))

    async def revoke(self, serial: str, reason: RevocationReason) -> None:
        """Revokes now; revoking a revoked certificate again changes nothing (the first time and reason stay)."""
        await self._call(f"/certificates/{serial}/revoke", {"reason": reason}, expected=200)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> CertificateAuthority:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def _call(self, path: str, body: dict[str, Any], *, expected: int) -> dict[str, Any]:
        try:
            response = await self._http.post(path, json=body)
        except httpx.TransportError as exc:
            raise CertificateAuthorityUnavailable(f"the certificate authority did not answer: {exc!r}") from exc
        if response.status_code >= 500:
            raise CertificateAuthorityUnavailable(f"the certificate authority failed: HTTP {response.status_code}")
        if response.status_code != expected:
            error = _error_of(response)
            kind = CERTIFICATE_UNKNOWN if response.status_code == 404 else CA_REFUSED
            raise AppError(kind, {"ca_status": response.status_code, **error})
        return response.json()


def _error_of(response: httpx.Response) -> dict[str, Any]:
    """The CA's own code and messages ({"error": {...}}), when it sent them."""
    try:
        error = response.json()["error"]
        return {"ca_code": error["code"], "ca_message_th": error["message_th"], "ca_message_en": error["message_en"],
                **({"field": error["detail"]["field"]} if error.get("detail", {}).get("field") else {})}
    except (ValueError, KeyError, TypeError):
        return {"ca_body": response.text[:300]}
