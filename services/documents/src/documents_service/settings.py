"""Settings of the documents service (env prefix DOCUMENTS_)."""

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings

from .letters.printing.page import PLACEHOLDER_EMBLEM


class DocumentsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DOCUMENTS_", extra="ignore", frozen=True)

    service_name: str = "documents"
    http_port: int = 8101
    max_attachment_bytes: int = Field(default=100 * 1024 * 1024, ge=1, description="Per file; 100 MB by default")
    max_recipients_per_letter: int = Field(default=10_000, ge=1)
    letter_emblem: Path = Field(
        default=PLACEHOLDER_EMBLEM,
        description="The Garuda emblem letters print (SVG or PNG), supplied by the deployment; docs/letter-printing.md")

    # Digital signatures (docs/signatures.md). deploy/devstack points these at the profile's SoftHSM2 token and test PKI.
    pkcs11_module: Path = Field(
        default=Path("/usr/lib/softhsm/libsofthsm2.so"),
        description="The PKCS#11 library of the token that holds signing keys: SoftHSM2 in development and tests, "
                    "the agency's HSM (or a remote signing service's PKCS#11 library) in production")
    ca_url: str = Field(
        default="http://127.0.0.1:19010",
        description="The deployment CA's enrollment API: POST /certificates, POST /certificates/{serial}/revoke")
    tsa_url: str = Field(default="http://127.0.0.1:19010/tsa", description="The RFC 3161 time-stamping authority")
    trust_roots: Annotated[tuple[Path, ...], NoDecode] = Field(
        default=(),
        description="PEM files of the root certificates signatures are verified against, separated by ':' "
                    "(production: the Thai CAs the agency trusts); none: no signature counts as trusted")

    @field_validator("trust_roots", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())
        return value

    @field_validator("trust_roots")
    @classmethod
    def _readable(cls, paths: tuple[Path, ...]) -> tuple[Path, ...]:
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise ValueError(f"trust root file(s) not found: {', '.join(missing)}")
        return paths
    seal_pin: SecretStr = Field(
        default=SecretStr(""),
        description="The PIN of the agencies' electronic-seal tokens (the receipt stamp is sealed unattended); a "
                    "deployment secret like the database password, never stored by the service. Empty: receipt "
                    "stamps are not sealed")
    revocation_reuse_s: float = Field(
        default=60, ge=0, le=600,
        description="How long (seconds) an OCSP answer or CRL fetched while checking a signature is reused by later "
                    "checks: a revocation shows in checks within that time; 0: every check asks the CA again")
    signature_image_max_bytes: int = Field(default=512 * 1024, ge=1024,
                                           description="The largest handwritten signature image a signer may upload")
