"""The e-signature share as pure rules, from events built on the contracts' examples: letters sent with the
signer's digital (PAdES) signature beside all letters sent, counted apart from e-approval."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import opensaraban_shared.events as events
from metrics_service.export import table_of
from metrics_service.facts import collect
from metrics_service.models import ESignature, ScopeRead, SignatureCounts, SignaturePoint
from metrics_service.projection import e_signature_rate
from opensaraban_shared.events import Actor, LetterSent, new_envelope
from opensaraban_shared.thai import BANGKOK

EXAMPLES = Path(events.__file__).parent / "examples"


def sent(**changes):
    payload = json.loads((EXAMPLES / "documents.letter_sent.v1.json").read_text())["payload"]
    return new_envelope(LetterSent.model_validate({**payload, **changes}), producer="test", actor=Actor(agency_id="x"))


def test_a_digitally_signed_send_counts_on_its_sent_row_apart_from_e_approval() -> None:
    payload = sent().payload
    changes = collect([sent(approved_electronically=True, signed_digitally=True),
                       sent(approved_electronically=True, signed_digitally=False),
                       sent(approved_electronically=False, signed_digitally=False)])

    key = (payload.sent_at.astimezone(BANGKOK).date(), payload.sender_agency_id, "sent", payload.channel.value)
    letters, _recipients, _timed, _within_day, approved, signed = changes.letters[key]
    assert (letters, approved, signed) == (3, 2, 1)


def test_an_event_without_the_field_counts_as_not_signed() -> None:
    """Events written before digital signatures carry no signed_digitally: unsigned, never an error."""
    payload = json.loads((EXAMPLES / "documents.letter_sent.v1.json").read_text())["payload"]
    payload.pop("signed_digitally", None)
    changes = collect([new_envelope(LetterSent.model_validate(payload), producer="test", actor=Actor(agency_id="x"))])
    [row] = changes.letters.values()
    assert row[5] == 0


def test_the_e_signature_share_is_signed_sends_over_all_sends() -> None:
    assert e_signature_rate(signed=7, sent=18) == 7 / 18
    assert e_signature_rate(signed=0, sent=0) is None
    with pytest.raises(ValueError):
        e_signature_rate(signed=3, sent=2)
    assert SignatureCounts(sent=4, signed_digitally=1).e_signature_rate == 0.25


def test_the_e_signature_export_has_thai_headers_period_first() -> None:
    scope = ScopeRead(level="agency", key="a1", date_from=date(2025, 10, 1), date_to=date(2026, 9, 30))
    result = ESignature(scope=scope, granularity="month", totals=SignatureCounts(sent=4, signed_digitally=1),
                        series=[SignaturePoint(period="2026-11", sent=4, signed_digitally=1)])

    headers, rows = table_of(result)

    assert headers == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)", "หนังสือส่ง (sent)",
                       "ลงลายมือชื่ออิเล็กทรอนิกส์ (signed_digitally)",
                       "สัดส่วนการลงลายมือชื่ออิเล็กทรอนิกส์ (e_signature_rate)"]
    assert rows == [["พ.ย. 2569", "2026-11", 4, 1, 0.25]]
