"""Event contracts: envelope, topics and one frozen model per event type."""

from .documents import (
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterEvent,
    LetterRejected,
    LetterRouted,
    LetterSent,
    LetterWithdrawn,
)
from .envelope import (
    Actor,
    Envelope,
    Event,
    MalformedEvent,
    UnknownEventType,
    decode_envelope,
    new_envelope,
    registered_events,
)
from .notify import NotificationRecorded
from .topics import ALL_TOPICS, LETTERS, NOTIFICATIONS, Topic

__all__ = [
    "ALL_TOPICS",
    "LETTERS",
    "NOTIFICATIONS",
    "Actor",
    "Envelope",
    "Event",
    "LetterAccepted",
    "LetterClosed",
    "LetterDelivered",
    "LetterEvent",
    "LetterRejected",
    "LetterRouted",
    "LetterSent",
    "LetterWithdrawn",
    "MalformedEvent",
    "NotificationRecorded",
    "Topic",
    "UnknownEventType",
    "decode_envelope",
    "new_envelope",
    "registered_events",
]
