"""`python -m bench`: runs the workloads against the running `bench` stack and writes bench/report.json."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.notify_peers import SmtpSink

from . import baselines, letters, meeting, metrics, notify, skeleton
from .processes import CpuMeter, peak_rss_mb, stack_pids
from .report import REPORT, merge, table

STACK_JSON = Path(__file__).resolve().parents[1] / "var" / "bench" / "stack.json"


async def main() -> int:
    if not STACK_JSON.exists():
        print("the bench stack is not running: use `make bench`", file=sys.stderr)
        return 2
    stack = json.loads(STACK_JSON.read_text())
    pids = stack_pids(STACK_JSON.parent / "run")
    # The demo clerks have e-mail addresses: without a mail server notify would spend the run retrying.
    mail = SmtpSink(int(stack["notify_smtp"].rsplit(":", 1)[1]), STACK_JSON.parent / "bench-mail.jsonl")
    mail.start()
    try:
        figures = await workloads(stack, pids)
    finally:
        mail.stop()
    merge(figures)
    print(table(figures))
    print(f"\nwritten to {REPORT}")
    return 0


async def workloads(stack: dict, pids: dict[str, int]) -> dict[str, float]:
    figures = await skeleton.run(stack)
    figures |= await letters.single_recipient_letters(stack, meter=CpuMeter(pids))
    figures |= await letters.circular(stack, await letters.ensure_local_administrations(stack["pg_dsn"]))
    figures |= await notify.run(stack)
    figures |= await meeting.agenda_publish(stack)
    figures |= await baselines.measure(stack)
    figures |= await metrics.run(stack)
    figures["letters_per_s_vs_minio_put"] = figures["letters_per_s"] / figures["baseline_minio_put_per_s"]
    figures |= {f"peak_rss_mb_{name}": peak_rss_mb(pid) for name, pid in pids.items()}
    return figures


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
