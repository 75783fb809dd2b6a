"""Unit tests for which letter events the adoption figures count, for whom and on which Bangkok day (no I/O)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from metrics_service.facts import collect
from metrics_service.models import LetterCounts, LetterDay
from metrics_service.projection import electronic_rate
from opensaraban_shared.events import (
    Actor,
    Event,
    LetterAccepted,
    LetterDelivered,
    LetterRejected,
    LetterSent,
    new_envelope,
)
from opensaraban_shared.thai import bangkok_day
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

BKK = timezone(timedelta(hours=7))
COMMON = {
    "letter_id": uuid.UUID("4b8e2f1a-6c3d-4e5f-8a9b-0c1d2e3f4a5b"),
    "letter_number": "ชม 0017/ว 1590",
    "sender_agency_id": "cm-provincial-office",
    "kind": LetterKind.EXTERNAL,
    "urgency": Urgency.NORMAL,
    "secrecy": Secrecy.NORMAL,
    "subject": "ขอเชิญประชุม",
}


def sent(**overrides: object) -> LetterSent:
    fields: dict[str, object] = {
        **COMMON,
        "channel": Channel.ELECTRONIC,
        "send_register_number": 1590,
        "is_circular": False,
        "recipient_agency_ids": ["cm-statistics"],
        "attachment_count": 0,
        "sent_at": datetime(2026, 11, 20, 9, 15, tzinfo=BKK),
    }
    fields.update(overrides)
    return LetterSent(**fields)  # type: ignore[arg-type]


def accepted(**overrides: object) -> LetterAccepted:
    fields: dict[str, object] = {
        **COMMON,
        "channel": Channel.ELECTRONIC,
        "delivery_id": uuid.uuid4(),
        "recipient_agency_id": "cm-statistics",
        "receive_register_number": 412,
        "accepted_at": datetime(2026, 11, 20, 10, 2, tzinfo=BKK),
    }
    fields.update(overrides)
    return LetterAccepted(**fields)  # type: ignore[arg-type]


def letters_counted(*events: Event) -> dict[tuple[date, str, str, str], int]:
    """(Bangkok day, agency, direction, channel) → letters, as one batch of these events adds them."""
    changes = collect([new_envelope(e, producer="test", actor=Actor(agency_id="test")) for e in events])
    return {key: row[0] for key, row in changes.letters.items()}


# --- which events count, for whom ---


def test_a_sent_letter_counts_one_sent_for_the_sender_with_its_channel() -> None:
    assert letters_counted(sent()) == {(date(2026, 11, 20), "cm-provincial-office", "sent", "electronic"): 1}


def test_a_circular_to_many_agencies_counts_once_as_sent_by_the_sender() -> None:
    circular = sent(is_circular=True, recipient_agency_ids=[f"agency-{n}" for n in range(500)])

    assert letters_counted(circular) == {(date(2026, 11, 20), "cm-provincial-office", "sent", "electronic"): 1}


def test_a_paper_letter_counts_as_paper() -> None:
    assert letters_counted(sent(channel=Channel.PAPER)) == {
        (date(2026, 11, 20), "cm-provincial-office", "sent", "paper"): 1}


def test_an_accepted_letter_counts_one_received_for_the_recipient_not_the_sender() -> None:
    assert letters_counted(accepted(channel=Channel.PAPER)) == {(date(2026, 11, 20), "cm-statistics", "received",
                                                                  "paper"): 1}


def test_delivered_and_rejected_letters_are_not_counted() -> None:
    delivered = LetterDelivered(
        **COMMON,
        channel=Channel.ELECTRONIC,
        delivery_id=uuid.uuid4(),
        recipient_agency_id="cm-statistics",
        sent_at=datetime(2026, 11, 20, 9, 15, tzinfo=BKK),
        delivered_at=datetime(2026, 11, 20, 9, 16, tzinfo=BKK),
    )
    rejected = LetterRejected(
        **COMMON,
        channel=Channel.ELECTRONIC,
        delivery_id=uuid.uuid4(),
        recipient_agency_id="cm-land",
        reason="ส่งผิดหน่วยงาน",
        rejected_at=datetime(2026, 11, 20, 9, 30, tzinfo=BKK),
    )

    assert letters_counted(delivered, rejected) == {}


# --- on which day ---


def test_a_letter_sent_at_2330_utc_counts_on_the_next_bangkok_day() -> None:
    [(day, *_)] = letters_counted(sent(sent_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)))

    assert day == date(2027, 1, 1)


def test_a_letter_sent_at_1659_utc_counts_on_the_same_bangkok_day() -> None:
    assert bangkok_day(datetime(2026, 11, 20, 16, 59, tzinfo=UTC)) == date(2026, 11, 20)
    assert bangkok_day(datetime(2026, 11, 20, 17, 0, tzinfo=UTC)) == date(2026, 11, 21)


def test_an_accepted_letter_counts_on_the_day_it_was_accepted_in_bangkok() -> None:
    [(day, *_)] = letters_counted(accepted(accepted_at=datetime(2026, 11, 20, 18, 0, tzinfo=UTC)))

    assert day == date(2026, 11, 21)


def test_bangkok_day_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        bangkok_day(datetime(2026, 11, 20, 23, 30))


# --- electronic rate ---


def test_electronic_rate_is_none_when_there_were_no_letters() -> None:
    assert electronic_rate(electronic=0, total=0) is None


def test_electronic_rate_is_the_electronic_share_of_all_letters() -> None:
    assert electronic_rate(electronic=3, total=4) == 0.75
    assert electronic_rate(electronic=0, total=5) == 0.0
    assert electronic_rate(electronic=5, total=5) == 1.0


def test_electronic_rate_refuses_more_electronic_letters_than_letters() -> None:
    with pytest.raises(ValueError):
        electronic_rate(electronic=6, total=5)


def test_counts_rate_covers_sent_and_received_together() -> None:
    counts = LetterCounts(sent_electronic=6, sent_paper=2, received_electronic=1, received_paper=1)

    assert counts.electronic_rate == 0.7
    assert counts.model_dump()["electronic_rate"] == 0.7


def test_counts_without_letters_serialise_a_null_rate() -> None:
    assert LetterCounts().model_dump()["electronic_rate"] is None


def test_totals_add_up_every_day() -> None:
    days = [
        LetterDay(day=date(2026, 11, 20), sent_electronic=2, received_paper=1),
        LetterDay(day=date(2026, 11, 21), sent_paper=1, received_electronic=4),
    ]

    totals = LetterCounts.sum_of(days)

    assert totals == LetterCounts(sent_electronic=2, sent_paper=1, received_electronic=4, received_paper=1)
    assert totals.electronic_rate == 0.75


def test_totals_of_no_days_are_zero_with_no_rate() -> None:
    assert LetterCounts.sum_of([]) == LetterCounts()
    assert LetterCounts.sum_of([]).electronic_rate is None
