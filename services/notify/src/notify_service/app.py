"""The notify service: consumes letter, meeting and directory events; keeps inboxes; sends e-mail and webhooks."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.events import DIRECTORY, LETTERS, MEETINGS, NotificationRecorded
from opensaraban_shared.service_app import ServiceBlueprint, create_app

from . import api, delivery, handlers, scheduler, stream
from .settings import NotifySettings

BLUEPRINT = ServiceBlueprint(
    name="notify",
    title="Notify",
    description="แจ้งเตือนผู้ที่เกี่ยวข้อง — tells people what needs them: in-app (live), e-mail and signed webhooks.",
    version="0.2.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[api.router, api.webhooks_router, api.admin_router],
    publishes=[NotificationRecorded],
    consumes=[LETTERS, MEETINGS, DIRECTORY],
    build_consumers=handlers.build_consumers,
    background=[delivery.run_delivery_workers, scheduler.run_scheduler, stream.run_listener],
)


def build_app(settings: NotifySettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or NotifySettings())
