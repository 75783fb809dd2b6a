"""Every event type has an example message that decodes, round-trips and matches its JSON schema."""

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

import opensaraban_shared.events as events
from opensaraban_shared.events import (
    ALL_TOPICS,
    Envelope,
    MalformedEvent,
    UnknownEventType,
    decode_envelope,
    registered_events,
)

EXAMPLES = Path(events.__file__).parent / "examples"


def example_path(event_type: str, version: int) -> Path:
    return EXAMPLES / f"{event_type}.v{version}.json"


@pytest.mark.parametrize("key", sorted(registered_events()), ids=lambda k: f"{k[0]}.v{k[1]}")
def test_every_event_type_has_an_example_that_decodes_and_round_trips(key):
    raw = example_path(*key).read_bytes()
    envelope = decode_envelope(raw)
    assert (envelope.event_type, envelope.schema_version) == key
    assert isinstance(envelope.payload, registered_events()[key])
    assert decode_envelope(envelope.to_bytes()) == envelope
    assert json.loads(envelope.to_bytes())["payload"] == json.loads(raw)["payload"]


@pytest.mark.parametrize("key", sorted(registered_events()), ids=lambda k: f"{k[0]}.v{k[1]}")
def test_every_example_matches_the_published_json_schema(key):
    schema = Envelope[registered_events()[key]].model_json_schema()
    jsonschema.validate(json.loads(example_path(*key).read_text()), schema)


def test_no_example_file_without_an_event_type():
    known = {example_path(*key).name for key in registered_events()}
    assert {p.name for p in EXAMPLES.glob("*.json")} == known


@pytest.mark.parametrize("event_cls", sorted(registered_events().values(), key=lambda c: c.event_type))
def test_every_event_is_on_a_declared_topic_and_keyed_by_a_payload_field(event_cls):
    assert event_cls.topic in ALL_TOPICS
    assert event_cls.key_field in event_cls.model_fields


def test_events_are_frozen():
    envelope = decode_envelope(example_path("documents.letter_sent", 1).read_bytes())
    with pytest.raises(ValidationError):
        envelope.payload.subject = "changed"  # type: ignore[misc]


def test_event_types_are_past_tense_and_namespaced_by_producer():
    for event_type, _ in registered_events():
        producer, name = event_type.split(".")
        topic_producers = registered_events()[(event_type, 1)].topic.producers
        assert producer in topic_producers
        assert name.split("_")[-1].endswith(("ed", "sent", "withdrawn", "held")), event_type


def test_unknown_event_type_is_reported_as_unknown_not_malformed():
    raw = json.loads(example_path("documents.letter_sent", 1).read_text())
    raw["event_type"] = "documents.letter_teleported"
    with pytest.raises(UnknownEventType):
        decode_envelope(json.dumps(raw).encode())


@pytest.mark.parametrize("raw", [b"not json", b"{}", b'{"event_type": "documents.letter_sent"}', b"[1,2]"])
def test_garbage_is_malformed(raw):
    with pytest.raises(MalformedEvent):
        decode_envelope(raw)


def test_payload_that_breaks_its_schema_is_malformed():
    raw = json.loads(example_path("documents.letter_sent", 1).read_text())
    raw["payload"]["urgency"] = 9
    with pytest.raises(MalformedEvent):
        decode_envelope(json.dumps(raw).encode())


def test_topic_names_are_unique_and_versioned():
    names = [t.name for t in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert all(n.startswith("opensaraban.") and n.rsplit(".", 1)[-1].startswith("v") for n in names)
