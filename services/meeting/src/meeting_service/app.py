"""The meeting service: committees, meetings, agendas and their packs, minutes and follow-up actions."""

from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared.events import (
    DIRECTORY,
    AgendaItemReviewed,
    AgendaItemSubmitted,
    AgendaOpened,
    AgendaPublished,
    FollowUpActionCompleted,
    FollowUpActionCreated,
    InvitationLetterRequested,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
)
from opensaraban_shared.service_app import ServiceBlueprint, create_app

from .agenda import api as agenda_api
from .committees import api as committees_api
from .directory import handlers as directory_handlers
from .meetings import api as meetings_api
from .minutes import api as minutes_api
from .packs import worker
from .settings import MeetingSettings

BLUEPRINT = ServiceBlueprint(
    name="meeting",
    title="Meeting",
    description="ระบบการประชุม — committees, meetings, agendas and minutes.",
    version="0.2.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[committees_api.router, meetings_api.router, agenda_api.router, minutes_api.router],
    publishes=[MeetingScheduled, AgendaOpened, AgendaItemSubmitted, AgendaItemReviewed, AgendaPublished,
               InvitationLetterRequested, MeetingHeld, MinutesApproved, FollowUpActionCreated,
               FollowUpActionCompleted],
    # Agenda attachments and packs live in the object store: not ready without it.
    needs_object_store=True,
    consumes=[DIRECTORY],
    build_consumers=directory_handlers.build_consumers,
    background=[worker.run_pool],
)


def build_app(settings: MeetingSettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or MeetingSettings())
