"""`python -m bench [workload …]`: runs the workloads (all by default) against the running `bench` stack, writes
bench/report.json (and bench/report.png when the letters sweep ran) and prints the summary table."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.notify_peers import SmtpSink

from . import baselines, letter_render, letters, letters_sweep, meeting, metrics, notify, signing, skeleton, summary
from .plot import draw
from .processes import peak_rss, stack_pids
from .report import REPORT, merge

STACK_JSON = Path(__file__).resolve().parents[1] / "var" / "bench" / "stack.json"


async def _circular(stack: dict, _: dict[str, int]) -> dict[str, float]:
    return await letters.circular(stack, await letters.ensure_local_administrations(stack["pg_dsn"]))


# In the order `make bench` runs them; each gets the stack's endpoints and its processes' pids.
WORKLOADS: dict[str, Callable[[dict, dict[str, int]], Awaitable[dict]]] = {
    "skeleton": lambda stack, _: skeleton.run(stack),
    "letters_sweep": letters_sweep.run,
    "circular": _circular,
    "notify": lambda stack, _: notify.run(stack),
    "meeting": lambda stack, _: meeting.agenda_publish(stack),
    "baselines": lambda stack, _: baselines.measure(stack),
    "metrics": lambda stack, _: metrics.run(stack),
    "letter_render": lambda stack, _: asyncio.to_thread(letter_render.run),  # in-process, needs no server
    "letter_signing": lambda stack, _: asyncio.to_thread(signing.signing_in_process, stack),  # token + TSA
    "signed_sustained": signing.sustained,
}


async def main(selected: list[str]) -> int:
    if not STACK_JSON.exists():
        print("the bench stack is not running: use `make bench`", file=sys.stderr)
        return 2
    stack = json.loads(STACK_JSON.read_text())
    pids = stack_pids(STACK_JSON.parent / "run")
    # The demo clerks have e-mail addresses: without a mail server notify would spend the run retrying.
    mail = SmtpSink(int(stack["notify_smtp"].rsplit(":", 1)[1]), STACK_JSON.parent / "bench-mail.jsonl")
    mail.start()
    figures: dict[str, object] = {}
    try:
        for name in selected:
            figures |= await WORKLOADS[name](stack, pids)
    finally:
        mail.stop()
    figures |= summary.ratios(figures)
    figures |= peak_rss(pids)
    merge(figures)
    print(summary.table(figures))
    print(f"\nwritten to {REPORT}")
    if "letters_sweep_steps" in figures:
        print(f"plot: {draw(figures)}")
    return 0


def _arguments() -> list[str]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("workloads", nargs="*", metavar="workload",
                        help=f"any of {', '.join(WORKLOADS)} (default: all, in that order)")
    chosen = parser.parse_args().workloads
    if unknown := set(chosen) - set(WORKLOADS):
        parser.error(f"unknown workload {', '.join(sorted(unknown))}; choose from {', '.join(WORKLOADS)}")
    return [name for name in WORKLOADS if name in chosen] or list(WORKLOADS)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(_arguments())))
