"""Use cases of attachments: bytes in the object store by SHA-256, metadata owned by an agency.

An upload has two steps: the bytes stream to the object store first (store_upload, outside any transaction:
it takes as long as the client sends), then the row makes them the agency's (register_upload, in the unit of
work)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from opensaraban_shared.errors import NOT_FOUND, SERVICE_UNAVAILABLE, AppError
from opensaraban_shared.storage import ObjectStore, StoredObject
from opensaraban_shared.unit_of_work import UnitOfWork

from .. import secrecy
from . import repository
from .models import AttachmentRead


@dataclass(frozen=True)
class Upload:
    stored: StoredObject
    put_started: datetime


async def store_upload(store: ObjectStore, *, chunks: AsyncIterator[bytes], max_bytes: int) -> Upload:
    """Bytes go to the object store first (idempotent by content); call before the unit of work."""
    put_started = datetime.now(UTC)
    stored = await store.put_content_addressed(chunks, max_bytes=max_bytes, readable_only=True)
    return Upload(stored=stored, put_started=put_started)


async def register_upload(work: UnitOfWork, upload: Upload, *, filename: str) -> AttachmentRead:
    """The row that makes the stored bytes the agency's."""
    stored, conn, principal = upload.stored, work.conn, work.principal
    attachment_id = uuid.uuid4()
    await repository.lock_object(conn, stored.key)
    if await repository.deleted_since(conn, object_key=stored.key, since=upload.put_started):
        # The cleanup removed an unused copy of these bytes while they were being sent: send again.
        raise AppError(SERVICE_UNAVAILABLE, {"retry": True})
    await repository.insert_attachment(
        conn, attachment_id=attachment_id, agency_id=principal.agency_id, sha256=stored.sha256,
        object_key=stored.key, size_bytes=stored.size, mime_type=stored.mime_type,
        filename=filename, uploaded_by=principal.subject_id,
    )
    return AttachmentRead(attachment_id=attachment_id, filename=filename, mime_type=stored.mime_type,
                          size_bytes=stored.size, sha256=stored.sha256)


async def attachment_for_download(work: UnitOfWork, *, attachment_id: uuid.UUID) -> asyncpg.Record:
    principal = work.principal
    record = await repository.attachment_visible_to(
        work.conn, attachment_id=attachment_id, agency_id=principal.agency_id, user_id=principal.subject_id)
    if record is None:
        raise AppError(NOT_FOUND)
    if secrecy.is_secret(record["max_secrecy"]):
        await work.audit("secret_letter_read", subject=str(attachment_id),
                         detail={"what": "attachment", "secrecy": record["max_secrecy"]})
    return record
