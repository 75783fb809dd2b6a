"""Worker processes for a service's CPU-bound work (typesetting PDFs, checking signatures), so that it neither stalls
the event loop nor waits for the service's GIL: on a two-core machine, the service and its worker use both cores.

A service declares its pool once (`CpuPool(...)`), starts it as a background job of its blueprint (`run_pool`), and
runs top-level functions with picklable arguments in it (`run`). Without a running pool (unit tests, scripts) a
function runs in a thread instead, with the same result."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from .logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")


@dataclass
class CpuPool:
    name: str  # in the log: "pack_worker", "print_worker"
    workers: int = 1
    warm_up: Callable[[], Any] | None = None  # run once in each worker at start-up: imports, fonts
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    async def run_pool(self, _: Any = None) -> None:
        """Background job of the service: owns the pool from start-up to shutdown."""
        self._pool = self._new_pool()
        try:
            if self.warm_up is not None:
                loop = asyncio.get_running_loop()
                await asyncio.gather(*(loop.run_in_executor(self._pool, self.warm_up) for _ in range(self.workers)))
            log.info(f"{self.name}_ready", workers=self.workers)
            await asyncio.Event().wait()
        finally:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function(*args, **kwargs)` in a worker process; in a thread when no pool runs."""
        pool = self._pool
        if pool is None:
            return await asyncio.to_thread(function, *args, **kwargs)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, partial(function, *args, **kwargs))
        except BrokenProcessPool:
            # A worker died (out of memory on a huge document, killed): this call fails, the next gets new workers.
            log.error(f"{self.name}_died")
            if self._pool is pool:
                self._pool = self._new_pool()
                pool.shutdown(wait=False)
            raise

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the service process has threads (Kafka client, executor) a fork would copy mid-flight.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
