"""CPU time and peak memory of the stack's processes, read from /proc, to show where a workload's cost goes."""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def stack_pids(run_dir: Path) -> dict[str, int]:
    """Every process the stack launcher started for this profile (its pid files)."""
    pids = {}
    for pid_file in sorted(run_dir.glob("*.pid")):
        try:
            pid = int(pid_file.read_text().strip())
        except ValueError:
            continue
        if Path(f"/proc/{pid}").exists():
            pids[pid_file.stem] = pid
    return pids


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process and its children, live or reaped (PostgreSQL's backends are children)."""
    fields = _stat(pid)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                child_fields = _stat(int(child.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(child_fields[1]) == pid:
                total += int(child_fields[11]) + int(child_fields[12])
    return total / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class CpuMeter:
    """CPU used by each process between `start()` and `per(units)`."""

    def __init__(self, pids: dict[str, int]) -> None:
        self._pids = pids
        self._start: dict[str, float] = {}

    def start(self) -> None:
        self._start = {name: cpu_seconds(pid) for name, pid in self._pids.items()}

    def per(self, units: float, *, label: str) -> dict[str, float]:
        return {
            f"cpu_ms_per_{label}_{name}": (cpu_seconds(pid) - self._start[name]) * 1000 / units
            for name, pid in self._pids.items()
        }
