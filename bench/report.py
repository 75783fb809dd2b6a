"""bench/report.json: one object of named numbers (units in the key names), merged run by run.

A value is a number, or a list of rows of named numbers (the letters sweep's steps, one row per step).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

REPORT = Path(__file__).parent / "report.json"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _number(key: str, value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise TypeError(f"{key}: report values are finite numbers")
    return round(float(value), 3)


def merge(figures: Mapping[str, object], path: Path = REPORT) -> dict[str, object]:
    """Adds this run's figures to the report; workloads of other issues keep their keys."""
    report = json.loads(path.read_text()) if path.exists() else {}
    for key, value in figures.items():
        if isinstance(value, list):
            report[key] = [{name: _number(f"{key}.{name}", v) for name, v in row.items()} for row in value]
        else:
            report[key] = _number(key, value)
    path.write_text(json.dumps(dict(sorted(report.items())), indent=2) + "\n")
    return report
