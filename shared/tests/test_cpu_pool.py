"""The worker-process pool services run their CPU-bound work in."""

from __future__ import annotations

import asyncio
import os

import pytest

from opensaraban_shared.cpu_pool import CpuPool


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _dies() -> None:
    os._exit(3)


async def _with_pool(pool: CpuPool):
    job = asyncio.create_task(pool.run_pool())
    while pool._pool is None:
        await asyncio.sleep(0.01)
    return job


async def test_work_runs_in_another_process_while_the_pool_runs_and_in_a_thread_without_it():
    pool = CpuPool("test_worker", workers=2, warm_up=os.getpid)
    assert await pool.run(_pid_and_square, 3) == (os.getpid(), 9)

    job = await _with_pool(pool)
    try:
        results = await asyncio.gather(*(pool.run(_pid_and_square, n) for n in range(6)))
        assert [square for _, square in results] == [n * n for n in range(6)]
        assert os.getpid() not in {pid for pid, _ in results}
    finally:
        job.cancel()
        await asyncio.gather(job, return_exceptions=True)
    assert pool._pool is None


async def test_a_worker_that_dies_fails_its_call_and_the_next_call_gets_a_new_worker():
    pool = CpuPool("test_worker")
    job = await _with_pool(pool)
    try:
        with pytest.raises(Exception, match="terminated abruptly"):
            await pool.run(_dies)
        pid, square = await pool.run(_pid_and_square, 4)
        assert square == 16 and pid != os.getpid()
    finally:
        job.cancel()
        await asyncio.gather(job, return_exceptions=True)
