"""Settings of the metrics service (env prefix METRICS_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class MetricsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="METRICS_", extra="ignore", frozen=True)

    service_name: str = "metrics"
    http_port: int = 8104
    # Usage target: 3 million users of the government e-office nationally (docs/domain.md, "Figures the project starts from").
    target_users: int = Field(default=3_000_000, ge=1)
    # Savings estimate parameters (estimates, not accounting figures: change them to the agency's own costs).
    pages_per_letter: float = Field(default=2.0, ge=0, description="Printed pages of an average letter copy")
    baht_per_page: float = Field(default=0.5, ge=0, description="Paper, toner and copying per page")
    postage_baht_per_letter: float = Field(default=18.0, ge=0, description="Registered domestic letter")
    lag_interval_s: float = Field(default=5.0, gt=0, description="How often consumer lag is measured")
