"""The metrics service: projects letter, meeting and directory events into adoption figures; serves them,
the administrators' dashboard and Prometheus text."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.events import DIRECTORY, LETTERS, MEETINGS
from opensaraban_shared.service_app import ServiceBlueprint, create_app

from . import api, dashboard, handlers
from .lag import watch_lag
from .settings import MetricsSettings

BLUEPRINT = ServiceBlueprint(
    name="metrics",
    title="Metrics",
    description="วัดการใช้งานระบบไร้กระดาษ — paper-free adoption: electronic distribution rate, channel mix, "
                "handling speed, usage, meetings, savings and a province ranking.",
    version="0.2.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[api.router, api.prometheus_router, dashboard.router],
    consumes=[LETTERS, MEETINGS, DIRECTORY],
    build_consumers=handlers.build_consumers,
    background=[watch_lag],
)


def build_app(settings: MetricsSettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or MetricsSettings())
