"""Settings of the portal (env prefix PORTAL_): where the four services answer, and the shared token secret."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class PortalSettings(ServiceSettings):
    """The portal keeps no data of its own: it renders pages from the services' public APIs."""

    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore", frozen=True)

    service_name: str = "portal"
    http_port: int = 8105
    documents_url: str = "http://127.0.0.1:8101"
    meeting_url: str = "http://127.0.0.1:8102"
    notify_url: str = "http://127.0.0.1:8103"
    metrics_url: str = "http://127.0.0.1:8104"
    metrics_dashboard_url: str = Field(default="http://127.0.0.1:8104/dashboard",
                                       description="The adoption dashboard as the browser reaches it")
    cookie_secure: bool = Field(default=False, description="true behind HTTPS: the session cookie is then never sent over plain HTTP")
    upstream_timeout_s: float = 30.0
