"""Verifying the signatures of a received letter with pyHanko against the deployment's trust roots, fetching
revocation data (OCSP, then CRL) from the addresses the certificates name.

Each signature gets one verdict a clerk can act on:
- valid: intact, covering its whole revision, no change since but what its certification allows, and the signer's
  certificate chains to a trusted root and was not revoked when the signature was made. A signature whose
  certificate was revoked after its timestamp stays valid: the timestamp proves it was made before.
- modified: the signed bytes changed, the signature does not cover what it should (wrapped or moved), or a later
  revision changed more than the certification allows.
- untrusted: the certificate does not chain to a trusted root, or was not valid (expired) when the signature was
  made and no timestamp proves an earlier moment.
- revoked: the certificate was revoked at the moment the signature was made (or, with no timestamp, by now).
An archive timestamp (B-LTA) is checked as well: intact, covering its revision, from a trusted TSA.
The letter's verdict is its worst signature's; "unsigned" when it has none.

Blocking (hashing, network): run in a worker thread.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .revocation import RevocationAnswers

CLOCK_SLACK = timedelta(minutes=1)


class Verdict(StrEnum):
    VALID = "valid"
    MODIFIED = "modified"
    UNTRUSTED = "untrusted"
    REVOKED = "revoked"
    UNSIGNED = "unsigned"


# Worst first: the letter's verdict is the first of these any signature has.
_SEVERITY = (Verdict.MODIFIED, Verdict.REVOKED, Verdict.UNTRUSTED, Verdict.VALID)


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    verdict: Verdict
    signer: str
    issuer: str
    signed_at: datetime | None  # the timestamp's time when there is one, else the time the signer claims
    timestamped: bool
    certifying: bool
    revoked_at: datetime | None = None
    detail: str = ""


@dataclass(frozen=True)
class LetterCheck:
    verdict: Verdict
    signatures: Sequence[SignatureCheck] = field(default_factory=tuple)


@dataclass(frozen=True)
class Trust:
    """The roots a deployment trusts (its own test CA locally, a Thai CA in production)."""

    roots: Sequence[x509.Certificate]
    revocation: RevocationAnswers = field(default_factory=RevocationAnswers)  # by default, asked again every check

    def __reduce__(self) -> tuple[Any, tuple[tuple[bytes, ...], RevocationAnswers]]:
        """Sent to the worker process as the roots' DER (asn1crypto's pickling fails on a certificate once parsed)."""
        return _trust, (tuple(root.dump() for root in self.roots), self.revocation)

    def context(self, *, moment: datetime | None = None) -> ValidationContext:
        # The moment is taken when the context is made, before OCSP answers are fetched: one made a second later
        # (a busy responder) would look "from the future" with the default tolerance of one second.
        return ValidationContext(trust_roots=list(self.roots), allow_fetching=True, revocation_mode="hard-fail",
                                 fetchers=self.revocation.fetchers(), moment=moment,
                                 retroactive_revinfo=moment is not None, time_tolerance=CLOCK_SLACK)


@functools.lru_cache(maxsize=8)
def _trust(roots: tuple[bytes, ...], revocation: RevocationAnswers) -> Trust:
    """A worker process's Trust, parsed once."""
    return Trust(tuple(x509.Certificate.load(der) for der in roots), revocation)


def check(pdf: bytes, trust: Trust) -> LetterCheck:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as broken:
        return LetterCheck(Verdict.MODIFIED, (SignatureCheck("", Verdict.MODIFIED, "", "", None, False, False,
                                                             detail=f"unreadable PDF: {broken}"),))
    if not any(s.sig_object.get("/Type") != "/DocTimeStamp" for s in signatures):
        return LetterCheck(Verdict.UNSIGNED)
    checks = tuple(_check_archive_timestamp(s, trust) if s.sig_object.get("/Type") == "/DocTimeStamp"
                   else _check_one(s, trust) for s in signatures)
    worst = next(v for v in _SEVERITY if any(c.verdict is v for c in checks))
    return LetterCheck(worst, checks)


def _check_one(embedded, trust: Trust) -> SignatureCheck:
    name = embedded.field_name or ""
    try:
        status = validate_pdf_signature(embedded, trust.context())
    except (SignatureValidationError, ValueError, KeyError) as failed:
        return SignatureCheck(name, Verdict.MODIFIED, "", "", None, False, False, detail=str(failed))
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None and timestamp.intact and timestamp.valid else None
    revoked_at = status.revocation_details.revocation_date if status.revocation_details else None
    if revoked_at is not None and signed_at is not None and revoked_at > signed_at:
        # Revoked after the timestamp: judge the certificate as it stood when the signature was made.
        status = validate_pdf_signature(embedded, trust.context(moment=signed_at))
    cert = status.signing_cert
    return SignatureCheck(
        name, _verdict(status), signer=cert.subject.native.get("common_name", ""),
        issuer=cert.issuer.native.get("common_name", ""), signed_at=signed_at or status.signer_reported_dt,
        timestamped=signed_at is not None, certifying=embedded.sig_object.get("/Reference") is not None,
        revoked_at=revoked_at,
        detail=" ".join(filter(None, (status.summary(), str(status.trust_problem_indic or "")))))


def _check_archive_timestamp(embedded, trust: Trust) -> SignatureCheck:
    """A document timestamp of B-LTA (signing/archive.py): intact, covering its revision, from a trusted TSA."""
    name = embedded.field_name or ""
    try:
        status = validate_pdf_timestamp(embedded, trust.context())
    except (SignatureValidationError, ValueError, KeyError) as failed:
        return SignatureCheck(name, Verdict.MODIFIED, "", "", None, True, False, detail=str(failed))
    if not (status.intact and status.valid) or status.coverage is None \
            or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        verdict = Verdict.MODIFIED
    else:
        verdict = Verdict.VALID if status.trusted else Verdict.UNTRUSTED
    cert = status.signing_cert
    return SignatureCheck(name, verdict, signer=cert.subject.native.get("common_name", ""),
                          issuer=cert.issuer.native.get("common_name", ""), signed_at=status.timestamp,
                          timestamped=True, certifying=False, detail="archive timestamp " + status.summary())


def _verdict(status: PdfSignatureStatus) -> Verdict:
    if not (status.intact and status.valid):
        return Verdict.MODIFIED
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return Verdict.MODIFIED
    if status.modification_level is not None and status.docmdp_ok is False:
        return Verdict.MODIFIED
    if status.revoked:
        return Verdict.REVOKED
    if not status.trusted:
        return Verdict.UNTRUSTED
    if status.timestamp_validity is not None and not status.timestamp_validity.trusted:
        return Verdict.UNTRUSTED
    return Verdict.VALID
