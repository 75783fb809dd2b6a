"""Settings of the meeting service (env prefix MEETING_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class MeetingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEETING_", extra="ignore", frozen=True)

    service_name: str = "meeting"
    http_port: int = 8102
    max_attachment_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="Per agenda attachment")
