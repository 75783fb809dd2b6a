"""The summary table `make bench` prints, and each workload's ratio to the baseline that bounds it.

A ratio compares a workload's rate with the raw rate of the one part of the stack its work must pass through,
measured in the same run on the same machine, in that part's unit:
- letters vs MinIO PUTs: every letter stores its attachment, one object of the baseline's size;
- letters vs PostgreSQL inserts: every letter writes rows in every service (documents' letter, delivery, outbox,
  search and audit rows, notify's notification, metrics' projections); counted per letter from PostgreSQL's own
  statistics at the highest sustained rate;
- the circular vs PostgreSQL inserts: a delivery row and its outbox row per recipient, counted, in one request;
- notify's fan-out of the circular and the metrics replay vs Kafka's consumer: one record consumed per event.
notify's sustained stream is left out: its rate is what the load offered (500 events/s), not what notify can do.
The agenda publication and the letter rendering have no baseline: building PDFs is bound by the CPU, not by a part of
the stack.
A ratio near 1 says the workload runs as fast as that part allows; far below 1, the cost is elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# short name in the ratio keys: (baseline figure, unit, what was measured)
BASELINES = {
    "minio_put": ("baseline_minio_put_per_s", "PUTs/s", "MinIO PUTs"),
    "pg_insert": ("baseline_pg_insert_rows_per_s", "rows/s", "PG batched inserts"),
    "kafka_consume": ("baseline_kafka_consume_records_per_s", "records/s", "Kafka consumer tool"),
}


@dataclass(frozen=True)
class Bound:
    workload: str  # as in the ratio key
    label: str
    rate: str  # figure: the workload's rate, per second
    baseline: str  # key of BASELINES
    per_unit: str | None = None  # figure: baseline units per unit of the workload (rows per letter)

    @property
    def key(self) -> str:
        return f"ratio_{self.workload}_to_{self.baseline}"

    def value(self, figures: Mapping[str, float]) -> float | None:
        """The workload's rate in the baseline's unit, or None when this run did not measure it."""
        if self.rate not in figures or (self.per_unit and self.per_unit not in figures):
            return None
        return figures[self.rate] * (figures[self.per_unit] if self.per_unit else 1.0)


BOUNDS = (
    Bound("letters", "letters at the highest sustained rate: PUTs", "max_sustained_letters_per_s", "minio_put"),
    Bound("letters", "letters at the highest sustained rate: PG rows", "max_sustained_letters_per_s", "pg_insert",
          per_unit="pg_rows_written_per_letter"),
    Bound("circular", "circular to 7,850 agencies: PG rows", "circular_7850_deliveries_per_s", "pg_insert",
          per_unit="circular_7850_pg_rows_per_delivery"),
    Bound("notify_circular", "notify fan-out of the circular: events", "notify_circular_7850_events_per_s",
          "kafka_consume"),
    Bound("metrics_replay", "metrics replay: events", "metrics_replay_events_per_s", "kafka_consume"),
)

# (label, figure, unit): the other figures of the table, without a baseline
FIGURES = (
    ("letters, highest sustained rate", "max_sustained_letters_per_s", "letters/s"),
    ("letters, most delivered in a step", "letters_per_s", "letters/s"),
    ("letters send→delivered p50", "send_to_delivered_p50_ms", "ms"),
    ("letters send→delivered p95", "send_to_delivered_p95_ms", "ms"),
    ("letters send→delivered p99", "send_to_delivered_p99_ms", "ms"),
    ("skeleton send→notified p99", "skeleton_send_to_notified_p99_ms", "ms"),
    ("circular to 7,850 agencies", "circular_7850_delivered_s", "s"),
    ("notify fan-out of the circular", "notify_circular_7850_s", "s"),
    ("notify sustained stream handled", "notify_sustained_events_per_s", "events/s"),
    ("notify sustained event→notification p99", "notify_sustained_event_to_notification_p99_ms", "ms"),
    ("agenda publication, 40 items", "agenda_publish_40_items_s", "s"),
    ("agenda invitation delivered, 40 items", "agenda_publish_40_items_invitation_delivered_s", "s"),
    ("metrics replay", "metrics_replay_1m_events_s", "s"),
    ("letter render, 2-page PDF p50", "letter_render_p50_ms", "ms"),
    ("letter render, 2-page PDF p99", "letter_render_p99_ms", "ms"),
    ("letter render CPU p50", "letter_render_cpu_p50_ms", "ms"),
    ("letter render CPU p99", "letter_render_cpu_p99_ms", "ms"),
    ("signed letter from its signing copy (lines + B-T sign) p50", "signed_letter_p50_ms", "ms"),
    ("signed letter from its signing copy (lines + B-T sign) p99", "signed_letter_p99_ms", "ms"),
    ("signed letter from its signing copy CPU p50", "signed_letter_cpu_p50_ms", "ms"),
    ("signed letter laid out afresh (render + B-T sign) p50", "signed_afresh_p50_ms", "ms"),
    ("signed letter laid out afresh (render + B-T sign) p99", "signed_afresh_p99_ms", "ms"),
    ("signing copy laid out (before the request) CPU p50", "signing_copy_cpu_p50_ms", "ms"),
    ("signed letters, highest sustained rate", "signed_sustained_per_s", "letters/s"),
    ("metrics dashboard query p95", "dashboard_query_p95_ms", "ms"),
    ("metrics freshness p99", "metrics_freshness_p99_ms", "ms"),
    ("baseline: MinIO PUTs, 16 at a time", "baseline_minio_put_per_s", "PUTs/s"),
    ("baseline: PG batched inserts", "baseline_pg_insert_rows_per_s", "rows/s"),
    ("baseline: Kafka producer tool, acks=all", "baseline_kafka_produce_records_per_s", "records/s"),
    ("baseline: Kafka consumer tool", "baseline_kafka_consume_records_per_s", "records/s"),
)


def ratios(figures: Mapping[str, float]) -> dict[str, float]:
    """ratio_<workload>_to_<baseline> for every bound whose figures this run measured."""
    out = {}
    for bound in BOUNDS:
        baseline = BASELINES[bound.baseline][0]
        value = bound.value(figures)
        if value is not None and figures.get(baseline):
            out[bound.key] = value / figures[baseline]
    return out


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def table(figures: Mapping[str, object]) -> str:
    """workload | value | unit | baseline | ratio, for what this run measured."""
    rows = [("workload", "value", "unit", "baseline", "ratio")]
    numbers = {k: v for k, v in figures.items() if isinstance(v, int | float)}
    for bound in BOUNDS:
        baseline_key, unit, name = BASELINES[bound.baseline]
        if bound.key in numbers:
            rows.append((bound.label, _number(bound.value(numbers)), unit,
                         f"{name} {_number(numbers[baseline_key])}", f"{numbers[bound.key]:.3f}"))
    rows += [(label, _number(numbers[key]), unit, "", "") for label, key, unit in FIGURES if key in numbers]
    rows += [(f"peak RSS {key.removeprefix('peak_rss_mb_')}", _number(value), "MB", "", "")
             for key, value in numbers.items() if key.startswith("peak_rss_mb_")]
    rows += [(f"CPU per letter {key.removeprefix('cpu_ms_per_letter_')}", _number(value), "ms", "", "")
             for key, value in numbers.items() if key.startswith("cpu_ms_per_letter_")]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [f"{w:<{widths[0]}}  {v:>{widths[1]}}  {u:<{widths[2]}}  {b:<{widths[3]}}  {r:>{widths[4]}}".rstrip()
             for w, v, u, b, r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
