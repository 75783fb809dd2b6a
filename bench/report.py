"""bench/report.json: one flat object of named numbers (units in the key names), merged run by run."""

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


def merge(figures: Mapping[str, float], path: Path = REPORT) -> dict[str, float]:
    """Adds this run's figures to the report; workloads of other issues keep their keys."""
    report = json.loads(path.read_text()) if path.exists() else {}
    for key, value in figures.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise TypeError(f"{key}: report values are numbers only")
        report[key] = round(float(value), 3)
    path.write_text(json.dumps(dict(sorted(report.items())), indent=2) + "\n")
    return report


def table(figures: Mapping[str, float]) -> str:
    width = max(len(k) for k in figures)
    return "\n".join(f"{key:<{width}}  {value:>14,.3f}" for key, value in figures.items())
