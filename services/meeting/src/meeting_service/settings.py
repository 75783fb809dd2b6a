"""Settings of the meeting service (env prefix MEETING_)."""

from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class MeetingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEETING_", extra="ignore", frozen=True)

    service_name: str = "meeting"
    http_port: int = 8102
