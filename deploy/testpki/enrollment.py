"""Certificates for signers and agency seals, issued at run time by the issuing CA from a PKCS#10 request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from .architecture import ISSUING, TestPki
from .errors import PkiError
from .store import CertificateStore, serial_hex

PROFILES = ("signer", "seal")
"""signer: a person's certificate; seal: an agency's organisational certificate (its electronic seal). Both carry
the same key usages; they differ in the subject the enrolling service gives."""
VALIDITY = timedelta(days=730)
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
"""id-kp-documentSigning (RFC 9336)."""
MICROSOFT_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
"""What Adobe Acrobat and Windows look for on a document signer."""
EXTENDED_KEY_USAGES = (DOCUMENT_SIGNING, MICROSOFT_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION)
"""emailProtection too: poppler's pdfsig (NSS) checks a signer's certificate as an e-mail signer's."""
ACCEPTED_CURVES = (ec.SECP256R1, ec.SECP384R1, ec.SECP521R1)
MIN_RSA_BITS = 2048
SUBJECT_FIELDS = {"common_name": NameOID.COMMON_NAME, "organizational_unit": NameOID.ORGANIZATIONAL_UNIT_NAME,
                  "organization": NameOID.ORGANIZATION_NAME}
MAX_NAME_LENGTH = 64  # RFC 5280 ub-common-name, ub-organization-name, ub-organizational-unit-name
"""RFC 5280's upper bound for common, organisation and unit names."""


@dataclass(frozen=True)
class Subject:
    common_name: str
    organization: str
    country: str
    organizational_unit: str | None = None

    def name(self) -> x509.Name:
        attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, self.country),
                      _thai_text(NameOID.ORGANIZATION_NAME, self.organization)]
        if self.organizational_unit:
            attributes.append(_thai_text(NameOID.ORGANIZATIONAL_UNIT_NAME, self.organizational_unit))
        attributes.append(_thai_text(NameOID.COMMON_NAME, self.common_name))
        return x509.Name(attributes)


def _thai_text(oid: x509.ObjectIdentifier, value: str) -> x509.NameAttribute:
    """RFC 5280 bounds these names at 64 characters (checked in parse_subject); cryptography counts UTF-8 bytes
    instead, three per Thai character, and would refuse any Thai name longer than 21 characters."""
    return x509.NameAttribute(oid, value, _validate=False)


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


def issue(pki: TestPki, store: CertificateStore, body: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """POST /certificates: {"csr_pem", "profile", "subject"} → {"serial", "certificate_pem", "chain_pem"}."""
    if not isinstance(body, dict):
        raise PkiError.invalid("body", "ต้องเป็นออบเจกต์ JSON", "must be a JSON object")
    profile = body.get("profile")
    if profile not in PROFILES:
        raise PkiError("unknown_profile", 422, "ไม่รู้จักประเภทใบรับรองนี้ (signer หรือ seal)",
                       "Unknown certificate profile (signer or seal)", field="profile")
    csr = parse_csr(body.get("csr_pem"))
    subject = parse_subject(body.get("subject"))
    issued_at = (now or datetime.now(UTC)).replace(microsecond=0)
    certificate = _build(pki, csr.public_key(), subject.name(), issued_at)
    store.add(certificate.serial_number, profile, subject.name().rfc4514_string(),
              certificate.public_bytes(Encoding.DER), issued_at)
    return described(pki, certificate)


def described(pki: TestPki, certificate: x509.Certificate) -> dict[str, Any]:
    """The answer to an enrollment: the serial (lower-case hex), the certificate and its chain as PEM."""
    return {"serial": serial_hex(certificate.serial_number),
            "certificate_pem": certificate.public_bytes(Encoding.PEM).decode(),
            "chain_pem": pki.chain_pem()}


def _build(pki: TestPki, public_key, subject: x509.Name, issued_at: datetime) -> x509.Certificate:
    ca = pki.issuing_certificate()
    not_after = min(issued_at + VALIDITY, ca.not_valid_after_utc)
    ca_key_id = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(issued_at)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage(list(EXTENDED_KEY_USAGES)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id), critical=False)
        .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(pki.crl_url(ISSUING))], relative_name=None, reasons=None,
            crl_issuer=None)]), critical=False)
        .add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier(pki.ocsp_url(ISSUING))),
            x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                   x509.UniformResourceIdentifier(pki.ca_issuers_url(ISSUING))),
        ]), critical=False)
    )
    return builder.sign(pki.issuing_key(), hashes.SHA256())
