"""The documents service: official letters between agencies, their files and registers."""

import asyncio
from pathlib import Path

from fastapi import FastAPI

from opensaraban_shared import thai_search
from opensaraban_shared.events import (
    AgencyChanged,
    ApiKeyRevoked,
    AuditRecordAnchored,
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterRejected,
    LetterRouted,
    LetterSent,
    LetterWithdrawn,
    UserAuthenticated,
    UserChanged,
)
from opensaraban_shared.events.topics import DIRECTORY, LETTERS, MEETINGS
from opensaraban_shared.service_app import Runtime, ServiceBlueprint, create_app

from .attachments import api as attachments_api
from .attachments import cleanup as attachments_cleanup
from .cpu import POOL
from .directory import api as directory_api
from .identity import api as identity_api
from .invitations import handlers as invitation_handlers
from .letters import api as letters_api
from .registers import api as registers_api
from .review import api as review_api
from .search import api as search_api
from .settings import DocumentsSettings
from .signing import api as signing_api
from .signing import archive as signing_archive
from .signing import copies as signing_copies
from .signing import handlers as signing_handlers


async def _load_thai_dictionary(_: Runtime) -> None:
    """Search's word list loads at start-up, not on the first Thai query."""
    await asyncio.to_thread(thai_search.warm_up)


BLUEPRINT = ServiceBlueprint(
    name="documents",
    title="Documents",
    description="หนังสือราชการ — official letters routed between agencies by the saraban rules.",
    version="0.1.0",
    migrations=Path(__file__).parent / "migrations",
    routers=[identity_api.router, directory_api.router, attachments_api.router, search_api.router, letters_api.router,
             registers_api.router, review_api.router, signing_api.router],
    publishes=[LetterSent, LetterDelivered, LetterAccepted, LetterRejected, LetterWithdrawn, LetterRouted,
               LetterClosed, AgencyChanged, UserChanged, UserAuthenticated, ApiKeyRevoked, AuditRecordAnchored],
    needs_object_store=True,
    consumes=[MEETINGS, LETTERS, DIRECTORY],
    build_consumers=lambda runtime: [*invitation_handlers.build_consumers(runtime),
                                     *signing_handlers.build_consumers(runtime)],
    on_started=_load_thai_dictionary,
    background=[attachments_cleanup.run_periodically, signing_archive.archive_periodically,
                signing_copies.clean_periodically, POOL.run_pool],
)


def build_app(settings: DocumentsSettings | None = None) -> FastAPI:
    return create_app(BLUEPRINT, settings or DocumentsSettings())
