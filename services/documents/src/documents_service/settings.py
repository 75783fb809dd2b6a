"""Settings of the documents service (env prefix DOCUMENTS_)."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

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
