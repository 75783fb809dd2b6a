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


def _all_stats() -> dict[int, list[str]]:
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = _stat(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return stats


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """User + system CPU of each process and its children, live or reaped (PostgreSQL's backends are children)."""
    stats = _all_stats()
    ticks = {name: sum(int(stats[pid][i]) for i in (11, 12, 13, 14)) for name, pid in pids.items()}
    names = {pid: name for name, pid in pids.items()}
    for fields in stats.values():
        if (parent := names.get(int(fields[1]))) is not None:
            ticks[parent] += int(fields[11]) + int(fields[12])
    return {name: t / CLOCK_TICKS for name, t in ticks.items()}


def machine_busy_seconds() -> float:
    """CPU time all processes of the machine have used since boot, over every core (/proc/stat, not idle)."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS  # user … steal, less idle and iowait


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# Processes that do part of their work in children: (parent, key suffix, mark in the child's command line).
# PostgreSQL serves each connection from a process of its own; adding their RSS up would count the shared
# buffers once per process, so the largest one is reported.
CHILDREN = (("meeting", "pack_worker", "multiprocessing.spawn"), ("documents", "print_worker", "multiprocessing.spawn"),
            ("postgres", "backend_max", "postgres: "))


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def peak_rss(pids: dict[str, int]) -> dict[str, float]:
    """peak_rss_mb_<process> for every process of the stack, and for the children of CHILDREN."""
    figures = {f"peak_rss_mb_{name}": peak_rss_mb(pid) for name, pid in pids.items()}
    stats = _all_stats()
    for parent, suffix, mark in CHILDREN:
        if parent in pids:
            children = [pid for pid, fields in stats.items() if int(fields[1]) == pids[parent]]
            peaks = [peak_rss_mb(child) for child in children if mark in _command(child)]
            if peaks:
                figures[f"peak_rss_mb_{parent}_{suffix}"] = max(peaks)
    return figures


class CpuMeter:
    """CPU used by each process since `start()`."""

    def __init__(self, pids: dict[str, int]) -> None:
        self._pids = pids
        self._start: dict[str, float] = {}

    def start(self) -> None:
        self._start = cpu_seconds(self._pids)

    def used(self) -> dict[str, float]:
        """CPU seconds of each process since `start()`."""
        return {name: seconds - self._start[name] for name, seconds in cpu_seconds(self._pids).items()}
