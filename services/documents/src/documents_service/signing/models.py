"""Request and response schemas of digital signatures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from .verification import Verdict

PIN_FIELD = Field(min_length=6, max_length=64, description="The signing PIN: 6 to 64 characters, never stored")


class EnrollRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pin: SecretStr = PIN_FIELD


class CredentialRead(BaseModel):
    serial: str = Field(description="The certificate's serial number (hex)")
    subject: str
    issuer: str
    not_after: datetime
    issued_at: datetime


class SignatureCheckRead(BaseModel):
    """The recipient's verification of the letter's signatures: valid, modified (changed after signing, or a
    signature wrapped or moved), untrusted (not from a trusted CA, or expired without a timestamp), revoked (the
    certificate was revoked when it signed), unsigned."""

    verdict: Verdict
    checked_at: datetime | None
    signatures: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Per signature: field_name, verdict, signer, issuer, signed_at, timestamped, certifying, "
                    "revoked_at, detail")
