"""The benchmark report keeps numbers only and merges runs of different workloads."""

import json

import pytest

from bench.report import merge, percentile


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
