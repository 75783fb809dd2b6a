"""The benchmark's arithmetic: report merging, percentiles, the letters sweep's steps, ratios, table and plot."""

import json
import math

import pytest

from bench import letters_sweep
from bench.baselines import consumed_per_s, produced_per_s
from bench.letters_sweep import Sent, Step, highest_sustained, next_rate, summarise, sweep_figures
from bench.plot import cpu_by_process, draw
from bench.report import merge, percentile
from bench.summary import ratios, table


def test_percentile_uses_nearest_rank():
    sample = list(range(1, 101))
    assert percentile(sample, 50) == 50
    assert percentile(sample, 99) == 99
    assert percentile([7.0], 99) == 7.0


def test_merge_keeps_other_workloads_keys(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"notify_circular_7850_s": 4.2}))
    merged = merge({"skeleton_send_to_notified_p50_ms": 12.3456}, path)
    assert merged == {"notify_circular_7850_s": 4.2, "skeleton_send_to_notified_p50_ms": 12.346}
    assert json.loads(path.read_text()) == merged


def test_merge_refuses_non_numbers(tmp_path):
    with pytest.raises(TypeError):
        merge({"state": "fast"}, tmp_path / "report.json")


def test_merge_writes_rows_of_numbers_and_refuses_infinity(tmp_path):
    path = tmp_path / "report.json"
    merged = merge({"letters_sweep_steps": [{"offered_per_s": 10, "achieved_per_s": 9.87654}]}, path)
    assert merged["letters_sweep_steps"] == [{"offered_per_s": 10.0, "achieved_per_s": 9.877}]
    with pytest.raises(TypeError, match="letters_sweep_steps.p99"):
        merge({"letters_sweep_steps": [{"p99": math.inf}]}, path)


def _step(offered: float, *, latency_ms: float = 100.0, letters: int = 100, failed: int = 0,
          achieved: float | None = None, cpu_documents: float = 9.0) -> Step:
    return Step(offered_per_s=offered, letters=letters, failed=failed,
                achieved_per_s=offered if achieved is None else achieved,
                latencies_ms=[latency_ms] * (letters - failed), request_ms=[50.0] * letters,
                costs={"cpu_ms_per_letter_documents": cpu_documents, "cpu_cores_documents": offered * 0.009,
                       "pg_rows_written_per_letter": 12.0})


def test_a_step_times_each_letter_from_its_send_request_to_its_delivery_event():
    sent = [Sent(send_started=100.0 + i * 0.1, request_s=0.05, letter_id=f"l{i}") for i in range(11)]
    delivered = {f"l{i}": 100.0 + i * 0.1 + (0.2 if i < 10 else 1.5) for i in range(11)}
    step = summarise(10.0, sent, delivered)
    assert sorted(step.latencies_ms) == pytest.approx([200.0] * 10 + [1500.0])
    assert step.failed == 0
    assert step.request_ms == pytest.approx([50.0] * 11)
    # 11 letters from the first send request (100 s) to the last delivery (102.5 s)
    assert step.achieved_per_s == pytest.approx(11 / 2.5)


def test_letters_not_sent_or_never_delivered_fail_the_step():
    sent = [Sent(send_started=1.0, request_s=0.1, letter_id="ok"),
            Sent(send_started=1.1, request_s=60.0, letter_id=None, error="TimeoutError"),
            Sent(send_started=1.2, request_s=0.1, letter_id="lost")]
    step = summarise(10.0, sent, {"ok": 1.3})
    assert step.failed == 2
    assert step.errors == {"TimeoutError": 1, "not delivered": 1}
    assert step.latencies_ms == pytest.approx([300.0])
    assert not step.sustained


def test_a_step_is_sustained_only_within_one_second_p99_and_95_percent_of_the_offered_rate():
    assert _step(40, latency_ms=999).sustained
    assert not _step(40, latency_ms=1001).sustained
    assert _step(40, achieved=38.0).sustained
    assert not _step(40, achieved=37.9).sustained
    assert not _step(40, failed=1).sustained


def test_rates_rise_until_a_step_fails_then_one_step_half_way_narrows_it():
    assert next_rate([]) == letters_sweep.FIRST_RATE
    assert next_rate([_step(10), _step(20)]) == 30
    assert next_rate([_step(10), _step(20), _step(30, latency_ms=2000)]) == 25
    assert next_rate([_step(10), _step(20), _step(30, latency_ms=2000), _step(25)]) is None
    assert next_rate([_step(10), _step(20), _step(30, latency_ms=2000), _step(25, latency_ms=2000)]) is None
    assert next_rate([_step(10, latency_ms=2000)]) == 5
    assert next_rate([_step(letters_sweep.MAX_RATE)]) is None


def test_the_report_gives_the_highest_sustained_rate_and_its_latencies_and_costs():
    steps = [_step(10, latency_ms=80, cpu_documents=12.0), _step(20, latency_ms=300, cpu_documents=9.0),
             _step(30, latency_ms=4000, achieved=24.0), _step(25, latency_ms=1200, achieved=25.0)]
    assert highest_sustained(steps).offered_per_s == 20
    figures = sweep_figures(steps)
    assert figures["max_sustained_letters_per_s"] == 20
    assert figures["send_to_delivered_p99_ms"] == 300
    assert figures["cpu_ms_per_letter_documents"] == 9.0
    assert "cpu_cores_documents" not in figures
    assert figures["letters_per_s"] == 25.0  # the most delivered in any step
    assert [row["offered_per_s"] for row in figures["letters_sweep_steps"]] == [10, 20, 30, 25]
    assert [row["sustained"] for row in figures["letters_sweep_steps"]] == [1.0, 1.0, 0.0, 0.0]


def test_without_a_sustained_step_the_report_says_zero_and_shows_the_lowest_rate():
    figures = sweep_figures([_step(10, latency_ms=3000), _step(5, latency_ms=1500)])
    assert figures["max_sustained_letters_per_s"] == 0.0
    assert figures["send_to_delivered_p99_ms"] == 1500


BASELINES = {"baseline_minio_put_per_s": 500.0, "baseline_pg_insert_rows_per_s": 80_000.0,
             "baseline_kafka_consume_records_per_s": 100_000.0}


def test_each_workload_is_compared_with_its_baseline_in_the_baselines_unit():
    figures = {**BASELINES, "max_sustained_letters_per_s": 50.0, "pg_rows_written_per_letter": 16.0,
               "circular_7850_deliveries_per_s": 6000.0, "circular_7850_pg_rows_per_delivery": 2.0,
               "metrics_replay_events_per_s": 7000.0}
    assert ratios(figures) == pytest.approx({
        "ratio_letters_to_minio_put": 50 / 500, "ratio_letters_to_pg_insert": 50 * 16 / 80_000,
        "ratio_circular_to_pg_insert": 12_000 / 80_000, "ratio_metrics_replay_to_kafka_consume": 0.07})


def test_no_ratio_without_the_baseline_of_the_same_run():
    assert ratios({"max_sustained_letters_per_s": 50.0, "pg_rows_written_per_letter": 16.0}) == {}


def test_the_table_shows_value_unit_baseline_and_ratio_for_what_the_run_measured():
    figures = {**BASELINES, "max_sustained_letters_per_s": 50.0, "send_to_delivered_p99_ms": 640.5,
               "peak_rss_mb_documents": 201.4, "letters_sweep_steps": [{"offered_per_s": 10.0}]}
    figures |= ratios(figures)
    lines = table(figures).splitlines()
    assert lines[0].split() == ["workload", "value", "unit", "baseline", "ratio"]
    assert lines[2].split()[-6:] == ["50", "PUTs/s", "MinIO", "PUTs", "500", "0.100"]
    assert lines[2].startswith("letters at the highest sustained rate: PUTs")
    assert "letters send→delivered p99" in table(figures)
    assert any(line.split()[-2:] == ["201", "MB"] for line in lines)
    assert not any("circular" in line for line in lines)


def test_the_kafka_tools_summaries_are_read():
    produced = ("99 records sent, 19.8 records/sec\n"
                "200000 records sent, 21489.2 records/sec (22.36 MB/sec), 512.3 ms avg latency, 900.0 ms max latency.")
    assert produced_per_s(produced) == 21489.2
    consumed = ("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n"
                "2026-11-21 21:00:00:000, 2026-11-21 21:00:05:000, 208.0, 41.6, 200000, 40000.0, 3000, 2000, 104.0,"
                " 100000.0\n")
    assert consumed_per_s(consumed) == 100_000.0
    with pytest.raises(RuntimeError):
        consumed_per_s("WARNING: Exiting before consuming the expected number of messages")


def test_the_plot_stacks_cpu_busiest_process_first_and_is_written(tmp_path):
    steps = [{"offered_per_s": 10.0, "achieved_per_s": 10.0, "sustained": 1.0, "send_to_delivered_p50_ms": 80.0,
              "send_to_delivered_p95_ms": 150.0, "send_to_delivered_p99_ms": 300.0, "cpu_cores_kafka": 0.1,
              "cpu_cores_documents": 0.2, "cpu_cores_other_processes": 0.9},
             {"offered_per_s": 20.0, "achieved_per_s": 15.0, "sustained": 0.0, "send_to_delivered_p50_ms": 900.0,
              "send_to_delivered_p95_ms": 2500.0, "send_to_delivered_p99_ms": 4000.0, "cpu_cores_kafka": 0.2,
              "cpu_cores_documents": 0.5, "cpu_cores_other_processes": 1.0}]
    assert list(cpu_by_process(steps).items()) == [("documents", [0.2, 0.5]), ("kafka", [0.1, 0.2]),
                                                   ("other_processes", [0.9, 1.0])]
    path = draw({"letters_sweep_steps": steps, "max_sustained_letters_per_s": 10.0}, tmp_path / "report.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
