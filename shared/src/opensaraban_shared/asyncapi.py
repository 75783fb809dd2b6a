"""What FastStream's generated AsyncAPI document leaves out and every consumer needs: each message's Kafka key (the
agency whose events stay in order) and the headers the outbox relay copies from the envelope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .events.envelope import Event

# The headers Envelope.headers() writes on every record, in the order it writes them.
HEADERS: dict[str, str] = {
    "event_type": "The envelope's event_type, e.g. documents.letter_sent: route without parsing the body",
    "event_id": "The envelope's event_id (UUID): what consumers remember to process an event once",
    "schema_version": "The payload's schema version, as a decimal string",
    "correlation_id": "Shared by every event and request of one user action",
    "content-type": "Always application/json",
}
KAFKA_BINDING_VERSION = "0.5.0"


def message_title(event: type[Event]) -> str:
    return f"{event.topic.name}:{event.event_type}"


def headers_schema() -> dict[str, Any]:
    return {"type": "object", "required": list(HEADERS), "additionalProperties": True,
            "properties": {name: {"type": "string", "description": text} for name, text in HEADERS.items()}}


def describe_keys_and_headers(document: dict[str, Any], events: Sequence[type[Event]]) -> dict[str, Any]:
    """The document with every message given its headers and its Kafka key (binding): the service's own events
    name their key field; those it consumes carry the same envelope, keyed by their producer's agency."""
    by_title = {f"{message_title(e)}:Message": e for e in events}
    for name, message in document.get("components", {}).get("messages", {}).items():
        event = by_title.get(message.get("title", name))
        field = f"The payload's {event.key_field}" if event else "The id of the agency the event is about"
        message["headers"] = headers_schema()
        message["bindings"] = {"kafka": {"bindingVersion": KAFKA_BINDING_VERSION, "key": {
            "type": "string", "description": f"{field}: one agency's events stay in order on one partition"}}}
    return document
