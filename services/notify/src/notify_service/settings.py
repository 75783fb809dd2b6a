"""Settings of the notify service (env prefix NOTIFY_)."""

from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", frozen=True)

    service_name: str = "notify"
    http_port: int = 8103
