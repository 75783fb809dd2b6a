"""Background jobs run every so often, and keep running when a round fails."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from opensaraban_shared.periodic import run_every


async def test_a_failed_round_is_followed_by_the_next():
    rounds: list[str] = []

    async def job() -> int:
        rounds.append("round")
        if len(rounds) == 2:
            raise RuntimeError("the database went away")
        return 1

    running = asyncio.create_task(run_every(timedelta(milliseconds=10), job, done="done", failed="failed"))
    async with asyncio.timeout(5):  # a job that stopped at its failed round fails the test here
        while len(rounds) < 4:
            await asyncio.sleep(0.01)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert len(rounds) >= 4
