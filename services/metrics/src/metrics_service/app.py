"""The metrics service: projects letter events into daily adoption counts, serves them and Prometheus text."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.events import LETTERS
from opensaraban_shared.service_app import ServiceBlueprint, create_app

from . import api, handlers
from .settings import MetricsSettings

BLUEPRINT = ServiceBlueprint(
    name="metrics",
    title="Metrics",
    description="วัดการใช้งานระบบไร้กระดาษ — paper-free adoption: letters sent and received, electronic vs paper.",
    version="0.1.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[api.router, api.prometheus_router],
    consumes=[LETTERS],
    build_consumers=handlers.build_consumers,
)


def build_app(settings: MetricsSettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or MetricsSettings())
