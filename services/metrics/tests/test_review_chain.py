"""The review chain's measures as pure rules, from events built on the contracts' examples: letters sent with
e-approval beside all letters sent, and the time each review step took by urgency."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import opensaraban_shared.events as events
from metrics_service.durations import bucket_of, percentile
from metrics_service.export import period_be, table_of
from metrics_service.facts import collect
from metrics_service.models import ApprovalCounts, ApprovalPoint, EApproval, ScopeRead
from metrics_service.projection import e_approval_rate
from opensaraban_shared.events import Actor, LetterSent, new_envelope
from opensaraban_shared.events.documents import ReviewStepAssigned, ReviewStepCompleted
from opensaraban_shared.thai import BANGKOK

EXAMPLES = Path(events.__file__).parent / "examples"


def example(name: str, cls, **changes):
    payload = json.loads((EXAMPLES / f"documents.{name}.v1.json").read_text())["payload"]
    return new_envelope(cls.model_validate({**payload, **changes}), producer="test", actor=Actor(agency_id="x"))


def test_a_send_signed_through_the_chain_counts_as_approved_electronically_on_its_sent_row() -> None:
    sent = example("letter_sent", LetterSent)
    payload = sent.payload
    changes = collect([example("letter_sent", LetterSent, approved_electronically=True),
                       example("letter_sent", LetterSent, approved_electronically=True),
                       example("letter_sent", LetterSent, approved_electronically=False)])

    key = (payload.sent_at.astimezone(BANGKOK).date(), payload.sender_agency_id, "sent", payload.channel.value)
    letters, _recipients, _timed, _within_day, approved, _signed = changes.letters[key]
    assert (letters, approved) == (3, 2)


def test_the_e_approval_rate_is_approved_sends_over_all_sends() -> None:
    assert e_approval_rate(approved=21, sent=100) == 0.21
    assert e_approval_rate(approved=0, sent=0) is None
    with pytest.raises(ValueError):
        e_approval_rate(approved=3, sent=2)
    assert ApprovalCounts(sent=4, approved_electronically=3).e_approval_rate == 0.75


def test_each_completed_step_adds_its_time_by_urgency_for_the_drafters_agency_on_the_day_it_was_acted_on() -> None:
    start = datetime(2026, 12, 3, 10, 15, tzinfo=BANGKOK)
    steps = [example("review_step_completed", ReviewStepCompleted, urgency=u, assigned_at=start,
                     acted_at=start + timedelta(hours=h)) for u, h in ((4, 1), (4, 3), (1, 20))]

    changes = collect(steps)

    agency = "cm-provincial-office"
    assert changes.durations == {
        (date(2026, 12, 3), agency, "review_step", 4, bucket_of(3600)): 1,
        (date(2026, 12, 3), agency, "review_step", 4, bucket_of(3 * 3600)): 1,
        (date(2026, 12, 4), agency, "review_step", 1, bucket_of(20 * 3600)): 1,  # 06:15 the next Bangkok day
    }
    assert changes.agencies_seen == {agency: "50"}


def test_the_median_and_90th_percentile_of_step_times_come_from_the_histogram() -> None:
    hours = [0.5, 1, 2, 3, 4, 5, 6, 8, 12, 24, 48]
    histogram = [(bucket_of(h * 3600), 1) for h in hours]
    assert percentile(histogram, 0.5) == pytest.approx(5 * 3600, rel=0.045)
    assert percentile(histogram, 0.9) == pytest.approx(24 * 3600, rel=0.045)


def test_an_assigned_step_counts_no_time_yet() -> None:
    changes = collect([example("review_step_assigned", ReviewStepAssigned)])
    assert not changes.durations and not changes.letters


def test_the_e_approval_export_has_thai_headers_period_first() -> None:
    scope = ScopeRead(level="province", key="50", date_from=date(2025, 10, 1), date_to=date(2026, 9, 30))
    result = EApproval(scope=scope, granularity="month", totals=ApprovalCounts(sent=3, approved_electronically=1),
                       series=[ApprovalPoint(period="2026-11", sent=3, approved_electronically=1)])

    headers, rows = table_of(result)

    assert headers == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)", "หนังสือส่ง (sent)",
                       "อนุมัติทางอิเล็กทรอนิกส์ (approved_electronically)",
                       "อัตราการอนุมัติทางอิเล็กทรอนิกส์ (e_approval_rate)"]
    assert rows == [["พ.ย. 2569", "2026-11", 3, 1, 1 / 3]]


@pytest.mark.parametrize(("period", "printed"), [
    ("2026-12-05", "5 ธ.ค. 2569"), ("2027-01", "ม.ค. 2570"), ("2570", "ปีงบประมาณ 2570"), ("2026-1", "2026-1")])
def test_export_periods_read_in_the_buddhist_era(period: str, printed: str) -> None:
    assert period_be(period) == printed
