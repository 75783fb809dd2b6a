"""Settings of the notify service (env prefix NOTIFY_)."""

import socket

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from opensaraban_shared.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", frozen=True)

    service_name: str = "notify"
    http_port: int = 8103

    public_base_url: str = Field(default="http://127.0.0.1:8080", description="Links in e-mails point here")

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8125
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_s: float = 10.0
    smtp_helo_name: str = Field(default_factory=socket.getfqdn, min_length=1,
                                description="Name this host gives in EHLO; looked up once at start, not per e-mail")
    mail_from: str = "OpenSaraban <noreply@opensaraban.example.go.th>"

    webhook_timeout_s: float = 10.0
    webhook_disable_after: int = Field(default=20, ge=1, description="Consecutive failed deliveries before a "
                                       "subscription is disabled")

    delivery_max_attempts: int = Field(default=8, ge=1, description="Then the delivery is a dead letter")
    delivery_retry_base_s: float = Field(default=30.0, gt=0, description="First retry after this; doubles each time")
    delivery_retry_max_s: float = Field(default=3600.0, gt=0)
    delivery_lease_s: float = Field(default=120.0, gt=0, description="A claimed delivery whose worker died is "
                                    "retried after this")
    delivery_batch: int = Field(default=50, ge=1)
    delivery_poll_s: float = Field(default=1.0, gt=0)

    reminder_lead_s: float = Field(default=86400.0, ge=0, description="How long before a deadline to remind")
    scheduler_poll_s: float = Field(default=1.0, gt=0)
    digest_hour: int = Field(default=7, ge=0, le=23, description="Bangkok hour at which daily digests go out")
    automatic_digests: bool = Field(
        default=True, description="Send the daily digests by themselves at digest_hour; off, only an administrator's "
                                  "POST /admin/digests/run sends them")
