"""The meeting service: committees run by an agency's secretariat (meetings and agendas build on them)."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.service_app import ServiceBlueprint, create_app

from . import api
from .settings import MeetingSettings

BLUEPRINT = ServiceBlueprint(
    name="meeting",
    title="Meeting",
    description="ระบบการประชุม — committees, meetings, agendas and minutes.",
    version="0.1.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[api.router],
    # Agenda packs and attachments will live in the object store: not ready without it.
    needs_object_store=True,
)


def build_app(settings: MeetingSettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or MeetingSettings())
