"""Events of the notify service."""

from __future__ import annotations

import uuid

from pydantic import AwareDatetime, Field

from .envelope import Event, register
from .topics import NOTIFICATIONS


@register
class NotificationRecorded(Event):
    """A notification was put in a person's (or an agency's shared) inbox."""

    event_type = "notify.notification_recorded"
    topic = NOTIFICATIONS
    key_field = "recipient_agency_id"

    notification_id: uuid.UUID
    recipient_agency_id: str
    recipient_user_id: str | None = Field(default=None, description="None: every clerk of the agency")
    rule: str = Field(description="Which rule produced it, e.g. 'letter_delivered_to_clerks'")
    channel: str = Field(description="inbox, email or webhook")
    source_event_id: uuid.UUID
    recorded_at: AwareDatetime
