"""API schemas of attachments."""

from __future__ import annotations

import uuid

from pydantic import BaseModel


class AttachmentRead(BaseModel):
    attachment_id: uuid.UUID
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
