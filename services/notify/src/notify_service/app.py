"""The notify service: consumes letter events, keeps each person's and agency's inbox."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.events import LETTERS, NotificationRecorded
from opensaraban_shared.service_app import ServiceBlueprint, create_app

from . import api, handlers
from .settings import NotifySettings

BLUEPRINT = ServiceBlueprint(
    name="notify",
    title="Notify",
    description="แจ้งเตือนผู้ที่เกี่ยวข้อง — tells people what needs them.",
    version="0.1.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[api.router],
    publishes=[NotificationRecorded],
    consumes=[LETTERS],
    build_consumers=handlers.build_consumers,
)


def build_app(settings: NotifySettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or NotifySettings())
