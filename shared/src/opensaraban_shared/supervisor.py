"""Keeps a service's background tasks running: a crash is logged, the task restarts after a growing pause, and
readiness names the task while it is down.

The tasks themselves hold no retry loop: a task that loses PostgreSQL or Kafka simply raises, and comes back
here. One owner for "crashed, wait, start again" means every task gets the same log line, the same pauses and
the same place in `/health/ready`, including a task nobody expected to fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .logging import get_logger

log = get_logger(__name__)

Job = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class RestartPolicy:
    """Pauses double from `first_pause_s` up to `max_pause_s`; a run that lasted `healthy_after_s` starts them over,
    so a task that fails once a day restarts at once, while one that cannot start does not spin."""

    first_pause_s: float = 0.5
    max_pause_s: float = 10.0
    healthy_after_s: float = 60.0

    def next_pause(self, pause: float | None, *, ran_s: float) -> float:
        """The pause after a crash, given the previous one (None: first crash) and how long this run lasted."""
        if pause is None or ran_s >= self.healthy_after_s:
            return self.first_pause_s
        return min(pause * 2, self.max_pause_s)


class Supervisor:
    """Runs named jobs as tasks until `stop()`; restarts a job that raised, after a pause."""

    def __init__(self, policy: RestartPolicy = RestartPolicy()) -> None:
        self._policy = policy
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._down: dict[str, str] = {}

    def start(self, name: str, job: Job) -> None:
        if name in self._tasks:
            raise ValueError(f"a background task named {name!r} already runs")
        self._tasks[name] = asyncio.create_task(self._keep_running(name, job), name=name)

    @property
    def down(self) -> dict[str, str]:
        """Tasks waiting to restart after a crash, with the type of the error that ended them."""
        return dict(self._down)

    @property
    def names(self) -> list[str]:
        return list(self._tasks)

    async def stop(self) -> None:
        """Cancels every task and waits for each to finish (a task may finish work it claimed first)."""
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        self._down.clear()

    async def _keep_running(self, name: str, job: Job) -> None:
        loop = asyncio.get_running_loop()
        pause: float | None = None
        while True:
            started = loop.time()
            try:
                await job()
            except Exception as exc:
                pause = self._policy.next_pause(pause, ran_s=loop.time() - started)
                self._down[name] = type(exc).__name__
                log.error("background_task_crashed", task=name, error=repr(exc)[:500], restart_in_s=pause)
                await asyncio.sleep(pause)
                del self._down[name]
                log.info("background_task_restarting", task=name)
            else:
                log.info("background_task_finished", task=name)  # a job may have nothing left to do
                return
