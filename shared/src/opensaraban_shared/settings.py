"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Connection and runtime settings; read once at start-up and passed down."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str = "service"
    instance_id: str = Field(default="local-1", description="Distinguishes replicas in logs and Kafka client ids")

    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_replication_factor: int = Field(default=1, ge=1, description="3 on a production cluster")
    pg_dsn: SecretStr = SecretStr("postgresql://opensaraban:opensaraban@127.0.0.1:15432/opensaraban")
    pg_pool_min: int = 2
    pg_pool_max: int = 20
    io_threads: int = Field(default=32, ge=1, description="Threads for blocking calls (object store, hashing)")

    s3_endpoint: str = "127.0.0.1:19000"
    s3_access_key: str = "opensaraban"
    s3_secret_key: SecretStr = SecretStr("opensaraban-secret")
    s3_bucket: str = "opensaraban"
    s3_secure: bool = False

    http_host: str = "127.0.0.1"
    http_port: int = 8000

    # HS256 keys must be ≥ 32 bytes (RFC 7518); a short one fails at start-up, not at the first request.
    auth_secret: SecretStr = Field(min_length=32, default=SecretStr("local-development-only-change-me-please"))

    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"

    consumer_max_attempts: int = Field(default=3, ge=1, description="Attempts before an event goes to the dead-letter topic")
    outbox_batch_size: int = Field(default=500, ge=1)
    processed_event_retention_days: int = Field(
        default=7, ge=1, description="Days a consumer remembers an event it processed (redelivery window)")
    idempotency_key_retention_days: int = Field(
        default=7, ge=1, description="Days a retried POST with the same Idempotency-Key gets the first answer")
