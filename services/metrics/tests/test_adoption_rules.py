"""Unit tests for the pure parts of the adoption measures: histogram percentiles, periods, score, batch rules."""

from __future__ import annotations

import statistics
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from metrics_service.durations import NON_POSITIVE, bucket_of, count_below, lower_edge, percentile, upper_edge
from metrics_service.export import table_of, to_csv
from metrics_service.facts import collect
from metrics_service.models import Savings, ScopeRead
from metrics_service.queries import month_split
from metrics_service.scope import fiscal_year_bounds, fiscal_year_of
from metrics_service.score import Components, composite
from opensaraban_shared.events import Actor, LetterAccepted, LetterClosed, LetterRouted, LetterSent, new_envelope
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

BKK = timezone(timedelta(hours=7))


# --- histogram ---


def test_a_day_is_an_exact_bucket_edge() -> None:
    assert bucket_of(86_400) == 0 and bucket_of(86_399.9) == -1
    assert upper_edge(-1) == lower_edge(0) == 86_400


def test_durations_of_zero_or_less_have_their_own_bucket() -> None:
    assert bucket_of(0) == bucket_of(-5) == NON_POSITIVE


@pytest.mark.parametrize("values", [
    [60, 120, 3600, 7200, 86_400, 90_000, 100_000, 150_000, 200_000, 250_000, 300_000],
    list(range(1, 12)),
    [5.0] * 11,
])
def test_percentiles_from_the_histogram_are_within_the_bucket_width(values: list[float]) -> None:
    histogram = [(bucket_of(v), 1) for v in values]
    for q, exact in ((0.5, statistics.median(values)), (0.9, sorted(values)[9])):
        assert percentile(histogram, q) == pytest.approx(exact, rel=0.045)


def test_no_durations_have_no_percentile() -> None:
    assert percentile([], 0.5) is None


def test_within_a_day_counts_whole_buckets_below_24_hours() -> None:
    histogram = [(bucket_of(3600), 2), (bucket_of(86_399), 1), (bucket_of(86_400), 4)]
    assert count_below(histogram, 86_400) == 3


# --- periods ---


def test_thai_fiscal_year_starts_on_1_october_of_the_year_before() -> None:
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))
    assert fiscal_year_of(date(2025, 10, 1)) == 2569 and fiscal_year_of(date(2025, 9, 30)) == 2568


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2025, 10, 1), date(2026, 9, 30), (date(2025, 10, 1), date(2026, 10, 1))),
    (date(2025, 11, 16), date(2026, 1, 5), (date(2025, 12, 1), date(2026, 1, 1))),
    (date(2025, 11, 5), date(2025, 11, 30), (date(2025, 12, 1), date(2025, 12, 1))),  # none whole
    (date(2024, 2, 1), date(2024, 2, 29), (date(2024, 2, 1), date(2024, 3, 1))),
])
def test_periods_split_into_whole_months_and_edge_days(start: date, end: date, months: tuple[date, date]) -> None:
    assert month_split(start, end) == months


# --- composite score ---


def test_the_score_weighs_the_four_components() -> None:
    score = composite(Components(electronic_rate=1, accepted_within_24h=0.5, active_user_share=0, electronic_pack_share=1))
    assert score == 100 * (0.5 + 0.1 + 0 + 0.15)


def test_components_without_data_are_left_out_and_weights_rescaled() -> None:
    assert composite(Components(electronic_rate=0.8)) == 80
    assert composite(Components(electronic_rate=1, electronic_pack_share=0)) == round(100 * 0.5 / 0.65, 2)
    assert composite(Components()) is None


# --- batch rules ---

LETTER = {"letter_id": uuid.uuid4(), "letter_number": "ชม 1", "sender_agency_id": "a", "kind": LetterKind.EXTERNAL,
          "urgency": Urgency.MOST_URGENT, "secrecy": Secrecy.NORMAL, "channel": Channel.ELECTRONIC, "subject": "ทดสอบ"}


def envelope(event):
    return new_envelope(event, producer="test", actor=Actor(agency_id="a"))


def test_a_batch_sums_letters_per_row_and_counts_copies_of_electronic_sends() -> None:
    at = datetime(2026, 1, 5, 9, tzinfo=BKK)
    sent = [LetterSent(**LETTER, send_register_number=n, is_circular=True, recipient_agency_ids=["b", "c"],
                       attachment_count=0, sent_at=at) for n in range(3)]

    changes = collect([envelope(e) for e in sent])

    assert changes.letters == {(date(2026, 1, 5), "a", "sent", "electronic"): [3, 6, 0, 0, 0, 0]}


def test_a_paper_letter_registered_on_arrival_has_no_acceptance_duration() -> None:
    accepted = LetterAccepted(**{**LETTER, "channel": Channel.PAPER}, delivery_id=uuid.uuid4(),
                              recipient_agency_id="b", receive_register_number=1, delivered_at=None,
                              accepted_at=datetime(2026, 1, 5, 9, tzinfo=BKK))

    changes = collect([envelope(accepted)])

    assert changes.letters == {(date(2026, 1, 5), "b", "received", "paper"): [1, 0, 0, 0, 0, 0]}  # not timed
    assert not changes.durations


def test_assignments_carry_both_ends_to_the_repository() -> None:
    delivery = uuid.uuid4()
    at = datetime(2026, 1, 5, 9, tzinfo=BKK)
    routed = LetterRouted(**LETTER, delivery_id=delivery, routing_id=uuid.uuid4(), agency_id="b", action="assign",
                          from_user_id="u", deadline=at + timedelta(days=1), routed_at=at)
    forwarded = routed.model_copy(update={"action": "forward"})
    closed = LetterClosed(**LETTER, delivery_id=delivery, agency_id="b", closed_at=at + timedelta(hours=2))

    changes = collect([envelope(routed), envelope(forwarded), envelope(closed)])

    assert [(a.assigned_at, a.closed_at) for a in changes.assignments] == [(at, None), (None, at + timedelta(hours=2))]


# --- export ---


def test_figures_without_rows_export_one_figure_per_line_with_a_bom_for_excel() -> None:
    savings = Savings(scope=ScopeRead(level="national", key=None, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)),
                      electronic_copies=2, agenda_pack_pages=0, pages_not_printed=4, paper_baht=2, postage_baht=36,
                      total_baht=38, parameters={"pages_per_letter": 2})

    headers, rows = table_of(savings)
    data = to_csv((headers, rows))

    assert headers == ["ตัวชี้วัด (measure)", "ค่า (value)"]
    assert ["total_baht", 38.0] in rows and ["parameters.pages_per_letter", 2.0] in rows
    assert data.startswith("\ufeff".encode())
