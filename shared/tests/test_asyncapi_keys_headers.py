"""The AsyncAPI document names each message's Kafka key and headers, as the outbox relay really writes them."""

from pathlib import Path

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from opensaraban_shared import events
from opensaraban_shared.asyncapi import describe_keys_and_headers
from opensaraban_shared.events import Envelope
from opensaraban_shared.events.documents import LetterDelivered, LetterSent
from opensaraban_shared.service_app import _declare_publications


def _document() -> dict:
    broker = KafkaBroker()
    _declare_publications(broker, [LetterSent, LetterDelivered])
    spec = AsyncAPI(broker, title="t", version="1").to_specification().to_jsonable()
    return describe_keys_and_headers(spec, [LetterSent, LetterDelivered])


def test_every_declared_message_documents_its_key_and_the_headers_an_envelope_writes():
    messages = _document()["components"]["messages"]
    assert len(messages) == 2
    for message in messages.values():
        key = message["bindings"]["kafka"]["key"]
        assert key["type"] == "string" and "agency" in key["description"]
        assert message["headers"]["type"] == "object"
    written = set(_sample().headers())
    for message in messages.values():
        assert set(message["headers"]["required"]) == written


def test_the_documented_key_field_is_the_field_the_relay_uses_as_key():
    for event in (LetterSent, LetterDelivered):
        assert event.key_field in (_document()["components"]["messages"][f"{event.topic.name}:{event.event_type}:Message"]
                                   ["bindings"]["kafka"]["key"]["description"])


def _sample() -> Envelope[LetterDelivered]:
    example = Path(events.__file__).parent / "examples" / "documents.letter_delivered.v1.json"
    return Envelope[LetterDelivered].model_validate_json(example.read_text(encoding="utf-8"))
