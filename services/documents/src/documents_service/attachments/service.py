"""Use cases of attachments: bytes in the object store by SHA-256, metadata owned by an agency."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg

from opensaraban_shared.auth import Principal
from opensaraban_shared.db import Database
from opensaraban_shared.errors import NOT_FOUND, SERVICE_UNAVAILABLE, AppError
from opensaraban_shared.storage import ObjectStore

from .. import audit_trail, secrecy
from . import repository
from .models import AttachmentRead


async def upload_attachment(db: Database, store: ObjectStore, *, principal: Principal, filename: str,
                            chunks: AsyncIterator[bytes], max_bytes: int) -> AttachmentRead:
    """Bytes go to the object store first (idempotent by content); the row then makes them the agency's."""
    put_started = datetime.now(UTC)
    stored = await store.put_content_addressed(chunks, max_bytes=max_bytes, readable_only=True)
    attachment_id = uuid.uuid4()
    async with db.transaction() as conn:
        await repository.lock_object(conn, stored.key)
        if await repository.deleted_since(conn, object_key=stored.key, since=put_started):
            # The cleanup removed an unused copy of these bytes while they were being sent: send again.
            raise AppError(SERVICE_UNAVAILABLE, {"retry": True})
        await repository.insert_attachment(
            conn, attachment_id=attachment_id, agency_id=principal.agency_id, sha256=stored.sha256,
            object_key=stored.key, size_bytes=stored.size, mime_type=stored.mime_type,
            filename=filename, uploaded_by=principal.subject_id,
        )
    return AttachmentRead(attachment_id=attachment_id, filename=filename, mime_type=stored.mime_type,
                          size_bytes=stored.size, sha256=stored.sha256)


async def attachment_for_download(db: Database, *, principal: Principal, attachment_id: uuid.UUID) -> asyncpg.Record:
    async with db.transaction() as conn:
        record = await repository.attachment_visible_to(
            conn, attachment_id=attachment_id, agency_id=principal.agency_id, user_id=principal.subject_id)
        if record is None:
            raise AppError(NOT_FOUND)
        if secrecy.is_secret(record["max_secrecy"]):
            await audit_trail.record(conn, principal, action="secret_letter_read",
                                     subject=str(attachment_id), detail={"what": "attachment", "secrecy": record["max_secrecy"]})
    return record
