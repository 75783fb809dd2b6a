"""Background jobs a service runs every so often (clean-ups, archiving), on every replica: each round waits a
jittered period, so replicas spread out; the jobs themselves are safe to run concurrently (row locks)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

from .logging import get_logger

log = get_logger(__name__)


async def run_every(period: timedelta, job: Callable[[], Awaitable[int]], *, done: str, failed: str) -> None:
    """Runs `job` about every `period` for the life of the service. A round that did something logs `done` with
    its count; one that failed logs `failed` and the next round tries again: a background job never stops."""
    while True:
        await asyncio.sleep(period.total_seconds() * random.uniform(0.5, 1.5))
        try:
            count = await job()
        except Exception as error:  # any failure: logged, and tried again next round
            log.warning(failed, error=repr(error)[:300])
            continue
        if count:
            log.info(done, count=count)
