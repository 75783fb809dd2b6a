"""bench/report.png: the letters rate sweep, drawn from its steps in the report (matplotlib's Agg, no display)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from .letters_sweep import MAX_P99_MS, MIN_ACHIEVED

PLOT = Path(__file__).parent / "report.png"
PERCENTILES = (("p50", "tab:green"), ("p95", "tab:orange"), ("p99", "tab:red"))


OTHER = "other_processes"  # what else ran on the machine during the window


def cpu_by_process(steps: Sequence[Mapping[str, float]]) -> dict[str, list[float]]:
    """Cores used by each process in each step, busiest process first and what else ran on the machine last."""
    names = sorted({key.removeprefix("cpu_cores_") for step in steps for key in step if key.startswith("cpu_cores_")},
                   key=lambda name: (name == OTHER, -sum(step.get(f"cpu_cores_{name}", 0.0) for step in steps)))
    return {name: [step.get(f"cpu_cores_{name}", 0.0) for step in steps] for name in names}


def draw(report: Mapping[str, object], path: Path = PLOT) -> Path:
    steps = sorted(report["letters_sweep_steps"], key=lambda step: step["offered_per_s"])
    offered = [step["offered_per_s"] for step in steps]
    fig = Figure(figsize=(10, 12), layout="constrained")
    rate_ax, latency_ax, cpu_ax = fig.subplots(3, 1, sharex=True)
    fig.suptitle(f"Single-recipient letters, open loop: highest sustained rate "
                 f"{report['max_sustained_letters_per_s']:g} letters/s", fontsize=13)

    top = max(offered) * 1.05
    rate_ax.plot([0, top], [0, top], color="grey", linestyle=":", label="achieved = offered")
    rate_ax.plot([0, top], [0, MIN_ACHIEVED * top], color="grey", linestyle="--", linewidth=0.8,
                 label=f"{MIN_ACHIEVED:.0%} of offered")
    rate_ax.plot(offered, [step["achieved_per_s"] for step in steps], marker="o", color="tab:blue",
                 label="achieved (delivered)")
    for step in steps:
        if not step["sustained"]:
            rate_ax.plot(step["offered_per_s"], step["achieved_per_s"], marker="x", markersize=12, color="tab:red")
    rate_ax.set_ylabel("letters/s")
    rate_ax.set_title("Offered vs achieved rate (× = step not sustained)")
    rate_ax.legend(loc="upper left")

    for name, color in PERCENTILES:
        latency_ax.plot(offered, [step[f"send_to_delivered_{name}_ms"] for step in steps], marker="o", color=color,
                        label=name)
    latency_ax.axhline(MAX_P99_MS, color="black", linestyle="--", linewidth=1, label="1 s")
    latency_ax.set_yscale("log")
    latency_ax.set_ylabel("ms (log scale)")
    latency_ax.set_title("Send → delivered (LetterDelivered on Kafka)")
    latency_ax.legend(loc="upper left")

    width = min(b - a for a, b in zip(offered, offered[1:], strict=False)) * 0.7 if len(offered) > 1 else 4.0
    bottom = [0.0] * len(steps)
    for name, cores in cpu_by_process(steps).items():
        style = {"color": "lightgrey", "hatch": "//", "label": "not the stack"} if name == OTHER else {"label": name}
        cpu_ax.bar(offered, cores, width=width, bottom=bottom, **style)
        bottom = [b + c for b, c in zip(bottom, cores, strict=True)]
    cpu_ax.axhline(os.cpu_count() or 1, color="black", linestyle="--", linewidth=1, label="cores of this machine")
    cpu_ax.set_ylabel("cores")
    cpu_ax.set_xlabel("offered letters/s")
    cpu_ax.set_title("CPU by process during each step's measured window")
    cpu_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    for ax in (rate_ax, latency_ax, cpu_ax):
        ax.grid(True, alpha=0.3)
    fig.savefig(path, dpi=100)
    return path
