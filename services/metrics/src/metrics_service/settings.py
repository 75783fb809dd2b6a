"""Settings of the metrics service (env prefix METRICS_)."""

from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class MetricsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="METRICS_", extra="ignore", frozen=True)

    service_name: str = "metrics"
    http_port: int = 8104
