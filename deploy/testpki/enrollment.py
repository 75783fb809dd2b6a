"""Certificates for signers and agency seals, issued at run time by the issuing CA from a PKCS#10 request."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from certomancer.crypto_utils import generic_sign
from certomancer.registry import ServiceLabel
from certomancer.services import choose_signed_digest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .architecture import ISSUING, TestPki
from .errors import PkiError
from .store import CertificateStore, serial_hex

PROFILES = ("signer", "seal")
"""signer: a person's certificate; seal: an agency's organisational certificate (its electronic seal). Both carry
the same key usages; they differ in the subject the enrolling service gives."""
VALIDITY = timedelta(days=730)
EXTENDED_KEY_USAGES = ("1.3.6.1.5.5.7.3.36", "1.3.6.1.4.1.311.10.3.12", "email_protection")
"""id-kp-documentSigning (RFC 9336); Microsoft's document signing, which Adobe Acrobat and Windows look for; and
emailProtection, because poppler's pdfsig (NSS) checks a signer's certificate as an e-mail signer's."""
ACCEPTED_CURVES = (ec.SECP256R1, ec.SECP384R1, ec.SECP521R1)
MIN_RSA_BITS = 2048
SUBJECT_FIELDS = ("common_name", "organization", "organizational_unit")
MAX_NAME_LENGTH = 64
"""RFC 5280's upper bound for common, organisation and unit names."""


@dataclass(frozen=True)
class Subject:
    common_name: str
    organization: str
    country: str
    organizational_unit: str | None = None

    def name(self) -> asn1_x509.Name:
        attributes = {"country_name": self.country, "organization_name": self.organization}
        if self.organizational_unit:
            attributes["organizational_unit_name"] = self.organizational_unit
        attributes["common_name"] = self.common_name
        return asn1_x509.Name.build(attributes, use_printable=False)


def parse_subject(raw: Any) -> Subject:
    if not isinstance(raw, dict):
        raise PkiError.invalid("subject", "ต้องเป็นออบเจกต์ JSON", "must be a JSON object")
    unknown = set(raw) - {*SUBJECT_FIELDS, "country"}
    if unknown:
        raise PkiError.invalid(f"subject.{sorted(unknown)[0]}", "ไม่รู้จักช่องนี้", "is not a subject field")
    values: dict[str, str | None] = {}
    for field in SUBJECT_FIELDS:
        value = raw.get(field)
        if value is None and field == "organizational_unit":
            values[field] = None
            continue
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME_LENGTH:
            raise PkiError.invalid(f"subject.{field}", f"ต้องเป็นข้อความ 1–{MAX_NAME_LENGTH} ตัวอักษร",
                                   f"must be text of 1 to {MAX_NAME_LENGTH} characters")
        values[field] = value.strip()
    country = raw.get("country", "TH")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country):
        raise PkiError.invalid("subject.country", "ต้องเป็นรหัสประเทศ ISO 3166 สองตัวอักษร เช่น TH",
                               "must be a two-letter ISO 3166 country code such as TH")
    return Subject(values["common_name"] or "", values["organization"] or "", country, values["organizational_unit"])


def parse_csr(raw: Any) -> x509.CertificateSigningRequest:
    if not isinstance(raw, str):
        raise PkiError.invalid("csr_pem", "ต้องเป็นคำขอใบรับรอง PKCS#10 แบบ PEM", "must be a PKCS#10 request in PEM")
    try:
        csr = x509.load_pem_x509_csr(raw.encode())
    except ValueError:
        raise PkiError("invalid_csr", 422, "คำขอใบรับรองอ่านไม่ได้ (ต้องเป็น PKCS#10 แบบ PEM)",
                       "The certificate request cannot be read (PKCS#10 PEM expected)", field="csr_pem") from None
    if not csr.is_signature_valid:
        raise PkiError("csr_signature_invalid", 422, "ลายมือชื่อของคำขอใบรับรองไม่ถูกต้อง",
                       "The request's signature does not match its key", field="csr_pem")
    key = csr.public_key()
    acceptable = (isinstance(key, rsa.RSAPublicKey) and key.key_size >= MIN_RSA_BITS) or (
        isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ACCEPTED_CURVES))
    if not acceptable:
        raise PkiError("unsupported_key", 422, "รองรับเฉพาะกุญแจ RSA 2048 บิตขึ้นไป หรือ EC P-256/P-384/P-521",
                       "Only RSA keys of 2048 bits or more and EC P-256/P-384/P-521 keys are accepted", field="csr_pem")
    return csr


def issue(pki: TestPki, store: CertificateStore, body: Any) -> dict[str, Any]:
    """POST /certificates: {"csr_pem", "profile", "subject"} → {"serial", "certificate_pem", "chain_pem"}."""
    if not isinstance(body, dict):
        raise PkiError.invalid("body", "ต้องเป็นออบเจกต์ JSON", "must be a JSON object")
    profile = body.get("profile")
    if profile not in PROFILES:
        raise PkiError("unknown_profile", 422, "ไม่รู้จักประเภทใบรับรองนี้ (signer หรือ seal)",
                       "Unknown certificate profile (signer or seal)", field="profile")
    csr = parse_csr(body.get("csr_pem"))
    subject = parse_subject(body.get("subject"))
    issued_at = datetime.now(UTC).replace(microsecond=0)
    public_key = keys.PublicKeyInfo.load(csr.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    der = _build(pki, public_key, subject.name(), issued_at)
    certificate = x509.load_der_x509_certificate(der)
    store.add(certificate.serial_number, profile, subject.name().human_friendly, der, issued_at)
    return described(pki, certificate)


def described(pki: TestPki, certificate: x509.Certificate) -> dict[str, Any]:
    """The answer to an enrollment: the serial (lower-case hex), the certificate and its chain as PEM."""
    return {"serial": serial_hex(certificate.serial_number),
            "certificate_pem": certificate.public_bytes(Encoding.PEM).decode(),
            "chain_pem": pki.chain_pem()}


def _build(pki: TestPki, public_key: keys.PublicKeyInfo, subject: asn1_x509.Name, issued_at: datetime) -> bytes:
    """The DER certificate, built with asn1crypto and signed like Certomancer's own (cryptography's x509 builder
    limits names to 64 bytes, and a Thai agency's name is longer than 21 characters in UTF-8)."""
    ca = pki.certificate(ISSUING)
    not_after = min(issued_at + VALIDITY, ca.not_valid_after)
    ca_key = pki.arch.key_set.get_asym_key(ISSUING)
    signature_algo = choose_signed_digest("sha256", ca_key.public)
    ocsp_url, ca_issuers_url = pki.ocsp_url(ISSUING), pki.ca_issuers_url(ISSUING)
    crl_repo = pki.arch.service_registry.get_crl_repo_info(ServiceLabel(ISSUING))
    extensions = [
        ("basic_constraints", True, {"ca": False}),
        ("key_usage", True, asn1_x509.KeyUsage({"digital_signature", "non_repudiation"})),
        ("extended_key_usage", False, list(EXTENDED_KEY_USAGES)),
        ("key_identifier", False, public_key.sha1),
        ("authority_key_identifier", False, {"key_identifier": ca.key_identifier_value}),
        ("crl_distribution_points", False, [crl_repo.format_distpoint(pki.arch.entities)]),
        ("authority_information_access", False, [
            {"access_method": "ocsp", "access_location": {"uniform_resource_identifier": ocsp_url}},
            {"access_method": "ca_issuers", "access_location": {"uniform_resource_identifier": ca_issuers_url}},
        ]),
    ]
    tbs = asn1_x509.TbsCertificate({
        "version": "v3",
        "serial_number": secrets.randbits(159) | 1 << 158,
        "signature": signature_algo,
        "issuer": ca.subject,
        "validity": {"not_before": _time(issued_at), "not_after": _time(not_after)},
        "subject": subject,
        "subject_public_key_info": public_key,
        "extensions": [{"extn_id": name, "critical": critical, "extn_value": value}
                       for name, critical, value in extensions],
    })
    certificate = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": signature_algo,
                                         "signature_value": generic_sign(ca_key.private, tbs.dump(), signature_algo)})
    return certificate.dump()


def _time(moment: datetime) -> asn1_x509.Time:
    # RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    return asn1_x509.Time({"utc_time" if moment.year < 2050 else "general_time": moment})
