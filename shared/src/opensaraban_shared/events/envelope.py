"""The event envelope: identity, type, version, time, producer, correlation and actor around a payload."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .topics import Topic


class Event(BaseModel):
    """Base of every event payload. Subclasses name their type, version and topic once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    topic: ClassVar[Topic]
    key_field: ClassVar[str]
    """The payload field holding the agency whose events must stay in order (the Kafka key)."""

    def partition_key(self) -> str:
        return str(getattr(self, self.key_field))


class Actor(BaseModel):
    """Who caused the event, always for one agency: a person (`user_id`), one of the agency's systems through its
    API key (`system_id`), or one of our services acting by itself (`service`, e.g. the meeting service sending
    an invitation in the secretariat's name). None of them: the agency as such (e.g. a directory import)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency_id: str
    user_id: str | None = None
    system_id: str | None = None
    service: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Actor:
        if sum(x is not None for x in (self.user_id, self.system_id, self.service)) > 1:
            raise ValueError("an actor is a person, an agency system or a service, not several")
        return self


E = TypeVar("E", bound=Event)


class Envelope(BaseModel, Generic[E]):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: uuid.UUID
    event_type: str
    schema_version: int
    occurred_at: AwareDatetime
    producer: str = Field(description="Service that produced the event")
    correlation_id: str = Field(description="Shared by every event and request of one user action")
    causation_id: str | None = Field(default=None, description="Event id that directly caused this one")
    actor: Actor
    payload: E

    @property
    def key(self) -> str:
        return self.payload.partition_key()

    @property
    def topic(self) -> Topic:
        return self.payload.topic

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    def headers(self) -> dict[str, str]:
        """Copied into Kafka headers so consumers can route and log without parsing the body."""
        return {
            "event_type": self.event_type,
            "event_id": str(self.event_id),
            "schema_version": str(self.schema_version),
            "correlation_id": self.correlation_id,
            "content-type": "application/json",
        }


def new_envelope(
    payload: E,
    *,
    producer: str,
    actor: Actor,
    correlation_id: str | None = None,
    causation: Envelope[Any] | None = None,
    occurred_at: datetime | None = None,
) -> Envelope[E]:
    """Wraps a payload; an event caused by another inherits its correlation id."""
    if correlation_id is None:
        correlation_id = causation.correlation_id if causation else str(uuid.uuid4())
    return Envelope[type(payload)](  # type: ignore[misc]
        event_id=uuid.uuid4(),
        event_type=payload.event_type,
        schema_version=payload.schema_version,
        occurred_at=occurred_at or datetime.now(UTC),
        producer=producer,
        correlation_id=correlation_id,
        causation_id=str(causation.event_id) if causation else None,
        actor=actor,
        payload=payload,
    )


class UnknownEventType(Exception):
    """A type or version this build does not know: consumers skip it rather than fail."""


class MalformedEvent(Exception):
    """Bytes that are not a valid envelope of a known event: a poison message."""


_REGISTRY: dict[tuple[str, int], type[Event]] = {}


def register(event_cls: type[E]) -> type[E]:
    """Class decorator: makes the event decodable by (type, version)."""
    key = (event_cls.event_type, event_cls.schema_version)
    if key in _REGISTRY:
        raise ValueError(f"event {key} registered twice")
    _REGISTRY[key] = event_cls
    return event_cls


def registered_events() -> dict[tuple[str, int], type[Event]]:
    return dict(_REGISTRY)


def decode_envelope(raw: bytes) -> Envelope[Event]:
    try:
        data = json.loads(raw)
        key = (data["event_type"], int(data["schema_version"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedEvent(f"not an event envelope: {exc}") from exc
    event_cls = _REGISTRY.get(key)
    if event_cls is None:
        raise UnknownEventType(f"{key[0]} v{key[1]}")
    try:
        return Envelope[event_cls].model_validate(data)  # type: ignore[valid-type]
    except ValidationError as exc:
        raise MalformedEvent(str(exc)) from exc
