"""API schemas of the notify service."""

import uuid
from datetime import datetime

from pydantic import BaseModel


class NotificationRead(BaseModel):
    notification_id: uuid.UUID
    rule: str
    channel: str
    title: str
    title_th: str
    title_en: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    unread_count: int
